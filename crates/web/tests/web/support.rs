//! The test kit: a fresh database with the small demo country, and a client that keeps cookies
//! and the CSRF token like a browser does.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use enquete_domain::Timestamp;
use enquete_domain::account::{Role, UserId};
use enquete_domain::demo::{self, Scale};
use enquete_domain::org::{Unit, UnitId, UnitKind};
use enquete_domain::people::{PersonId, PersonInput};
use enquete_store::{Backend, Store, testing::TestDb};
use enquete_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::HashMap;
use tower::ServiceExt;

pub const NOW: Timestamp = Timestamp(1_790_000_000);

pub struct TestApp {
    pub app: Router,
    pub store: Store,
    _db: TestDb,
}

/// Well-known places in the small demo country, seen from the demo accounts.
pub struct Places {
    pub nation: Unit,
    /// The organizer's city.
    pub city: Unit,
    /// The canvasser's neighbourhood section (inside the organizer's city).
    pub section: Unit,
    /// The steward's workplace section (inside the organizer's city).
    pub workplace: Unit,
    /// A section in another city: outside every scope but the national ones.
    pub far: Unit,
    /// A person in `section` recorded by the canvasser.
    pub own: PersonId,
    /// A person in `section` recorded by someone else.
    pub neighbour: PersonId,
    /// A person in `workplace`.
    pub worker: PersonId,
    /// A person in `far`.
    pub stranger: PersonId,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::on(Backend::Sqlite)
            .await
            .expect("SQLite always works")
    }

    /// A test app on the given backend, or `None` when PostgreSQL is skipped.
    pub async fn on(backend: Backend) -> Option<Self> {
        Self::on_with(backend, enquete_store::crypto::Keyring::none()).await
    }

    /// A test app whose store seals personal fields with these keys.
    pub async fn on_with(backend: Backend, keys: enquete_store::crypto::Keyring) -> Option<Self> {
        let db = TestDb::new(backend).await.expect("test database")?;
        let store = db.store_with(keys).await.expect("store");
        let mut country = demo::country(Scale::Small, 1, NOW);
        // The tests count the responses they send themselves; the demo's own are tested in the
        // store's conformance suite.
        country.responses.clear();
        let mut hashes = Vec::new();
        for a in &country.accounts {
            let pw = enquete_domain::account::NewPassword::parse(&a.password).unwrap();
            hashes.push(enquete_app::auth::hash_password(&pw).await.unwrap());
        }
        store
            .load_demo(&country, &hashes, NOW, |_| ())
            .await
            .expect("demo");
        let state = AppState::new(enquete_app::App::new(store.clone()), WebConfig::default());
        Some(Self {
            app: enquete_web::router(state),
            store,
            _db: db,
        })
    }

    pub fn client(&self) -> Client {
        Client {
            app: self.app.clone(),
            cookies: HashMap::new(),
            csrf: String::new(),
            api_csrf: String::new(),
        }
    }

    /// A client of a second server on the same database (nothing shared in memory).
    pub fn second_server(&self) -> Client {
        let state = AppState::new(
            enquete_app::App::new(self.store.clone()),
            WebConfig::default(),
        );
        Client {
            app: enquete_web::router(state),
            cookies: HashMap::new(),
            csrf: String::new(),
            api_csrf: String::new(),
        }
    }

    /// A client of a server on the same database with its own settings.
    pub fn with_config(&self, config: WebConfig) -> Client {
        let state = AppState::new(enquete_app::App::new(self.store.clone()), config);
        Client {
            app: enquete_web::router(state),
            cookies: HashMap::new(),
            csrf: String::new(),
            api_csrf: String::new(),
        }
    }

    /// The same browser (cookies, tokens) talking to a second server on the same database:
    /// nothing in memory is shared between the two.
    pub fn on_second_server(&self, client: &Client) -> Client {
        let mut other = client.clone();
        other.app = self.second_server().app;
        other
    }

    pub async fn login(&self, role: Role) -> Client {
        let mut c = self.client();
        let (_, email, password) = demo::demo_logins()
            .into_iter()
            .find(|(r, _, _)| *r == role)
            .unwrap();
        c.login(&email, &password).await;
        c
    }

    pub async fn places(&self) -> Places {
        let mut users: HashMap<Role, UserId> = HashMap::new();
        for (role, email, _) in demo::demo_logins() {
            users.insert(
                role,
                self.store
                    .user_by_email(&email)
                    .await
                    .unwrap()
                    .unwrap()
                    .user
                    .id,
            );
        }
        let org = self.store.user(users[&Role::Organizer]).await.unwrap();
        let canv = self.store.user(users[&Role::Canvasser]).await.unwrap();
        let stew = self.store.user(users[&Role::Steward]).await.unwrap();
        let nation = self.store.root_unit().await.unwrap().unwrap();
        let city = self.store.unit(org.user.unit).await.unwrap();
        let section = self.store.unit(canv.user.unit).await.unwrap();
        let workplace = self.store.unit(stew.user.unit).await.unwrap();
        let far = self
            .store
            .subtree(&nation.path, false)
            .await
            .unwrap()
            .into_iter()
            .find(|u| u.kind == UnitKind::Neighbourhood && !u.path.is_within(&city.path))
            .unwrap();
        assert!(section.path.is_within(&city.path) && workplace.path.is_within(&city.path));
        let add = |unit: UnitId, name: &str, by: Option<UserId>| {
            let store = self.store.clone();
            let input = PersonInput {
                name: name.into(),
                ..Default::default()
            };
            async move {
                store
                    .create_person(unit, &input.parse().unwrap(), &[], by, NOW, None)
                    .await
                    .unwrap()
                    .person
                    .id
            }
        };
        Places {
            own: add(section.id, "Own Contact", Some(canv.user.id)).await,
            neighbour: add(section.id, "Neighbour Contact", None).await,
            worker: add(workplace.id, "Worker Contact", None).await,
            stranger: add(far.id, "Stranger Contact", None).await,
            nation,
            city,
            section,
            workplace,
            far,
        }
    }

    pub async fn count_people(&self) -> u64 {
        let root = self.store.root_unit().await.unwrap().unwrap();
        let vis = enquete_domain::policy::PeopleVisibility::Subtree(root.path);
        let q = enquete_store::PeopleQuery {
            limit: 1,
            ..Default::default()
        };
        self.store.search_people(&vis, &q).await.unwrap().total
    }

    pub async fn count_units(&self) -> usize {
        let root = self.store.root_unit().await.unwrap().unwrap();
        self.store.subtree(&root.path, true).await.unwrap().len()
    }
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

/// A browser-like client: keeps cookies, picks up the CSRF token from pages and from the API.
/// A clone is the same browser in another tab.
#[derive(Clone)]
pub struct Client {
    app: Router,
    cookies: HashMap<String, String>,
    pub csrf: String,
    pub api_csrf: String,
}

impl Client {
    pub async fn send(&mut self, req: Request<Body>) -> Response {
        let mut req = req;
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req.headers_mut()
                .insert(header::COOKIE, cookie.parse().unwrap());
        }
        let res = self.app.clone().oneshot(req).await.unwrap();
        for set in res.headers().get_all(header::SET_COOKIE) {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if let Some((k, v)) = pair.split_once('=') {
                self.cookies
                    .insert(k.trim().to_owned(), v.trim().to_owned());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(i) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[i + 19..];
            self.csrf = rest[..rest.find('"').unwrap()].to_owned();
        }
        Response {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    /// Posts a form with this session's CSRF token, fetching a page first if none is known.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        if self.csrf.is_empty() {
            self.get("/login").await;
        }
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("csrf", &self.csrf.clone());
        for (k, v) in fields {
            form.append_pair(k, v);
        }
        self.post_raw(path, form.finish()).await
    }

    pub async fn post_raw(&mut self, path: &str, body: String) -> Response {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    pub async fn login(&mut self, email: &str, password: &str) {
        let res = self
            .post(
                "/login",
                &[("email", email), ("password", password), ("next", "/")],
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::SEE_OTHER,
            "login as {email}: {}",
            res.body
        );
        // Logging in starts a new session with a new token; pick it up.
        self.get("/account").await;
        let api = self.api(Method::GET, "/api/v1/session", None).await;
        self.api_csrf = api.json()["csrf_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
    }

    pub async fn api(&mut self, method: Method, path: &str, body: Option<Value>) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if !self.api_csrf.is_empty() {
            req = req.header("x-csrf-token", self.api_csrf.clone());
        }
        let req = match body {
            Some(json) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.unwrap()).await
    }

    pub async fn api_raw(&mut self, method: Method, path: &str, body: &str) -> Response {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-csrf-token", self.api_csrf.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(req).await
    }
}

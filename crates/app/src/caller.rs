//! Who asks for an operation, from where, through which door, and when. Every operation takes
//! one [`Caller`]; adapters build it from a session, an API token or the command line.

use enquete_domain::Timestamp;
use enquete_domain::account::UserId;
use enquete_domain::org::UnitId;
use enquete_domain::policy::Actor;

/// The door an operation came through, as the audit log tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// A page of the web interface.
    Page,
    /// The JSON API.
    Api,
    /// The `enquete` command on the server.
    Cli,
}

impl Door {
    /// How a consent recorded through this door is described ("recorded by Lotte on the person
    /// form").
    pub fn consent_phrase(self) -> &'static str {
        match self {
            Door::Api => "through the API",
            Door::Page => "on the person form",
            Door::Cli => "on the command line",
        }
    }

    /// What the audit entry's detail starts with, so a reader can tell the API's changes apart.
    pub fn marker(self) -> &'static str {
        match self {
            Door::Api => "api ",
            Door::Page | Door::Cli => "",
        }
    }
}

/// A logged-in staff member asking for an operation.
#[derive(Debug, Clone)]
pub struct Caller {
    /// What the access policy needs: the account, its role, its scope.
    pub actor: Actor,
    /// The account's e-mail address, as records made on its behalf name it.
    pub email: String,
    /// The account's display name, as consents it records name it.
    pub name: String,
    /// The account's own unit (the top of its scope).
    pub unit: UnitId,
    /// The network address the request came from ("cli" on the command line).
    pub ip: String,
    pub door: Door,
    /// The moment of the request: operations never read the clock themselves.
    pub now: Timestamp,
}

impl Caller {
    /// The root of the organization the caller belongs to (the party, its youth wing).
    pub fn organization(&self) -> enquete_domain::org::UnitId {
        self.actor.scope.ids().first().copied().unwrap_or(self.unit)
    }

    pub fn id(&self) -> UserId {
        self.actor.user
    }
}

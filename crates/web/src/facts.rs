//! How research facts read on a page and in a warning mail, for the research pages and the
//! workplace map (what passes through a workplace's hands).

use crate::i18n::Tr;
use crate::state::AppState;
use enquete_app::research::WarningMail;
use enquete_domain::people::Language;
use enquete_domain::research::SourceKind;
use enquete_store::{FactRecord, ShipmentRecord};

/// A fact's evidence and standing, as shown.
pub struct FactView {
    pub id: i64,
    /// "Registry · KvK 1234 · 2026-01-10 · confirmed".
    pub evidence: String,
    /// The source when it is a link (shown as one).
    pub link: String,
    /// "added by … on …; reviewed by … on …".
    pub standing: String,
    pub reviewed: bool,
    pub published: bool,
    pub review: String,
}

pub fn fact_view(tr: Tr, f: &FactRecord) -> FactView {
    let e = &f.evidence;
    let evidence = format!(
        "{} · {} · {} · {}",
        tr.t(&format!("source-kind-{}", e.source_kind.as_str())),
        e.source,
        tr.date(e.date),
        tr.t(&format!("reliability-{}", e.reliability.as_str()))
    );
    let mut standing = tr.tn(
        "research-added",
        &[
            ("who", f.added_by_name.clone()),
            ("when", tr.date(f.added_at)),
        ],
    );
    if let Some(at) = f.reviewed_at {
        standing.push_str(" · ");
        standing.push_str(&tr.tn(
            "research-reviewed",
            &[("who", f.reviewed_by_name.clone()), ("when", tr.date(at))],
        ));
    }
    FactView {
        id: f.id,
        link: if e.source_kind == SourceKind::Link {
            e.source.clone()
        } else {
            String::new()
        },
        evidence,
        standing,
        reviewed: f.reviewed_at.is_some(),
        published: f.published_at.is_some(),
        review: f.review.clone(),
    }
}

/// The words of a warning of a shipment, in the recipient's language.
pub fn warning_mail(
    state: &AppState,
) -> impl Fn(Language, &ShipmentRecord, &str) -> WarningMail + '_ {
    move |lang, s, unit| {
        let tr = Tr::new(lang);
        let base = state.config.public_url.trim_end_matches('/');
        WarningMail {
            subject: tr.tn(
                "research-warning-subject",
                &[
                    ("site", s.site_name.clone()),
                    ("when", tr.date(s.draft.arrives_on)),
                ],
            ),
            body: format!(
                "{}\n\n{} · {}\n{}: {}\n{}: {} {}\n{}: {}\n\n{}\n\n{base}/",
                tr.t1("research-warning-body", "unit", unit),
                s.site_name,
                tr.date(s.draft.arrives_on),
                tr.t("field-cargo"),
                s.draft.cargo,
                tr.t("field-vessel"),
                s.draft.carrier,
                s.draft.vessel,
                tr.t("research-company"),
                s.company_name,
                fact_view(tr, &s.fact).evidence,
            ),
        }
    }
}

pub struct ShipmentView {
    pub site: String,
    pub company: String,
    pub arrives: String,
    pub departs: String,
    pub cargo: String,
    pub vessel: String,
    pub destination: String,
    pub concern: bool,
}

pub fn shipment_view(tr: Tr, s: &ShipmentRecord) -> ShipmentView {
    ShipmentView {
        site: s.site_name.clone(),
        company: s.company_name.clone(),
        arrives: tr.date(s.draft.arrives_on),
        departs: s.draft.departs_on.map(|d| tr.date(d)).unwrap_or_default(),
        cargo: s.draft.cargo.clone(),
        vessel: [s.draft.carrier.as_str(), s.draft.vessel.as_str()]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        destination: s.draft.destination.clone(),
        concern: s.draft.concern,
    }
}

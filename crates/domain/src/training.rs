//! The path from member to leader: training modules at levels, what completing one means, the
//! positions of each unit with what they require, how a holder was chosen, and the rule that
//! moves people who hold a responsibility and completed a module up the ladder.
//!
//! Pure: the store keeps the records; this module decides what they may hold.

use crate::people::Stage;
use crate::survey::Labels;
use crate::{FieldError, clean_text};
use serde::{Deserialize, Serialize};

id_type!(ModuleId, "a training module");
id_type!(SessionId, "a session of a training module");
id_type!(PositionId, "a position in a unit");
id_type!(TermId, "a term of a position");

/// How far along a module sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The introduction every new member follows.
    Introduction,
    /// What a section's active members need to run it.
    Section,
    /// Cadre and leadership training.
    Cadre,
    /// A subject at any level: political economy, organizing a workplace, the history of
    /// international solidarity ...
    Subject,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Introduction,
        Level::Section,
        Level::Cadre,
        Level::Subject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Introduction => "introduction",
            Level::Section => "section",
            Level::Cadre => "cadre",
            Level::Subject => "subject",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|l| l.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("level", "error-level-unknown"))
    }
}

/// What completing a module means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    /// Being checked in at a session.
    Attendance,
    /// The trainer's assessment, recorded after the session.
    Assessment,
}

impl Completion {
    pub const ALL: [Completion; 2] = [Completion::Attendance, Completion::Assessment];

    pub fn as_str(self) -> &'static str {
        match self {
            Completion::Attendance => "attendance",
            Completion::Assessment => "assessment",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("completion", "error-completion-unknown"))
    }
}

/// A module as its author typed it, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleDraft {
    /// Short name in addresses and prerequisites: `intro`, `section`, `workplace-organizing`.
    pub code: String,
    pub title: Labels,
    pub level: Level,
    pub completion: Completion,
    /// Links or file names, one per line.
    pub materials: Vec<String>,
    /// Modules to complete first (codes).
    pub requires: Vec<String>,
}

/// A code: lower-case letters, digits and dashes, 2 to 40 characters.
pub fn parse_code(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim();
    let ok = (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(FieldError::new(field, "error-code"))
    }
}

/// A list of codes separated by commas or spaces.
pub fn parse_codes(field: &'static str, raw: &str) -> Result<Vec<String>, FieldError> {
    let mut out: Vec<String> = Vec::new();
    for part in raw.split([',', ' ', '\n']).filter(|p| !p.trim().is_empty()) {
        let code = parse_code(field, part)?;
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

impl ModuleDraft {
    /// `titles`: (language code, title) pairs, at least one; `materials`: one per line.
    pub fn parse(
        code: &str,
        titles: &[(&str, &str)],
        level: &str,
        completion: &str,
        materials: &str,
        requires: &str,
    ) -> Result<Self, FieldError> {
        let code = parse_code("code", code)?;
        let mut title = Labels::default();
        for (lang, text) in titles {
            let text = clean_text(title_field(lang), text, 0, 120)?;
            if !text.is_empty() {
                title.0.insert((*lang).to_owned(), text);
            }
        }
        if title.0.is_empty() {
            return Err(FieldError::new("title_en", "error-required"));
        }
        let materials: Vec<String> = materials
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if materials.len() > 30 || materials.iter().any(|m| m.chars().count() > 300) {
            return Err(FieldError::new("materials", "error-materials"));
        }
        let requires = parse_codes("requires", requires)?;
        if requires.contains(&code) {
            return Err(FieldError::new("requires", "error-requires-itself"));
        }
        Ok(Self {
            code,
            title,
            level: Level::parse(level)?,
            completion: Completion::parse(completion)?,
            materials,
            requires,
        })
    }
}

fn title_field(lang: &str) -> &'static str {
    match lang {
        "nl" => "title_nl",
        "fr" => "title_fr",
        "de" => "title_de",
        _ => "title_en",
    }
}

/// The kinds of position a unit has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionKind {
    Secretary,
    Treasurer,
    CanvassCoordinator,
    Spokesperson,
    WorkplaceDelegate,
    ElectedRepresentative,
    YouthCoordinator,
    Other,
}

impl PositionKind {
    pub const ALL: [PositionKind; 8] = [
        PositionKind::Secretary,
        PositionKind::Treasurer,
        PositionKind::CanvassCoordinator,
        PositionKind::Spokesperson,
        PositionKind::WorkplaceDelegate,
        PositionKind::ElectedRepresentative,
        PositionKind::YouthCoordinator,
        PositionKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PositionKind::Secretary => "secretary",
            PositionKind::Treasurer => "treasurer",
            PositionKind::CanvassCoordinator => "canvass_coordinator",
            PositionKind::Spokesperson => "spokesperson",
            PositionKind::WorkplaceDelegate => "workplace_delegate",
            PositionKind::ElectedRepresentative => "elected_representative",
            PositionKind::YouthCoordinator => "youth_coordinator",
            PositionKind::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("kind", "error-position-kind"))
    }
}

/// How a holder was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum ChosenBy {
    /// Elected, with the votes.
    Election {
        for_: u32,
        against: u32,
        abstain: u32,
    },
    /// Appointed by the unit's leadership.
    Appointment,
}

impl ChosenBy {
    /// `election` with the three counts (an election needs a majority of the votes cast for),
    /// or `appointment`.
    pub fn parse(how: &str, for_: &str, against: &str, abstain: &str) -> Result<Self, FieldError> {
        match how.trim() {
            "appointment" => Ok(ChosenBy::Appointment),
            "election" => {
                let n = |field: &'static str, raw: &str| -> Result<u32, FieldError> {
                    match raw.trim() {
                        "" => Ok(0),
                        v => v
                            .parse::<u32>()
                            .ok()
                            .filter(|n| *n <= 1_000_000)
                            .ok_or_else(|| FieldError::new(field, "error-votes")),
                    }
                };
                let (f, a, s) = (
                    n("votes_for", for_)?,
                    n("votes_against", against)?,
                    n("votes_abstain", abstain)?,
                );
                if f <= a {
                    return Err(FieldError::new("votes_for", "error-votes-majority"));
                }
                Ok(ChosenBy::Election {
                    for_: f,
                    against: a,
                    abstain: s,
                })
            }
            _ => Err(FieldError::new("how", "error-chosen-by")),
        }
    }
}

/// A rule of the ladder for leaders: whoever holds a responsibility (when `needs_position`)
/// and completed `module` reaches `stage` (organizer or leader: only members move there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadershipRule {
    pub stage: Stage,
    pub module: Option<String>,
    pub needs_position: bool,
}

/// The stage a person reaches under the leadership rules, if higher than where they are. Only
/// members and above move (the ladder's own rule: organizers and leaders are party members).
pub fn stage_for_leadership(
    current: Stage,
    completed: &[String],
    holds_position: bool,
    rules: &[LeadershipRule],
) -> Option<Stage> {
    if current < Stage::Member {
        return None;
    }
    rules
        .iter()
        .filter(|r| r.stage > Stage::Member)
        .filter(|r| !r.needs_position || holds_position)
        .filter(|r| r.module.as_ref().is_none_or(|m| completed.contains(m)))
        .map(|r| r.stage)
        .max()
        .filter(|s| *s > current)
}

/// The modules a position or module requires that a person has not completed.
pub fn missing<'a>(requires: &'a [String], completed: &[String]) -> Vec<&'a str> {
    requires
        .iter()
        .filter(|r| !completed.contains(r))
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_are_checked() {
        let m = ModuleDraft::parse(
            "section",
            &[("en", "Running a section"), ("nl", "Een afdeling leiden")],
            "section",
            "assessment",
            "https://example.org/a.pdf\n\n handbook.pdf ",
            "intro, intro",
        )
        .unwrap();
        assert_eq!(m.materials, ["https://example.org/a.pdf", "handbook.pdf"]);
        assert_eq!(m.requires, ["intro"]);
        assert_eq!(
            m.title.get(crate::people::Language::Nl),
            "Een afdeling leiden"
        );
        let field = |r: Result<ModuleDraft, FieldError>| r.unwrap_err().field;
        assert_eq!(
            field(ModuleDraft::parse(
                "Bad Code",
                &[("en", "x")],
                "section",
                "attendance",
                "",
                ""
            )),
            "code"
        );
        assert_eq!(
            field(ModuleDraft::parse(
                "ok",
                &[("en", "")],
                "section",
                "attendance",
                "",
                ""
            )),
            "title_en"
        );
        assert_eq!(
            field(ModuleDraft::parse(
                "ok",
                &[("en", "x")],
                "guru",
                "attendance",
                "",
                ""
            )),
            "level"
        );
        assert_eq!(
            field(ModuleDraft::parse(
                "ok",
                &[("en", "x")],
                "section",
                "maybe",
                "",
                ""
            )),
            "completion"
        );
        assert_eq!(
            field(ModuleDraft::parse(
                "ok",
                &[("en", "x")],
                "section",
                "attendance",
                "",
                "ok"
            )),
            "requires"
        );
    }

    #[test]
    fn elections_need_a_majority() {
        assert_eq!(
            ChosenBy::parse("election", "12", "3", ""),
            Ok(ChosenBy::Election {
                for_: 12,
                against: 3,
                abstain: 0
            })
        );
        assert_eq!(
            ChosenBy::parse("election", "3", "3", "1")
                .unwrap_err()
                .field,
            "votes_for"
        );
        assert_eq!(
            ChosenBy::parse("election", "x", "", "").unwrap_err().field,
            "votes_for"
        );
        assert_eq!(
            ChosenBy::parse("appointment", "", "", ""),
            Ok(ChosenBy::Appointment)
        );
        assert_eq!(
            ChosenBy::parse("lottery", "", "", "").unwrap_err().field,
            "how"
        );
    }

    #[test]
    fn leaders_come_from_members_who_hold_a_responsibility_and_trained() {
        let rules = [LeadershipRule {
            stage: Stage::Organizer,
            module: Some("section".into()),
            needs_position: true,
        }];
        let done = ["intro".to_owned(), "section".to_owned()];
        assert_eq!(
            stage_for_leadership(Stage::Member, &done, true, &rules),
            Some(Stage::Organizer)
        );
        assert_eq!(
            stage_for_leadership(Stage::Member, &done, false, &rules),
            None
        );
        assert_eq!(
            stage_for_leadership(Stage::Member, &done[..1], true, &rules),
            None
        );
        assert_eq!(
            stage_for_leadership(Stage::Active, &done, true, &rules),
            None
        );
        assert_eq!(
            stage_for_leadership(Stage::Leader, &done, true, &rules),
            None
        );
        assert_eq!(
            missing(&["intro".into(), "section".into()], &done[..1]),
            ["section"]
        );
    }
}

//! The organization tree: nation → regions → cities → sections (neighbourhood, workplace, youth).
//!
//! Every unit carries a materialized path (`/1/4/17/`) so that "this unit and everything below it"
//! is a prefix test, in memory and in SQL alike.

use crate::{FieldError, Timestamp, clean_text};
use serde::{Deserialize, Serialize};

id_type!(UnitId, "a unit of the organization");

/// What a unit is. The order is the order of the tree, from the top down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Nation,
    Region,
    City,
    Neighbourhood,
    Workplace,
    Youth,
}

impl UnitKind {
    pub const ALL: [UnitKind; 6] = [
        UnitKind::Nation,
        UnitKind::Region,
        UnitKind::City,
        UnitKind::Neighbourhood,
        UnitKind::Workplace,
        UnitKind::Youth,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Nation => "nation",
            UnitKind::Region => "region",
            UnitKind::City => "city",
            UnitKind::Neighbourhood => "neighbourhood",
            UnitKind::Workplace => "workplace",
            UnitKind::Youth => "youth",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw.trim())
            .ok_or_else(|| FieldError::new("kind", "error-kind-unknown"))
    }

    /// Sections are the leaves where people are met; they hold no units below them.
    pub fn is_section(self) -> bool {
        matches!(
            self,
            UnitKind::Neighbourhood | UnitKind::Workplace | UnitKind::Youth
        )
    }

    /// The kind a parent must have for a unit of this kind to hang below it.
    pub fn parent_kind(self) -> Option<UnitKind> {
        match self {
            UnitKind::Nation => None,
            UnitKind::Region => Some(UnitKind::Nation),
            UnitKind::City => Some(UnitKind::Region),
            UnitKind::Neighbourhood | UnitKind::Workplace | UnitKind::Youth => Some(UnitKind::City),
        }
    }

    /// Checks that a unit of this kind may hang below a unit of `parent` kind.
    pub fn check_parent(self, parent: Option<UnitKind>) -> Result<(), FieldError> {
        match (self.parent_kind(), parent) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(FieldError::new("parent", "error-parent-nation")),
            (Some(want), None) => Err(FieldError::new("parent", "error-parent-needed")
                .arg("kind", self.as_str())
                .arg("parent", want.as_str())),
            (Some(want), Some(got)) if want == got => Ok(()),
            (Some(want), Some(got)) => Err(FieldError::new("parent", "error-parent-kind")
                .arg("kind", self.as_str())
                .arg("parent", want.as_str())
                .arg("got", got.as_str())),
        }
    }
}

/// A unit's name: 1 to 120 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitName(String);

impl UnitName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        clean_text("name", raw, 1, 120).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The materialized path of a unit: the ids from the root down to the unit, `/1/4/17/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitPath(String);

impl UnitPath {
    pub fn root(id: UnitId) -> Self {
        Self(format!("/{id}/"))
    }

    pub fn child(&self, id: UnitId) -> Self {
        Self(format!("{}{id}/", self.0))
    }

    /// Rebuilds a path read back from storage; rejects anything that is not `/n/n/.../`.
    pub fn from_stored(raw: &str) -> Option<Self> {
        let inner = raw.strip_prefix('/')?.strip_suffix('/')?;
        if inner.is_empty() || inner.split('/').any(|p| p.parse::<i64>().is_err()) {
            return None;
        }
        Some(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `self` is `other` or lies below it.
    pub fn is_within(&self, other: &UnitPath) -> bool {
        self.0.starts_with(&other.0)
    }

    /// The ids from the root down to this unit.
    pub fn ids(&self) -> Vec<UnitId> {
        self.0
            .split('/')
            .filter_map(|p| p.parse().ok())
            .map(UnitId)
            .collect()
    }

    /// The root of the tree this unit belongs to: its organization.
    pub fn organization(&self) -> UnitPath {
        match self.ids().first() {
            Some(root) => UnitPath::root(*root),
            None => self.clone(),
        }
    }

    pub fn depth(&self) -> usize {
        self.ids().len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub parent: Option<UnitId>,
    pub kind: UnitKind,
    pub name: UnitName,
    pub path: UnitPath,
    pub archived_at: Option<Timestamp>,
}

impl Unit {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// Checks a move of `unit` below `new_parent`: the kinds must fit and a unit cannot move below
/// itself or its own descendants.
pub fn check_move(unit: &Unit, new_parent: &Unit) -> Result<(), FieldError> {
    if new_parent.path.is_within(&unit.path) {
        return Err(FieldError::new("parent", "error-parent-below-itself"));
    }
    if new_parent.is_archived() {
        return Err(FieldError::new("parent", "error-parent-archived"));
    }
    unit.kind.check_parent(Some(new_parent.kind))
}

/// How a unit named by a person (its number or its exact name, case aside) was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitReference {
    /// No unit has this number or name.
    Unknown,
    /// Several units have this name: their numbers.
    Ambiguous(Vec<UnitId>),
}

/// Finds the unit a person means by a number or an exact name (case aside) among `units`: the
/// one lookup of units by name, for files and the command line.
pub fn find_unit<'a>(units: &'a [Unit], reference: &str) -> Result<&'a Unit, UnitReference> {
    let reference = reference.trim();
    if let Ok(id) = reference.parse::<i64>() {
        return units
            .iter()
            .find(|u| u.id == UnitId(id))
            .ok_or(UnitReference::Unknown);
    }
    let hits: Vec<&Unit> = units
        .iter()
        .filter(|u| u.name.as_str().eq_ignore_ascii_case(reference))
        .collect();
    match hits.as_slice() {
        [one] => Ok(one),
        [] => Err(UnitReference::Unknown),
        many => Err(UnitReference::Ambiguous(
            many.iter().map(|u| u.id).collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, kind: UnitKind, path: &str) -> Unit {
        Unit {
            id: UnitId(id),
            parent: None,
            kind,
            name: UnitName::parse("x").unwrap(),
            path: UnitPath::from_stored(path).unwrap(),
            archived_at: None,
        }
    }

    #[test]
    fn paths_nest_by_prefix_only_on_whole_ids() {
        let city = UnitPath::from_stored("/1/4/").unwrap();
        assert!(UnitPath::from_stored("/1/4/17/").unwrap().is_within(&city));
        assert!(city.is_within(&city));
        assert!(!UnitPath::from_stored("/1/41/").unwrap().is_within(&city));
        assert_eq!(city.child(UnitId(9)).as_str(), "/1/4/9/");
        assert_eq!(city.ids(), vec![UnitId(1), UnitId(4)]);
    }

    #[test]
    fn stored_paths_are_checked() {
        assert!(UnitPath::from_stored("/1/x/").is_none());
        assert!(UnitPath::from_stored("1/2/").is_none());
        assert!(UnitPath::from_stored("//").is_none());
    }

    #[test]
    fn kinds_must_fit_the_tree() {
        assert!(
            UnitKind::Region
                .check_parent(Some(UnitKind::Nation))
                .is_ok()
        );
        assert!(
            UnitKind::Workplace
                .check_parent(Some(UnitKind::City))
                .is_ok()
        );
        let err = UnitKind::Workplace
            .check_parent(Some(UnitKind::Region))
            .unwrap_err();
        assert_eq!(err.field, "parent");
        assert_eq!(err.problem.get("parent"), Some("city"));
        assert!(UnitKind::Nation.check_parent(None).is_ok());
        assert!(UnitKind::City.check_parent(None).is_err());
    }

    #[test]
    fn a_unit_cannot_move_below_itself() {
        let city = unit(4, UnitKind::City, "/1/4/");
        let section = unit(17, UnitKind::Neighbourhood, "/1/4/17/");
        let other_city = unit(5, UnitKind::City, "/1/5/");
        assert!(check_move(&section, &other_city).is_ok());
        assert!(check_move(&city, &section).is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(UnitName::parse("  Gent  ").unwrap().as_str(), "Gent");
        assert_eq!(UnitName::parse("   ").unwrap_err().field, "name");
        assert!(UnitName::parse(&"a".repeat(121)).is_err());
    }
}

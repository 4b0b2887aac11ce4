//! Survey results as people read them. Each survey's responses are held in memory as a
//! [`Snapshot`]: encoded once, weighted to the population margins when there are any, and rolled
//! up the whole tree, so a results page is a lookup. The snapshot knows the generation of
//! responses it holds; every request asks the database for the current one (one small query),
//! reads only the responses stored since, and rebuilds the roll-ups. Several servers on one
//! database therefore never show stale results.
//!
//! What leaves this module is already filtered for the reader: counts under 5 are hidden from
//! accounts that see no names, and so is every share or margin resting on them.

use crate::App as AppState;
use crate::error::{Error as AppError, Result as AppResult};
use enquete_analysis::dataset::Dataset;
use enquete_analysis::estimate::Base;
use enquete_analysis::highlights::differences;
use enquete_analysis::raking::RakeOptions;
use enquete_analysis::results::{UnitResults, roll_up};
use enquete_analysis::weighting::{Population, Weighting, weight_dataset};
use enquete_domain::org::{Unit, UnitId};
use enquete_domain::people::Language;
use enquete_domain::survey::{QuestionKind, SurveyDefinition, SurveyId};
use enquete_store::{ResultsVersion, SurveyRecord};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

mod crosstab;
mod fields;
pub use crosstab::{CrossCell, CrossRow, CrossTab, crosstab};
pub use fields::{
    BinSummary, DistributionSummary, HexSummary, MapSummary, QuantileSummary, RepeatOption,
    RepeatQuestion, RepeatSummary,
};

/// Weight trimming for stored surveys: no respondent counts for less than a fifth or more than
/// five times the average.
pub const TRIM: (f64, f64) = (0.2, 5.0);

/// A survey's responses in memory with their roll-ups.
pub struct Snapshot {
    pub version: ResultsVersion,
    pub survey: SurveyRecord,
    pub data: Dataset,
    /// The whole tree (archived units too), parents before children.
    pub units: Vec<Unit>,
    pub weighting: Option<Weighting>,
    pub raw: HashMap<UnitId, UnitResults>,
    pub weighted: Option<HashMap<UnitId, UnitResults>>,
    /// Each repeat's rows rolled up the tree (members, not households), unweighted.
    pub repeat_rows: Vec<HashMap<UnitId, UnitResults>>,
    /// Numbers, dates and places read from the answers, and their masks, once worked out.
    pub fields: fields::FieldCache,
    /// What readers who see no names get of the results (worked out when first asked).
    pub mask: std::sync::OnceLock<crate::disclosure::ResultsMask>,
    /// The rows as exports give them to readers who see no names.
    pub anonymised: std::sync::OnceLock<crate::disclosure::Anonymised>,
    /// Their cross-tabs, by the pair of questions.
    pub crosses: Mutex<HashMap<(usize, usize), Arc<crate::disclosure::CrossMask>>>,
}

impl Snapshot {
    /// Which results are hidden from readers who see no names.
    pub fn mask(&self) -> &crate::disclosure::ResultsMask {
        self.mask
            .get_or_init(|| crate::disclosure::ResultsMask::build(self))
    }

    /// Every row of the survey made k-anonymous, for exports to readers who see no names.
    pub fn anonymised(&self) -> &crate::disclosure::Anonymised {
        self.anonymised.get_or_init(|| {
            let rows: Vec<usize> = (0..self.data.len()).collect();
            let weights = self.weighting.as_ref().map(|w| w.weights.as_slice());
            crate::disclosure::k_anonymous(self, &rows, weights)
        })
    }

    /// Which cells of the cross-tab of question `q` by `by` are hidden from readers who see no
    /// names, and whether the mask is of the cross-tab turned (`by` by `q`, both questions with
    /// one answer, which are one table).
    pub fn cross_mask(
        &self,
        q: usize,
        by: usize,
    ) -> Option<(Arc<crate::disclosure::CrossMask>, bool)> {
        let def = &self.survey.definition;
        let single = |i: usize| def.one_answer(i);
        let turned = single(q) && single(by) && q > by;
        let key = if turned { (by, q) } else { (q, by) };
        if let Some(hit) = self.crosses.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Some((hit, turned));
        }
        let built = Arc::new(crate::disclosure::CrossMask::build(
            self,
            self.mask(),
            key.0,
            key.1,
        )?);
        if let Ok(mut m) = self.crosses.lock() {
            m.insert(key, built.clone());
        }
        Some((built, turned))
    }

    /// The roll-ups to show: weighted when the survey is weighted and the reader did not ask
    /// for the raw figures.
    pub fn rolled(&self, weighted: bool) -> (&HashMap<UnitId, UnitResults>, bool) {
        match (&self.weighted, weighted) {
            (Some(w), true) => (w, true),
            _ => (&self.raw, false),
        }
    }
}

impl Snapshot {
    /// For each section of the dataset (by its index in `data.unit_ids`), whether it lies in
    /// `unit` or below.
    pub fn sections_below(&self, unit: &Unit) -> Vec<bool> {
        let below: HashSet<UnitId> = self
            .units
            .iter()
            .filter(|u| u.path.as_str().starts_with(unit.path.as_str()))
            .map(|u| u.id)
            .collect();
        self.data
            .unit_ids
            .iter()
            .map(|u| below.contains(u))
            .collect()
    }

    /// The rows of the dataset in `unit` or below.
    pub fn rows_below(&self, unit: &Unit) -> Vec<usize> {
        let inside = self.sections_below(unit);
        self.data
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| inside.get(**u as usize).copied().unwrap_or(false))
            .map(|(r, _)| r)
            .collect()
    }
}

/// Snapshots by survey, and themes found in them, shared by every request of this server.
#[derive(Clone, Default)]
pub struct ResultsCache {
    snapshots: Arc<Mutex<HashMap<i64, Arc<Snapshot>>>>,
    /// One rebuild at a time per survey: requests arriving meanwhile wait and take its result.
    building: Arc<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>>,
    pub(crate) themes: crate::themes::ThemesCache,
}

impl ResultsCache {
    fn build_lock(&self, survey: SurveyId) -> Arc<tokio::sync::Mutex<()>> {
        match self.building.lock() {
            Ok(mut map) => map.entry(survey.0).or_default().clone(),
            Err(_) => Arc::default(),
        }
    }

    fn get(&self, survey: SurveyId) -> Option<Arc<Snapshot>> {
        self.snapshots.lock().ok()?.get(&survey.0).cloned()
    }

    fn put(&self, survey: SurveyId, snap: Arc<Snapshot>) {
        if let Ok(mut map) = self.snapshots.lock() {
            // Keep the newest of two snapshots built at the same time.
            let newer = map
                .get(&survey.0)
                .is_none_or(|old| old.version.responses <= snap.version.responses);
            if newer {
                map.insert(survey.0, snap);
            }
        }
    }
}

async fn whole_tree(state: &AppState) -> AppResult<Vec<Unit>> {
    Ok(match state.store.root_unit().await? {
        Some(root) => state.store.subtree(&root.path, true).await?,
        None => Vec::new(),
    })
}

/// How stored surveys are raked: weights trimmed to `trim` (a share of the mean weight below
/// and above), to a tolerance of 1e-8.
pub fn rake_options(trim: (f64, f64)) -> RakeOptions {
    RakeOptions {
        trim: Some(trim),
        tolerance: 1e-8,
        ..RakeOptions::default()
    }
}

/// Weights a survey's responses to the population figures stored for the units of the tree:
/// the one weighting of stored surveys, used by the results and by `enquete weights`. `None`
/// when no figures match the survey's questions.
pub async fn weigh(
    app: &AppState,
    def: &SurveyDefinition,
    data: &Dataset,
    units: &[Unit],
    trim: (f64, f64),
) -> AppResult<Option<Weighting>> {
    let ancestry: HashMap<UnitId, Vec<UnitId>> =
        units.iter().map(|u| (u.id, u.path.ids())).collect();
    let margins: Vec<Population> = app
        .store
        .margins()
        .await?
        .into_iter()
        .map(|m| Population {
            unit: m.unit,
            variable: m.variable,
            category: m.category,
            population: m.population,
        })
        .collect();
    Ok(weight_dataset(
        def,
        data,
        &ancestry,
        &margins,
        rake_options(trim),
    ))
}

/// The current snapshot of a survey, brought up to date if responses, margins, the survey's
/// version or the tree (units added, moved, renamed, archived) changed.
pub async fn snapshot(state: &AppState, survey: SurveyId) -> AppResult<Arc<Snapshot>> {
    let version = state.store.results_version(survey).await?;
    let units = whole_tree(state).await?;
    let current = |s: &Snapshot| s.version == version && s.units == units;
    if let Some(s) = state.results.get(survey)
        && current(&s)
    {
        return Ok(s);
    }
    let lock = state.results.build_lock(survey);
    let _building = lock.lock().await;
    // Another request may have brought it up to date while this one waited.
    let cached = state.results.get(survey);
    if let Some(s) = &cached
        && current(s)
    {
        return Ok(s.clone());
    }
    let record = state
        .store
        .survey_version(survey, version.definition)
        .await?;
    let def = &record.definition;
    let (mut data, after) = match &cached {
        Some(s)
            if s.version.definition == version.definition
                && s.version.rewritten == version.rewritten
                && s.version.responses <= version.responses =>
        {
            (s.data.clone(), s.version.responses)
        }
        _ => (Dataset::new(def), -1),
    };
    let t0 = std::time::Instant::now();
    state
        .store
        .each_raw_answer_between(survey, after, version.responses, |id, unit, json| {
            data.push_json(id, unit, json)
        })
        .await?;
    let pairs: Vec<(UnitId, Option<UnitId>)> = units.iter().map(|u| (u.id, u.parent)).collect();
    let weighting = weigh(state, def, &data, &units, TRIM).await?;
    let raw = roll_up(def, &data, &pairs, None);
    let weighted = weighting
        .as_ref()
        .map(|w| roll_up(def, &data, &pairs, Some(&w.weights)));
    let repeat_rows = data
        .repeats
        .iter()
        .map(|r| roll_up(&r.definition, &r.data, &pairs, None))
        .collect();
    tracing::info!(
        survey = survey.0,
        responses = data.len(),
        read_from = after,
        elapsed_ms = t0.elapsed().as_millis() as u64,
        "survey results brought up to date"
    );
    let snap = Arc::new(Snapshot {
        version,
        survey: record,
        data,
        units,
        weighting,
        raw,
        weighted,
        repeat_rows,
        fields: fields::FieldCache::default(),
        mask: std::sync::OnceLock::new(),
        anonymised: std::sync::OnceLock::new(),
        crosses: Mutex::default(),
    });
    state.results.put(survey, snap.clone());
    Ok(snap)
}

/// The words of one highlight, for the reader's language.
pub struct HighlightWords<'a> {
    pub option: &'a str,
    pub share: String,
    pub unit: &'a str,
    pub parent_share: String,
    pub parent: &'a str,
}

/// How results are said in the reader's language: the adapter's translations.
pub trait Wording {
    /// "41% in Antwerpen vs 29% in Vlaanderen" for one highlight.
    fn highlight(&self, words: &HighlightWords<'_>) -> String;
}

/// Highlights said plainly in English, for readers that do not show them (a campaign's
/// evidence, the command line's JSON).
pub struct Plain;

impl Wording for Plain {
    fn highlight(&self, w: &HighlightWords<'_>) -> String {
        format!(
            "{} in {} vs {} in {}",
            w.share, w.unit, w.parent_share, w.parent
        )
    }
}

/// One option of one question.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OptionResult {
    pub code: String,
    pub label: String,
    /// Respondents who chose it; `None` when hidden (fewer than 5, for accounts that see no
    /// names).
    pub count: Option<u64>,
    /// Share of those who answered, 0 to 1 (weighted when the results are); `None` when hidden.
    pub share: Option<f64>,
    /// The 95% interval of the share.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Standard error of the share (Taylor linearization).
    pub se: Option<f64>,
    /// Rankings: how many put it first, and that share.
    pub first: Option<u64>,
    pub first_share: Option<f64>,
    /// Rankings: the Borda score, the average points per respondent who answered (first place
    /// scores as many points as there are places, the last place 1, not named 0; weighted when
    /// the results are).
    pub borda: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionSummary {
    pub code: String,
    pub label: String,
    /// single_choice, multiple_choice, ranking, scale, number or text
    pub kind: String,
    pub demographic: bool,
    /// Whether its answers can become a campaign's focus (issues, not housekeeping: see
    /// [`crate::campaigns::may_be_focus`]).
    pub focus: bool,
    pub answered: Option<u64>,
    pub options: Vec<OptionResult>,
    /// Scales and numbers: the mean with its 95% interval.
    pub mean: Option<f64>,
    pub mean_low: Option<f64>,
    pub mean_high: Option<f64>,
    /// Asked in each row of this repeat (its path): the options then count respondents with
    /// at least one row giving them; [`SurveyResults::repeats`] has the rows.
    pub repeat: Option<String>,
    /// Numbers, dates and times: how the answers spread (the unit's own results only).
    pub distribution: Option<DistributionSummary>,
    /// Places: where they were answered (the unit's own results only).
    pub map: Option<MapSummary>,
}

/// Where a unit differs significantly from its parent.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Highlight {
    pub question: String,
    pub option: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub share: f64,
    pub parent_id: i64,
    pub parent_name: String,
    pub parent_share: f64,
    /// Two-sided p-value of the unit against the rest of the parent (before correction).
    pub p_value: f64,
    /// In words: "Housing: 41% in Antwerp vs 29% in Belgium".
    pub text: String,
}

/// How the results were weighted.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeightingSummary {
    /// The demographic questions used.
    pub variables: Vec<String>,
    /// Kish design effect of the weights of this unit's respondents.
    pub design_effect: f64,
    /// Respondents divided by the design effect.
    pub effective_n: f64,
    /// Respondents of groups at or below the unit kept at their group's mean weight (a
    /// weighting answer missing); hidden when under 5 for readers who see no names.
    pub unplaced: Option<usize>,
    /// Respondents of the whole survey under no unit with population figures (not shown to
    /// readers who see no names).
    pub outside: Option<usize>,
    /// Groups at or below the unit that could not be raked, with the reason.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SurveyResults {
    pub survey_id: i64,
    pub version: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub responses: Option<u64>,
    /// Whether shares, means and intervals are weighted to the population.
    pub weighted: bool,
    pub weighting: Option<WeightingSummary>,
    pub questions: Vec<QuestionSummary>,
    pub highlights: Vec<Highlight>,
    /// The repeats (a household's members): rows per respondent and their answers per row.
    pub repeats: Vec<RepeatSummary>,
}

impl SurveyResults {
    /// The questions the results are weighted by, by their labels in the results' language
    /// (the code of one no longer in the survey).
    pub fn weighting_labels(&self) -> Vec<String> {
        self.weighting.as_ref().map_or_else(Vec::new, |w| {
            w.variables
                .iter()
                .map(|v| {
                    self.questions
                        .iter()
                        .find(|q| &q.code == v)
                        .map_or_else(|| v.clone(), |q| q.label.clone())
                })
                .collect()
        })
    }
}

/// The results of one unit as a reader may see them: everything, or, for readers who see no
/// names, what the survey's [`crate::disclosure::ResultsMask`] leaves shown.
#[derive(Clone, Copy)]
pub struct Shown<'a> {
    pub mask: Option<&'a crate::disclosure::ResultsMask>,
    pub unit: UnitId,
}

impl<'a> Shown<'a> {
    pub fn new(snap: &'a Snapshot, unit: UnitId, hide_small: bool) -> Self {
        Self {
            mask: hide_small.then(|| snap.mask()),
            unit,
        }
    }

    fn pass(hidden: Option<bool>, n: u64) -> Option<u64> {
        (!hidden.unwrap_or(false)).then_some(n)
    }

    pub fn responses(&self, n: u64) -> Option<u64> {
        Self::pass(self.mask.map(|m| m.responses(self.unit)), n)
    }

    pub fn answered(&self, q: usize, n: u64) -> Option<u64> {
        Self::pass(self.mask.map(|m| m.answered(self.unit, q)), n)
    }

    pub fn chosen(&self, q: usize, i: usize, n: u64) -> Option<u64> {
        Self::pass(self.mask.map(|m| m.chosen(self.unit, q, i)), n)
    }

    pub fn first(&self, q: usize, i: usize, n: u64) -> Option<u64> {
        Self::pass(self.mask.map(|m| m.first(self.unit, q, i)), n)
    }

    /// Whether anything is hidden from this reader.
    pub fn hides(&self) -> bool {
        self.mask.is_some()
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn summarize(
    snap: &Snapshot,
    here: &UnitResults,
    shown: Shown,
    lang: Language,
) -> Vec<QuestionSummary> {
    snap.survey
        .definition
        .questions
        .iter()
        .zip(&here.questions)
        .enumerate()
        .map(|(qi, (q, r))| {
            let ranked = matches!(q.kind, QuestionKind::Ranking { .. });
            let answered = shown.answered(qi, r.answered());
            let mean = answered.and(r.mean());
            QuestionSummary {
                code: q.name.clone(),
                label: q.label.get(lang).to_owned(),
                kind: q.kind.type_name().to_owned(),
                demographic: q.demographic,
                focus: crate::campaigns::may_be_focus(q),
                answered,
                options: q
                    .kind
                    .choices()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let count = r.chosen.get(i).and_then(|s| shown.chosen(qi, i, s.count));
                        // A share of a hidden total would give the total away.
                        let est = count.and(answered).and(r.share(i));
                        let first = ranked
                            .then(|| r.first.get(i).and_then(|s| shown.first(qi, i, s.count)))
                            .flatten();
                        OptionResult {
                            code: c.name.clone(),
                            label: c.label.get(lang).to_owned(),
                            count,
                            share: est.map(|e| e.value),
                            low: est.map(|e| e.low),
                            high: est.map(|e| e.high),
                            se: est.map(|e| e.se).filter(|s| s.is_finite()),
                            first,
                            first_share: first.and(answered).and(r.first_share(i)).map(|e| e.value),
                            borda: ranked
                                .then(|| r.borda.get(i).copied())
                                .flatten()
                                .filter(|_| count.is_some() && answered.is_some() && r.base.w > 0.0)
                                .map(|points| points / r.base.w),
                        }
                    })
                    .collect(),
                mean: mean.map(|e| e.value),
                mean_low: mean.map(|e| e.low).filter(|x| x.is_finite()),
                mean_high: mean.map(|e| e.high).filter(|x| x.is_finite()),
                repeat: snap
                    .survey
                    .definition
                    .repeat_of(q.details.group.as_deref())
                    .map(enquete_domain::survey::Group::path),
                distribution: None,
                map: None,
            }
        })
        .collect()
}

fn highlights(
    snap: &Snapshot,
    rolled: &HashMap<UnitId, UnitResults>,
    unit: &Unit,
    parent_visible: bool,
    hide_small: bool,
    lang: Language,
    wording: &dyn Wording,
) -> Vec<Highlight> {
    let def = &snap.survey.definition;
    let name = |id: UnitId| snap.units.iter().find(|u| u.id == id);
    // A share says its count to whoever knows the total: only where both are shown.
    let open = |u: UnitId, q: usize, o: usize| {
        !hide_small || {
            let m = snap.mask();
            !m.chosen(u, q, o) && !m.answered(u, q)
        }
    };
    differences(def, rolled, &snap.units, unit, parent_visible, 12)
        .into_iter()
        .filter(|c| open(c.unit, c.question, c.option) && open(c.parent, c.question, c.option))
        .filter_map(|c| {
            let q = def.questions.get(c.question)?;
            let o = q.kind.choices().get(c.option)?;
            let (unit, parent) = (name(c.unit)?, name(c.parent)?);
            let option = o.label.get(lang);
            let text = wording.highlight(&HighlightWords {
                option,
                share: percent(c.share.value),
                unit: unit.name.as_str(),
                parent_share: percent(c.parent_share),
                parent: parent.name.as_str(),
            });
            Some(Highlight {
                question: q.name.clone(),
                option: o.name.clone(),
                unit_id: unit.id.0,
                unit_name: unit.name.as_str().to_owned(),
                share: c.share.value,
                parent_id: parent.id.0,
                parent_name: parent.name.as_str().to_owned(),
                parent_share: c.parent_share,
                p_value: c.p,
                text: format!("{}: {text}", capitalize(option)),
            })
        })
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// How the results below a unit were weighted, for a reader: nothing when the unit's
/// respondents are too few to show, and counts of groups above the unit left out.
fn weighting_summary(snap: &Snapshot, unit: &Unit, shown: Shown) -> Option<WeightingSummary> {
    let w = snap.weighting.as_ref()?;
    let mut base = Base::default();
    for row in snap.rows_below(unit) {
        if let Some(weight) = w.weights.get(row) {
            base.add(*weight);
        }
    }
    // The design effect and effective size together give the count back.
    shown.responses(base.n)?;
    let in_unit = |g: &&enquete_analysis::weighting::GroupReport| {
        snap.units
            .iter()
            .any(|u| u.id == g.unit && u.path.as_str().starts_with(unit.path.as_str()))
    };
    // The groups holding this unit's respondents: the nearest one at or above it, and those
    // below it.
    let nearest_above = unit
        .path
        .ids()
        .into_iter()
        .rev()
        .find(|id| w.groups.iter().any(|g| g.unit == *id));
    let groups: Vec<&enquete_analysis::weighting::GroupReport> = w
        .groups
        .iter()
        .filter(|g| Some(g.unit) == nearest_above || in_unit(g))
        .collect();
    let mut variables: Vec<String> = groups
        .iter()
        .flat_map(|g| g.variables.iter().cloned())
        .collect();
    variables.sort();
    variables.dedup();
    Some(WeightingSummary {
        variables,
        design_effect: if base.n > 0 {
            base.n as f64 / base.effective_n()
        } else {
            1.0
        },
        effective_n: base.effective_n(),
        // Not shown to readers who see no names: over the tree, one unit's could be worked out.
        unplaced: (!shown.hides()).then(|| {
            groups
                .iter()
                .filter(|g| in_unit(g))
                .map(|g| g.unplaced)
                .sum()
        }),
        outside: (!shown.hides()).then_some(w.outside),
        problems: groups
            .iter()
            .filter(|g| in_unit(g))
            .filter_map(|g| {
                let name = snap
                    .units
                    .iter()
                    .find(|u| u.id == g.unit)
                    .map_or_else(String::new, |u| u.name.as_str().to_owned());
                g.problem.as_ref().map(|p| format!("{name}: {p}"))
            })
            .collect(),
    })
}

/// Computes the results of a survey for a unit and everything below it. `parent_visible`:
/// whether the reader may see the unit above (a section is then compared with it).
pub fn for_unit(
    snap: &Snapshot,
    unit: &Unit,
    hide_small: bool,
    lang: Language,
    weighted: bool,
    parent_visible: bool,
    wording: &dyn Wording,
) -> AppResult<SurveyResults> {
    let (rolled, weighted) = snap.rolled(weighted);
    let here = rolled.get(&unit.id).ok_or(AppError::NotFound("unit"))?;
    let shown = Shown::new(snap, unit.id, hide_small);
    let reader = fields::Reader {
        snap,
        unit,
        shown,
        weights: if weighted {
            snap.weighting.as_ref().map(|w| w.weights.as_slice())
        } else {
            None
        },
        lang,
        inside: snap.sections_below(unit),
    };
    let mut questions = summarize(snap, here, shown, lang);
    for (qi, q) in questions.iter_mut().enumerate() {
        if q.repeat.is_none() {
            q.distribution = reader.distribution(qi, q.answered);
            q.map = reader.map(qi, q.answered);
        }
    }
    Ok(SurveyResults {
        repeats: reader.repeats(here, &snap.repeat_rows),
        survey_id: snap.survey.id.0,
        version: snap.survey.version,
        unit_id: unit.id.0,
        unit_name: unit.name.as_str().to_owned(),
        responses: shown.responses(here.responses),
        weighted,
        weighting: if weighted {
            weighting_summary(snap, unit, shown)
        } else {
            None
        },
        questions,
        highlights: highlights(
            snap,
            rolled,
            unit,
            parent_visible,
            hide_small,
            lang,
            wording,
        ),
    })
}

/// The results of every direct child of a unit (for small multiples).
pub fn for_children(
    snap: &Snapshot,
    unit: &Unit,
    hide_small: bool,
    lang: Language,
    weighted: bool,
) -> Vec<(Unit, Vec<QuestionSummary>)> {
    let (rolled, _) = snap.rolled(weighted);
    snap.units
        .iter()
        .filter(|u| u.parent == Some(unit.id) && !u.is_archived())
        .filter_map(|u| {
            let r = rolled.get(&u.id)?;
            let shown = Shown::new(snap, u.id, hide_small);
            Some((u.clone(), summarize(snap, r, shown, lang)))
        })
        .collect()
}

/// The place columns of an export: region, city and section names of every unit.
pub fn places(snap: &Snapshot) -> (Vec<String>, HashMap<UnitId, Vec<String>>) {
    use enquete_domain::org::UnitKind;
    let by_id: HashMap<UnitId, &Unit> = snap.units.iter().map(|u| (u.id, u)).collect();
    let names = snap
        .units
        .iter()
        .map(|u| {
            let chain: Vec<&Unit> = u
                .path
                .ids()
                .iter()
                .filter_map(|id| by_id.get(id).copied())
                .collect();
            let of = |kind: UnitKind| {
                chain
                    .iter()
                    .find(|a| a.kind == kind)
                    .map_or_else(String::new, |a| a.name.as_str().to_owned())
            };
            let section = if matches!(
                u.kind,
                UnitKind::Neighbourhood | UnitKind::Workplace | UnitKind::Youth
            ) {
                u.name.as_str().to_owned()
            } else {
                String::new()
            };
            (
                u.id,
                vec![of(UnitKind::Region), of(UnitKind::City), section],
            )
        })
        .collect();
    (
        vec!["region".into(), "city".into(), "section".into()],
        names,
    )
}

/// Writes the anonymous responses of a survey below a unit as CSV or Parquet, with their weights when the
/// survey is weighted, and how many rows it holds. Readers who see no names get neither free text nor numbers asked as
/// demographics (a postcode), which could point at one person.
pub fn export(
    snap: &Snapshot,
    unit: &Unit,
    hide_small: bool,
    parquet: bool,
) -> AppResult<(Vec<u8>, usize)> {
    let (levels, places) = places(snap);
    let def = &snap.survey.definition;
    let leave_out: Vec<String> = if hide_small {
        def.questions
            .iter()
            .filter(|q| q.demographic && q.kind.choices().is_empty())
            .map(|q| q.name.clone())
            .collect()
    } else {
        Vec::new()
    };
    // Only the rows below the unit, with their weights.
    let (data, weights, rows) = if hide_small {
        // No combination of unit and demographic answers shared by fewer than 5 rows (worked
        // out once for the whole survey); rows moved above the unit are not in its export.
        let a = snap.anonymised();
        let inside: HashSet<UnitId> = snap
            .units
            .iter()
            .filter(|u| u.path.as_str().starts_with(unit.path.as_str()))
            .map(|u| u.id)
            .collect();
        let rows: Vec<usize> = a
            .places
            .iter()
            .enumerate()
            .filter(|(_, place)| inside.contains(place))
            .map(|(r, _)| r)
            .collect();
        let mut data = a.data.select(&rows);
        // The response ids made on the phones could be matched with door visits and contacts.
        data.ids = (1..=data.len()).map(|i| i.to_string().into()).collect();
        let weights = a.weights.as_ref().map(|w| {
            rows.iter()
                .map(|r| w.get(*r).copied().unwrap_or(f64::NAN))
                .collect()
        });
        (data, weights, rows.len())
    } else {
        let keep = snap.rows_below(unit);
        let weights: Option<Vec<f64>> = snap.weighting.as_ref().map(|w| {
            keep.iter()
                .map(|r| w.weights.get(*r).copied().unwrap_or(f64::NAN))
                .collect()
        });
        (snap.data.select(&keep), weights, keep.len())
    };
    let mut out = Vec::new();
    let options = enquete_formats::export::ExportOptions {
        include_text: !hide_small,
        leave_out: &leave_out,
        weights: weights.as_deref(),
        levels: &levels,
        places: &places,
    };
    if parquet {
        enquete_formats::export::responses_parquet(def, &data, &options, &mut out)
            .map_err(|e| AppError::Internal(format!("export: {e}")))?;
    } else {
        enquete_formats::export::responses_csv(def, &data, &options, &mut out)
            .map_err(|e| AppError::Internal(format!("export: {e}")))?;
    }
    Ok((out, rows))
}

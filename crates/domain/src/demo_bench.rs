//! A survey of 30 questions and a generator of any number of responses to it, spread over the
//! sections of a demo country: the data behind `enquete demo --scale 1m` and the benchmarks.

use crate::demo::{Country, DemoResponse};
use crate::org::UnitKind;
use crate::survey::{
    AnswerValue, Answers, Channel, Choice, Labels, Question, QuestionKind, SurveyDefinition,
};
use crate::timestamp::Timestamp;

fn labels(text: &str) -> Labels {
    Labels(
        ["nl", "fr", "de", "en"]
            .into_iter()
            .map(|l| (l.to_owned(), text.to_owned()))
            .collect(),
    )
}

fn choices(names: &[&str]) -> Vec<Choice> {
    names
        .iter()
        .map(|n| Choice {
            name: (*n).to_owned(),
            label: labels(n),
            columns: Default::default(),
        })
        .collect()
}

fn question(name: &str, demographic: bool, kind: QuestionKind) -> Question {
    Question {
        name: name.to_owned(),
        label: labels(name),
        hint: Labels::default(),
        required: false,
        demographic,
        relevant: None,
        kind,
        details: Default::default(),
    }
}

const AGREE: &[&str] = &[
    "agree",
    "rather_agree",
    "neutral",
    "rather_disagree",
    "disagree",
];
const NEEDS: &[&str] = &["food", "rent", "energy", "care", "transport", "school"];
pub const AGE_BANDS: &[&str] = &["a16_24", "a25_34", "a35_44", "a45_54", "a55_64", "a65"];
pub const GENDERS: &[&str] = &["woman", "man", "other"];

/// 30 questions: the top 3 of 12 issues, 20 statements to agree with, 5 lists of needs, 2
/// scales, gender and age band.
pub fn bench_survey() -> SurveyDefinition {
    let issues = crate::demo::belgian_enquete()
        .questions
        .into_iter()
        .next()
        .map(|q| q.kind)
        .unwrap_or(QuestionKind::Ranking {
            choices: Vec::new(),
            max: 3,
        });
    let mut questions = vec![question("top3", false, issues)];
    for i in 1..=20 {
        questions.push(question(
            &format!("s{i:02}"),
            false,
            QuestionKind::SingleChoice {
                choices: choices(AGREE),
            },
        ));
    }
    for i in 1..=5 {
        questions.push(question(
            &format!("needs{i}"),
            false,
            QuestionKind::MultipleChoice {
                choices: choices(NEEDS),
            },
        ));
    }
    for name in ["trust", "hope"] {
        questions.push(question(
            name,
            false,
            QuestionKind::Scale { min: 0, max: 10 },
        ));
    }
    questions.push(question(
        "gender",
        true,
        QuestionKind::SingleChoice {
            choices: choices(GENDERS),
        },
    ));
    questions.push(question(
        "age_band",
        true,
        QuestionKind::SingleChoice {
            choices: choices(AGE_BANDS),
        },
    ));
    SurveyDefinition {
        form_id: "bench_30".into(),
        title: labels("Benchmark survey (30 questions)"),
        questions,
        groups: Vec::new(),
        languages: Default::default(),
        version: None,
        settings: Default::default(),
    }
}

fn skewed(rng: &mut fastrand::Rng, n: usize, lean: usize) -> usize {
    // Half the time the option the section leans to, else uniform.
    if rng.bool() {
        lean % n.max(1)
    } else {
        rng.usize(..n.max(1))
    }
}

/// One response to [`bench_survey`] in section number `section` (its lean comes from the number).
pub fn bench_answers(rng: &mut fastrand::Rng, section: usize) -> Answers {
    let issues = [
        "wages",
        "pensions",
        "prices",
        "energy",
        "housing",
        "health",
        "medicine",
        "transport",
        "climate",
        "schools",
        "jobs",
        "palestine",
    ];
    let mut a = Answers::default();
    let mut top = Vec::with_capacity(3);
    while top.len() < 3 {
        let pick = issues
            .get(skewed(rng, issues.len(), section))
            .copied()
            .unwrap_or("wages");
        if !top.iter().any(|t: &String| t == pick) {
            top.push(pick.to_owned());
        }
    }
    a.0.insert("top3".into(), AnswerValue::List(top));
    for i in 1..=20 {
        if rng.u8(..20) == 0 {
            continue; // not answered
        }
        let pick = AGREE
            .get(skewed(rng, AGREE.len(), section + i))
            .copied()
            .unwrap_or("neutral");
        a.0.insert(format!("s{i:02}"), AnswerValue::Text(pick.to_owned()));
    }
    for i in 1..=5 {
        let chosen: Vec<String> = NEEDS
            .iter()
            .enumerate()
            .filter(|(k, _)| rng.u8(..6) < if (section + i) % 6 == *k { 4 } else { 1 })
            .map(|(_, n)| (*n).to_owned())
            .collect();
        a.0.insert(format!("needs{i}"), AnswerValue::List(chosen));
    }
    a.0.insert(
        "trust".into(),
        AnswerValue::Number(i64::from(rng.u8(..11).min(rng.u8(..11)))),
    );
    a.0.insert("hope".into(), AnswerValue::Number(i64::from(rng.u8(..11))));
    let gender = if rng.u8(..100) < 56 {
        "woman"
    } else if rng.u8(..100) < 97 {
        "man"
    } else {
        "other"
    };
    a.0.insert("gender".into(), AnswerValue::Text(gender.to_owned()));
    let age = AGE_BANDS.get(rng.usize(..AGE_BANDS.len())).copied();
    a.0.insert(
        "age_band".into(),
        AnswerValue::Text(age.unwrap_or("a35_44").to_owned()),
    );
    a
}

/// Responses `from..to` of the benchmark data of a country (the same for the same seed), spread
/// over its sections.
pub fn bench_responses(
    country: &Country,
    seed: u64,
    from: usize,
    to: usize,
    now: Timestamp,
) -> Vec<DemoResponse> {
    let sections: Vec<usize> = country
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            matches!(
                u.kind,
                UnitKind::Neighbourhood | UnitKind::Workplace | UnitKind::Youth
            )
        })
        .map(|(i, _)| i)
        .collect();
    (from..to)
        .map(|i| {
            let mut rng =
                fastrand::Rng::with_seed(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let unit = sections
                .get(i % sections.len().max(1))
                .copied()
                .unwrap_or(0);
            let answers = bench_answers(&mut rng, unit);
            let millis = u64::try_from(now.0).unwrap_or(0) * 1000 - (i as u64 % 86_400_000);
            DemoResponse {
                id: format!(
                    "{:08x}-{:04x}-7{:03x}-8{:03x}-{:012x}",
                    millis >> 16,
                    millis & 0xffff,
                    (i as u64 >> 48) & 0xfff,
                    (i as u64 >> 36) & 0xfff,
                    i as u64 & 0xffff_ffff_ffff
                ),
                unit,
                channel: Channel::Door,
                collected_at: Timestamp(now.0 - (i as i64 % 86_400)),
                answers,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_bench_survey_has_30_valid_questions_and_answers_fit_it() {
        let def = super::bench_survey();
        def.validate().unwrap();
        assert_eq!(def.questions.len(), 30);
        let country = crate::demo::country(
            crate::demo::Scale::Small,
            1,
            crate::Timestamp(1_790_000_000),
        );
        let responses =
            super::bench_responses(&country, 1, 0, 200, crate::Timestamp(1_790_000_000));
        for r in &responses {
            def.validate_answers(&r.answers, crate::survey::FormClock::at(r.collected_at))
                .unwrap();
        }
        let again = super::bench_responses(&country, 1, 100, 101, crate::Timestamp(1_790_000_000));
        assert_eq!(
            again[0].answers, responses[100].answers,
            "each response depends on its number only"
        );
        let mut ids: Vec<&str> = responses.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 200);
    }
}

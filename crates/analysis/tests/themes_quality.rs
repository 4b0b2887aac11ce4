//! Theme quality on a labelled set of 300 answers (75 each in Dutch, French, German and
//! English; 12 themes of the demo enquête's issue list and 3 that are not on it: parks, safety,
//! cleanliness), written for this test. The lexicon was written from the issue list, before and
//! without reading this set.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use enquete_analysis::themes::{
    Lang, Lexicon, ThemeOptions, Themes, find_themes, find_themes_keeping, nmi, purity,
};

#[test]
fn themes_of_the_labelled_set_are_pure() {
    let mut reader = csv::Reader::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/themes_labelled.csv"
    ))
    .unwrap();
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_owned(), r[2].to_owned(), r[3].to_owned())
        })
        .collect();
    assert!(rows.len() >= 300);
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let out = find_themes(&texts, &Lexicon::issues(), ThemeOptions::default());
    let languages_right = rows
        .iter()
        .zip(&out.languages)
        .filter(|(r, l)| Lang::parse(&r.0) == Some(**l))
        .count();
    let p = purity(&labels, &out.assignment);
    let n = nmi(&labels, &out.assignment);
    let on_list = rows
        .iter()
        .zip(&out.assignment)
        .filter(|(r, a)| a.and_then(|t| out.themes[t].issue.as_deref()) == Some(r.1.as_str()))
        .count();
    let listed = rows
        .iter()
        .filter(|r| !["parks", "safety", "cleanliness"].contains(&r.1.as_str()))
        .count();
    let unthemed = out.assignment.iter().filter(|a| a.is_none()).count();
    println!(
        "themes: {} answers, {} themes ({} discovered); purity {p:.3}, NMI {n:.3}; \
         issue-list answers in their issue {on_list}/{listed}; without a theme {unthemed}; \
         language detected right {languages_right}/{}",
        rows.len(),
        out.themes.len(),
        out.themes.iter().filter(|t| t.issue.is_none()).count(),
        rows.len()
    );
    for t in &out.themes {
        println!("  {} ({}): {:?}", t.name, t.size, t.top_terms);
    }
    // The figures measured (purity 0.810, NMI 0.808, every language right; 0.707 and 0.727
    // before the concepts' topics), with a little room for changes in the clustering's seeding.
    assert_eq!(
        languages_right,
        rows.len(),
        "every answer read in its own language"
    );
    assert!(p >= 0.78, "purity {p:.3}");
    assert!(n >= 0.78, "NMI {n:.3}");
}

/// Reads a labelled set: (language, label, text) per answer.
fn labelled(name: &str) -> Vec<(String, String, String)> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[1].to_owned(), r[2].to_owned(), r[3].to_owned())
        })
        .collect()
}

/// NMI, purity and the share of answers in a theme, per language and overall (`None`).
fn scores(
    rows: &[(String, String, String)],
    assignment: &[Option<usize>],
) -> Vec<(Option<Lang>, f64, f64, f64)> {
    [None]
        .into_iter()
        .chain(Lang::ALL.map(Some))
        .map(|lang| {
            let picked: Vec<usize> = (0..rows.len())
                .filter(|i| lang.is_none_or(|l| Lang::parse(&rows[*i].0) == Some(l)))
                .collect();
            let labels: Vec<&str> = picked.iter().map(|i| rows[*i].1.as_str()).collect();
            let clusters: Vec<Option<usize>> = picked.iter().map(|i| assignment[*i]).collect();
            let covered =
                clusters.iter().filter(|c| c.is_some()).count() as f64 / picked.len().max(1) as f64;
            (
                lang,
                nmi(&labels, &clusters),
                purity(&labels, &clusters),
                covered,
            )
        })
        .collect()
}

/// Five sets of 400 answers written for this test by people who did not see the concept list
/// (ten themes each, ten answers per theme and language, as people write them): none of their
/// themes are narrower than the lexicon's issues (rent, night buses, energy bills) or outside
/// them (swimming pool, noise, dog mess, library; in C parking, public toilets, post offices,
/// flooding, benches, disability access, mobile signal, newcomers, homelessness, speeding; in D
/// air pollution, driving licences, taxes, mental health, student fees, shops closing, overtime,
/// graffiti, water bills, animal welfare; in E funerals, local democracy, insulation grants,
/// community gardens, carers, gambling, holiday lets, e-scooters, nightlife, old churches).
/// Set A was used while the concept list and the clustering were tuned; B only to measure until
/// the concepts' topics (`data/concept_groups.csv`) came. C and D were written then, by people
/// who saw neither the concepts nor their topics, and measured before and after the topics;
/// the joining of alike themes was then set on all four. The list's words were then extended
/// for everyday life (by someone who saw no set, but was given C's and D's kinds of subjects
/// among others), and E written after that, on subjects nobody named: it measures all of it.
#[test]
fn themes_nobody_prepared_for_are_found_across_languages() {
    let mut results = Vec::new();
    for (name, nmi_at_least, purity_at_least) in [
        // Measured (NMI / purity): A 0.726 / 0.830 (0.629 / 0.750 before the topics); B 0.781 /
        // 0.885 (0.598 / 0.675); C 0.607 / 0.752 (0.435 / 0.552); D 0.657 / 0.800 (0.449 /
        // 0.570); E 0.639 / 0.787 (0.486 / 0.632; 0.603 / 0.755 with the topics but not the
        // extended words). The goal is 0.60 and 0.75. A little room for changes in the sampling.
        ("themes_unseen_a.csv", 0.69, 0.80),
        ("themes_unseen_b.csv", 0.75, 0.85),
        ("themes_unseen_c.csv", 0.58, 0.72),
        ("themes_unseen_d.csv", 0.62, 0.77),
        ("themes_unseen_e.csv", 0.61, 0.75),
    ] {
        let rows = labelled(name);
        assert_eq!(rows.len(), 400);
        let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
        let out = find_themes(&texts, &Lexicon::issues(), ThemeOptions::default());
        println!("{name}: {} themes", out.themes.len());
        for (k, t) in out.themes.iter().enumerate() {
            let mut labels: std::collections::BTreeMap<&str, usize> = Default::default();
            for (r, a) in rows.iter().zip(&out.assignment) {
                if *a == Some(k) {
                    *labels.entry(r.1.as_str()).or_default() += 1;
                }
            }
            let mut labels: Vec<_> = labels.into_iter().collect();
            labels.sort_by_key(|l| std::cmp::Reverse(l.1));
            labels.truncate(3);
            println!(
                "  {} ({}) {:?}: {:?}",
                t.name,
                t.size,
                t.names.get(&Lang::Nl),
                labels
            );
        }
        let all = scores(&rows, &out.assignment);
        for (lang, n, p, c) in &all {
            println!(
                "  {:<3} NMI {n:.3} purity {p:.3} coverage {c:.3}",
                lang.map_or("all", Lang::code)
            );
        }
        let (_, n, p, c) = all[0];
        results.push((name, n, p, c, nmi_at_least, purity_at_least));
        // No theme is named by a filler word, and every name is in each language.
        for t in &out.themes {
            assert_eq!(t.names.len(), 4, "{:?}", t.names);
            for bad in [
                "mehr", "gibt", "elke", "dag", "gaan", "vingt", "da", "plus", "really",
            ] {
                assert!(
                    !t.names.values().any(|n| n.split(" / ").any(|w| w == bad)),
                    "{:?}",
                    t.names
                );
            }
        }
        // Two themes never have the same name.
        let mut names: Vec<&str> = out.themes.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), out.themes.len(), "two themes of one name");
        // Quotes are different answers.
        for t in &out.themes {
            let mut q: Vec<String> = t.quotes.iter().map(|i| texts[*i].to_lowercase()).collect();
            q.sort();
            q.dedup();
            assert_eq!(q.len(), t.quotes.len(), "{}", t.name);
        }
    }
    for (name, n, p, c, nmi_at_least, purity_at_least) in results {
        assert!(n >= nmi_at_least, "{name}: NMI {n:.3}");
        assert!(p >= purity_at_least, "{name}: purity {p:.3}");
        assert!(c >= 0.85, "{name}: coverage {c:.3}");
    }
}

/// Adding answers keeps the themes of those already there: the themes given are passed back
/// (the application stores them), and the new answers join them or new themes.
#[test]
fn themes_hold_when_answers_are_added() {
    let rows = labelled("themes_unseen_a.csv");
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let labels: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
    let before = find_themes(&texts[..360], &Lexicon::issues(), ThemeOptions::default());
    let name = |out: &Themes, i: usize| out.assignment[i].map(|t| out.themes[t].name.clone());
    let given: Vec<Option<String>> = (0..360).map(|i| name(&before, i)).collect();
    let kept: Vec<Option<&str>> = given.iter().map(Option::as_deref).collect();
    let after = find_themes_keeping(&texts, &Lexicon::issues(), ThemeOptions::default(), &kept);
    // Every answer given a theme keeps it; one left without a theme may find one now that
    // more answers say the same.
    let themed: Vec<usize> = (0..360).filter(|i| given[*i].is_some()).collect();
    let same = themed
        .iter()
        .filter(|i| name(&after, **i) == given[**i])
        .count();
    assert_eq!(same, themed.len(), "every answer keeps its theme");
    let found_one = (0..360)
        .filter(|i| given[*i].is_none() && after.assignment[*i].is_some())
        .count();
    // Found again from scratch, for comparison (not kept: the clustering may move them).
    let fresh = find_themes(&texts, &Lexicon::issues(), ThemeOptions::default());
    let moved = (0..360).filter(|i| name(&fresh, *i) != given[*i]).count();
    let new_in = (360..400)
        .filter(|i| after.assignment[*i].is_some())
        .count();
    println!(
        "kept: {same}/{}; without a theme before, in one now: {found_one}; the 40 new answers: \
         {new_in} in a theme; NMI before {:.3}, after {:.3}; found from scratch, {moved}/360 \
         would have changed",
        themed.len(),
        nmi(&labels[..360], &before.assignment),
        nmi(&labels, &after.assignment)
    );
    assert!(new_in >= 34, "{new_in} of 40 new answers in a theme");
    assert!(
        nmi(&labels, &after.assignment) >= nmi(&labels[..360], &before.assignment) - 0.05,
        "the new answers went to the right themes"
    );
}

/// A unit with few answers says so, and still groups what it can.
#[test]
fn a_small_unit_is_read_for_what_it_is() {
    let rows = labelled("themes_unseen_a.csv");
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).take(12).collect();
    let out = find_themes(&texts, &Lexicon::issues(), ThemeOptions::default());
    assert!(out.few);
    let themed = out.assignment.iter().filter(|a| a.is_some()).count();
    println!("12 answers: {themed} in {} groups", out.themes.len());
    assert!(themed >= 4, "{themed} of 12 in a group");
}

/// The same answers give the same themes, run after run (no order of a hash table decides).
#[test]
fn the_same_answers_give_the_same_themes() {
    let rows = labelled("themes_unseen_b.csv");
    let texts: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let runs: Vec<Themes> = (0..3)
        .map(|_| find_themes(&texts, &Lexicon::issues(), ThemeOptions::default()))
        .collect();
    for run in &runs[1..] {
        assert_eq!(run.assignment, runs[0].assignment);
        let names =
            |t: &Themes| -> Vec<String> { t.themes.iter().map(|x| x.name.clone()).collect() };
        assert_eq!(names(run), names(&runs[0]));
    }
}

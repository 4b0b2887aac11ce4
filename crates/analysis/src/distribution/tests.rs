use super::*;

/// Unweighted values, given by the respondents named with each.
fn given(values: &[(f64, u32)]) -> Vec<Observation> {
    let obs = |(value, respondent): &(f64, u32)| Observation {
        value: *value,
        weight: 1.0,
        respondent: *respondent,
    };
    values.iter().map(obs).collect()
}

/// One value per respondent, unweighted.
fn one_each(values: &[f64]) -> Vec<Observation> {
    given(&values.iter().copied().zip(0..).collect::<Vec<_>>())
}

/// The distribution of one value per respondent, with no merging.
fn of(values: &[f64], scale: Scale) -> Distribution {
    distribution(&one_each(values), scale, 0).unwrap()
}

fn lows(d: &Distribution) -> Vec<f64> {
    d.bins.iter().map(|b| b.low).collect()
}

fn counts(d: &Distribution) -> Vec<u64> {
    d.bins.iter().map(|b| b.count).collect()
}

fn people(d: &Distribution) -> Vec<u64> {
    d.bins.iter().map(|b| b.respondents).collect()
}

fn labels(d: &Distribution) -> Vec<String> {
    d.bins
        .iter()
        .map(|b| bin_label(d.scale, b.low, b.high))
        .collect()
}

fn q(x: Option<Quantile>) -> (f64, f64, f64) {
    x.map(|q| (q.value, q.low, q.high)).unwrap()
}

fn day(y: i64, m: i64, d: i64) -> f64 {
    days_from_civil(y, m, d) as f64
}

#[test]
fn civil_dates_match_the_calendar() {
    // From Python: (datetime.date(y, m, d) - datetime.date(1970, 1, 1)).days
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(2028, 1, 1), 21_184);
    assert_eq!(days_from_civil(2028, 2, 1), 21_215);
    assert_eq!(days_from_civil(2028, 3, 1), 21_244);
    assert_eq!(civil_from_days(21_243), (2028, 2, 29));
    assert_eq!(civil_from_days(20_514), (2026, 3, 2));
    for d in (-800_000..800_000).step_by(97) {
        let (y, m, dd) = civil_from_days(d);
        assert_eq!(days_from_civil(y, m, dd), d);
    }
}

#[test]
fn a_scale_of_one_to_five_gets_one_bin_per_value() {
    let d = of(&[1., 2., 2., 3., 4., 5., 5., 5.], Scale::Integer);
    assert_eq!(lows(&d), vec![1., 2., 3., 4., 5.]);
    assert_eq!(d.bins[4].high, 6.0);
    assert_eq!(counts(&d), vec![1, 2, 1, 1, 3]);
    assert_eq!(labels(&d), vec!["1", "2", "3", "4", "5"]);
    assert_eq!(d.bins[4].share, 3.0 / 8.0);
    assert_eq!((d.n, d.respondents, d.min, d.max), (8, 8, 1.0, 5.0));
    assert!(!d.merged);
}

#[test]
fn ages_fall_in_decades() {
    let ages: Vec<f64> = (18..=90).map(f64::from).collect();
    let d = of(&ages, Scale::Integer);
    assert_eq!(lows(&d), vec![10., 20., 30., 40., 50., 60., 70., 80., 90.]);
    assert_eq!(counts(&d), vec![2, 10, 10, 10, 10, 10, 10, 10, 1]);
    let l = labels(&d);
    assert_eq!((l[0].as_str(), l[1].as_str()), ("10–19", "20–29"));
    assert_eq!(l[8], "90–99");
}

#[test]
fn decimals_get_round_widths_and_the_last_bin_holds_its_top() {
    // Range 2.1: 0.1 would need 21 bins, 0.2 needs 11 (0.2 to 2.4, 2.4 in the last).
    let d = of(&[0.3, 0.75, 1.0, 2.4], Scale::Decimal);
    let expected = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2];
    assert_eq!(lows(&d), expected);
    assert_eq!(d.bins[10].high, 2.4);
    assert_eq!(counts(&d), vec![1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(
        (labels(&d)[0].as_str(), labels(&d)[10].as_str()),
        ("0.2–0.4", "2.2–2.4")
    );

    // Range 25: width 2 would need 13 bins, 2.5 needs 10.
    let d = of(&[0.0, 7.5, 25.0], Scale::Decimal);
    assert_eq!(counts(&d), vec![1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    assert_eq!(labels(&d)[..2], ["0–2.5", "2.5–5"]);
    assert_eq!(labels(&d)[9], "22.5–25");

    // One value: one bin of no width.
    assert_eq!(labels(&of(&[3.25, 3.25], Scale::Decimal)), vec!["3.25"]);
}

#[test]
fn months_follow_the_calendar_in_a_leap_year() {
    // 90 days would need 14 weeks (Monday 2027-12-27 to Monday 2028-03-27), so months.
    let days = [(1, 1), (1, 15), (2, 29), (3, 1), (3, 31)].map(|(m, d)| day(2028, m, d));
    let d = of(&days, Scale::Date);
    assert_eq!(lows(&d), vec![21_184., 21_215., 21_244.]);
    assert_eq!(d.bins[1].high - d.bins[1].low, 29.0);
    assert_eq!(d.bins[2].high, 21_275.0);
    assert_eq!(counts(&d), vec![2, 1, 2]);
    assert_eq!(labels(&d), vec!["2028-01", "2028-02", "2028-03"]);
}

#[test]
fn weeks_start_on_monday() {
    // Wednesday 2026-03-04, Sunday 2026-03-08 and Monday 2026-04-20.
    let d = of(
        &[day(2026, 3, 4), day(2026, 3, 8), day(2026, 4, 20)],
        Scale::Date,
    );
    assert_eq!(d.bins[0].low, day(2026, 3, 2));
    assert_eq!(counts(&d), vec![2, 0, 0, 0, 0, 0, 0, 1]);
    let l = labels(&d);
    assert_eq!(l[0], "2026-03-02 – 2026-03-08");
    assert_eq!(l[7], "2026-04-20 – 2026-04-26");
}

#[test]
fn long_spans_of_dates_use_years_and_decades() {
    let d = of(&[day(2019, 6, 10), day(2026, 2, 3)], Scale::Date);
    assert_eq!(d.bins.len(), 8);
    assert_eq!(d.bins[0].low, day(2019, 1, 1));
    assert_eq!(
        (labels(&d)[0].as_str(), labels(&d)[7].as_str()),
        ("2019", "2026")
    );

    // 1940 to 2005: 66 years, 33 of two, 14 of five, 7 decades.
    let d = of(&[day(1940, 5, 1), day(2005, 12, 31)], Scale::Date);
    assert_eq!(d.bins.len(), 7);
    assert_eq!(labels(&d)[0], "1940–1949");
    assert_eq!(d.bins[6].high, day(2010, 1, 1));
}

#[test]
fn times_of_day_use_half_hours_over_a_morning() {
    // 07:00 to 12:00: 21 quarters of an hour, 11 half hours (12:00 starts the last).
    let d = of(&[420.0, 449.0, 450.0, 720.0], Scale::Time);
    assert_eq!(d.bins.len(), 11);
    assert_eq!(d.bins[0].low, 420.0);
    assert_eq!((counts(&d)[0], counts(&d)[1], counts(&d)[10]), (2, 1, 1));
    let l = labels(&d);
    assert_eq!(
        (l[0].as_str(), l[10].as_str()),
        ("07:00–07:30", "12:00–12:30")
    );
}

#[test]
fn moments_use_six_hours_over_two_days() {
    // 2026-03-01 07:00 and 2026-03-02 20:00 UTC: 38 hours, 7 blocks of six.
    let d = of(&[1_772_348_400.0, 1_772_481_600.0], Scale::DateTime);
    assert_eq!(d.bins.len(), 7);
    assert_eq!(d.bins[0].low, 1_772_344_800.0);
    let l = labels(&d);
    assert_eq!(l[0], "2026-03-01 06:00–12:00");
    assert_eq!(l[2], "2026-03-01 18:00–24:00");
    assert_eq!(l[3], "2026-03-02 00:00–06:00");

    // Four days and a bit: whole days.
    let d = of(&[1_772_348_400.0, 1_772_694_000.0], Scale::DateTime);
    assert_eq!(d.bins.len(), 5);
    assert_eq!(labels(&d)[0], "2026-03-01");
}

#[test]
fn labels_are_plain() {
    assert_eq!(label(Scale::Decimal, 2.5), "2.5");
    assert_eq!(label(Scale::Decimal, 3.0), "3");
    assert_eq!(label(Scale::Decimal, 2.456), "2.46");
    assert_eq!(label(Scale::Decimal, -0.001), "0");
    assert_eq!(label(Scale::Integer, 3.4), "3");
    assert_eq!(label(Scale::Date, 21_243.0), "2028-02-29");
    assert_eq!(label(Scale::Time, 450.0), "07:30");
    assert_eq!(label(Scale::Time, 1_440.0), "24:00");
    assert_eq!(label(Scale::DateTime, 1_772_348_400.0), "2026-03-01 07:00");
}

#[test]
fn quartiles_of_one_to_a_hundred() {
    let values: Vec<f64> = (1..=100).map(f64::from).collect();
    let d = of(&values, Scale::Integer);
    // The share reaches 1/4, 1/2 and 3/4 exactly at 25, 50 and 75: the average with the
    // next value. Intervals: 1.96·√(p(1−p)/100) = 0.0849 (quartiles), 0.0980 (median), so
    // the shares 0.165–0.335, 0.402–0.598 and 0.665–0.835, reached at these values.
    assert_eq!(q(d.q1), (25.5, 17.0, 34.0));
    assert_eq!(q(d.median), (50.5, 41.0, 60.0));
    assert_eq!(q(d.q3), (75.5, 67.0, 84.0));
}

#[test]
fn the_median_interval_narrows_as_the_sample_grows() {
    let median = |n: u32| {
        let values: Vec<f64> = (1..=n).map(|i| f64::from(i) / f64::from(n)).collect();
        q(of(&values, Scale::Decimal).median)
    };
    let (_, low, high) = median(100);
    assert_eq!((low, high), (0.41, 0.6));
    // 1.96·√(0.25/1000) = 0.0310: shares 0.469 to 0.531.
    let large = median(1_000);
    assert_eq!(large, (0.5005, 0.47, 0.531));
    assert!(large.2 - large.1 < (high - low) / 3.0);
}

#[test]
fn an_even_median_averages_the_middle_values() {
    let d = of(&[4.0, 1.0, 3.0, 2.0], Scale::Decimal);
    assert_eq!((q(d.q1).0, q(d.median).0, q(d.q3).0), (1.5, 2.5, 3.5));
}

#[test]
fn a_heavy_weight_shifts_the_median() {
    let mut obs = one_each(&[1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(
        q(of(&[1.0, 2.0, 3.0, 4.0, 5.0], Scale::Integer).median).0,
        3.0
    );
    // Weights 1 1 1 1 3: the cumulative share passes 1/2 at 4 (4/7).
    obs[4].weight = 3.0;
    let d = distribution(&obs, Scale::Integer, 0).unwrap();
    assert_eq!(q(d.median).0, 4.0);
    assert_eq!((d.bins[4].weight, d.bins[4].share), (3.0, 3.0 / 7.0));
}

#[test]
fn several_values_per_respondent_widen_the_interval() {
    // 1 to 100 from 25 respondents of four values each: the effective size is 25, so the
    // shares 0.5 ± 1.96·0.1 = 0.304 to 0.696, reached at 31 and 70.
    let values: Vec<(f64, u32)> = (1..=100_u32).map(|i| (f64::from(i), (i - 1) / 4)).collect();
    let d = distribution(&given(&values), Scale::Integer, 0).unwrap();
    assert_eq!((d.n, d.respondents), (100, 25));
    assert_eq!(q(d.median), (50.5, 31.0, 70.0));
}

#[test]
fn quartiles_need_four_values_and_the_median_one() {
    let d = of(&[7.0], Scale::Integer);
    assert_eq!(q(d.median), (7.0, 7.0, 7.0));
    assert_eq!((d.q1, d.q3), (None, None));
    let d = of(&[1.0, 2.0, 3.0], Scale::Integer);
    assert_eq!((q(d.median).0, d.q1), (2.0, None));
    assert!(of(&[1.0, 2.0, 3.0, 4.0], Scale::Integer).q1.is_some());
}

#[test]
fn unusable_values_and_weights_are_left_out() {
    let mut obs = one_each(&[f64::NAN, f64::INFINITY, 2.0, 3.0, 4.0, 5.0]);
    obs[3].weight = 0.0;
    obs[4].weight = -1.0;
    obs[5].weight = f64::NAN;
    let d = distribution(&obs, Scale::Integer, 0).unwrap();
    assert_eq!((d.n, d.min, d.max), (1, 2.0, 2.0));
    assert_eq!(distribution(&obs[3..], Scale::Integer, 0), None);
    assert_eq!(distribution(&[], Scale::Date, 0), None);
}

/// `people[i]` distinct respondents each give the value `i + 1`.
fn respondents_per_value(people: &[u32]) -> Vec<Observation> {
    let values: Vec<f64> = (1..)
        .zip(people)
        .flat_map(|(value, n)| (0..*n).map(move |_| f64::from(value)))
        .collect();
    one_each(&values)
}

#[test]
fn small_bins_merge_with_their_smaller_neighbour() {
    // Worked by hand, smallest rule-breaker first (empty bins next to small ones count):
    // 3 joins 2; 7 joins 6; 6–7 joins 8; 2–3 joins 4; 10 joins 9; 2–4 (3 people, tied
    // with 6–8, leftmost) joins 1 (6 < 7); 6–8 joins 9–10 (6 < 7).
    let obs = respondents_per_value(&[6, 1, 0, 2, 7, 0, 0, 3, 5, 1]);
    let d = distribution(&obs, Scale::Integer, 5).unwrap();
    assert!(d.merged);
    assert_eq!((lows(&d), d.bins[2].high), (vec![1.0, 5.0, 6.0], 11.0));
    assert_eq!(people(&d), vec![9, 7, 9]);
    assert!(d.bins.iter().all(|b| b.count == 0 || b.respondents >= 5));
    assert_eq!(counts(&d).iter().sum::<u64>(), 25);
    assert_eq!(labels(&d), vec!["1–4", "5", "6–10"]);
    let shares: f64 = d.bins.iter().map(|b| b.share).sum();
    assert!((shares - 1.0).abs() < 1e-12);
}

#[test]
fn a_respondent_counts_once_in_a_bin() {
    // Respondents 0-5 answer 1; respondent 6 answers 2 three times and 3 once, with
    // respondents 7-10 also answering 3.
    let mut values: Vec<(f64, u32)> = (0..6).map(|r| (1.0, r)).collect();
    values.extend([(2.0, 6), (2.0, 6), (2.0, 6), (3.0, 6)]);
    values.extend((7..=10).map(|r| (3.0, r)));
    let d = distribution(&given(&values), Scale::Integer, 0).unwrap();
    assert_eq!((counts(&d), people(&d)), (vec![6, 3, 5], vec![6, 1, 5]));
    assert_eq!(d.respondents, 11);

    // The bin of 2 (1 person) joins the bin of 3 (5 < 6): respondent 6 is counted once.
    let d = distribution(&given(&values), Scale::Integer, 5).unwrap();
    assert_eq!((counts(&d), people(&d)), (vec![6, 8], vec![6, 5]));
    assert_eq!(labels(&d), vec!["1", "2–3"]);
}

#[test]
fn an_empty_bin_between_two_large_ones_stays() {
    let d = distribution(&respondents_per_value(&[5, 0, 5]), Scale::Integer, 5).unwrap();
    assert_eq!(counts(&d), vec![5, 0, 5]);
    assert!(!d.merged);
}

#[test]
fn too_few_respondents_make_one_bin() {
    let d = distribution(&one_each(&[1.0, 5.0, 9.0]), Scale::Integer, 5).unwrap();
    assert!(d.merged);
    assert_eq!(d.bins.len(), 1);
    let b = &d.bins[0];
    assert_eq!((b.low, b.high, b.count, b.respondents), (1.0, 10.0, 3, 3));
    assert_eq!(
        (b.share, bin_label(Scale::Integer, b.low, b.high)),
        (1.0, "1–9".to_owned())
    );
}

#[test]
fn respondents_are_counted_alike_whether_their_numbers_are_dense_or_not() {
    // Respondents 0..200, each with two values; then the same with far-apart numbers.
    let dense: Vec<Observation> = (0..400_u32)
        .map(|i| Observation {
            value: f64::from((i * 37) % 90),
            weight: 1.0 + f64::from(i % 3),
            respondent: i / 2,
        })
        .collect();
    let sparse: Vec<Observation> = dense
        .iter()
        .map(|o| Observation {
            respondent: o.respondent * 1_000_003,
            ..*o
        })
        .collect();
    let (a, b) = (
        distribution(&dense, Scale::Integer, 0).unwrap(),
        distribution(&sparse, Scale::Integer, 0).unwrap(),
    );
    assert_eq!(a, b);
    assert_eq!(a.respondents, 200);
    let people: u64 = a.bins.iter().map(|b| b.respondents).sum();
    assert!((200..=400).contains(&people), "{people}");
}

//! Estimates with honest margins. Every share and mean is a ratio of weighted sums, and its
//! standard error comes from Taylor linearization of that ratio, treating the respondents of the
//! unit as a with-replacement sample (each respondent its own cluster, no strata):
//!
//! `var(r) = n / (n - 1) · Σ wᵢ² (yᵢ - r)² / (Σ wᵢ)²`
//!
//! which is what survey packages (samplics, R's `survey`, Stata's `svy`) compute for a ratio
//! under that design. The sums it needs (`Σw`, `Σw²`, `Σwy`, `Σw²y`, `Σw²y²`) add up across
//! units, so intervals at every level of the tree come from the same single pass.
//!
//! The 95% interval of a share is computed on the logit scale with Student's t on `n - 1`
//! degrees of freedom and transformed back (it stays inside 0-100%); when nobody or everybody
//! chose an option the exact Clopper-Pearson bound on the effective sample size is used instead.
//! The interval of a mean is `mean ± t · se`.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

/// Weighted sums over the respondents of a group who answered a question.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Base {
    pub n: u64,
    /// Σw
    pub w: f64,
    /// Σw²
    pub w2: f64,
}

impl Base {
    pub fn add(&mut self, w: f64) {
        self.n += 1;
        self.w += w;
        self.w2 += w * w;
    }

    pub fn merge(&mut self, o: &Base) {
        self.n += o.n;
        self.w += o.w;
        self.w2 += o.w2;
    }

    pub fn minus(&self, o: &Base) -> Base {
        Base {
            n: self.n.saturating_sub(o.n),
            w: self.w - o.w,
            w2: self.w2 - o.w2,
        }
    }

    /// Kish's effective sample size of the group.
    pub fn effective_n(&self) -> f64 {
        if self.w2 > 0.0 {
            self.w * self.w / self.w2
        } else {
            0.0
        }
    }
}

/// Weighted sums of a variable `y` over a group: for an option, `y` is 1 when chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sums {
    /// Respondents with `y` ≠ 0 (for an option: how many chose it).
    pub count: u64,
    /// Σwy
    pub wy: f64,
    /// Σw²y
    pub w2y: f64,
    /// Σw²y² (equal to Σw²y for a yes/no variable)
    pub w2y2: f64,
}

impl Sums {
    pub fn add(&mut self, w: f64, y: f64) {
        if y != 0.0 {
            self.count += 1;
        }
        self.wy += w * y;
        self.w2y += w * w * y;
        self.w2y2 += w * w * y * y;
    }

    pub fn merge(&mut self, o: &Sums) {
        self.count += o.count;
        self.wy += o.wy;
        self.w2y += o.w2y;
        self.w2y2 += o.w2y2;
    }

    pub fn minus(&self, o: &Sums) -> Sums {
        Sums {
            count: self.count.saturating_sub(o.count),
            wy: self.wy - o.wy,
            w2y: self.w2y - o.w2y,
            w2y2: self.w2y2 - o.w2y2,
        }
    }
}

/// A point estimate with its standard error and 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    pub se: f64,
    pub low: f64,
    pub high: f64,
}

/// Student's t quantile for a two-sided 95% interval.
fn t95(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df).map_or(1.959_963_984_540_054, |t| t.inverse_cdf(0.975))
}

/// The linearized variance of the ratio `r = Σwy / Σw`.
fn ratio_variance(base: &Base, s: &Sums, r: f64) -> f64 {
    let n = base.n as f64;
    let residuals = s.w2y2 - 2.0 * r * s.w2y + r * r * base.w2;
    (n / (n - 1.0) * residuals / (base.w * base.w)).max(0.0)
}

/// The share of a group with `y` = 1, or `None` when nobody in it answered.
pub fn proportion(base: &Base, s: &Sums) -> Option<Estimate> {
    if base.n == 0 || base.w <= 0.0 {
        return None;
    }
    let p = (s.wy / base.w).clamp(0.0, 1.0);
    if base.n < 2 {
        return Some(Estimate {
            value: p,
            se: f64::NAN,
            low: 0.0,
            high: 1.0,
        });
    }
    let se = ratio_variance(base, s, p).sqrt();
    let t = t95(base.n as f64 - 1.0);
    let (low, high) = if p <= 0.0 || p >= 1.0 || se <= 0.0 {
        // Clopper-Pearson with no successes (or no failures) on the effective sample size.
        let bound = 1.0 - 0.025_f64.powf(1.0 / base.effective_n().max(1.0));
        if p <= 0.0 {
            (0.0, bound)
        } else {
            (1.0 - bound, 1.0)
        }
    } else {
        let logit = (p / (1.0 - p)).ln();
        let spread = t * se / (p * (1.0 - p));
        let back = |x: f64| 1.0 / (1.0 + (-x).exp());
        (back(logit - spread), back(logit + spread))
    };
    Some(Estimate {
        value: p,
        se,
        low,
        high,
    })
}

/// The mean of a variable over a group, or `None` when nobody in it answered.
pub fn mean(base: &Base, s: &Sums) -> Option<Estimate> {
    if base.n == 0 || base.w <= 0.0 {
        return None;
    }
    let m = s.wy / base.w;
    if base.n < 2 {
        return Some(Estimate {
            value: m,
            se: f64::NAN,
            low: f64::NEG_INFINITY,
            high: f64::INFINITY,
        });
    }
    let se = ratio_variance(base, s, m).sqrt();
    let t = t95(base.n as f64 - 1.0);
    Some(Estimate {
        value: m,
        se,
        low: m - t * se,
        high: m + t * se,
    })
}

/// Two-sided p-value of the difference between two independent estimates (z test).
pub fn difference_p(a: &Estimate, b: &Estimate) -> Option<f64> {
    let se = (a.se * a.se + b.se * b.se).sqrt();
    if !se.is_finite() || se <= 0.0 {
        return None;
    }
    let z = ((a.value - b.value) / se).abs();
    let normal = Normal::new(0.0, 1.0).ok()?;
    Some(2.0 * (1.0 - normal.cdf(z)))
}

/// Benjamini-Hochberg: which of the p-values are discoveries at false discovery rate `q`.
pub fn benjamini_hochberg(p: &[f64], q: f64) -> Vec<bool> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|a, b| {
        let (x, y) = (p.get(*a).copied(), p.get(*b).copied());
        x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal)
    });
    // The largest rank k with p(k) ≤ k q / m; every p-value up to it is a discovery.
    let cut = order
        .iter()
        .enumerate()
        .filter(|(rank, i)| {
            p.get(**i)
                .is_some_and(|v| *v <= (*rank as f64 + 1.0) * q / m as f64)
        })
        .map(|(rank, _)| rank + 1)
        .max()
        .unwrap_or(0);
    let mut out = vec![false; m];
    for i in order.iter().take(cut) {
        if let Some(slot) = out.get_mut(*i) {
            *slot = true;
        }
    }
    out
}

/// The upper tail of the chi-square distribution.
pub fn chi_square_p(statistic: f64, df: f64) -> Option<f64> {
    if df <= 0.0 || !statistic.is_finite() {
        return None;
    }
    let dist = ChiSquared::new(df).ok()?;
    Some(1.0 - dist.cdf(statistic.max(0.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(ys: &[f64], ws: &[f64]) -> (Base, Sums) {
        let (mut b, mut s) = (Base::default(), Sums::default());
        for (y, w) in ys.iter().zip(ws) {
            b.add(*w);
            s.add(*w, *y);
        }
        (b, s)
    }

    #[test]
    fn weighted_share_matches_samplics() {
        // samplics 0.6.1, TaylorEstimator(PopParam.prop) on y = a b a c a b with these weights:
        // point 0.6111111111111112, stderror 0.2376823776929038,
        // ci 0.10727334949650547 .. 0.9535967077732529.
        let (b, s) = sample(&[1., 0., 1., 0., 1., 0.], &[1., 2., 1.5, 1., 3., 0.5]);
        let e = proportion(&b, &s).unwrap();
        assert!((e.value - 0.611_111_111_111_111_2).abs() < 1e-12);
        assert!((e.se - 0.237_682_377_692_903_8).abs() < 1e-12);
        assert!((e.low - 0.107_273_349_496_505_47).abs() < 1e-9);
        assert!((e.high - 0.953_596_707_773_252_9).abs() < 1e-9);
    }

    #[test]
    fn weighted_mean_matches_samplics() {
        // samplics: point 3.5, stderror 0.7490735018081411, ci 1.5744452626955063 .. 5.4255547.
        let (b, s) = sample(&[1., 2., 3., 4., 5., 6.], &[1., 2., 1.5, 1., 3., 0.5]);
        let e = mean(&b, &s).unwrap();
        assert!((e.value - 3.5).abs() < 1e-12);
        assert!((e.se - 0.749_073_501_808_141_1).abs() < 1e-12);
        assert!((e.low - 1.574_445_262_695_506_3).abs() < 1e-9);
    }

    #[test]
    fn unweighted_share_has_the_textbook_error() {
        let ys: Vec<f64> = (0..100).map(|i| f64::from(u8::from(i < 30))).collect();
        let (b, s) = sample(&ys, &[1.0; 100]);
        let e = proportion(&b, &s).unwrap();
        assert!((e.se - (0.3_f64 * 0.7 / 99.0).sqrt()).abs() < 1e-12);
        assert!(e.low < 0.3 && e.high > 0.3 && e.low > 0.2 && e.high < 0.4);
    }

    #[test]
    fn nobody_chose_it_still_has_an_upper_bound() {
        let (b, s) = sample(&[0.0; 20], &[1.0; 20]);
        let e = proportion(&b, &s).unwrap();
        assert_eq!((e.value, e.low), (0.0, 0.0));
        // Clopper-Pearson for 0 of 20: 1 - 0.025^(1/20) = 0.1684.
        assert!((e.high - 0.168_433_8).abs() < 1e-6);
    }

    #[test]
    fn benjamini_hochberg_keeps_the_step_up_rule() {
        // m = 5, q = 0.05: thresholds 0.01 0.02 0.03 0.04 0.05; the largest p(k) under its
        // threshold is the third (0.029 ≤ 0.03), so the first three are discoveries even though
        // the second (0.021) is above its own threshold.
        let p = [0.029, 0.005, 0.3, 0.021, 0.045];
        assert_eq!(
            benjamini_hochberg(&p, 0.05),
            vec![true, true, false, true, false]
        );
        assert_eq!(benjamini_hochberg(&[], 0.05), Vec::<bool>::new());
    }

    #[test]
    fn chi_square_tail() {
        // The 95th percentile of chi-square with 1 degree of freedom is 3.841.
        assert!((chi_square_p(3.841_458_820_694_124, 1.0).unwrap() - 0.05).abs() < 1e-9);
        assert_eq!(chi_square_p(1.0, 0.0), None);
    }
}

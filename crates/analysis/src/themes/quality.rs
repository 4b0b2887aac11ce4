//! How well a clustering matches known labels: purity and normalized mutual information.

use std::collections::HashMap;

/// Purity of a clustering against labels: the share of answers in their cluster's majority
/// label. Answers without a cluster form one cluster of their own.
pub fn purity(labels: &[&str], clusters: &[Option<usize>]) -> f64 {
    let mut table: HashMap<Option<usize>, HashMap<&str, usize>> = HashMap::new();
    for (l, c) in labels.iter().zip(clusters) {
        *table.entry(*c).or_default().entry(l).or_default() += 1;
    }
    let majority: usize = table
        .values()
        .map(|m| m.values().copied().max().unwrap_or(0))
        .sum();
    majority as f64 / labels.len().max(1) as f64
}

/// Normalized mutual information (arithmetic mean of the entropies, as scikit-learn).
pub fn nmi(labels: &[&str], clusters: &[Option<usize>]) -> f64 {
    let n = labels.len() as f64;
    let mut joint: HashMap<(&str, Option<usize>), f64> = HashMap::new();
    let mut a: HashMap<&str, f64> = HashMap::new();
    let mut b: HashMap<Option<usize>, f64> = HashMap::new();
    for (l, c) in labels.iter().zip(clusters) {
        *joint.entry((l, *c)).or_default() += 1.0;
        *a.entry(l).or_default() += 1.0;
        *b.entry(*c).or_default() += 1.0;
    }
    let entropy = |m: &mut dyn Iterator<Item = f64>| -> f64 {
        m.map(|x| {
            let p = x / n;
            -p * p.ln()
        })
        .sum()
    };
    let (ha, hb) = (
        entropy(&mut a.values().copied()),
        entropy(&mut b.values().copied()),
    );
    let mi: f64 = joint
        .iter()
        .map(|((l, c), nij)| {
            let (na, nb) = (
                a.get(l).copied().unwrap_or(1.0),
                b.get(c).copied().unwrap_or(1.0),
            );
            nij / n * (n * nij / (na * nb)).ln()
        })
        .sum();
    if ha + hb == 0.0 {
        1.0
    } else {
        mi / ((ha + hb) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purity_and_nmi_of_known_clusterings() {
        let labels = ["a", "a", "b", "b"];
        assert_eq!(purity(&labels, &[Some(0), Some(0), Some(1), Some(1)]), 1.0);
        assert!((nmi(&labels, &[Some(0), Some(0), Some(1), Some(1)]) - 1.0).abs() < 1e-12);
        assert_eq!(purity(&labels, &[Some(0), Some(1), Some(0), Some(1)]), 0.5);
        assert!(nmi(&labels, &[Some(0), Some(1), Some(0), Some(1)]).abs() < 1e-12);
    }
}

//! Clustering short answers: a Dirichlet multinomial mixture fitted by collapsed Gibbs sampling
//! (GSDMM, Yin and Wang 2014, "A Dirichlet multinomial mixture model-based approach for short
//! text clustering"). Each answer belongs to one theme and draws its words from that theme's
//! words; the sampler starts with more themes than needed and lets the ones nobody needs empty
//! out, so the number of themes comes from the answers. It suits answers of a few words, where
//! k-means on TF-IDF vectors has too little to go on.

/// Settings of the sampler.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mixture {
    /// The most themes there can be.
    pub k: usize,
    /// How readily an answer starts or joins a small theme.
    pub alpha: f64,
    /// How readily an answer joins a theme whose words it does not share.
    pub beta: f64,
    pub iterations: usize,
    pub seed: u64,
    /// How many answers' worth each word of a theme's prior counts for.
    pub prior_weight: f64,
}

/// A fitted mixture: per theme, its answers, its words and how often each is used.
pub(super) struct Fitted {
    settings: Mixture,
    vocabulary: usize,
    docs_in: Vec<f64>,
    words_in: Vec<f64>,
    /// Per theme, per word: answers of the theme using it.
    counts: Vec<Vec<f64>>,
    documents: f64,
}

impl Fitted {
    /// The log of how likely an answer (its distinct words) is to belong to each theme.
    fn scores(&self, doc: &[u32], out: &mut [f64]) {
        let beta = self.settings.beta;
        let vb = self.vocabulary as f64 * beta;
        let k = self.settings.k as f64;
        for (z, score) in out.iter_mut().enumerate() {
            let m = self.docs_in.get(z).copied().unwrap_or(0.0);
            let n = self.words_in.get(z).copied().unwrap_or(0.0);
            let mut s =
                ((m + self.settings.alpha) / (self.documents + k * self.settings.alpha)).ln();
            if let Some(row) = self.counts.get(z) {
                for (i, w) in doc.iter().enumerate() {
                    let c = row.get(*w as usize).copied().unwrap_or(0.0);
                    s += (c + beta).ln() - (n + vb + i as f64).ln();
                }
            }
            *score = s;
        }
    }

    fn add(&mut self, doc: &[u32], z: usize, sign: f64) {
        if let Some(m) = self.docs_in.get_mut(z) {
            *m += sign;
        }
        if let Some(n) = self.words_in.get_mut(z) {
            *n += sign * doc.len() as f64;
        }
        if let Some(row) = self.counts.get_mut(z) {
            for w in doc {
                if let Some(c) = row.get_mut(*w as usize) {
                    *c += sign;
                }
            }
        }
    }

    /// The most likely theme of an answer among those `allowed` (all when empty).
    pub(super) fn best(&self, doc: &[u32], allowed: &[bool]) -> Option<usize> {
        let mut scores = vec![0.0; self.settings.k];
        self.scores(doc, &mut scores);
        scores
            .iter()
            .enumerate()
            .filter(|(z, _)| allowed.is_empty() || allowed.get(*z).copied().unwrap_or(false))
            .fold(None, |best: Option<(usize, f64)>, (z, s)| match best {
                Some((_, b)) if b >= *s => best,
                _ => Some((z, *s)),
            })
            .map(|(z, _)| z)
    }

    /// How well the themes fit the answers: the sum over answers of the log of how likely each is
    /// in its theme, the rest as they are. Higher is better.
    fn fit_of(&mut self, docs: &[&[u32]], assign: &[usize]) -> f64 {
        let mut scores = vec![0.0; self.settings.k];
        let mut total = 0.0;
        for (d, z) in docs.iter().zip(assign) {
            self.add(d, *z, -1.0);
            self.scores(d, &mut scores);
            total += scores.get(*z).copied().unwrap_or(0.0);
            self.add(d, *z, 1.0);
        }
        total
    }

    /// Whether theme `z` uses word `w`.
    pub(super) fn uses(&self, z: usize, w: u32) -> bool {
        self.counts
            .get(z)
            .and_then(|row| row.get(w as usize))
            .is_some_and(|c| *c > 0.0)
    }
}

impl Mixture {
    /// These settings with `k` themes at most and this seed.
    pub(super) const fn with(self, k: usize, seed: u64) -> Mixture {
        Mixture { k, seed, ..self }
    }

    /// Fits the mixture to `docs` (each its distinct word ids below `vocabulary`), starting from
    /// `start` where given (a theme below `k`), else from a random theme. `prior` gives the first
    /// themes words they hold from the start (the issues of a lexicon): answers using them are
    /// drawn to them, but an answer that is about something else goes elsewhere. `pinned`
    /// answers stay in their `start` theme. Returns each answer's theme and the fitted mixture.
    pub(super) fn fit(
        self,
        docs: &[&[u32]],
        vocabulary: usize,
        start: &[Option<usize>],
        prior: &[Vec<u32>],
        pinned: &[bool],
    ) -> (Vec<usize>, Fitted) {
        let k = self.k.max(1);
        let settings = Mixture { k, ..self };
        let mut rng = fastrand::Rng::with_seed(self.seed);
        let mut fitted = Fitted {
            settings,
            vocabulary: vocabulary.max(1),
            docs_in: vec![0.0; k],
            words_in: vec![0.0; k],
            counts: vec![vec![0.0; vocabulary]; k],
            documents: docs.len() as f64,
        };
        let mut assign: Vec<usize> = docs
            .iter()
            .enumerate()
            .map(|(i, _)| {
                start
                    .get(i)
                    .copied()
                    .flatten()
                    .filter(|z| *z < k)
                    .unwrap_or_else(|| rng.usize(..k))
            })
            .collect();
        for (d, z) in docs.iter().zip(&assign) {
            fitted.add(d, *z, 1.0);
        }
        for (z, words) in prior.iter().enumerate().take(k) {
            if let Some(n) = fitted.words_in.get_mut(z) {
                *n += self.prior_weight * words.len() as f64;
            }
            if let Some(row) = fitted.counts.get_mut(z) {
                for w in words {
                    if let Some(c) = row.get_mut(*w as usize) {
                        *c += self.prior_weight;
                    }
                }
            }
        }
        let mut scores = vec![0.0; k];
        for round in 0..=settings.iterations {
            let last = round == settings.iterations;
            let mut moved = 0;
            for ((d, z), pin) in docs
                .iter()
                .zip(assign.iter_mut())
                .zip(pinned.iter().chain(std::iter::repeat(&false)))
            {
                if *pin {
                    continue;
                }
                fitted.add(d, *z, -1.0);
                fitted.scores(d, &mut scores);
                let top = scores.iter().copied().fold(f64::MIN, f64::max);
                // The last round takes each answer's most likely theme: the result does not
                // depend on a final roll of the dice.
                let pick = if last {
                    scores.iter().position(|s| *s == top).unwrap_or(*z)
                } else {
                    let weights: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
                    let mut roll = rng.f64() * weights.iter().sum::<f64>();
                    weights
                        .iter()
                        .position(|w| {
                            roll -= w;
                            roll <= 0.0
                        })
                        .unwrap_or(k - 1)
                };
                if pick != *z {
                    moved += 1;
                }
                *z = pick;
                fitted.add(d, pick, 1.0);
            }
            if last && moved == 0 {
                break;
            }
        }
        (assign, fitted)
    }

    /// The best of `chains` fits from different seeds (a single chain can settle in a poor
    /// split), by [`Fitted::fit_of`].
    pub(super) fn fit_best(
        self,
        chains: u64,
        docs: &[&[u32]],
        vocabulary: usize,
        start: &[Option<usize>],
        prior: &[Vec<u32>],
        pinned: &[bool],
    ) -> (Vec<usize>, Fitted) {
        let mut best: Option<(f64, Vec<usize>, Fitted)> = None;
        for chain in 0..chains.max(1) {
            let settings = Mixture {
                seed: self.seed.wrapping_add(chain.wrapping_mul(7919)),
                ..self
            };
            let (assign, mut fitted) = settings.fit(docs, vocabulary, start, prior, pinned);
            let score = fitted.fit_of(docs, &assign);
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, assign, fitted));
            }
        }
        match best {
            Some((_, assign, fitted)) => (assign, fitted),
            None => self.fit(docs, vocabulary, start, prior, pinned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_sharing_words_end_in_one_theme_and_the_count_comes_from_the_data() {
        // Three groups of answers over words 0-2, 3-5 and 6-8.
        let groups: [&[u32]; 3] = [&[0, 1, 2], &[3, 4, 5], &[6, 7, 8]];
        let mut docs: Vec<Vec<u32>> = Vec::new();
        for i in 0..60 {
            let g = groups[i % 3];
            docs.push(vec![g[i % 3], g[(i + 1) % 3]]);
        }
        let refs: Vec<&[u32]> = docs.iter().map(Vec::as_slice).collect();
        let (assign, fitted) = Mixture {
            k: 10,
            alpha: 0.1,
            beta: 0.1,
            iterations: 20,
            seed: 3,
            prior_weight: 1.0,
        }
        .fit(&refs, 9, &[], &[], &[]);
        for i in 0..60 {
            assert_eq!(assign[i], assign[i % 3], "answer {i}");
        }
        let mut used: Vec<usize> = assign.clone();
        used.sort_unstable();
        used.dedup();
        assert_eq!(used.len(), 3);
        assert_eq!(fitted.best(&[0, 2], &[]), Some(assign[0]));
    }
}

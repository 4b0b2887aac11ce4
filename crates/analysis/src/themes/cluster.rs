//! Clustering of answers as TF-IDF vectors: spherical k-means and the silhouette that picks the
//! number of clusters.

/// A sparse vector: (term, weight) sorted by term, of length 1.
pub(super) type Sparse = Vec<(u32, f32)>;

pub(super) fn dot(a: &Sparse, dense: &[f32]) -> f32 {
    a.iter()
        .map(|(t, w)| dense.get(*t as usize).copied().unwrap_or(0.0) * w)
        .sum()
}

fn sparse_dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while let (Some((ta, wa)), Some((tb, wb))) = (a.get(i), b.get(j)) {
        match ta.cmp(tb) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += wa * wb;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The cluster of an answer that shares no word with any cluster.
const NOISE: usize = usize::MAX;

/// Spherical k-means: cosine similarity to centroids of unit length. Returns each vector's
/// cluster and the centroids.
pub(super) fn kmeans(
    docs: &[&Sparse],
    k: usize,
    dims: usize,
    seed: u64,
) -> (Vec<usize>, Vec<Vec<f32>>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let k = k.min(docs.len()).max(1);
    // k-means++ seeding on cosine distance.
    let mut centres: Vec<Vec<f32>> = Vec::with_capacity(k);
    let densify = |d: &Sparse| {
        let mut v = vec![0.0_f32; dims];
        for (t, w) in d {
            if let Some(x) = v.get_mut(*t as usize) {
                *x = *w;
            }
        }
        v
    };
    if let Some(first) = docs.get(rng.usize(..docs.len().max(1))) {
        centres.push(densify(first));
    }
    let mut nearest = vec![f32::MAX; docs.len()];
    while centres.len() < k {
        let Some(last) = centres.last() else { break };
        for (d, n) in docs.iter().zip(nearest.iter_mut()) {
            *n = n.min((1.0 - dot(d, last)).max(0.0));
        }
        let total: f32 = nearest.iter().map(|x| x * x).sum();
        if total <= 0.0 {
            break;
        }
        let mut roll = rng.f32() * total;
        let mut pick = 0;
        for (i, n) in nearest.iter().enumerate() {
            roll -= n * n;
            if roll <= 0.0 {
                pick = i;
                break;
            }
        }
        if let Some(d) = docs.get(pick) {
            centres.push(densify(d));
        }
    }
    let mut assign = vec![0_usize; docs.len()];
    for _ in 0..25 {
        let mut changed = false;
        for (d, a) in docs.iter().zip(assign.iter_mut()) {
            // An answer sharing no word with any centre belongs to none.
            let (best, similarity) = centres
                .iter()
                .enumerate()
                .map(|(c, centre)| (c, dot(d, centre)))
                .fold((NOISE, 0.0), |b, x| if x.1 > b.1 { x } else { b });
            let best = if similarity > 0.0 { best } else { NOISE };
            if best != *a {
                *a = best;
                changed = true;
            }
        }
        let mut sums = vec![vec![0.0_f32; dims]; centres.len()];
        for (d, a) in docs.iter().zip(&assign) {
            if let Some(s) = sums.get_mut(*a) {
                for (t, w) in d.iter() {
                    if let Some(x) = s.get_mut(*t as usize) {
                        *x += w;
                    }
                }
            }
        }
        for (c, s) in centres.iter_mut().zip(sums) {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                *c = s.into_iter().map(|x| x / norm).collect();
            }
        }
        if !changed {
            break;
        }
    }
    (assign, centres)
}

/// The best of several k-means runs from different seeds (the one whose answers sit closest to
/// their centres), as a single run can start with two centres in the same group.
pub(super) fn best_kmeans(docs: &[&Sparse], k: usize, dims: usize, seed: u64) -> Vec<usize> {
    let mut best: (f32, Vec<usize>) = (f32::MIN, Vec::new());
    for attempt in 0..5 {
        let (assign, centres) = kmeans(docs, k, dims, seed.wrapping_add(attempt * 7919));
        let fit: f32 = docs
            .iter()
            .zip(&assign)
            .filter_map(|(d, a)| centres.get(*a).map(|c| dot(d, c)))
            .sum();
        if fit > best.0 {
            best = (fit, assign);
        }
    }
    best.1
}

/// Mean silhouette (cosine distance) of a clustering of a sample.
pub(super) fn silhouette(docs: &[&Sparse], assign: &[usize], k: usize) -> f32 {
    let mut total = 0.0;
    let mut counted = 0;
    for (i, d) in docs.iter().enumerate() {
        let mut sum = vec![0.0_f32; k];
        let mut count = vec![0_usize; k];
        for (j, e) in docs.iter().enumerate() {
            if i == j {
                continue;
            }
            let c = assign.get(j).copied().unwrap_or(0);
            if let (Some(s), Some(n)) = (sum.get_mut(c), count.get_mut(c)) {
                *s += 1.0 - sparse_dot(d, e);
                *n += 1;
            }
        }
        let own = assign.get(i).copied().unwrap_or(0);
        let mean = |c: usize| {
            let n = count.get(c).copied().unwrap_or(0);
            (n > 0).then(|| sum.get(c).copied().unwrap_or(0.0) / n as f32)
        };
        let Some(a) = mean(own) else { continue };
        let b = (0..k)
            .filter(|c| *c != own)
            .filter_map(mean)
            .fold(f32::MAX, f32::min);
        if b == f32::MAX {
            continue;
        }
        total += (b - a) / a.max(b).max(f32::EPSILON);
        counted += 1;
    }
    if counted == 0 {
        -1.0
    } else {
        total / counted as f32
    }
}

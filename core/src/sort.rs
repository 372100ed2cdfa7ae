//! Sorting with as few copies of the sorting code as possible.
//!
//! Every `sort_by` with its own comparison closure is a separate instantiation of the
//! standard library's sort (driftsort or ipnsort, a few KB of wasm each). Here the standard
//! sort is instantiated twice: once for `f64` values and once for indices with a comparison
//! behind `&dyn Fn`; moving the app's sort calls onto them took 12 KB (raw; 3.4 KB gzip) off
//! the main wasm (BENCHMARKS.md, "Bundle size"). The hot inner loop of the raster fill keeps
//! its own sort (`crate::raster`), where a call through a pointer per comparison would cost
//! time.

use std::cmp::Ordering;

/// Sort `values` ascending by `f64::total_cmp` (−NaN < −∞ < … < −0 < +0 < … < +∞ < NaN).
/// Stable and unstable give the same result: under `total_cmp` only bit-identical values
/// are equal.
pub fn sort_f64(values: &mut [f64]) {
    values.sort_unstable_by(f64::total_cmp);
}

/// Stable sort of the indices in `order` by `cmp`, which compares what two indices stand for.
pub fn sort_indices_by(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Stable sort of `items` by `cmp`, like `slice::sort_by`: the positions are sorted by
/// [`sort_indices_by`], then the items are moved into that order (each exactly once).
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices_by(&mut order, &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` is a permutation of 0..n: every slot is taken exactly once, so `take` always
    // finds an item and none is lost.
    items.extend(order.into_iter().flat_map(|i| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f64_values_in_total_order() {
        let mut v = vec![3.0, -0.0, f64::NAN, 0.0, -1.5, f64::NEG_INFINITY];
        sort_f64(&mut v);
        let bits: Vec<u64> = v.iter().map(|x| x.to_bits()).collect();
        let want: Vec<u64> = [f64::NEG_INFINITY, -1.5, -0.0, 0.0, 3.0, f64::NAN]
            .iter()
            .map(|x| x.to_bits())
            .collect();
        assert_eq!(bits, want);
    }

    #[test]
    fn indices_sorted_stably_by_what_they_stand_for() {
        let score = [2, 1, 2, 0, 1];
        let mut order: Vec<usize> = (0..5).collect();
        sort_indices_by(&mut order, &|a, b| score[a].cmp(&score[b]));
        // Ties (1 and 4, 0 and 2) keep their index order.
        assert_eq!(order, vec![3, 1, 4, 0, 2]);
    }

    #[test]
    fn items_sorted_stably_and_none_lost() {
        let mut v = vec![("b", 2), ("a", 1), ("c", 2), ("d", 0), ("e", 1)];
        sort_by(&mut v, |x, y| y.1.cmp(&x.1));
        assert_eq!(v, vec![("b", 2), ("c", 2), ("a", 1), ("e", 1), ("d", 0)]);
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, |a, b| a.cmp(b));
        assert!(empty.is_empty());
    }

    #[test]
    fn sort_by_agrees_with_the_standard_stable_sort() {
        // A fixed pseudo-random sequence (LCG) with many ties.
        let mut x: u64 = 12345;
        let mut v: Vec<(u64, usize)> = (0..500)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((x >> 33) % 17, i)
            })
            .collect();
        let mut want = v.clone();
        want.sort_by_key(|a| a.0);
        sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, want);
    }
}

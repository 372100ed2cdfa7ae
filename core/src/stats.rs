//! District statistics: medians, ranks, change over time.

/// Median of the present values; `None` when there are none. For an even count it is the
/// mean of the two middle values.
pub fn median(values: &[Option<f64>]) -> Option<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Rank of every value, 1 = first. `higher_first` puts the largest value at rank 1 (for
/// indicators where more means more need). Ties share the best rank ("1224" competition
/// ranking), so a rank reads "n districts are ahead of this one, plus one". Missing values
/// get no rank.
pub fn ranks(values: &[Option<f64>], higher_first: bool) -> Vec<Option<usize>> {
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    values
        .iter()
        .map(|v| {
            let v = (*v)?;
            let ahead = present
                .iter()
                .filter(|&&o| if higher_first { o > v } else { o < v })
                .count();
            Some(ahead + 1)
        })
        .collect()
}

/// Change from `before` to `after`, per district. For percentages this is a difference in
/// percentage points (not a relative change): 40 % → 44 % is +4 pp.
pub fn change(before: &[Option<f64>], after: &[Option<f64>]) -> Vec<Option<f64>> {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| match (b, a) {
            (Some(b), Some(a)) => Some(a - b),
            _ => None,
        })
        .collect()
}

/// Values as `f64` with NaN for "missing", the form the classifier takes.
pub fn with_nan(values: &[Option<f64>]) -> Vec<f64> {
    values.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_even_missing() {
        assert_eq!(median(&[Some(3.0), Some(1.0), Some(2.0)]), Some(2.0));
        assert_eq!(
            median(&[Some(4.0), None, Some(1.0), Some(2.0), Some(3.0)]),
            Some(2.5)
        );
        assert_eq!(median(&[None, None]), None);
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn ranks_with_ties_direction_and_missing() {
        let v = [Some(10.0), Some(30.0), None, Some(30.0), Some(5.0)];
        assert_eq!(
            ranks(&v, true),
            vec![Some(3), Some(1), None, Some(1), Some(4)]
        );
        assert_eq!(
            ranks(&v, false),
            vec![Some(2), Some(3), None, Some(3), Some(1)]
        );
    }

    #[test]
    fn change_in_points() {
        assert_eq!(
            change(
                &[Some(40.0), None, Some(10.0)],
                &[Some(44.5), Some(1.0), None]
            ),
            vec![Some(4.5), None, None]
        );
    }
}

//! Distributing a budget or a number of places across districts.
//!
//! Planners hand out whole things: 40 Kita places, 6 social-work posts, or a euro budget
//! counted in cents. Splitting "in proportion to need × children" gives fractions, and the
//! rounded numbers must still add up to exactly what the council approved, or the table
//! will be picked apart in the meeting. We use the **Hamilton (largest-remainder)
//! method** (Balinski & Young, *Fair Representation*, 2nd ed. 2001, ch. 2): it is the
//! method used for German Bundestag seats from 1985 to 2008 ("Hare/Niemeyer"), so it is
//! familiar, easy to check by hand, never more than one unit away from the exact quota,
//! and always sums to the total.

use std::fmt::Write as _;

/// Why an allocation could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AllocationError {
    #[error("no district is eligible")]
    NoEligible,
    #[error("lengths differ")]
    LengthMismatch,
    #[error("the total must be a finite, non-negative amount")]
    BadTotal,
}

/// Result of [`allocate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// Units per district, in input order; sums to exactly the total. Ineligible districts
    /// get 0.
    pub units: Vec<u64>,
    /// `false` when `minimum_units × eligible districts` exceeds the total, so the minimum
    /// could not be guaranteed and the total was split equally instead (the UI says so).
    pub minimum_met: bool,
}

/// Split `total_units` (places, posts, or cents) across districts in proportion to
/// `weights` (typically need × children), only among `eligible` districts, after giving
/// each eligible district `minimum_units` first. The result sums to exactly `total_units`.
///
/// Weights must be ≥ 0; NaN, ±∞ and negative weights are treated as 0 (an unknown need must
/// not attract or repel money by accident).
///
/// **Rounding (Hamilton / largest remainder):** with `R` units left after the minimums and
/// weight sum `W`, district `i` has the exact quota `q_i = R · w_i / W`. Each gets
/// `floor(q_i)`; the `R − Σ floor(q_i)` units left over (fewer than the number of
/// districts) go one each to the largest fractional remainders `q_i − floor(q_i)`. Ties
/// between remainders go to the larger weight, then the lower index, so the result is
/// deterministic. Remainders are compared after rounding to 1e-9, so that `7.5` and
/// `7.499999999999999` (the same quota reached by different floating-point paths) count as
/// a tie and the documented tie rule, not rounding noise, decides.
///
/// Awkward inputs:
/// - **all eligible weights zero** → the remaining units are split equally among the
///   eligible districts (same largest-remainder rule, so ties go to the lower index);
/// - **`minimum × eligible > total`** → the minimum cannot be met: the whole total is split
///   equally among the eligible districts by the same rule, ties going to the larger
///   weight (the higher need) first, and [`Allocation::minimum_met`] is `false`;
/// - **one eligible district** → it gets everything;
/// - **total 0** → all zeros (`minimum_met` is `false` if a positive minimum was asked
///   for).
///
/// Errors: [`AllocationError::LengthMismatch`] when `weights` and `eligible` differ in
/// length; [`AllocationError::NoEligible`] when no district is eligible (also for empty
/// input), since the units would have nowhere to go.
///
/// Precision: quotas are computed in `f64`, so the split is exact for totals up to 2⁵³
/// (90 billion euros in cents); above that the sum is still exact, but a unit may land one
/// district off.
pub fn allocate(
    weights: &[f64],
    eligible: &[bool],
    total_units: u64,
    minimum_units: u64,
) -> Result<Allocation, AllocationError> {
    if weights.len() != eligible.len() {
        return Err(AllocationError::LengthMismatch);
    }
    let chosen: Vec<usize> = (0..eligible.len()).filter(|&i| eligible[i]).collect();
    if chosen.is_empty() {
        return Err(AllocationError::NoEligible);
    }
    let clean = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
    let tie: Vec<f64> = chosen.iter().map(|&i| clean(weights[i])).collect();
    let count = chosen.len() as u64;
    let mut units = vec![0u64; weights.len()];

    let reserved = minimum_units
        .checked_mul(count)
        .filter(|&m| m <= total_units);
    let (base, rest, shares, minimum_met) = match reserved {
        Some(m) => {
            let shares = if tie.iter().all(|&w| w == 0.0) {
                vec![1.0; tie.len()]
            } else {
                tie.clone()
            };
            (minimum_units, total_units - m, shares, true)
        }
        None => (0, total_units, vec![1.0; tie.len()], false),
    };
    let extra = largest_remainder(&shares, &tie, rest);
    for (k, &i) in chosen.iter().enumerate() {
        units[i] = base + extra[k];
    }
    Ok(Allocation { units, minimum_met })
}

/// Hamilton apportionment of `total` by `shares` (all ≥ 0, at least one > 0), remainder
/// ties broken by `tie` (larger first), then by position. Always sums to `total`.
fn largest_remainder(shares: &[f64], tie: &[f64], total: u64) -> Vec<u64> {
    let mut sum: f64 = shares.iter().sum();
    let mut scale = 1.0;
    if !sum.is_finite() {
        // Weights near f64::MAX overflow the sum; only ratios matter, so rescale.
        scale = 1.0 / shares.iter().copied().fold(0.0, f64::max);
        sum = shares.iter().map(|s| s * scale).sum();
    }
    let t = total as f64;
    let mut floors = Vec::with_capacity(shares.len());
    let mut remainders = Vec::with_capacity(shares.len());
    for &s in shares {
        // share ≤ 1 first, then × total: cannot overflow, and exact for simple ratios
        // (3/4 · 10 = 7.5).
        let quota = (s * scale / sum) * t;
        let floor = quota.floor();
        floors.push(floor as u64); // `as` saturates; the repair below keeps the sum exact
        remainders.push(((quota - floor) * 1e9).round() as u64);
    }
    let mut order: Vec<usize> = (0..shares.len()).collect();
    crate::sort::sort_indices_by(&mut order, &|a, b| {
        remainders[b]
            .cmp(&remainders[a])
            .then(tie[b].total_cmp(&tie[a]))
            .then(a.cmp(&b))
    });

    let assigned: u128 = floors.iter().map(|&f| f as u128).sum();
    let total128 = total as u128;
    if assigned > total128 {
        // Only reachable through rounding of huge totals: take the excess back from the
        // smallest remainders first.
        let mut excess = assigned - total128;
        for &k in order.iter().rev() {
            let take = excess.min(floors[k] as u128);
            floors[k] -= take as u64;
            excess -= take;
            if excess == 0 {
                break;
            }
        }
    } else {
        // Normally fewer than shares.len() units; the loop repeats only if rounding of a
        // huge total left more.
        let mut left = total128 - assigned;
        while left > 0 {
            for &k in &order {
                if left == 0 {
                    break;
                }
                floors[k] += 1;
                left -= 1;
            }
        }
    }
    floors
}

/// Euros (as typed by a planner) to whole cents, rounding half away from zero:
/// `1234.565 €` → `123457` cents.
///
/// The rounding works on the shortest decimal text of the number (what the planner typed)
/// rather than on `euros × 100`, because binary floating point cannot hold most decimals:
/// `1.005 × 100 = 100.49999999999999`, which would round to 1,00 € although the planner
/// wrote 1,005 €. Non-finite or negative amounts, and amounts too large for `u64` cents,
/// are [`AllocationError::BadTotal`]. `-0.0` is 0.
pub fn euros_to_cents(euros: f64) -> Result<u64, AllocationError> {
    if !euros.is_finite() || euros < 0.0 {
        return Err(AllocationError::BadTotal);
    }
    // Rust prints f64 without an exponent, as the shortest text that reads back exactly.
    let text = format!("{}", euros.abs());
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
    let round_up = u64::from(digit(2) >= 5);
    int.parse::<u64>()
        .ok()
        .and_then(|e| e.checked_mul(100))
        .and_then(|c| c.checked_add(digit(0) * 10 + digit(1) + round_up))
        .ok_or(AllocationError::BadTotal)
}

/// Cents as a euro amount with thousands grouping: `123457` → `"1.234,57"` (German) or
/// `"1,234.57"` (English). No currency sign, so the caller decides on `€` placement.
pub fn cents_to_euros_text(cents: u64, german: bool) -> String {
    let (group, decimal) = if german { ('.', ',') } else { (',', '.') };
    let int = (cents / 100).to_string();
    let mut out = String::with_capacity(int.len() + int.len() / 3 + 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    let _ = write!(out, "{decimal}{:02}", cents % 100);
    out
}

/// One district's line in the downloadable allocation table.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocationRow {
    pub key: String,
    pub name: String,
    pub need_score: Option<f64>,
    pub estimated_children: Option<f64>,
    pub weight: f64,
    /// Allocated units: places/posts, or cents when the table is in euros.
    pub units: u64,
}

/// CSV of an allocation for download (spreadsheets, council papers).
///
/// Header: `key,name,need_score,estimated_children,weight,allocated,unit`; the last column
/// repeats `unit_name` (e.g. `places`, `euros`) on every line so the file says what the
/// numbers are even when pasted elsewhere. One row per district in the given order, then a
/// `TOTAL` row whose `allocated` is the sum of all rows (= the total that was allocated).
///
/// Numbers use a dot as decimal separator and no grouping, whatever the UI language, so
/// that every spreadsheet and script reads them the same way: need score with 3 decimals,
/// estimated children with 1, weight with 3; missing or non-finite values are empty cells.
/// With `cents = true` the allocated units are cents and are written as euros with 2
/// decimals (`123457` → `1234.57`). Text fields are quoted when they contain a comma, a
/// quote or a line break, with quotes doubled, and lines end in CRLF (RFC 4180).
pub fn allocation_csv(rows: &[AllocationRow], unit_name: &str, cents: bool) -> String {
    let amount = |units: u64| {
        if cents {
            format!("{}.{:02}", units / 100, units % 100)
        } else {
            units.to_string()
        }
    };
    let number = |v: Option<f64>, decimals: usize| match v {
        Some(x) if x.is_finite() => format!("{x:.decimals$}"),
        _ => String::new(),
    };
    let unit = csv_field(unit_name);
    let mut out = String::from("key,name,need_score,estimated_children,weight,allocated,unit\r\n");
    let mut total: u128 = 0;
    for r in rows {
        total += u128::from(r.units);
        let _ = write!(
            out,
            "{},{},{},{},{},{},{unit}\r\n",
            csv_field(&r.key),
            csv_field(&r.name),
            number(r.need_score, 3),
            number(r.estimated_children, 1),
            number(Some(r.weight), 3),
            amount(r.units),
        );
    }
    let total = if cents {
        format!("{}.{:02}", total / 100, total % 100)
    } else {
        total.to_string()
    };
    let _ = write!(out, "TOTAL,,,,,{total},{unit}\r\n");
    out
}

/// RFC 4180 field: quoted (with `"` doubled) only when it contains `,`, `"`, CR or LF.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::need::SplitMix64;

    fn alloc(w: &[f64], total: u64, min: u64) -> Allocation {
        allocate(w, &vec![true; w.len()], total, min).unwrap()
    }

    #[test]
    fn equal_weights_remainder_goes_to_lower_index() {
        // Quotas 10/3 = 3.33 each; floors 3+3+3 = 9; one unit left, remainders tie and
        // weights tie → lowest index.
        let a = alloc(&[1.0, 1.0, 1.0], 10, 0);
        assert_eq!(a.units, vec![4, 3, 3]);
        assert!(a.minimum_met);
    }

    #[test]
    fn remainder_tie_goes_to_larger_weight() {
        // [3, 1] with 10: quotas 7.5 and 2.5; floors 7 + 2 = 9; remainders 0.5 = 0.5 →
        // the larger weight (index 0) gets the unit → 8, 2.
        assert_eq!(alloc(&[3.0, 1.0], 10, 0).units, vec![8, 2]);
        // Same with the order reversed: the larger weight still wins.
        assert_eq!(alloc(&[1.0, 3.0], 10, 0).units, vec![2, 8]);
        // Largest remainder beats larger weight: [5, 3, 2] with 7 → quotas 3.5, 2.1, 1.4;
        // floors 3+2+1 = 6; remainders .5, .1, .4 → index 0 → 4, 2, 1.
        assert_eq!(alloc(&[5.0, 3.0, 2.0], 7, 0).units, vec![4, 2, 1]);
    }

    #[test]
    fn one_district_gets_everything() {
        assert_eq!(alloc(&[0.3], 17, 0).units, vec![17]);
        assert_eq!(alloc(&[0.0], 17, 5).units, vec![17]);
        // Among several districts, only one eligible.
        let a = allocate(&[5.0, 1.0, 9.0], &[false, true, false], 12, 0).unwrap();
        assert_eq!(a.units, vec![0, 12, 0]);
    }

    #[test]
    fn all_zero_need_splits_equally() {
        // 10 over 4: 2.5 each, floors 8, two left → indices 0 and 1.
        assert_eq!(alloc(&[0.0, 0.0, 0.0, 0.0], 10, 0).units, vec![3, 3, 2, 2]);
        // NaN, negative and infinite weights count as zero too.
        assert_eq!(
            alloc(&[f64::NAN, -1.0, f64::INFINITY], 5, 0).units,
            vec![2, 2, 1]
        );
        // A zero weight among positive ones gets nothing beyond the minimum.
        assert_eq!(alloc(&[0.0, 1.0, f64::NAN], 6, 1).units, vec![1, 4, 1]);
    }

    #[test]
    fn minimum_first_then_in_proportion() {
        // 20 units, minimum 2 over 3 districts: 6 reserved, 14 left by [4, 2, 1]:
        // quotas 8, 4, 2 → 2+8, 2+4, 2+2 = 10, 6, 4.
        let a = alloc(&[4.0, 2.0, 1.0], 20, 2);
        assert_eq!(a.units, vec![10, 6, 4]);
        assert!(a.minimum_met);
        // Exactly enough for the minimum: everybody gets it, nothing more.
        let a = alloc(&[4.0, 2.0, 1.0], 6, 2);
        assert_eq!(a.units, vec![2, 2, 2]);
        assert!(a.minimum_met);
    }

    #[test]
    fn huge_minimum_cannot_be_met() {
        // Minimum 5 × 3 = 15 > 10: equal split 3.33 each, the spare unit goes to the
        // larger weight (index 1), not to the lower index.
        let a = alloc(&[1.0, 3.0, 2.0], 10, 5);
        assert_eq!(a.units, vec![3, 4, 3]);
        assert!(!a.minimum_met);
        // A minimum so large that minimum × count overflows u64.
        let a = alloc(&[1.0, 1.0], 7, u64::MAX);
        assert_eq!(a.units, vec![4, 3]);
        assert!(!a.minimum_met);
    }

    #[test]
    fn total_zero_and_excluded_districts() {
        let a = alloc(&[1.0, 2.0], 0, 0);
        assert_eq!(a.units, vec![0, 0]);
        assert!(a.minimum_met);
        let a = alloc(&[1.0, 2.0], 0, 1);
        assert_eq!(a.units, vec![0, 0]);
        assert!(!a.minimum_met);
        // Excluded districts get 0 even with the largest weight and a minimum:
        // 10 − 2·1 = 8 over [1, 3] → 2, 6 → 3, 7.
        let a = allocate(&[100.0, 1.0, 3.0], &[false, true, true], 10, 1).unwrap();
        assert_eq!(a.units, vec![0, 3, 7]);
    }

    #[test]
    fn errors() {
        assert_eq!(
            allocate(&[1.0, 2.0], &[true], 5, 0),
            Err(AllocationError::LengthMismatch)
        );
        assert_eq!(
            allocate(&[1.0, 2.0], &[false, false], 5, 0),
            Err(AllocationError::NoEligible)
        );
        assert_eq!(allocate(&[], &[], 5, 0), Err(AllocationError::NoEligible));
    }

    #[test]
    fn huge_weights_and_totals_still_sum_exactly() {
        let a = alloc(&[f64::MAX, f64::MAX, 1.0], 11, 0);
        assert_eq!(a.units, vec![6, 5, 0]);
        let a = alloc(&[1.0, 2.0, 3.0], u64::MAX, 0);
        assert_eq!(
            a.units.iter().map(|&u| u as u128).sum::<u128>(),
            u64::MAX as u128
        );
        let a = alloc(&[1.0], u64::MAX - 1000, 0);
        assert_eq!(a.units, vec![u64::MAX - 1000]);
    }

    #[test]
    fn kita_places_property() {
        // 40 Kita places (and other totals, with and without a minimum) over 170 districts
        // with pseudo-random weights: the sum is always exact, nobody ineligible gets a
        // unit, and a district never gets more than one unit fewer than a district with a
        // smaller weight (Hamilton stays within one unit of the exact quota).
        for seed in 0..60u64 {
            let mut rng = SplitMix64::new(seed);
            let weights: Vec<f64> = (0..170)
                .map(|_| {
                    let x = rng.next_f64();
                    if x < 0.05 {
                        0.0
                    } else {
                        (x * 1000.0).round() / 10.0 // some exact ties
                    }
                })
                .collect();
            let eligible: Vec<bool> = (0..170).map(|_| rng.next_f64() > 0.1).collect();
            for (total, min) in [(40, 0), (0, 0), (1, 0), (169, 0), (500, 1), (12_345, 3)] {
                let a = allocate(&weights, &eligible, total, min).unwrap();
                assert_eq!(
                    a.units.iter().sum::<u64>(),
                    total,
                    "seed {seed} total {total}"
                );
                for i in 0..170 {
                    if !eligible[i] {
                        assert_eq!(a.units[i], 0);
                        continue;
                    }
                    if a.minimum_met {
                        assert!(a.units[i] >= min);
                    }
                    for j in 0..170 {
                        if eligible[j] && weights[i] > weights[j] {
                            assert!(
                                a.units[i] + 1 >= a.units[j],
                                "seed {seed} total {total}: w {} → {}, w {} → {}",
                                weights[i],
                                a.units[i],
                                weights[j],
                                a.units[j]
                            );
                        }
                    }
                }
            }
            let a = allocate(&weights, &eligible, 40, 0).unwrap();
            assert_eq!(a.units.iter().sum::<u64>(), 40);
        }
    }

    #[test]
    fn euros_rounding() {
        // 1234.565 → 123456 cents + the third decimal 5 rounds away from zero → 123457.
        assert_eq!(euros_to_cents(1234.565), Ok(123_457));
        assert_eq!(euros_to_cents(1234.564), Ok(123_456));
        // 1.005 × 100 is 100.4999… in binary; the typed text "1.005" rounds to 101.
        assert_eq!(euros_to_cents(1.005), Ok(101));
        assert_eq!(euros_to_cents(0.994), Ok(99));
        assert_eq!(euros_to_cents(0.995), Ok(100));
        assert_eq!(euros_to_cents(2.5), Ok(250));
        assert_eq!(euros_to_cents(1_000_000.0), Ok(100_000_000));
        assert_eq!(euros_to_cents(0.0), Ok(0));
        assert_eq!(euros_to_cents(-0.0), Ok(0));
        assert_eq!(euros_to_cents(0.0000001), Ok(0));
        assert_eq!(euros_to_cents(-0.01), Err(AllocationError::BadTotal));
        assert_eq!(euros_to_cents(f64::NAN), Err(AllocationError::BadTotal));
        assert_eq!(
            euros_to_cents(f64::INFINITY),
            Err(AllocationError::BadTotal)
        );
        assert_eq!(euros_to_cents(1e30), Err(AllocationError::BadTotal));
    }

    #[test]
    fn euro_text() {
        assert_eq!(cents_to_euros_text(123_457, true), "1.234,57");
        assert_eq!(cents_to_euros_text(123_457, false), "1,234.57");
        assert_eq!(cents_to_euros_text(0, true), "0,00");
        assert_eq!(cents_to_euros_text(5, false), "0.05");
        assert_eq!(cents_to_euros_text(99_999, true), "999,99");
        assert_eq!(cents_to_euros_text(100_000_000, true), "1.000.000,00");
    }

    fn row(key: &str, name: &str, units: u64) -> AllocationRow {
        AllocationRow {
            key: key.into(),
            name: name.into(),
            need_score: Some(1.23456),
            estimated_children: Some(812.04),
            weight: 1002.5,
            units,
        }
    }

    #[test]
    fn csv_quoting_and_total() {
        let mut rows = vec![
            row("011", "Innenstadt-Nord", 25),
            row("012", "Hafen, Nordmarkt", 10),
            row("013", "Der \"Borsigplatz\"", 5),
            row("014", "Zeile\nzwei", 0),
        ];
        rows[3].need_score = None;
        rows[3].estimated_children = Some(f64::NAN);
        let csv = allocation_csv(&rows, "places", false);
        let expected = "key,name,need_score,estimated_children,weight,allocated,unit\r\n\
                        011,Innenstadt-Nord,1.235,812.0,1002.500,25,places\r\n\
                        012,\"Hafen, Nordmarkt\",1.235,812.0,1002.500,10,places\r\n\
                        013,\"Der \"\"Borsigplatz\"\"\",1.235,812.0,1002.500,5,places\r\n\
                        014,\"Zeile\nzwei\",,,1002.500,0,places\r\n\
                        TOTAL,,,,,40,places\r\n";
        assert_eq!(csv, expected);
        // The csv crate reads it back with the same fields.
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 5);
        assert_eq!(&records[2][1], "Der \"Borsigplatz\"");
        assert_eq!(&records[3][1], "Zeile\nzwei");
        assert_eq!(&records[4][5], "40");
    }

    #[test]
    fn csv_in_euros() {
        // 123457 + 76543 = 200000 cents = 2000.00 €.
        let rows = [row("1", "A", 123_457), row("2", "B", 76_543)];
        let csv = allocation_csv(&rows, "euros", true);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[1], "1,A,1.235,812.0,1002.500,1234.57,euros");
        assert_eq!(lines[2], "2,B,1.235,812.0,1002.500,765.43,euros");
        assert_eq!(lines[3], "TOTAL,,,,,2000.00,euros");
        assert_eq!(lines[4], "");
        // No rows: just the header and a zero total; a unit name with a comma is quoted.
        assert_eq!(
            allocation_csv(&[], "places, Kita", false),
            "key,name,need_score,estimated_children,weight,allocated,unit\r\n\
             TOTAL,,,,,0,\"places, Kita\"\r\n"
        );
    }
}

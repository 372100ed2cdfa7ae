//! The join report: which table rows belong to which district, and what almost matched.
//!
//! Keys are compared as text after trimming, exactly (`054` ≠ `54`): the report then lists
//! near misses with their kind, and marks as `safe` those a planner can accept with one
//! click because they cannot join the wrong district (see [`NearMiss::safe`]). Nothing is
//! joined by a fuzzy rule unless the planner chooses it ([`apply_fixes`]).

use super::layer::{ImportError, Layer, PropValue};
use super::table::Table;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A table row joined to a district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinMatch {
    /// Row number in the table file.
    pub row: usize,
    /// The key as the table wrote it.
    pub table_key: String,
    /// The district's key.
    pub district_key: String,
}

/// A district (key and name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictRef {
    /// The district's key.
    pub key: String,
    /// Its name.
    pub name: String,
}

/// A table row (row number and key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowRef {
    /// Row number in the table file.
    pub row: usize,
    /// The key cell.
    pub key: String,
}

/// A key that occurs more than once on one side. Such rows or districts are never joined:
/// which of them is meant cannot be known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateKey {
    /// The key.
    pub key: String,
    /// Table: row numbers; districts: positions (1-based) in the boundary layer.
    pub rows: Vec<usize>,
}

/// How a table key almost matches a district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NearMissKind {
    /// Same number, different leading zeros or a decimal part of zero: `54` / `054` / `54.0`.
    LeadingZeros,
    /// Same key but for letter case or white space: `a1 ` / `A1`.
    CaseOrWhitespace,
    /// Same after spelling normalisation (ä→ae, ö→oe, ü→ue, ß→ss, hyphens, spaces, dots
    /// dropped; distance 0) or a small spelling difference (distance 1–2).
    Spelling,
    /// The table key is a district's NAME (after the same normalisation), not its key.
    KeyIsName,
}

/// A table row whose key did not match, and the district it probably means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearMiss {
    /// Row number in the table file.
    pub row: usize,
    /// The key as the table wrote it.
    pub table_key: String,
    /// The district's key.
    pub district_key: String,
    /// The district's name.
    pub district_name: String,
    /// Which rule found it.
    pub kind: NearMissKind,
    /// Edit distance after normalisation (0 for all kinds but a spelling suggestion).
    pub distance: usize,
    /// True when the fix cannot join the wrong district: the rule only drops leading zeros,
    /// case, white space or spelling variants of umlauts/hyphens (distance 0), and the pair
    /// is one-to-one (no other unmatched row or district fits either side). Spelling
    /// suggestions with a distance above 0 are never safe: "Hörde" and "Horde" may be two
    /// places.
    pub safe: bool,
}

/// Everything the planner needs to judge a join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinReport {
    /// Exact matches (trimmed text equality).
    pub matched: Vec<JoinMatch>,
    /// Districts no row matched exactly.
    pub districts_without_row: Vec<DistrictRef>,
    /// Rows no district matched exactly.
    pub rows_without_district: Vec<RowRef>,
    /// Keys found twice in the boundary layer.
    pub duplicate_district_keys: Vec<DuplicateKey>,
    /// Keys found twice in the table.
    pub duplicate_table_keys: Vec<DuplicateKey>,
    /// Suggestions for the unmatched rows.
    pub near_misses: Vec<NearMiss>,
}

impl JoinReport {
    /// Indices (into [`JoinReport::near_misses`]) of the safe fixes, for a one-click "fix all".
    pub fn safe_fixes(&self) -> Vec<usize> {
        (0..self.near_misses.len())
            .filter(|&i| self.near_misses[i].safe)
            .collect()
    }

    /// True when every district has exactly one row and every row a district, no key is
    /// duplicated: nothing to decide.
    pub fn complete(&self) -> bool {
        self.districts_without_row.is_empty()
            && self.rows_without_district.is_empty()
            && self.duplicate_district_keys.is_empty()
            && self.duplicate_table_keys.is_empty()
    }
}

/// The district keys and names of a boundary layer, for [`join_report`]. Numbers are written
/// as the planner reads them: `54.0` → `54` (a Shapefile's DBF stores keys as numbers), other
/// numbers in Rust's shortest form; a missing value becomes an empty key. Without a name
/// field the key doubles as the name.
pub fn district_keys(
    layer: &Layer,
    key_field: usize,
    name_field: Option<usize>,
) -> Result<Vec<(String, String)>, ImportError> {
    let check = |f: usize| {
        if f < layer.fields.len() {
            Ok(())
        } else {
            Err(ImportError::NoSuchColumn {
                file: layer.source_file.clone(),
                column: (f + 1).to_string(),
            })
        }
    };
    check(key_field)?;
    if let Some(n) = name_field {
        check(n)?;
    }
    Ok(layer
        .features
        .iter()
        .map(|f| {
            let key = prop_text(f.properties.get(key_field));
            let name = name_field
                .map(|n| prop_text(f.properties.get(n)))
                .unwrap_or_else(|| key.clone());
            (key, name)
        })
        .collect())
}

/// A property as text: trimmed strings, integral numbers without `.0`.
pub fn prop_text(value: Option<&PropValue>) -> String {
    match value {
        Some(PropValue::Text(s)) => s.trim().to_owned(),
        Some(PropValue::Number(n)) => number_text(*n),
        _ => String::new(),
    }
}

/// `54.0` → `54`; other finite numbers in their shortest form.
pub fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// The key cells of a table column, with their row numbers, for [`join_report`].
pub fn table_keys(table: &Table, key_column: usize) -> Vec<(usize, String)> {
    table
        .rows
        .iter()
        .zip(&table.row_numbers)
        .map(|(r, &n)| (n, r.get(key_column).cloned().unwrap_or_default()))
        .collect()
}

/// The key cells of the rows of one year, for tables with a year column (one row per
/// district and year): join one year's rows, then publish all years by key (the mapping is
/// applied by key, see [`super::publish::PublishPlan::mapping`]). Rows whose year cell is
/// not `year` are left out; so a key that only occurs in other years is not in the report.
pub fn table_keys_in_year(
    table: &Table,
    key_column: usize,
    year_column: usize,
    year: u16,
) -> Vec<(usize, String)> {
    table
        .rows
        .iter()
        .zip(&table.row_numbers)
        .filter(|(r, _)| {
            r.get(year_column).is_some_and(|y| {
                let y = y.trim();
                y.strip_suffix(".0").unwrap_or(y).parse::<u16>() == Ok(year)
            })
        })
        .map(|(r, &n)| (n, r.get(key_column).cloned().unwrap_or_default()))
        .collect()
}

/// Lower case, white space collapsed.
fn case_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Integral number keys without leading zeros: `054`, `54`, `54.0`, `54,0` → `54`.
fn numeric(s: &str) -> Option<String> {
    let t = s.trim();
    let int = t
        .strip_suffix(".0")
        .or_else(|| t.strip_suffix(",0"))
        .unwrap_or(t);
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let stripped = int.trim_start_matches('0');
    Some(if stripped.is_empty() { "0" } else { stripped }.to_owned())
}

/// Spelling normalisation: lower case, ä→ae ö→oe ü→ue ß→ss, and white space, hyphens,
/// dots, slashes and apostrophes dropped ("Lütgendortmund-West" = "luetgendortmundwest").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_whitespace() || matches!(c, '-' | '–' | '.' | '/' | '\'' | '’' | '_') => {
            }
            c => out.push(c),
        }
    }
    out
}

/// Levenshtein distance, or `None` when it exceeds `max` (early exit keeps it cheap).
fn levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        prev = cur;
    }
    prev.last().copied().filter(|&d| d <= max)
}

/// Most unmatched row × district pairs for which spelling distances are computed. WHY: the
/// distance is quadratic per pair; 1,000,000 pairs take well under a second in wasm, while
/// a wholesale mismatch (a wrong key column) of 11,000 × 11,000 areas would freeze the
/// worker and is not fixed by spelling suggestions anyway.
const MAX_SPELLING_PAIRS: usize = 1_000_000;

/// Compare the districts' keys with the table's keys.
///
/// `districts`: (key, name) per district, e.g. from [`district_keys`]; `table_keys`: (row
/// number, key cell) per row, e.g. from [`table_keys`]. Rows and districts whose key occurs
/// twice are listed as duplicates and joined to nothing.
pub fn join_report(districts: &[(String, String)], table_keys: &[(usize, String)]) -> JoinReport {
    let mut report = JoinReport {
        matched: Vec::new(),
        districts_without_row: Vec::new(),
        rows_without_district: Vec::new(),
        duplicate_district_keys: Vec::new(),
        duplicate_table_keys: Vec::new(),
        near_misses: Vec::new(),
    };
    // Group both sides by trimmed key, keeping first-seen order.
    let mut dgroups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut dindex: HashMap<String, usize> = HashMap::new();
    for (i, (key, _)) in districts.iter().enumerate() {
        let k = key.trim().to_owned();
        match dindex.get(&k) {
            Some(&g) => dgroups[g].1.push(i),
            None => {
                dindex.insert(k.clone(), dgroups.len());
                dgroups.push((k, vec![i]));
            }
        }
    }
    let mut tgroups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut tindex: HashMap<String, usize> = HashMap::new();
    for (i, (_, key)) in table_keys.iter().enumerate() {
        let k = key.trim().to_owned();
        match tindex.get(&k) {
            Some(&g) => tgroups[g].1.push(i),
            None => {
                tindex.insert(k.clone(), tgroups.len());
                tgroups.push((k, vec![i]));
            }
        }
    }
    for (key, members) in &dgroups {
        if members.len() > 1 {
            report.duplicate_district_keys.push(DuplicateKey {
                key: key.clone(),
                rows: members.iter().map(|i| i + 1).collect(),
            });
        }
    }
    for (key, members) in &tgroups {
        if members.len() > 1 {
            report.duplicate_table_keys.push(DuplicateKey {
                key: key.clone(),
                rows: members.iter().map(|&i| table_keys[i].0).collect(),
            });
        }
    }
    // Exact, unique on both sides.
    let mut district_done = vec![false; districts.len()];
    let mut row_done = vec![false; table_keys.len()];
    for (key, members) in &tgroups {
        if members.len() != 1 || key.is_empty() {
            continue;
        }
        if let Some(&g) = dindex.get(key) {
            if dgroups[g].1.len() == 1 {
                let (d, r) = (dgroups[g].1[0], members[0]);
                district_done[d] = true;
                row_done[r] = true;
                report.matched.push(JoinMatch {
                    row: table_keys[r].0,
                    table_key: table_keys[r].1.clone(),
                    district_key: districts[d].0.clone(),
                });
            }
        }
    }
    report.matched.sort_by_key(|m| m.row);
    let dup_district = |d: usize| dgroups[dindex[districts[d].0.trim()]].1.len() > 1;
    let dup_row = |r: usize| tgroups[tindex[table_keys[r].1.trim()]].1.len() > 1;
    for (d, (key, name)) in districts.iter().enumerate() {
        if !district_done[d] {
            report.districts_without_row.push(DistrictRef {
                key: key.clone(),
                name: name.clone(),
            });
        }
    }
    for (r, (row, key)) in table_keys.iter().enumerate() {
        if !row_done[r] {
            report.rows_without_district.push(RowRef {
                row: *row,
                key: key.clone(),
            });
        }
    }
    // Near misses: unmatched, non-duplicate rows against unmatched, non-duplicate districts.
    let open_d: Vec<usize> = (0..districts.len())
        .filter(|&d| !district_done[d] && !dup_district(d))
        .collect();
    let open_r: Vec<usize> = (0..table_keys.len())
        .filter(|&r| !row_done[r] && !dup_row(r) && !table_keys[r].1.trim().is_empty())
        .collect();
    type Rule = (NearMissKind, fn(&str) -> Option<String>, bool);
    let rules: [Rule; 4] = [
        (NearMissKind::CaseOrWhitespace, |s| Some(case_ws(s)), false),
        (NearMissKind::LeadingZeros, numeric, false),
        (NearMissKind::Spelling, |s| Some(fold(s)), false),
        (NearMissKind::KeyIsName, |s| Some(fold(s)), true),
    ];
    let mut candidates: Vec<(usize, usize, NearMissKind, usize)> = Vec::new();
    let mut row_has = vec![false; table_keys.len()];
    for (kind, norm, against_name) in rules {
        let mut by_norm: HashMap<String, Vec<usize>> = HashMap::new();
        for &d in &open_d {
            let target = if against_name {
                &districts[d].1
            } else {
                &districts[d].0
            };
            if let Some(n) = norm(target).filter(|n| !n.is_empty()) {
                by_norm.entry(n).or_default().push(d);
            }
        }
        for &r in &open_r {
            if row_has[r] {
                continue; // an earlier, stricter rule already found this row's district
            }
            if let Some(ds) = norm(&table_keys[r].1).and_then(|n| by_norm.get(&n)) {
                row_has[r] = true;
                candidates.extend(ds.iter().map(|&d| (r, d, kind, 0)));
            }
        }
    }
    // Spelling suggestions on names, only for keys that hold letters (a number one digit
    // off is another district, never a typo we may suggest).
    let rest: Vec<usize> = open_r
        .iter()
        .copied()
        .filter(|&r| !row_has[r] && table_keys[r].1.chars().any(char::is_alphabetic))
        .collect();
    if rest.len().saturating_mul(open_d.len()) <= MAX_SPELLING_PAIRS {
        for &r in &rest {
            let key = fold(&table_keys[r].1);
            // WHY ≤ 2 and at most a third of the name: two typos in "Bövinghausen" are still
            // recognisable; two in a four-letter name make another name.
            let max = (key.chars().count() / 3).min(2);
            for &d in &open_d {
                if let Some(dist) = levenshtein(&key, &fold(&districts[d].1), max) {
                    candidates.push((r, d, NearMissKind::Spelling, dist));
                }
            }
        }
    }
    let mut per_row: HashMap<usize, usize> = HashMap::new();
    let mut per_district: HashMap<usize, usize> = HashMap::new();
    for &(r, d, _, _) in &candidates {
        *per_row.entry(r).or_default() += 1;
        *per_district.entry(d).or_default() += 1;
    }
    for (r, d, kind, distance) in candidates {
        let one_to_one = per_row[&r] == 1 && per_district[&d] == 1;
        report.near_misses.push(NearMiss {
            row: table_keys[r].0,
            table_key: table_keys[r].1.clone(),
            district_key: districts[d].0.clone(),
            district_name: districts[d].1.clone(),
            kind,
            distance,
            safe: one_to_one && distance == 0,
        });
    }
    report.near_misses.sort_by_key(|n| (n.row, n.distance));
    report
}

/// The final row → district assignment: the exact matches plus the chosen near misses
/// (indices into [`JoinReport::near_misses`], e.g. [`JoinReport::safe_fixes`]). A chosen fix
/// whose row or district is already taken is skipped, so the result stays one-to-one.
pub fn apply_fixes(report: &JoinReport, chosen: &[usize]) -> Vec<JoinMatch> {
    let mut out = report.matched.clone();
    let mut rows: std::collections::HashSet<usize> = out.iter().map(|m| m.row).collect();
    let mut keys: std::collections::HashSet<String> =
        out.iter().map(|m| m.district_key.clone()).collect();
    for &i in chosen {
        let Some(n) = report.near_misses.get(i) else {
            continue;
        };
        if rows.contains(&n.row) || keys.contains(&n.district_key) {
            continue;
        }
        rows.insert(n.row);
        keys.insert(n.district_key.clone());
        out.push(JoinMatch {
            row: n.row,
            table_key: n.table_key.clone(),
            district_key: n.district_key.clone(),
        });
    }
    out.sort_by_key(|m| m.row);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, n)| (k.to_string(), n.to_string()))
            .collect()
    }
    fn t(keys: &[&str]) -> Vec<(usize, String)> {
        keys.iter()
            .enumerate()
            .map(|(i, k)| (i + 2, k.to_string()))
            .collect()
    }

    #[test]
    fn exact_and_missing() {
        let r = join_report(&d(&[("001", "A"), ("002", "B")]), &t(&["001", "003"]));
        assert_eq!(r.matched.len(), 1);
        assert_eq!(r.matched[0].row, 2);
        assert_eq!(r.districts_without_row[0].key, "002");
        assert_eq!(
            r.rows_without_district[0],
            RowRef {
                row: 3,
                key: "003".into()
            }
        );
        assert!(r.near_misses.is_empty());
        assert!(!r.complete());
    }

    #[test]
    fn leading_zeros_case_and_whitespace_are_safe() {
        let r = join_report(
            &d(&[("054", "Nordmarkt-Ost"), ("A1", "X"), ("002", "B")]),
            &t(&["54", "a1 ", "002"]),
        );
        assert_eq!(r.matched.len(), 1);
        let kinds: Vec<_> = r.near_misses.iter().map(|n| (n.kind, n.safe)).collect();
        assert_eq!(
            kinds,
            vec![
                (NearMissKind::LeadingZeros, true),
                (NearMissKind::CaseOrWhitespace, true)
            ]
        );
        let mapping = apply_fixes(&r, &r.safe_fixes());
        assert_eq!(mapping.len(), 3);
        assert_eq!(mapping[0].district_key, "054");
    }

    #[test]
    fn names_instead_of_keys_and_spelling() {
        let r = join_report(
            &d(&[
                ("710", "Bövinghausen"),
                ("620", "Bittermark"),
                ("111", "Hörde"),
            ]),
            &t(&["Boevinghausen", "Bitermark", "Horde"]),
        );
        let n = &r.near_misses;
        assert_eq!(n.len(), 3);
        assert_eq!((n[0].kind, n[0].safe), (NearMissKind::KeyIsName, true));
        assert_eq!(
            (n[1].kind, n[1].distance, n[1].safe),
            (NearMissKind::Spelling, 1, false)
        );
        // "horde" vs "hoerde": one insertion, but five letters allow at most 1: suggested.
        assert_eq!(n[2].distance, 1);
        assert!(!n[2].safe);
    }

    #[test]
    fn numbers_are_never_spelling_suggestions() {
        let r = join_report(&d(&[("055", "A")]), &t(&["054"]));
        assert!(r.near_misses.is_empty());
    }

    #[test]
    fn ambiguous_fix_is_not_safe() {
        // "54" fits "054" and "0054": not one-to-one.
        let r = join_report(&d(&[("054", "A"), ("0054", "B")]), &t(&["54"]));
        assert_eq!(r.near_misses.len(), 2);
        assert!(r.near_misses.iter().all(|n| !n.safe));
        // Choosing both keeps the result one-to-one.
        assert_eq!(apply_fixes(&r, &[0, 1]).len(), 1);
    }

    #[test]
    fn duplicates_join_nothing() {
        let r = join_report(
            &d(&[("1", "A"), ("2", "B"), ("2", "C")]),
            &t(&["1", "1", "2"]),
        );
        assert!(r.matched.is_empty());
        assert_eq!(r.duplicate_table_keys[0].rows, vec![2, 3]);
        assert_eq!(r.duplicate_district_keys[0].rows, vec![2, 3]);
    }

    #[test]
    fn layer_keys_as_text() {
        let layer = Layer {
            unclosed_rings: Vec::new(),
            source_file: "b.shp".into(),
            fields: vec!["NR".into(), "NAME".into()],
            features: vec![super::super::layer::ImportedFeature {
                geometry: None,
                properties: vec![PropValue::Number(54.0), PropValue::Text(" Mitte ".into())],
            }],
        };
        assert_eq!(
            district_keys(&layer, 0, Some(1)).unwrap(),
            vec![("54".to_owned(), "Mitte".to_owned())]
        );
        assert!(district_keys(&layer, 2, None).is_err());
        assert_eq!(number_text(2.5), "2.5");
    }

    #[test]
    fn keys_of_one_year() {
        let table = crate::import::table::read_table(
            "t.csv",
            b"Nr;Jahr;W\n1;2018;2\n1;2024;3\n2;2024.0;4\n",
        )
        .unwrap();
        assert_eq!(
            table_keys_in_year(&table, 0, 1, 2024),
            vec![(3, "1".to_owned()), (4, "2".to_owned())]
        );
        // All years together: key 1 is a duplicate.
        let r = join_report(&d(&[("1", "A"), ("2", "B")]), &table_keys(&table, 0));
        assert_eq!(r.duplicate_table_keys[0].rows, vec![2, 3]);
    }

    #[test]
    fn levenshtein_small_cases() {
        assert_eq!(levenshtein("kitten", "sitting", 3), Some(3));
        assert_eq!(levenshtein("kitten", "sitting", 2), None);
        assert_eq!(levenshtein("", "ab", 2), Some(2));
    }
}

//! The whole import, natively, on the browser test's fixtures: the Dortmund boundaries as a
//! zipped Shapefile in EPSG:25832 and the 2024 indicators as a German-Excel CSV (both made
//! from the committed real data; see tests/fixtures/import/README.md). The session must
//! detect the system and the table format, join all 170 districts after the safe fixes, and
//! write a dataset folder that reads back with the same values and outlines as data/dortmund.

mod common;

use atlas_core::dataset::{parse_dataset, DatasetTexts};
use atlas_core::import::crs::Crs;
use atlas_core::import::publish::IndicatorChoice;
use atlas_core::import::reproject::haversine_m;
use atlas_core::import::session::{BuildRequest, CrsSource, FileRole, JoinRequest, Session};
use atlas_core::manifest::{Direction, Text};
use atlas_core::IndicatorId;
use geo::CoordsIter;
use std::path::PathBuf;

fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/import")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (name.to_owned(), bytes)
}

fn session() -> Session {
    let mut s = Session::default();
    for f in ["dortmund-25832-shp.zip", "dortmund-indikatoren-excel.csv"] {
        let (name, bytes) = fixture(f);
        s.add_file(name, bytes);
    }
    s
}

#[test]
fn analyze_detects_crs_table_format_and_keys() {
    let mut s = session();
    let a = s.analyze().expect("analysis");
    let roles: Vec<FileRole> = a.files.iter().map(|f| f.role).collect();
    assert_eq!(
        roles,
        vec![FileRole::Boundaries, FileRole::Table],
        "{:?}",
        a.files
    );
    let b = a.boundaries.as_ref().expect("boundaries");
    assert_eq!(b.feature_count, 170);
    assert_eq!(b.crs.detected, Some(Crs::Utm32));
    assert_eq!(b.crs.source, CrsSource::Prj);
    let t = a.table.as_ref().expect("table");
    assert_eq!(t.row_count, 170, "the total row is taken out");
    assert!(
        !t.detection.title_rows.is_empty(),
        "a title row was skipped"
    );
    let k = a.suggestion.as_ref().expect("a key suggestion");
    assert_eq!(b.fields[k.key_field].name.to_lowercase(), "unbeznr");
    assert_eq!(t.columns[k.table_column].name, "Unterbezirk-Nr.");
    let name = k.name_field.expect("a name field");
    assert!(b.fields[name]
        .samples
        .iter()
        .any(|v| v.chars().any(char::is_alphabetic)));
}

fn join_request(s: &mut Session) -> JoinRequest {
    let a = s.analyze().expect("analysis");
    let k = a.suggestion.expect("suggestion");
    JoinRequest {
        crs: None,
        key_field: k.key_field,
        name_field: k.name_field,
        table_column: k.table_column,
        renames: Vec::new(),
    }
}

#[test]
fn join_needs_fixes_and_the_safe_fixes_join_all() {
    let mut s = session();
    let mut request = join_request(&mut s);
    let first = s.join(&request).expect("join").report;
    assert!(
        first.matched.len() < 170,
        "the fixture writes some keys without leading zeros"
    );
    assert!(!first.rows_without_district.is_empty());
    let safe: Vec<(String, String)> = first
        .near_misses
        .iter()
        .filter(|m| m.safe)
        .map(|m| (m.table_key.clone(), m.district_key.clone()))
        .collect();
    assert_eq!(
        safe.len(),
        first.rows_without_district.len(),
        "every unmatched row has a safe fix"
    );
    request.renames = safe;
    let fixed = s.join(&request).expect("join").report;
    assert_eq!(fixed.matched.len(), 170);
    assert!(fixed.complete(), "{fixed:?}");
}

#[test]
fn build_gives_the_default_dataset_values_and_outlines() {
    let mut s = session();
    let mut request = join_request(&mut s);
    let report = s.join(&request).expect("join").report;
    request.renames = report
        .near_misses
        .iter()
        .filter(|m| m.safe)
        .map(|m| (m.table_key.clone(), m.district_key.clone()))
        .collect();
    let a = s.analyze().expect("analysis");
    let table = a.table.expect("table");
    let column = table
        .columns
        .iter()
        .position(|c| c.name.starts_with("Kinder unter 15"))
        .expect("the SGB II column");
    let folder = s
        .build(&BuildRequest {
            join: request,
            id: "import-test".into(),
            title: "Dortmund (Import)".into(),
            year: 2024,
            indicators: vec![IndicatorChoice {
                column,
                label: Text::new("Kinder unter 15 in SGB-II-Bezug", ""),
                unit: "%".into(),
                definition: Text::default(),
                direction: Direction::HigherIsMoreNeed,
                decimals: None,
                source: "Stadt Dortmund – Dortmunder Statistik".into(),
            }],
            category_field: None,
        })
        .expect("build");
    let imported = parse_dataset(&DatasetTexts {
        manifest: &folder.manifest_json,
        boundaries: &folder.boundaries_geojson,
        indicators: &folder.indicators_csv,
        services: folder.services_geojson.as_deref(),
    })
    .expect("the folder reads back");
    let reference = common::load("dortmund");
    assert_eq!(imported.districts.len(), 170);

    let id = imported.manifest.default_indicator.clone();
    let mine = imported.column(&id, 2024).expect("imported column");
    let theirs = reference
        .column(&IndicatorId("children_under_15_SGB_II_pct".into()), 2024)
        .expect("reference column");
    let mut max_shift = 0.0f64;
    for d in &reference.districts {
        let i = imported
            .district_by_key(&d.key)
            .unwrap_or_else(|| panic!("district {} missing", d.key));
        assert_eq!(i.name, d.name, "name of {}", d.key);
        let (a, b) = (mine[i.id.index()], theirs[d.id.index()]);
        match (a, b) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{}: {a} vs {b}", d.key),
            (None, None) => {}
            other => panic!("{}: {other:?}", d.key),
        }
        // Outlines: every vertex within 1 m of the committed one (same simplified rings).
        let (ca, cb): (Vec<_>, Vec<_>) = (
            i.geometry.coords_iter().collect(),
            d.geometry.coords_iter().collect(),
        );
        assert_eq!(ca.len(), cb.len(), "vertex count of {}", d.key);
        for (p, q) in ca.iter().zip(&cb) {
            max_shift = max_shift.max(haversine_m((p.x, p.y), (q.x, q.y)));
        }
    }
    assert!(max_shift < 1.0, "largest vertex shift {max_shift} m");
}

#[test]
fn a_valid_shapefile_lists_no_winding_fixes() {
    use atlas_core::import::validate::IssueKind;
    let mut s = session();
    let a = s.analyze().expect("analysis");
    let issues = &a.boundaries.expect("boundaries").issues;
    assert!(
        issues.iter().all(|i| i.kind != IssueKind::WrongWinding),
        "clockwise outer rings are the Shapefile convention: {issues:?}"
    );
}

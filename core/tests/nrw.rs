//! Checks on the committed NRW datasets and the catalogue, read with the app's own readers.

mod common;

use atlas_core::catalog::parse_catalog;
use atlas_core::prepared::PreparedMap;
use atlas_core::IndicatorId;
use std::collections::HashSet;

use common::{data_dir, load};

#[test]
fn municipalities_396_with_every_school_joined_by_ags() {
    let d = load("nrw-gemeinden");
    assert_eq!(d.districts.len(), 396);
    let keys: HashSet<&str> = d.districts.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(keys.len(), 396);
    assert!(keys.iter().all(|k| k.len() == 8 && k.starts_with("05")));
    // Every school's own AGS is one of the 396 (the join), and every municipality has schools.
    assert_eq!(d.services.len(), 5400);
    let school_ags: HashSet<&str> = d
        .services
        .iter()
        .filter_map(|s| s.source_district.as_deref())
        .collect();
    assert!(school_ags.is_subset(&keys));
    assert_eq!(
        school_ags.len(),
        396,
        "municipalities with at least one school"
    );
    let startchancen = d
        .column(&IndicatorId("startchancen_schulen".into()), 2024)
        .unwrap();
    assert_eq!(startchancen.iter().flatten().count(), 396);
}

#[test]
fn schools_lie_in_the_municipality_they_name() {
    // Coordinates are geocoded (OSM) and boundaries are generalised (VG5000, 1:5 000 000):
    // most, not all, points fall inside their own municipality. Report the agreement.
    let d = load("nrw-gemeinden");
    let m = PreparedMap::new(&d);
    let (mut same, mut total) = (0, 0);
    for (s, p) in d.services.iter().zip(&m.services) {
        total += 1;
        if p.district.map(|id| d.districts[id.index()].key.as_str()) == s.source_district.as_deref()
        {
            same += 1;
        }
    }
    println!("schools inside their own municipality: {same}/{total}");
    assert!(same as f64 / total as f64 > 0.9, "{same}/{total}");
}

#[test]
fn kreise_53_and_kreis_values_are_pupil_weighted_from_their_municipalities() {
    let k = load("nrw-kreise");
    assert_eq!(k.districts.len(), 53);
    let g = load("nrw-gemeinden");
    // Startchancen counts add up: Kreis = Σ of its municipalities.
    let sc = IndicatorId("startchancen_schulen".into());
    let (kc, gc) = (k.column(&sc, 2024).unwrap(), g.column(&sc, 2024).unwrap());
    for kd in &k.districts {
        let sum: f64 = g
            .districts
            .iter()
            .filter(|gd| gd.key.starts_with(&kd.key))
            .filter_map(|gd| gc[gd.id.index()])
            .sum();
        assert_eq!(kc[kd.id.index()], Some(sum), "{}", kd.name);
    }
}

#[test]
fn the_18_model_municipalities_are_listed_with_existing_keys() {
    for folder in ["nrw-gemeinden", "nrw-kreise"] {
        let d = load(folder);
        let h = d.manifest.highlight.as_ref().expect("highlight");
        assert_eq!(h.members.len(), 18, "{folder}");
        for m in &h.members {
            assert!(!m.keys.is_empty(), "{folder}: {}", m.name);
            for k in &m.keys {
                assert!(d.district_by_key(k).is_some(), "{folder}: {} → {k}", m.name);
            }
        }
        // Dortmund drills down to its own dataset.
        let dd = &d.manifest.drilldown[0];
        assert_eq!(d.district_by_key(&dd.key).unwrap().name, "Dortmund");
        assert_eq!(dd.dataset, "dortmund");
    }
    // Kreis Unna in the municipality view: its 10 municipalities (AGS 05978…).
    let g = load("nrw-gemeinden");
    let unna = g
        .manifest
        .highlight
        .as_ref()
        .unwrap()
        .members
        .iter()
        .find(|m| m.name == "Kreis Unna")
        .unwrap();
    assert_eq!(unna.keys.len(), 10);
}

#[test]
fn catalog_lists_loadable_datasets_and_links_resolve() {
    let c =
        parse_catalog(&std::fs::read_to_string(data_dir().join("catalog.json")).unwrap()).unwrap();
    for e in &c.datasets {
        let d = load(e.path.trim_start_matches("data/"));
        assert_eq!(d.manifest.id, e.id);
        for dd in &d.manifest.drilldown {
            assert!(c.entry(&dd.dataset).is_some(), "{} → {}", e.id, dd.dataset);
        }
        if let Some(p) = &d.manifest.parent {
            assert!(c.entry(p).is_some(), "{} ↑ {p}", e.id);
        }
    }
}

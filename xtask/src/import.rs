//! `cargo xtask import OUT_DIR FILE... [--year N] [--title TEXT] [--source TEXT]`: the
//! browser's import, natively — the same `atlas_core::import::session::Session` the import
//! worker runs. For a deployment that wants a planner's files as its default dataset without
//! going through the browser (or to check what the browser would make of them).
//!
//! Non-interactive choices: the key columns the session suggests, every safe join fix, every
//! numeric table column (but the key) as an indicator with "higher = more need". Everything
//! the planner would see in the dialog is printed; anything unsafe stops the command.

use crate::Result;
use atlas_core::import::publish::{DatasetFolder, IndicatorChoice};
use atlas_core::import::session::{BuildRequest, JoinRequest, Session};
use atlas_core::manifest::{Direction, Text};
use std::path::{Path, PathBuf};

pub fn run(args: &[String]) -> Result<()> {
    let usage =
        "usage: cargo xtask import OUT_DIR FILE... [--year N] [--title TEXT] [--source TEXT]";
    let mut positional = Vec::new();
    let mut options = std::collections::HashMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let value = it
                .next()
                .ok_or(format!("--{name} needs a value\n{usage}"))?;
            options.insert(name.to_owned(), value.clone());
        } else {
            positional.push(PathBuf::from(a));
        }
    }
    if positional.len() < 2 {
        return Err(usage.into());
    }
    let out = positional.remove(0);
    let year: u16 = options
        .get("year")
        .map(|y| y.parse().map_err(|_| format!("--year {y}: not a year")))
        .transpose()?
        .unwrap_or(2024);
    let folder = import_files(
        &positional,
        year,
        options.get("title").map(String::as_str),
        options.get("source").map(String::as_str),
    )?;
    write_folder(&out, &folder)?;
    println!("xtask import: wrote {}", out.display());
    Ok(())
}

/// Run the session on `files` with the non-interactive choices described above.
pub fn import_files(
    files: &[PathBuf],
    year: u16,
    title: Option<&str>,
    source: Option<&str>,
) -> Result<DatasetFolder> {
    let mut session = Session::default();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        session.add_file(name, bytes);
    }
    let analysis = session.analyze().map_err(|e| e.to_string())?;
    for f in &analysis.files {
        match &f.error {
            Some(e) => println!("  {}: not used: {e}", f.name),
            None => println!("  {}: {:?}", f.name, f.role),
        }
    }
    let b = analysis.boundaries.as_ref().ok_or("no boundary file")?;
    println!(
        "  boundaries: {} features, coordinate system {:?} ({:?}), {} geometry issues",
        b.feature_count,
        b.crs.detected,
        b.crs.source,
        b.issues.len()
    );
    let t = analysis.table.as_ref().ok_or("no table")?;
    println!(
        "  table: {} rows, {:?}, title rows {:?}, removed rows {:?}",
        t.row_count,
        t.detection.encoding,
        t.detection.title_rows,
        t.detection
            .removed_rows
            .iter()
            .map(|r| r.row)
            .collect::<Vec<_>>()
    );
    let k = analysis
        .suggestion
        .clone()
        .ok_or("no key column of the table matches a boundary field")?;
    let mut join = JoinRequest {
        crs: None,
        key_field: k.key_field,
        name_field: k.name_field,
        table_column: k.table_column,
        renames: Vec::new(),
    };
    let report = session.join(&join).map_err(|e| e.to_string())?.report;
    join.renames = report
        .near_misses
        .iter()
        .filter(|m| m.safe)
        .map(|m| (m.table_key.clone(), m.district_key.clone()))
        .collect();
    let report = session.join(&join).map_err(|e| e.to_string())?.report;
    println!(
        "  join on {} = {}: {} matched ({} safe fixes), {} areas without a row, {} rows without an area",
        b.fields[k.key_field].name,
        t.columns[k.table_column].name,
        report.matched.len(),
        join.renames.len(),
        report.districts_without_row.len(),
        report.rows_without_district.len()
    );
    let source = source.unwrap_or("own data (source not given)").to_owned();
    let indicators: Vec<IndicatorChoice> = t
        .columns
        .iter()
        .enumerate()
        .filter(|(i, c)| c.numeric && *i != k.table_column)
        .map(|(i, c)| IndicatorChoice {
            column: i,
            label: Text::new(&c.name, &c.name),
            unit: if c.name.contains('%') {
                "%".into()
            } else {
                String::new()
            },
            definition: Text::default(),
            direction: Direction::HigherIsMoreNeed,
            decimals: None,
            source: source.clone(),
        })
        .collect();
    let title = title.unwrap_or(&t.file).to_owned();
    session
        .build(&BuildRequest {
            join,
            id: atlas_core::import::publish::slug(&title),
            title,
            year,
            indicators,
            category_field: None,
        })
        .map_err(|e| e.to_string())
}

fn write_folder(out: &Path, folder: &DatasetFolder) -> Result<()> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in folder.files() {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser test's fixtures through the native command give the default dataset's
    /// 170 districts, all joined, and a folder the app's reader accepts.
    #[test]
    fn imports_the_fixtures() {
        let root = crate::root().join("tests/fixtures/import");
        let folder = import_files(
            &[
                root.join("dortmund-25832-shp.zip"),
                root.join("dortmund-indikatoren-excel.csv"),
            ],
            2024,
            Some("Dortmund"),
            None,
        )
        .expect("import");
        let d = atlas_core::dataset::parse_dataset(&atlas_core::dataset::DatasetTexts {
            manifest: &folder.manifest_json,
            boundaries: &folder.boundaries_geojson,
            indicators: &folder.indicators_csv,
            services: folder.services_geojson.as_deref(),
        })
        .expect("reads back");
        assert_eq!(d.districts.len(), 170);
        // 10 numeric indicator columns in the fixture (the key column is not one).
        assert!(
            d.manifest.indicators.len() >= 10,
            "{}",
            d.manifest.indicators.len()
        );
        let first = &d.manifest.indicators[0];
        let values = d.column(&first.id, 2024).expect("column");
        assert_eq!(values.iter().filter(|v| v.is_some()).count(), 170);
    }
}

//! Service locations from a table with coordinate columns (Kitas, schools, counselling
//! centres from a city's address list).
//!
//! The result is a point [`Layer`] in the table's own coordinates (lon/lat or, e.g., UTM
//! "Rechtswert/Hochwert"); the coordinate system is detected and reprojected by the
//! geometry side like any other layer.

use super::layer::{ImportError, ImportedFeature, Layer, PropValue};
use super::table::{parse_number, NumberFormat, Table};
use geo::{Geometry, Point};

/// Header words for the x (east) coordinate, after lower-casing and splitting at
/// non-letters. German: Länge (longitude), Rechtswert (Gauß-Krüger/UTM), Ostwert.
const X_NAMES: [&str; 11] = [
    "lon",
    "lng",
    "long",
    "longitude",
    "länge",
    "laenge",
    "x",
    "rechtswert",
    "ostwert",
    "easting",
    "east",
];
/// Header words for the y (north) coordinate. German: Breite (latitude), Hochwert, Nordwert.
const Y_NAMES: [&str; 9] = [
    "lat", "latitude", "breite", "y", "hochwert", "nordwert", "northing", "north", "nord",
];

fn header_matches(header: &str, names: &[&str]) -> bool {
    let h = header.to_lowercase();
    let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).collect();
    names.iter().any(|n| words.contains(n))
        // "XKoordinate", "x_koord", "Y-Wert": a leading single letter glued to a word.
        || (names.contains(&"x") && (h.starts_with("xkoord") || h.starts_with("x-") || h.starts_with("x_")))
        || (names.contains(&"y") && (h.starts_with("ykoord") || h.starts_with("y-") || h.starts_with("y_")))
}

/// Guess the x and y coordinate columns from the header names, e.g. `Länge`/`Breite`,
/// `lon`/`lat`, `Rechtswert`/`Hochwert`, `X_Koordinate`/`Y_Koordinate`. The first matching
/// column of each wins; `None` unless both are found (and differ).
pub fn guess_coordinate_columns(headers: &[String]) -> Option<(usize, usize)> {
    let x = headers.iter().position(|h| header_matches(h, &X_NAMES))?;
    let y = headers.iter().position(|h| header_matches(h, &Y_NAMES))?;
    (x != y).then_some((x, y))
}

/// A coordinate cell: the column's detected format first, then German, then plain decimal
/// point (a coordinate column of a mixed file may have been judged non-numeric).
fn coordinate(table: &Table, col: usize, cell: &str) -> Option<f64> {
    let detected = table
        .detection
        .columns
        .get(col)
        .and_then(|c| c.number_format);
    detected
        .iter()
        .chain([NumberFormat::GERMAN, NumberFormat::PLAIN].iter())
        .find_map(|f| parse_number(cell, f).ok().flatten())
}

/// Turn a table with coordinate columns into a point layer. Every row becomes a feature;
/// a row whose coordinates are missing or unreadable gets no geometry (the validation step
/// lists it, nothing is dropped silently). The properties are all columns as text (numbers
/// stay text: `0815` is a name, not a number).
///
/// Errors: a column index out of range, or no row with readable coordinates.
pub fn read_service_points(
    table: &Table,
    x_col: usize,
    y_col: usize,
) -> Result<Layer, ImportError> {
    let file = table.detection.file.clone();
    for c in [x_col, y_col] {
        if c >= table.headers.len() {
            return Err(ImportError::NoSuchColumn {
                file,
                column: (c + 1).to_string(),
            });
        }
    }
    let mut features = Vec::with_capacity(table.rows.len());
    let mut first_bad: Option<(usize, usize, String)> = None;
    for (row, &line) in table.rows.iter().zip(&table.row_numbers) {
        let x = coordinate(table, x_col, &row[x_col]);
        let y = coordinate(table, y_col, &row[y_col]);
        let geometry = match (x, y) {
            (Some(x), Some(y)) => Some(Geometry::Point(Point::new(x, y))),
            _ => {
                if first_bad.is_none() {
                    let c = if x.is_none() { x_col } else { y_col };
                    first_bad = Some((line, c, row[c].clone()));
                }
                None
            }
        };
        features.push(ImportedFeature {
            geometry,
            properties: row
                .iter()
                .map(|c| {
                    if c.is_empty() {
                        PropValue::Null
                    } else {
                        PropValue::Text(c.clone())
                    }
                })
                .collect(),
        });
    }
    if features.iter().all(|f| f.geometry.is_none()) {
        let (row, c, value) =
            first_bad.unwrap_or((table.detection.header_row, x_col, String::new()));
        return Err(ImportError::BadCoordinate {
            file,
            row,
            column: table.headers[c].clone(),
            value,
        });
    }
    Ok(Layer {
        unclosed_rings: Vec::new(),
        source_file: file,
        fields: table.headers.clone(),
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::read_table;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn guesses_coordinate_columns() {
        assert_eq!(
            guess_coordinate_columns(&h(&["Name", "Länge", "Breite"])),
            Some((1, 2))
        );
        assert_eq!(guess_coordinate_columns(&h(&["lat", "lon"])), Some((1, 0)));
        assert_eq!(
            guess_coordinate_columns(&h(&["Rechtswert (UTM32)", "Hochwert (UTM32)"])),
            Some((0, 1))
        );
        assert_eq!(
            guess_coordinate_columns(&h(&["X_Koordinate", "Y_Koordinate"])),
            Some((0, 1))
        );
        assert_eq!(guess_coordinate_columns(&h(&["Name", "Xanten"])), None);
    }

    #[test]
    fn points_with_decimal_comma() {
        let t = read_table(
            "kitas.csv",
            "Name;Länge;Breite\nKita A;7,4652;51,5136\nKita B;;51,5\nKita C;7,5;51,52\n".as_bytes(),
        )
        .unwrap();
        let (x, y) = guess_coordinate_columns(&t.headers).unwrap();
        let layer = read_service_points(&t, x, y).unwrap();
        assert_eq!(layer.features.len(), 3);
        assert_eq!(
            layer.features[0].geometry,
            Some(Geometry::Point(Point::new(7.4652, 51.5136)))
        );
        assert_eq!(layer.features[1].geometry, None);
        assert_eq!(
            layer.features[0].properties[0],
            PropValue::Text("Kita A".into())
        );
    }

    #[test]
    fn no_coordinates_is_an_error() {
        let t = read_table("k.csv", b"Name;x;y\nA;a;b\nB;c;d\n").unwrap();
        assert!(matches!(
            read_service_points(&t, 1, 2),
            Err(ImportError::BadCoordinate { row: 2, .. })
        ));
        assert!(matches!(
            read_service_points(&t, 1, 9),
            Err(ImportError::NoSuchColumn { .. })
        ));
    }
}

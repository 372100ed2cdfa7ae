//! Exports of the current view: SVG (vector map with legend and text as text, opens in
//! Inkscape), and CSV of the mapped values. Pure functions of what is on screen, so the
//! export shows exactly the map, and tests can read it.

use crate::palette::Rgb;
use crate::prepared::PreparedMap;
use crate::projection::Viewport;
use std::fmt::Write as _;

/// One legend row: colour swatch and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendRow {
    pub color: Rgb,
    pub label: String,
}

/// Everything an export draws besides the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: String,
    pub subtitle: String,
    pub legend_title: String,
    pub legend: Vec<LegendRow>,
    /// Sources and attribution, one line each.
    pub sources: Vec<String>,
    /// Date of the export, as the user reads it.
    pub date: String,
}

/// Width of the legend column and heights of the header and footer, in CSS pixels; the PNG
/// export uses the same layout.
pub const LEGEND_WIDTH: f64 = 260.0;
pub const HEADER_HEIGHT: f64 = 64.0;
pub const LINE_HEIGHT: f64 = 16.0;

pub fn footer_height(frame: &Frame) -> f64 {
    (frame.sources.len() + 1) as f64 * LINE_HEIGHT + 12.0
}

/// Escape text for XML content and attributes.
pub fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG document: header (title, subtitle), the map as it is on screen (`viewport`,
/// `fills` per district), the legend on the right, sources and date at the bottom. Paths are
/// in screen pixels with 0.1 px precision; districts outside the view are left out; the map
/// is clipped to its rectangle.
pub fn svg(map: &PreparedMap, fills: &[Rgb], viewport: &Viewport, frame: &Frame) -> String {
    let (mw, mh) = (viewport.width, viewport.height);
    let width = mw + LEGEND_WIDTH;
    let height = HEADER_HEIGHT + mh + footer_height(frame);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">"#
    );
    let _ = write!(out, "<title>{}</title>", xml(&frame.title));
    let _ = write!(
        out,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = write!(
        out,
        r##"<text x="12" y="28" font-size="20" font-weight="bold" fill="#1b1b1b">{}</text><text x="12" y="50" font-size="13" fill="#4a4a4a">{}</text>"##,
        xml(&frame.title),
        xml(&frame.subtitle)
    );
    let _ = write!(
        out,
        r#"<defs><clipPath id="map-clip"><rect x="0" y="0" width="{mw}" height="{mh}"/></clipPath></defs><g id="map" transform="translate(0 {HEADER_HEIGHT})" clip-path="url(#map-clip)">"#
    );
    let visible = viewport.visible();
    for id in map.districts_in(visible) {
        let d = &map.districts[id.index()];
        let mut data = String::new();
        for polygon in &d.shape {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for (k, c) in ring.coords().enumerate() {
                    let p = viewport.to_screen(*c);
                    let _ = write!(
                        data,
                        "{}{:.1} {:.1}",
                        if k == 0 { "M" } else { "L" },
                        p.x,
                        p.y
                    );
                }
                data.push('Z');
            }
        }
        let fill = fills
            .get(id.index())
            .copied()
            .unwrap_or(Rgb(0xd3, 0xd3, 0xd3));
        let _ = write!(
            out,
            r##"<path d="{data}" fill="{}" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.8"/>"##,
            fill.hex()
        );
    }
    out.push_str("</g>");
    // Legend.
    let lx = mw + 16.0;
    let mut y = HEADER_HEIGHT + 18.0;
    let _ = write!(
        out,
        r##"<g id="legend"><text x="{lx}" y="{y}" font-size="13" font-weight="bold" fill="#1b1b1b">{}</text>"##,
        xml(&frame.legend_title)
    );
    y += 10.0;
    for row in &frame.legend {
        let _ = write!(
            out,
            r##"<rect x="{lx}" y="{y}" width="20" height="14" fill="{}" stroke="#888888"/><text x="{}" y="{}" font-size="12" fill="#1b1b1b">{}</text>"##,
            row.color.hex(),
            lx + 28.0,
            y + 11.5,
            xml(&row.label)
        );
        y += 20.0;
    }
    out.push_str("</g>");
    // Sources and date.
    let mut y = HEADER_HEIGHT + mh + LINE_HEIGHT + 2.0;
    out.push_str(r#"<g id="sources">"#);
    for line in frame.sources.iter().chain(std::iter::once(&frame.date)) {
        let _ = write!(
            out,
            r##"<text x="12" y="{y}" font-size="11" fill="#4a4a4a">{}</text>"##,
            xml(line)
        );
        y += LINE_HEIGHT;
    }
    out.push_str("</g></svg>\n");
    out
}

/// Quote a CSV field when it contains a separator, quote or line break (RFC 4180).
pub fn csv_field(s: &str) -> String {
    // Imported names may start like a formula (`=HYPERLINK(…)`): a spreadsheet opening the
    // export must show them as text (CSV injection).
    let s = &*crate::import::table::neutralise_formula(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// One row of the current view's data.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    pub key: String,
    pub name: String,
    /// The value as shown (already formatted, or a word like "geschützt"/"keine Daten").
    pub value: String,
    pub rank: Option<usize>,
    pub class: Option<usize>,
}

/// CSV of the mapped values: a comment-free header, one row per district, and the sources
/// in a trailing `# ` block would break spreadsheet imports, so they go in a last column of
/// the first row instead: `key,name,value,rank,class,source`.
pub fn data_csv(value_column: &str, rows: &[DataRow], source: &str) -> String {
    let mut out = format!("key,name,{},rank,class,source\r\n", csv_field(value_column));
    for (i, r) in rows.iter().enumerate() {
        let _ = write!(
            out,
            "{},{},{},{},{},{}\r\n",
            csv_field(&r.key),
            csv_field(&r.name),
            csv_field(&r.value),
            r.rank.map(|k| k.to_string()).unwrap_or_default(),
            r.class.map(|k| (k + 1).to_string()).unwrap_or_default(),
            if i == 0 {
                csv_field(source)
            } else {
                String::new()
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn csv_fields_never_start_a_formula() {
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-3.2"), "-3.2");
        assert_eq!(csv_field("Nordmarkt-Ost"), "Nordmarkt-Ost");
    }

    use super::*;
    use crate::dataset::tests::sample;

    fn frame() -> Frame {
        Frame {
            title: "Armut & <Test>".into(),
            subtitle: "2024".into(),
            legend_title: "Legende".into(),
            legend: vec![
                LegendRow {
                    color: Rgb(255, 0, 0),
                    label: "10 – 20".into(),
                },
                LegendRow {
                    color: Rgb(0, 0, 255),
                    label: "20 – 30".into(),
                },
            ],
            sources: vec!["Stadt Test".into()],
            date: "22.11.2026".into(),
        }
    }

    #[test]
    fn svg_has_paths_legend_text_and_escapes() {
        let d = sample();
        let m = PreparedMap::new(&d);
        let v = Viewport::fit(m.bounds, 400.0, 300.0, 10.0);
        let s = svg(&m, &[Rgb(1, 2, 3), Rgb(4, 5, 6)], &v, &frame());
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"660\""));
        assert_eq!(s.matches("<path ").count(), 2);
        assert!(s.contains("fill=\"#010203\"") && s.contains("fill=\"#040506\""));
        assert!(s.contains(">10 – 20</text>") && s.contains(">Legende</text>"));
        assert!(s.contains("Armut &amp; &lt;Test&gt;"));
        assert!(s.contains(">22.11.2026</text>") && s.contains(">Stadt Test</text>"));
        assert!(s.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn svg_leaves_out_districts_outside_the_view() {
        let d = sample();
        let m = PreparedMap::new(&d);
        let mut v = Viewport::fit(m.bounds, 400.0, 300.0, 10.0);
        v.pan(100_000.0, 0.0); // far to the right: nothing visible
        assert_eq!(svg(&m, &[], &v, &frame()).matches("<path ").count(), 0);
    }

    #[test]
    fn csv_quotes_and_lists_every_row() {
        let rows = vec![
            DataRow {
                key: "001".into(),
                name: "West, Alt".into(),
                value: "63.8".into(),
                rank: Some(1),
                class: Some(4),
            },
            DataRow {
                key: "002".into(),
                name: "Ost \"Neu\"".into(),
                value: "geschützt".into(),
                rank: None,
                class: None,
            },
        ];
        let c = data_csv("Armut 2024 (%)", &rows, "Quelle");
        let lines: Vec<&str> = c.split("\r\n").collect();
        assert_eq!(lines[0], "key,name,Armut 2024 (%),rank,class,source");
        assert_eq!(lines[1], "001,\"West, Alt\",63.8,1,5,Quelle");
        assert_eq!(lines[2], "002,\"Ost \"\"Neu\"\"\",geschützt,,,");
        assert_eq!(lines.len(), 4);
    }
}

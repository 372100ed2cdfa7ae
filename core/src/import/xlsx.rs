//! XLSX workbooks (feature `import`): the first worksheet with content, read as a [`Table`]
//! with the same detection as CSV (title rows, header, totals, footnotes).
//!
//! Why by hand and not with `calamine`: calamine brings the `zip` crate, whose current
//! versions pull `getrandom` → `js-sys`/`wasm-bindgen` on wasm32 (a web dependency in the
//! pure core, and a build that needs a getrandom backend chosen), plus `encoding_rs` (all
//! WHATWG encodings) and `quick-xml`. A worksheet of values needs four XML parts of a ZIP
//! (ECMA-376 Part 1 §18.2.27 workbook/sheets, §18.3.1.73 row, §18.3.1.4 c, §18.4.8 si) and
//! the crate's own ZIP reader ([`super::zip`]) with its zip-bomb guard.
//!
//! What is read: cell values — shared strings, inline strings, numbers, booleans, error
//! values, formula results (`<v>` as cached by the program that saved the file). Not read:
//! styles, so dates appear as serial day numbers and a number formatted as `12,5 %` reads as
//! `0.125`; merged cells hold their value in the first cell only. Numbers are written out
//! in Rust's shortest form with a decimal point (`25.6`), and the table is read with that
//! format: text cells typed by hand as `12,5` are then listed as not-a-number, not guessed.

use super::join::number_text;
use super::layer::ImportError;
use super::table::{
    build_table, NumberFormat, Record, Table, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS,
};
use super::zip::read_zip;

fn xlsx_err(file: &str, message: impl Into<String>) -> ImportError {
    ImportError::Xlsx {
        file: file.into(),
        message: message.into(),
    }
}

/// A tag or text of a well-formed XML document, as the minimal scanner sees it.
#[derive(Debug, PartialEq)]
enum Tok<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`); `name` without namespace prefix.
    Start {
        name: &'a str,
        attrs: &'a str,
        empty: bool,
    },
    /// `</name>`
    End { name: &'a str },
    /// Text between tags, still escaped.
    Text(&'a str),
    /// `<![CDATA[…]]>` content, literal.
    CData(&'a str),
}

/// Minimal XML scanner: enough for the machine-written parts of an XLSX. Malformed input
/// ends the scan (never panics); the caller then finds what it found.
struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Tok<'a>;
    fn next(&mut self) -> Option<Tok<'a>> {
        loop {
            let rest = self.s.get(self.pos..)?;
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('<') {
                let end = rest.find('<').unwrap_or(rest.len());
                self.pos += end;
                return Some(Tok::Text(&rest[..end]));
            }
            if let Some(body) = rest.strip_prefix("<![CDATA[") {
                let end = body.find("]]>")?;
                self.pos += 9 + end + 3;
                return Some(Tok::CData(&body[..end]));
            }
            if rest.starts_with("<?") || rest.starts_with("<!--") || rest.starts_with("<!") {
                let close = if rest.starts_with("<?") {
                    "?>"
                } else if rest.starts_with("<!--") {
                    "-->"
                } else {
                    ">"
                };
                self.pos += rest.find(close)? + close.len();
                continue;
            }
            // Find the closing '>' outside quotes ('>' is legal inside attribute values).
            let mut quote = None;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                match (quote, c) {
                    (None, '"' | '\'') => quote = Some(c),
                    (Some(q), c) if c == q => quote = None,
                    (None, '>') => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end?;
            self.pos += end + 1;
            let inner = &rest[1..end];
            if let Some(name) = inner.strip_prefix('/') {
                return Some(Tok::End {
                    name: local(name.trim()),
                });
            }
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let split = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            return Some(Tok::Start {
                name: local(&inner[..split]),
                attrs: &inner[split..],
                empty,
            });
        }
    }
}

fn scan(s: &str) -> Scanner<'_> {
    Scanner { s, pos: 0 }
}

/// The value of the attribute whose local name is `name` (`r:id` matches `id` when asked
/// for `"r:id"` by local name `id` with any prefix), unescaped.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let want_prefixed = name.contains(':');
    let want = local(name);
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let eq = rest.find('=')?;
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let q = after.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let close = after[1..].find(q)?;
        let value = &after[1..1 + close];
        if local(key) == want && (key.contains(':') == want_prefixed) {
            return Some(unescape(value));
        }
        rest = &after[close + 2..];
    }
}

/// XML entities: the five named ones and numeric references; anything else stays as written.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&j| j <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Text of a part, which XLSX prescribes to be UTF-8 (a BOM is tolerated).
fn part<'a>(
    file: &str,
    zip: &super::zip::ZipArchive<'a>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let entry = zip.entries.iter().find(|e| {
        e.name.eq_ignore_ascii_case(name) || e.name.eq_ignore_ascii_case(&format!("/{name}"))
    });
    let Some(entry) = entry else { return Ok(None) };
    let bytes = zip.read_entry(entry).map_err(|e| match e {
        ImportError::Zip { message, .. } => xlsx_err(file, format!("ZIP: {message}")),
        other => other,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map(Some)
        .map_err(|_| xlsx_err(file, format!("{name} is not UTF-8")))
}

/// Shared strings (§18.4.8): each `<si>` is the concatenation of its `<t>` texts, phonetic
/// runs (`<rPh>`) left out.
fn shared_strings(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let (mut in_t, mut in_rph) = (false, false);
    for tok in scan(xml) {
        match tok {
            Tok::Start {
                name: "si", empty, ..
            } => {
                if empty {
                    out.push(String::new());
                } else {
                    current = Some(String::new());
                }
            }
            Tok::End { name: "si" } => out.extend(current.take()),
            Tok::Start {
                name: "rPh",
                empty: false,
                ..
            } => in_rph = true,
            Tok::End { name: "rPh" } => in_rph = false,
            Tok::Start {
                name: "t", empty, ..
            } => in_t = !empty,
            Tok::End { name: "t" } => in_t = false,
            Tok::Text(t) if in_t && !in_rph => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&unescape(t));
                }
            }
            Tok::CData(t) if in_t && !in_rph => {
                if let Some(c) = current.as_mut() {
                    c.push_str(t);
                }
            }
            _ => {}
        }
    }
    out
}

/// `AB12` → (column index 27, row 12).
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r[..letters].bytes().fold(0usize, |acc, b| {
        acc * 26 + (b.to_ascii_uppercase() - b'A') as usize + 1
    }) - 1;
    let row = r[letters..].parse().ok()?;
    Some((col, row))
}

/// The cells of one worksheet as records (row number, cells).
fn sheet_records(file: &str, xml: &str, strings: &[String]) -> Result<Vec<Record>, ImportError> {
    let mut records: Vec<Record> = Vec::new();
    let mut row_no = 0usize;
    let mut cells: Vec<String> = Vec::new();
    let mut col = 0usize;
    let mut cell_type = String::new();
    let mut value: Option<String> = None;
    let (mut in_v, mut in_t, mut in_row) = (false, false, false);
    let finish_row = |records: &mut Vec<Record>, row_no: usize, cells: &mut Vec<String>| {
        if cells.iter().any(|c| !c.is_empty()) {
            records.push((row_no, std::mem::take(cells)));
        }
        cells.clear();
    };
    for tok in scan(xml) {
        match tok {
            Tok::Start {
                name: "row",
                attrs,
                empty,
            } => {
                row_no = attr(attrs, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row_no.saturating_add(1));
                if records.len() >= MAX_ROWS {
                    return Err(ImportError::TooManyRows {
                        file: file.into(),
                        max: MAX_ROWS,
                    });
                }
                cells.clear();
                col = 0;
                in_row = !empty;
            }
            Tok::End { name: "row" } => {
                finish_row(&mut records, row_no, &mut cells);
                in_row = false;
            }
            Tok::Start {
                name: "c",
                attrs,
                empty,
            } if in_row => {
                if let Some((c, _)) = attr(attrs, "r").as_deref().and_then(cell_ref) {
                    col = c;
                }
                if col >= MAX_COLUMNS {
                    return Err(ImportError::TooManyColumns {
                        file: file.into(),
                        row: row_no,
                        count: col + 1,
                        max: MAX_COLUMNS,
                    });
                }
                cell_type = attr(attrs, "t").unwrap_or_default();
                value = None;
                if empty {
                    col += 1;
                }
            }
            Tok::End { name: "c" } if in_row => {
                let raw = value.take().unwrap_or_default();
                let text = match cell_type.as_str() {
                    "s" => match raw
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| strings.get(i))
                    {
                        Some(s) => s.clone(),
                        None => {
                            return Err(xlsx_err(
                                file,
                                format!("row {row_no}: shared string `{raw}` does not exist"),
                            ))
                        }
                    },
                    "b" => if raw.trim() == "1" { "true" } else { "false" }.to_owned(),
                    "str" | "inlineStr" | "e" => raw,
                    // Numbers (type "n" or none): shortest form, so that 25.600000000000001
                    // as Excel writes it reads as the 25.6 the planner sees.
                    _ => match raw.trim().parse::<f64>() {
                        Ok(v) if v.is_finite() => number_text(v),
                        _ => raw,
                    },
                };
                if text.chars().count() > MAX_CELL_CHARS {
                    return Err(ImportError::CellTooLong {
                        file: file.into(),
                        row: row_no,
                        column: col + 1,
                        max: MAX_CELL_CHARS,
                    });
                }
                if cells.len() <= col {
                    cells.resize(col + 1, String::new());
                }
                cells[col] = text.trim().to_owned();
                col += 1;
            }
            Tok::Start {
                name: "v",
                empty: false,
                ..
            } => in_v = true,
            Tok::End { name: "v" } => in_v = false,
            Tok::Start {
                name: "t",
                empty: false,
                ..
            } => in_t = true,
            Tok::End { name: "t" } => in_t = false,
            Tok::Text(t) if in_v || (in_t && cell_type == "inlineStr") => {
                value.get_or_insert_with(String::new).push_str(&unescape(t));
            }
            Tok::CData(t) if in_v || in_t => {
                value.get_or_insert_with(String::new).push_str(t);
            }
            _ => {}
        }
    }
    if in_row {
        finish_row(&mut records, row_no, &mut cells);
    }
    Ok(records)
}

/// Read the first worksheet with content of an XLSX workbook as a [`Table`].
///
/// Errors ([`ImportError::Xlsx`] unless said otherwise): not a ZIP or a damaged one, no
/// workbook part, no worksheets, every worksheet empty, a shared-string index that does not
/// exist; the limits of [`super::table`] and of the ZIP reader ([`ImportError::TooLarge`]);
/// and everything [`super::table::read_table`] refuses about the table itself.
pub fn read_xlsx(file_name: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    let zip = read_zip(file_name, bytes).map_err(|e| match e {
        ImportError::Zip { message, .. } => xlsx_err(file_name, format!("ZIP: {message}")),
        ImportError::Empty { .. } => xlsx_err(file_name, "empty file"),
        other => other,
    })?;
    let workbook = part(file_name, &zip, "xl/workbook.xml")?
        .ok_or_else(|| xlsx_err(file_name, "no workbook (xl/workbook.xml): not an XLSX file"))?;
    let rels = part(file_name, &zip, "xl/_rels/workbook.xml.rels")?.unwrap_or_default();
    let targets: Vec<(String, String)> = scan(&rels)
        .filter_map(|t| match t {
            Tok::Start {
                name: "Relationship",
                attrs,
                ..
            } => Some((attr(attrs, "Id")?, attr(attrs, "Target")?)),
            _ => None,
        })
        .collect();
    let sheets: Vec<(String, String)> = scan(&workbook)
        .filter_map(|t| match t {
            Tok::Start {
                name: "sheet",
                attrs,
                ..
            } => {
                let name = attr(attrs, "name").unwrap_or_default();
                let id = attr(attrs, "r:id")?;
                let target = targets.iter().find(|(i, _)| *i == id)?.1.clone();
                // Targets are relative to xl/ or absolute within the package.
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("xl/{target}"),
                };
                Some((name, path))
            }
            _ => None,
        })
        .collect();
    if sheets.is_empty() {
        return Err(xlsx_err(file_name, "the workbook has no worksheets"));
    }
    let strings = part(file_name, &zip, "xl/sharedStrings.xml")?
        .map(|x| shared_strings(&x))
        .unwrap_or_default();
    for (name, path) in &sheets {
        let Some(xml) = part(file_name, &zip, path)? else {
            continue; // a chart sheet or a missing part: not a table
        };
        let records = sheet_records(file_name, &xml, &strings)?;
        if records.is_empty() {
            continue;
        }
        let mut table = build_table(file_name, records, Some(NumberFormat::PLAIN))?;
        table.detection.sheet = Some(name.clone());
        return Ok(table);
    }
    Err(xlsx_err(file_name, "every worksheet is empty"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scanner_and_attributes() {
        let toks: Vec<Tok> =
            scan("<?xml v?><a x='1>2' r:id=\"r&amp;1\"><b/>t&lt;<![CDATA[<c>]]></a>").collect();
        assert_eq!(
            toks[0],
            Tok::Start {
                name: "a",
                attrs: " x='1>2' r:id=\"r&amp;1\"",
                empty: false
            }
        );
        assert_eq!(
            attr(" x='1>2' r:id=\"r&amp;1\"", "x").as_deref(),
            Some("1>2")
        );
        assert_eq!(
            attr(" x='1>2' r:id=\"r&amp;1\"", "r:id").as_deref(),
            Some("r&1")
        );
        assert_eq!(
            attr(" id=\"plain\" r:id=\"pref\"", "id").as_deref(),
            Some("plain")
        );
        assert_eq!(
            toks[1],
            Tok::Start {
                name: "b",
                attrs: "",
                empty: true
            }
        );
        assert_eq!(toks[2], Tok::Text("t&lt;"));
        assert_eq!(toks[3], Tok::CData("<c>"));
        assert_eq!(toks[4], Tok::End { name: "a" });
        // Malformed input ends the scan.
        assert_eq!(scan("<a").count(), 0);
    }

    #[test]
    fn entities() {
        assert_eq!(unescape("a&amp;b&#228;&#xFC;&bogus;&"), "a&bäü&bogus;&");
    }

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("A1"), Some((0, 1)));
        assert_eq!(cell_ref("AB12"), Some((27, 12)));
        assert_eq!(cell_ref("1A"), None);
    }

    #[test]
    fn shared_strings_skip_phonetics() {
        let xml = "<sst><si><t>Nr</t></si><si><r><t>Grö</t></r><r><t xml:space=\"preserve\">ße</t></r><rPh><t>x</t></rPh></si><si/></sst>";
        assert_eq!(shared_strings(xml), vec!["Nr", "Größe", ""]);
    }

    #[test]
    fn sheet_cells() {
        let xml = "<worksheet><sheetData>\
            <row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>Wert</t></is></c></row>\
            <row r=\"3\"><c r=\"A3\"><v>54</v></c><c r=\"C3\"><v>25.600000000000001</v></c></row>\
            <row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c><c t=\"e\"><v>#DIV/0!</v></c></row>\
            </sheetData></worksheet>";
        let r = sheet_records("f", xml, &["Nr".to_owned()]).unwrap();
        assert_eq!(
            r,
            vec![
                (2, vec!["Nr".into(), "".into(), "Wert".into()]),
                (3, vec!["54".into(), "".into(), "25.6".into()]),
                (4, vec!["true".into(), "#DIV/0!".into()]),
            ]
        );
        assert!(sheet_records("f", "<row><c t=\"s\"><v>7</v></c></row>", &[]).is_err());
    }
}

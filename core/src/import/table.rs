//! Tables from German Excel and statistics offices: CSV/TXT (and XLSX through
//! [`super::xlsx`] when the `import` feature is on).
//!
//! [`read_table`] decodes the bytes ([`super::encoding`]), finds the separator, skips title
//! rows above the header and footnotes below the body, removes total rows, and works out per
//! column how numbers are written. Nothing is dropped silently: every skipped line, removed
//! row and unreadable cell is listed in [`TableDetection`] with its row number as the file
//! (or spreadsheet) counts it, so the UI can show the planner what happened.
//!
//! Cells stay raw text in [`Table::rows`]; numbers are read with [`parse_number`] and the
//! column's [`NumberFormat`], keys are compared as text by the join report.
//!
//! ## Missing-value signs (German official statistics, "Zeichenerklärung")
//! `.` = value unknown or to be kept secret, `-`/`–` = nothing (no case), `x` = not meaningful,
//! `/` = too uncertain, `…` = not yet available, plus `k.A.`/`n.v.`/`NA`/`#NV` from office
//! software. All of them read as "no value". `-` strictly means "exactly zero cases", but
//! cities also use it for "no data", and publishing a zero that might be "unknown" would put
//! a wrong value on the map; missing is the safe reading (the planner sees the count).
//!
//! ## Security note
//! Cells are kept as text: an HTML header such as `<script>` is a string, never markup (the
//! UI renders text nodes). Cells that start like spreadsheet formulas (`=`, `@`, or `+`/`-`
//! followed by something that is not a number) are reported as
//! [`TableProblem::FormulaLike`]. Whenever the app writes CSV back out (exports of imported
//! data) it must neutralise such cells with [`neutralise_formula`] (prefix `'`), or a
//! spreadsheet would run them.

use super::encoding::{decode_text, looks_like_mojibake, TextEncoding};
use super::layer::ImportError;
use serde::{Deserialize, Serialize};

/// A table as read: header names, body rows as raw cell texts, and what was detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column names (trimmed, inner white space collapsed; empty names become `Spalte N`).
    pub headers: Vec<String>,
    /// Body rows, each exactly `headers.len()` cells, raw text (trimmed).
    pub rows: Vec<Vec<String>>,
    /// For each row, its 1-based line (CSV) or row (XLSX) in the file, for messages.
    pub row_numbers: Vec<usize>,
    /// What the reader found and did.
    pub detection: TableDetection,
}

impl Table {
    /// The index of the first column whose header equals `name` (case-insensitive, trimmed).
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim().to_lowercase();
        self.headers.iter().position(|h| h.to_lowercase() == name)
    }

    /// The numbers of column `col` (`None` for missing or unreadable cells), read with the
    /// column's detected format; all `None` for a column that is not numeric or out of range.
    pub fn numbers(&self, col: usize) -> Vec<Option<f64>> {
        let format = self
            .detection
            .columns
            .get(col)
            .and_then(|c| c.number_format);
        self.rows
            .iter()
            .map(|r| {
                let (Some(f), Some(cell)) = (format, r.get(col)) else {
                    return None;
                };
                parse_number(cell, &f).ok().flatten()
            })
            .collect()
    }
}

/// The character that separates fields in a line of a CSV/TXT file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separator {
    /// `;` — German Excel's "CSV (Trennzeichen-getrennt)", because `,` is the decimal mark.
    Semicolon,
    /// `,`
    Comma,
    /// Tab — Excel's "Text (Tabstopp-getrennt)" and "Unicode-Text".
    Tab,
    /// `|`
    Pipe,
}

impl Separator {
    /// Candidates in order of preference when two fit equally well: `;` first because the
    /// users are German and German Excel writes `;`.
    pub const ALL: [Separator; 4] = [
        Separator::Semicolon,
        Separator::Tab,
        Separator::Comma,
        Separator::Pipe,
    ];

    /// The separator as a byte.
    pub fn byte(self) -> u8 {
        match self {
            Separator::Semicolon => b';',
            Separator::Comma => b',',
            Separator::Tab => b'\t',
            Separator::Pipe => b'|',
        }
    }
}

/// The decimal mark of a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// `12,5` (German)
    Comma,
    /// `12.5`
    Point,
}

/// The thousands separator of a numeric column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Thousands {
    /// No grouping seen.
    None,
    /// `1.234,5` (German)
    Point,
    /// `1,234.5` (English)
    Comma,
    /// `1'234.5` (Swiss)
    Apostrophe,
    /// `1 234,5` (space, no-break space or narrow no-break space; DIN 5008)
    Space,
}

/// How the numbers of one column are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberFormat {
    /// The decimal mark.
    pub decimal: DecimalMark,
    /// The thousands separator.
    pub thousands: Thousands,
}

impl NumberFormat {
    /// German: `1.234,5`.
    pub const GERMAN: NumberFormat = NumberFormat {
        decimal: DecimalMark::Comma,
        thousands: Thousands::Point,
    };
    /// Plain decimal point, no grouping: `1234.5` (what XLSX numbers and the app's own CSV use).
    pub const PLAIN: NumberFormat = NumberFormat {
        decimal: DecimalMark::Point,
        thousands: Thousands::None,
    };
}

/// What was found in one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// The header.
    pub name: String,
    /// The number format, when the column is numeric (at least half of its non-missing
    /// cells are numbers).
    pub number_format: Option<NumberFormat>,
    /// Cells read as numbers.
    pub numbers: usize,
    /// Cells with a missing-value sign or empty.
    pub missing: usize,
    /// Most decimals seen in the column (capped at 6), a guess for the UI's decimals.
    pub decimals: u8,
}

/// Why a body row was taken out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RemovalReason {
    /// The first or second cell names a total ("Insgesamt", "Summe", "Stadt Dortmund" …).
    TotalLabel {
        /// The cell that matched.
        label: String,
    },
    /// The row's values equal the sum of all other rows in these columns (indices).
    ColumnSum {
        /// Columns in which the row equals the column sum.
        columns: Vec<usize>,
    },
}

/// A body row that was removed (total or subtotal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemovedRow {
    /// Row number in the file.
    pub row: usize,
    /// The row's cells, for the report.
    pub cells: Vec<String>,
    /// Why.
    pub reason: RemovalReason,
}

/// Something the planner should see that did not stop the import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TableProblem {
    /// A cell of a numeric column that is neither a number nor a missing-value sign.
    NotANumber {
        /// Row number in the file.
        row: usize,
        /// Column index.
        column: usize,
        /// The cell.
        value: String,
    },
    /// A line whose fields do not fit the table (another separator, or more filled cells
    /// than the header has columns); it was left out.
    RaggedRow {
        /// Row number in the file.
        row: usize,
        /// Filled fields of that line.
        fields: usize,
        /// Columns of the table.
        expected: usize,
    },
    /// A header cell was empty; the column was named `Spalte N`.
    EmptyHeader {
        /// Column index.
        column: usize,
    },
    /// Two columns have the same header.
    DuplicateHeader {
        /// Column index of the second one.
        column: usize,
        /// The name.
        name: String,
    },
    /// Every number of the column fits both readings (`1.234` = 1234 or 1.234) and no
    /// other column of the file decides it; the German reading was taken.
    AmbiguousNumberFormat {
        /// Column index.
        column: usize,
        /// A cell that shows the ambiguity.
        example: String,
    },
    /// A cell that a spreadsheet would run as a formula; kept as text (see module docs).
    FormulaLike {
        /// Row number in the file (the header's for a header cell).
        row: usize,
        /// Column index.
        column: usize,
        /// The cell.
        value: String,
    },
    /// A body cell with a line break: usually a quote that was opened and not closed,
    /// which swallowed the following lines into one cell.
    LineBreakInCell {
        /// Row number in the file (where the cell starts).
        row: usize,
        /// Column index.
        column: usize,
    },
    /// The text contains typical double-encoding sequences (`Ã¶` for `ö`): the file was
    /// probably saved in the wrong encoding somewhere before.
    Mojibake,
}

/// Everything [`read_table`] detected and did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDetection {
    /// The file name the table was read from, for messages.
    pub file: String,
    /// Text encoding (XLSX: [`TextEncoding::Utf8`], as the format prescribes).
    pub encoding: TextEncoding,
    /// The field separator; `None` for XLSX.
    pub separator: Option<Separator>,
    /// The worksheet read, for XLSX.
    pub sheet: Option<String>,
    /// Row number of the header.
    pub header_row: usize,
    /// Non-empty lines above the header that were skipped (titles, notes).
    pub title_rows: Vec<usize>,
    /// Lines below the body that were skipped (sources, footnotes).
    pub footnote_rows: Vec<usize>,
    /// Total and subtotal rows taken out of the body.
    pub removed_rows: Vec<RemovedRow>,
    /// One entry per column.
    pub columns: Vec<ColumnInfo>,
    /// Things to show the planner.
    pub problems: Vec<TableProblem>,
}

/// A cell that is neither a number nor a missing-value sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("`{0}` is not a number")]
pub struct NotANumber(pub String);

/// Most columns a table may have. WHY: district tables have tens of columns; a line with
/// thousands of fields is the wrong separator or not a table, and a bound keeps the worker
/// responsive and its memory small.
pub const MAX_COLUMNS: usize = 1_000;
/// Longest cell in characters. WHY: Excel's own limit is 32,767 characters per cell, so
/// nothing longer comes from a spreadsheet; it is usually an unclosed quote that swallowed
/// the rest of the file.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most body rows. WHY: the finest German areas (e.g. NRW's ~11,000 statistical areas) stay
/// far below; more is not a district table.
pub const MAX_ROWS: usize = 200_000;
/// Lines looked at to choose the separator (title rows and a body sample).
const SEPARATOR_SAMPLE: usize = 200;

/// Is the cell empty or a missing-value sign (see the module docs for their meaning)?
pub fn is_missing(cell: &str) -> bool {
    matches!(
        cell.trim(),
        "" | "."
            | ".."
            | "..."
            | "…"
            | "-"
            | "–"
            | "—"
            | "x"
            | "X"
            | "/"
            | "k.A."
            | "k. A."
            | "k.a."
            | "n.v."
            | "n. v."
            | "NA"
            | "N/A"
            | "#NV"
            | "#N/A"
    )
}

/// Read one cell as a number in `format`. `Ok(None)` for a missing-value sign.
///
/// Accepted: an optional sign (`+`, `-`, `−`, or `–` used as minus), digits grouped by the
/// format's thousands separator in groups of three, the decimal mark, an exponent (`1,2E+05`,
/// as Excel writes large numbers), a trailing `%` or `‰` (the unit is the column's, not the
/// cell's: `12 %` reads as 12), and trailing footnote marks `*`, `¹`, `²`, `³`.
pub fn parse_number(cell: &str, format: &NumberFormat) -> Result<Option<f64>, NotANumber> {
    if is_missing(cell) {
        return Ok(None);
    }
    let bad = || NotANumber(cell.trim().to_owned());
    let mut t = cell.trim();
    t = t.trim_end_matches(['*', '¹', '²', '³']).trim_end();
    t = t.trim_end_matches(['%', '‰']).trim_end();
    let (negative, rest) = match t.chars().next() {
        Some(c @ ('+' | '-' | '−' | '–')) => (c != '+', &t[c.len_utf8()..]),
        _ => (false, t),
    };
    let rest = rest.trim_start();
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let dec = match format.decimal {
        DecimalMark::Comma => ',',
        DecimalMark::Point => '.',
    };
    let (int, frac) = match mantissa.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let is_sep = |c: char| match format.thousands {
        Thousands::None => false,
        Thousands::Point => c == '.',
        Thousands::Comma => c == ',',
        Thousands::Apostrophe => c == '\'' || c == '’',
        Thousands::Space => c == ' ' || c == '\u{a0}' || c == '\u{202f}',
    };
    let mut int_digits = String::new();
    if int.contains(is_sep) {
        // Groups after the first must have exactly three digits: "1.23" is no grouping.
        let groups: Vec<&str> = int.split(is_sep).collect();
        let first = groups[0];
        if !digits(first) || first.len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(bad());
        }
        for g in &groups {
            if !digits(g) {
                return Err(bad());
            }
            int_digits.push_str(g);
        }
    } else if int.is_empty() && frac.is_some() {
        int_digits.push('0'); // ",5"
    } else if digits(int) {
        int_digits.push_str(int);
    } else {
        return Err(bad());
    }
    let mut text = String::with_capacity(t.len() + 2);
    if negative {
        text.push('-');
    }
    text.push_str(&int_digits);
    if let Some(f) = frac {
        if !digits(f) {
            return Err(bad());
        }
        text.push('.');
        text.push_str(f);
    }
    if let Some(e) = exponent {
        let e_digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        if !digits(e_digits) || e_digits.len() > 3 {
            return Err(bad());
        }
        text.push('e');
        text.push_str(e);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(bad()),
    }
}

/// Read a table from a file's bytes: XLSX (recognised by the ZIP signature) or CSV/TXT.
///
/// Errors: empty file, not text, no header, fewer than two columns, no body rows, limits
/// exceeded, rows of too many shapes (mixed separators), XLSX without the `import` feature.
pub fn read_table(file_name: &str, bytes: &[u8]) -> Result<Table, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty {
            file: file_name.into(),
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        #[cfg(feature = "import")]
        return super::xlsx::read_xlsx(file_name, bytes);
        #[cfg(not(feature = "import"))]
        return Err(ImportError::NeedsImporter {
            file: file_name.into(),
            what: "XLSX".into(),
        });
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        // WHY: the old binary .xls (OLE2) is a common mistake; say so instead of "binary".
        return Err(ImportError::UnsupportedFormat {
            file: file_name.into(),
            message: "old Excel format (.xls): save it as .xlsx or CSV".into(),
        });
    }
    let (text, encoding) = decode_text(file_name, bytes)?;
    read_csv_text(file_name, &text, encoding)
}

/// Read CSV/TXT from decoded text (see [`read_table`]).
pub fn read_csv_text(
    file_name: &str,
    text: &str,
    encoding: TextEncoding,
) -> Result<Table, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            file: file_name.into(),
        });
    }
    let separator = choose_separator(text);
    let records = csv_records(file_name, text, separator)?;
    let mut table = build_table(file_name, records, None)?;
    table.detection.encoding = encoding;
    table.detection.separator = Some(separator);
    if looks_like_mojibake(text) {
        table.detection.problems.insert(0, TableProblem::Mojibake);
    }
    Ok(table)
}

fn reader(text: &str, separator: Separator) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator.byte())
        .from_reader(text.as_bytes())
}

/// The separator whose field counts agree on the most lines: for each candidate, the most
/// common field count (of at least 2) among the first lines, and how many lines have it.
/// Raw field counts (not "filled" counts) on purpose: Excel pads every line, title rows
/// included, to the same number of separators, which makes the right candidate very
/// consistent. Ties go to the order of [`Separator::ALL`].
fn choose_separator(text: &str) -> Separator {
    let mut best = (Separator::Semicolon, 0usize);
    for sep in Separator::ALL {
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for record in reader(text, sep).records().take(SEPARATOR_SAMPLE).flatten() {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let n = record.len();
            match counts.iter_mut().find(|(k, _)| *k == n) {
                Some((_, c)) => *c += 1,
                None => counts.push((n, 1)),
            }
        }
        let score = counts
            .iter()
            .filter(|(n, _)| *n >= 2)
            .map(|&(_, c)| c)
            .max()
            .unwrap_or(0);
        if score > best.1 {
            best = (sep, score);
        }
    }
    best.0
}

/// A line of the file: its number and its cells (trimmed).
pub(crate) type Record = (usize, Vec<String>);

fn csv_records(file: &str, text: &str, separator: Separator) -> Result<Vec<Record>, ImportError> {
    let mut out = Vec::new();
    // Line numbers from byte offsets: the csv crate's own line counter skips blank lines.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |byte: usize| {
        let start = byte
            + text.as_bytes()[byte.min(text.len())..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        newlines.partition_point(|&n| n < start) + 1
    };
    for (i, record) in reader(text, separator).records().enumerate() {
        let record = record.map_err(|e| ImportError::Other {
            file: file.into(),
            message: format!("CSV: {e}"),
        })?;
        let line = record
            .position()
            .map(|p| line_of(p.byte() as usize))
            .unwrap_or(i + 1);
        if record.len() > MAX_COLUMNS {
            return Err(ImportError::TooManyColumns {
                file: file.into(),
                row: line,
                count: record.len(),
                max: MAX_COLUMNS,
            });
        }
        if let Some(col) = record
            .iter()
            .position(|c| c.chars().count() > MAX_CELL_CHARS)
        {
            return Err(ImportError::CellTooLong {
                file: file.into(),
                row: line,
                column: col + 1,
                max: MAX_CELL_CHARS,
            });
        }
        if out.len() > MAX_ROWS {
            return Err(ImportError::TooManyRows {
                file: file.into(),
                max: MAX_ROWS,
            });
        }
        out.push((line, record.iter().map(|c| c.trim().to_owned()).collect()));
    }
    Ok(out)
}

/// Number of cells up to the last filled one.
fn filled(cells: &[String]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1)
}

/// Does the cell read as a number in any common format? (For telling header from data.)
fn looks_numeric(cell: &str) -> bool {
    !is_missing(cell)
        && [
            NumberFormat::GERMAN,
            NumberFormat::PLAIN,
            NumberFormat {
                decimal: DecimalMark::Point,
                thousands: Thousands::Comma,
            },
        ]
        .iter()
        .any(|f| parse_number(cell, f).is_ok())
}

/// A header names its columns: most of its filled cells are not numbers. (A year such as
/// `2024` in a header is a number, so "most", not "all".)
/// Missing-value signs (`.`, `-`) count for neither side: a data row of a key, a name and
/// withheld values is not a header.
fn header_like(cells: &[String]) -> bool {
    let filled: Vec<&String> = cells.iter().filter(|c| !is_missing(c)).collect();
    let text = filled.iter().filter(|c| !looks_numeric(c)).count();
    !filled.is_empty() && text * 2 > filled.len()
}

/// A line below the body that is a footnote rather than data: at most two filled cells and
/// a footnote opening, or a single long sentence. WHY not "every narrow line": a data row
/// with a key and only missing values is narrow too, and must stay.
fn footnote_like(cells: &[String]) -> bool {
    let n = filled(cells);
    if n == 0 {
        return true;
    }
    if n > 2 {
        return false;
    }
    let first = cells[0].to_lowercase();
    const OPENINGS: [&str; 12] = [
        "quelle",
        "anmerkung",
        "hinweis",
        "fußnote",
        "fussnote",
        "stand",
        "legende",
        "zeichenerklärung",
        "source",
        "note",
        "*",
        "¹",
    ];
    let numbered = first.len() > 2
        && first.as_bytes()[0].is_ascii_digit()
        && (first.as_bytes()[1] == b')' || first.as_bytes()[1] == b'.');
    OPENINGS.iter().any(|o| first.starts_with(o))
        || numbered
        || (n == 1 && first.chars().count() > 30 && first.contains(' '))
}

/// Normalised label → is it a total? WHY these words: they are how German statistics
/// tables label the whole-city or group total ("Insgesamt", "Gesamt", "Summe", "Zusammen",
/// "Stadt Dortmund", "Gesamtstadt", "Total"). Subtotals of groups without such a word
/// ("Stadtbezirk Innenstadt-West") are caught by the column-sum rule only when they sum the
/// whole table; partial subtotals are not detected (the join report then lists them as rows
/// without a district).
fn total_label(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches(':').trim().to_lowercase();
    const WORDS: [&str; 7] = [
        "insgesamt",
        "gesamt",
        "gesamtstadt",
        "summe",
        "total",
        "zusammen",
        "stadt insgesamt",
    ];
    WORDS
        .iter()
        .any(|w| c == *w || c.starts_with(&format!("{w} ")) || c.ends_with(&format!(" {w}")))
        || (c.starts_with("stadt ") && c.split_whitespace().count() <= 3)
}

/// The text to write into a CSV cell meant for a spreadsheet: a cell that a spreadsheet
/// would run as a formula (see [`TableProblem::FormulaLike`]) gets a leading `'`, which
/// Excel and LibreOffice show as text (OWASP "CSV injection"). Numbers such as `-3.2` are
/// left alone. For every CSV export of imported data.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell.trim_start()) || cell.starts_with(['\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Cells that a spreadsheet would run as a formula.
fn formula_like(cell: &str) -> bool {
    match cell.chars().next() {
        Some('=') | Some('@') => true,
        Some('+') | Some('-') => !is_missing(cell) && !looks_numeric(cell),
        _ => false,
    }
}

/// Per-cell evidence about the number format.
#[derive(Default)]
struct Evidence {
    both: Option<(char, char)>, // (thousands, decimal) from "1.234,5"
    multi_dot: bool,
    multi_comma: bool,
    dot_not3: bool,
    comma_not3: bool,
    single_dot: Option<String>,
    single_comma: Option<String>,
    apostrophe: bool,
    space: bool,
}

fn evidence<'a>(cells: impl Iterator<Item = &'a str>) -> Evidence {
    let mut e = Evidence::default();
    for cell in cells {
        let t = cell.trim().trim_end_matches(['%', '‰', '*']).trim();
        if !t.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let t = t.trim_start_matches(['+', '-', '−', '–']);
        let dots = t.matches('.').count();
        let commas = t.matches(',').count();
        if dots > 0 && commas > 0 {
            let (ld, lc) = (t.rfind('.').unwrap_or(0), t.rfind(',').unwrap_or(0));
            e.both = Some(if lc > ld { ('.', ',') } else { (',', '.') });
        }
        if dots > 1 {
            e.multi_dot = true;
        }
        if commas > 1 {
            e.multi_comma = true;
        }
        let after = |c: char| t.rsplit(c).next().map_or(0, |s| s.len());
        if dots == 1 && commas == 0 {
            if after('.') != 3 {
                e.dot_not3 = true;
            }
            e.single_dot.get_or_insert_with(|| cell.to_owned());
        }
        if commas == 1 && dots == 0 {
            if after(',') != 3 {
                e.comma_not3 = true;
            }
            e.single_comma.get_or_insert_with(|| cell.to_owned());
        }
        if t.contains(['\'', '’']) {
            e.apostrophe = true;
        }
        let b = t.as_bytes();
        // Digit, space, digit: "1 234" groups; "12 %" does not.
        if b.windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b' ' && w[2].is_ascii_digit())
            || t.contains(['\u{a0}', '\u{202f}'])
        {
            e.space = true;
        }
    }
    e
}

/// The file's decimal mark where some column decides it unambiguously (a decimal part that
/// is not three digits long, or both marks in one cell).
fn file_decimal(e: &Evidence) -> Option<DecimalMark> {
    match e.both {
        Some((_, ',')) => return Some(DecimalMark::Comma),
        Some(_) => return Some(DecimalMark::Point),
        None => {}
    }
    match (e.comma_not3 || e.multi_dot, e.dot_not3 || e.multi_comma) {
        (true, false) => Some(DecimalMark::Comma),
        (false, true) => Some(DecimalMark::Point),
        _ => None,
    }
}

/// Decide a column's format from all its cells. Rule, in order:
/// 1. a cell with both `.` and `,`: the later one is the decimal mark (`1.234,5`);
/// 2. a cell with two `.` (`1.234.567`): `.` groups thousands, decimal comma;
///    two `,`: `,` groups, decimal point;
/// 3. a single `,` / `.` followed by other than three digits (`12,5`, `3.25`) is the decimal
///    mark;
/// 4. only `1,234`/`1.234` shapes: the file's decimal mark from the other columns decides;
///    without one, German (decimal comma, `.` groups) and the column is reported as
///    ambiguous;
/// 5. grouping by apostrophe or space when seen.
///
/// Returns the format and whether it was ambiguous (rule 4 without file evidence).
fn column_format(e: &Evidence, file: Option<DecimalMark>) -> (NumberFormat, bool) {
    let grouping = |decimal: DecimalMark| {
        if e.apostrophe {
            Thousands::Apostrophe
        } else if e.space {
            Thousands::Space
        } else {
            match decimal {
                DecimalMark::Comma => Thousands::Point,
                DecimalMark::Point => Thousands::None,
            }
        }
    };
    let fmt = |decimal, thousands| NumberFormat { decimal, thousands };
    if let Some((t, _)) = e.both {
        return if t == '.' {
            (NumberFormat::GERMAN, false)
        } else {
            (fmt(DecimalMark::Point, Thousands::Comma), false)
        };
    }
    if e.multi_dot || e.comma_not3 {
        return (fmt(DecimalMark::Comma, grouping(DecimalMark::Comma)), false);
    }
    if e.multi_comma {
        return (fmt(DecimalMark::Point, Thousands::Comma), false);
    }
    if e.dot_not3 {
        return (fmt(DecimalMark::Point, grouping(DecimalMark::Point)), false);
    }
    let ambiguous_shape = e.single_dot.is_some() || e.single_comma.is_some();
    match file {
        Some(DecimalMark::Point) => {
            let t = if e.single_comma.is_some() {
                Thousands::Comma
            } else {
                grouping(DecimalMark::Point)
            };
            (fmt(DecimalMark::Point, t), false)
        }
        Some(DecimalMark::Comma) => (fmt(DecimalMark::Comma, grouping(DecimalMark::Comma)), false),
        None => (
            fmt(DecimalMark::Comma, grouping(DecimalMark::Comma)),
            ambiguous_shape,
        ),
    }
}

/// Decimals a value needs: the fewest (0–6) that write it to within 1e-6 of a unit of the
/// last place. WHY not the digits as written: exports from floating-point programs carry
/// noise such as `6.800000000000001` (written in Dortmund's own published CSV), which means
/// 6.8 and must not make the UI show fifteen decimals.
fn decimals_of(value: f64) -> u8 {
    (0..6u8)
        .find(|&d| {
            let scaled = value * 10f64.powi(i32::from(d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// Header names that are keys, codes or years: never summed (a key column of a table with
/// keys 1…n could otherwise "sum" to a total row's key).
fn key_or_year_header(h: &str) -> bool {
    let h = h.to_lowercase();
    [
        "nr",
        "schlüssel",
        "key",
        "id",
        "jahr",
        "year",
        "kennziffer",
        "code",
        "ags",
        "ars",
    ]
    .iter()
    .any(|w| {
        h.split(|c: char| !c.is_alphanumeric())
            .any(|part| part == *w)
    }) || h.contains("nummer")
}

/// Turn the records of a file (CSV lines or spreadsheet rows) into a table: header, title
/// and footnote lines, totals, column formats and problems. `forced` fixes the number format
/// (XLSX cells carry numbers, written with a decimal point).
pub(crate) fn build_table(
    file: &str,
    records: Vec<Record>,
    forced: Option<NumberFormat>,
) -> Result<Table, ImportError> {
    let records: Vec<Record> = records
        .into_iter()
        .filter(|(_, cells)| filled(cells) > 0)
        .collect();
    if records.is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    // Body width: the most common filled width of at least 2.
    let mut widths: Vec<(usize, usize)> = Vec::new();
    for (_, cells) in &records {
        let w = filled(cells);
        if w >= 2 {
            match widths.iter_mut().find(|(k, _)| *k == w) {
                Some((_, c)) => *c += 1,
                None => widths.push((w, 1)),
            }
        }
    }
    let Some(&(width, _)) = widths.iter().max_by_key(|&&(w, c)| (c, w)) else {
        return Err(ImportError::TooFewColumns { file: file.into() });
    };
    // The header: the first line filled to the body width (or one less: the last header
    // cell may be empty) that names its columns. A full-width line of numbers before any
    // header-like line means there is no header.
    // The header is the LAST header-like line before the first data line (of at least the
    // threshold width): title lines with two cells ("Tabelle 3;Stand 31.12.2024") and the
    // upper line of a two-line header sit above it. Without any data line (text-only
    // tables) the first header-like line is taken. A data line before any header-like
    // line means there is no header.
    let mut header_at = None;
    for threshold in [width, width.saturating_sub(1).max(2)] {
        let mut candidate = None;
        let mut data_seen = false;
        for (i, (_, cells)) in records.iter().enumerate() {
            if filled(cells) >= threshold {
                if header_like(cells) {
                    candidate = Some(i);
                } else {
                    data_seen = true;
                    break;
                }
            }
        }
        let first_like = records
            .iter()
            .position(|(_, c)| filled(c) >= threshold && header_like(c));
        header_at = match (candidate, data_seen) {
            (Some(c), true) => Some(c),
            (Some(_), false) => first_like,
            (None, _) => None,
        };
        if header_at.is_some() {
            break;
        }
    }
    let Some(h) = header_at else {
        return Err(ImportError::NoHeader { file: file.into() });
    };
    let (header_row, header_cells) = &records[h];
    let ncols = filled(header_cells).max(width);
    let mut problems = Vec::new();
    let mut headers = Vec::with_capacity(ncols);
    for c in 0..ncols {
        let raw = header_cells.get(c).map(String::as_str).unwrap_or("");
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            problems.push(TableProblem::EmptyHeader { column: c });
            headers.push(format!("Spalte {}", c + 1));
        } else {
            if headers
                .iter()
                .any(|h: &String| h.eq_ignore_ascii_case(&name))
            {
                problems.push(TableProblem::DuplicateHeader {
                    column: c,
                    name: name.clone(),
                });
            }
            if formula_like(&name) {
                problems.push(TableProblem::FormulaLike {
                    row: *header_row,
                    column: c,
                    value: name.clone(),
                });
            }
            headers.push(name);
        }
    }
    let title_rows: Vec<usize> = records[..h].iter().map(|(l, _)| *l).collect();
    let mut body: Vec<Record> = records[h + 1..].to_vec();
    let mut footnote_rows = Vec::new();
    while body.last().is_some_and(|(_, c)| footnote_like(c)) {
        if let Some((l, _)) = body.pop() {
            footnote_rows.push(l);
        }
    }
    footnote_rows.reverse();
    // Shape: pad short rows; leave out rows with more filled cells than columns, and rows
    // whose only cell holds another separator's worth of fields (mixed separators).
    let mut rows: Vec<Record> = Vec::with_capacity(body.len());
    let mut ragged = 0usize;
    for (line, mut cells) in body {
        let n = filled(&cells);
        let other_separator = n == 1
            && ncols > 2
            && [';', ',', '\t', '|']
                .iter()
                .any(|s| cells[0].matches(*s).count() + 1 >= ncols);
        if n > ncols || other_separator {
            ragged += 1;
            problems.push(TableProblem::RaggedRow {
                row: line,
                fields: if other_separator {
                    cells[0].split([';', ',', '\t', '|']).count()
                } else {
                    n
                },
                expected: ncols,
            });
            continue;
        }
        cells.resize(ncols, String::new());
        rows.push((line, cells));
    }
    // WHY half: one odd line is a typo worth listing; a table where most lines do not fit
    // is read with the wrong shape, and any values taken from it would be wrong.
    if ragged > 0 && ragged * 2 >= ragged + rows.len() {
        return Err(ImportError::InconsistentRows {
            file: file.into(),
            ragged,
            total: ragged + rows.len(),
        });
    }
    // Totals by label (first two cells).
    let mut removed_rows = Vec::new();
    rows.retain(
        |(line, cells)| match cells.iter().take(2).find(|c| total_label(c)) {
            Some(label) => {
                removed_rows.push(RemovedRow {
                    row: *line,
                    cells: cells.clone(),
                    reason: RemovalReason::TotalLabel {
                        label: label.clone(),
                    },
                });
                false
            }
            None => true,
        },
    );
    if rows.is_empty() {
        return Err(ImportError::NoRows { file: file.into() });
    }
    // Number formats, per column, with the file's evidence as tie-breaker.
    let evidences: Vec<Evidence> = (0..ncols)
        .map(|c| evidence(rows.iter().map(|(_, r)| r[c].as_str())))
        .collect();
    let mut file_mark = None;
    for e in &evidences {
        if let Some(m) = file_decimal(e) {
            // Conflicting columns: no file-level decision.
            file_mark = match file_mark {
                None => Some(Some(m)),
                Some(Some(prev)) if prev == m => Some(Some(m)),
                _ => Some(None),
            };
        }
    }
    let file_mark = file_mark.flatten();
    let mut columns = Vec::with_capacity(ncols);
    for (c, e) in evidences.iter().enumerate() {
        let (format, ambiguous) = match forced {
            Some(f) => (f, false),
            None => column_format(e, file_mark),
        };
        let (mut numbers, mut missing, mut decimals) = (0, 0, 0u8);
        for (_, r) in &rows {
            match parse_number(&r[c], &format) {
                Ok(Some(v)) => {
                    numbers += 1;
                    decimals = decimals.max(decimals_of(v));
                }
                Ok(None) => missing += 1,
                Err(_) => {}
            }
        }
        let nonmissing = rows.len() - missing;
        let numeric = numbers > 0 && numbers * 2 >= nonmissing;
        if numeric && ambiguous {
            problems.push(TableProblem::AmbiguousNumberFormat {
                column: c,
                example: e
                    .single_dot
                    .clone()
                    .or_else(|| e.single_comma.clone())
                    .unwrap_or_default(),
            });
        }
        columns.push(ColumnInfo {
            name: headers[c].clone(),
            number_format: numeric.then_some(format),
            numbers,
            missing,
            decimals,
        });
    }
    remove_sum_rows(&mut rows, &columns, &mut removed_rows);
    if rows.is_empty() {
        return Err(ImportError::NoRows { file: file.into() });
    }
    for (line, cells) in &rows {
        for (c, cell) in cells.iter().enumerate() {
            if let Some(f) = columns[c].number_format {
                if parse_number(cell, &f).is_err() {
                    problems.push(TableProblem::NotANumber {
                        row: *line,
                        column: c,
                        value: cell.clone(),
                    });
                }
            }
            if formula_like(cell) {
                problems.push(TableProblem::FormulaLike {
                    row: *line,
                    column: c,
                    value: cell.clone(),
                });
            }
            if cell.contains(['\n', '\r']) {
                problems.push(TableProblem::LineBreakInCell {
                    row: *line,
                    column: c,
                });
            }
        }
    }
    removed_rows.sort_by_key(|r| r.row);
    let (row_numbers, rows) = rows.into_iter().unzip();
    Ok(Table {
        headers,
        rows,
        row_numbers,
        detection: TableDetection {
            file: file.to_owned(),
            encoding: TextEncoding::Utf8,
            separator: None,
            sheet: None,
            header_row: *header_row,
            title_rows,
            footnote_rows,
            removed_rows,
            columns,
            problems,
        },
    })
}

/// Remove rows whose values equal the sum of all other rows. A row counts as a sum when, in
/// the numeric columns that are not keys or years (and not the first column), it equals the
/// column sum in at least two columns (or the only one) and differs in none where it has a
/// value. WHY at least three other rows: with two rows, "a = b" is a coincidence, not a sum;
/// WHY two columns: one equality can be chance, two with none differing cannot in practice.
/// The tolerance is relative 1e-9 (float addition), so shares (which do not add up) never
/// match.
fn remove_sum_rows(rows: &mut Vec<Record>, columns: &[ColumnInfo], removed: &mut Vec<RemovedRow>) {
    let summable: Vec<(usize, NumberFormat)> = columns
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| !key_or_year_header(&c.name))
        .filter_map(|(i, c)| c.number_format.map(|f| (i, f)))
        .collect();
    if summable.is_empty() || rows.len() < 4 {
        return;
    }
    let values: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|(_, r)| {
            summable
                .iter()
                .map(|&(c, f)| parse_number(&r[c], &f).ok().flatten())
                .collect()
        })
        .collect();
    let mut sums = vec![0.0f64; summable.len()];
    let mut counts = vec![0usize; summable.len()];
    for row in &values {
        for (k, v) in row.iter().enumerate() {
            if let Some(v) = v {
                sums[k] += v;
                counts[k] += 1;
            }
        }
    }
    let mut is_sum = vec![false; rows.len()];
    let mut matched_columns = vec![Vec::new(); rows.len()];
    for (r, row) in values.iter().enumerate() {
        let (mut equal, mut differ) = (Vec::new(), false);
        for (k, v) in row.iter().enumerate() {
            let Some(v) = v else { continue };
            if counts[k] < 4 {
                continue; // fewer than three other values
            }
            let others = sums[k] - v;
            if others != 0.0 && (v - others).abs() <= 1e-9 * others.abs().max(1.0) {
                equal.push(summable[k].0);
            } else {
                differ = true;
            }
        }
        let needed = 2.min(summable.len());
        if !differ && equal.len() >= needed {
            is_sum[r] = true;
            matched_columns[r] = equal;
        }
    }
    let mut r = 0;
    rows.retain(|(line, cells)| {
        let keep = !is_sum[r];
        if !keep {
            removed.push(RemovedRow {
                row: *line,
                cells: cells.clone(),
                reason: RemovalReason::ColumnSum {
                    columns: std::mem::take(&mut matched_columns[r]),
                },
            });
        }
        r += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn de(cell: &str) -> Option<f64> {
        parse_number(cell, &NumberFormat::GERMAN).unwrap()
    }

    #[test]
    fn german_numbers() {
        assert_eq!(de("1.234,5"), Some(1234.5));
        assert_eq!(de("-3,2"), Some(-3.2));
        assert_eq!(de("– 3,2"), Some(-3.2));
        assert_eq!(de("12 %"), Some(12.0));
        assert_eq!(de("12,5*"), Some(12.5));
        assert_eq!(de(",5"), Some(0.5));
        assert_eq!(de("1,2E+03"), Some(1200.0));
        assert_eq!(de("1.234.567"), Some(1234567.0));
        for missing in [".", "-", "–", "x", "k.A.", "", "  "] {
            assert_eq!(de(missing), None, "{missing:?}");
        }
        for bad in [
            "1.23", "abc", "12,5,3", "1,2E", "=1+1", "inf", "NaN", "1.2345,6",
        ] {
            assert!(parse_number(bad, &NumberFormat::GERMAN).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn other_number_formats() {
        let en = NumberFormat {
            decimal: DecimalMark::Point,
            thousands: Thousands::Comma,
        };
        assert_eq!(parse_number("1,234.5", &en).unwrap(), Some(1234.5));
        let ch = NumberFormat {
            decimal: DecimalMark::Point,
            thousands: Thousands::Apostrophe,
        };
        assert_eq!(parse_number("1'234.5", &ch).unwrap(), Some(1234.5));
        let sp = NumberFormat {
            decimal: DecimalMark::Comma,
            thousands: Thousands::Space,
        };
        assert_eq!(parse_number("1\u{a0}234,5", &sp).unwrap(), Some(1234.5));
        assert_eq!(
            parse_number("12.5", &NumberFormat::PLAIN).unwrap(),
            Some(12.5)
        );
    }

    fn t(text: &str) -> Table {
        read_table("t.csv", text.as_bytes()).unwrap()
    }

    #[test]
    fn separator_title_footnote_and_total() {
        let table = t(
            "Statistik 2024;;\n\nNr;Name;Quote (%)\n01;Mitte;12,5\n02;Nord;3,25\n\
                       Stadt Dortmund;;15,75\nQuelle: Dortmunder Statistik;;\n",
        );
        let d = &table.detection;
        assert_eq!(d.separator, Some(Separator::Semicolon));
        assert_eq!(d.title_rows, vec![1]);
        assert_eq!(d.header_row, 3);
        assert_eq!(d.footnote_rows, vec![7]);
        assert_eq!(d.removed_rows.len(), 1);
        assert_eq!(d.removed_rows[0].row, 6);
        assert_eq!(table.headers, vec!["Nr", "Name", "Quote (%)"]);
        assert_eq!(table.row_numbers, vec![4, 5]);
        assert_eq!(
            d.columns[2].number_format.map(|f| f.decimal),
            Some(DecimalMark::Comma)
        );
        assert_eq!(d.columns[2].decimals, 2);
        assert_eq!(decimals_of(6.800000000000001), 1);
        assert_eq!(decimals_of(1234.0), 0);
        assert_eq!(decimals_of(0.125), 3);
        assert_eq!(table.numbers(2), vec![Some(12.5), Some(3.25)]);
    }

    #[test]
    fn two_cell_title_and_two_line_header() {
        let table = t("Tabelle 3;Stand 31.12.2024\nKennzahlen;\nNr;Quote\n1;2,5\n2;.\n3;3,5\n");
        assert_eq!(table.detection.header_row, 3);
        assert_eq!(table.detection.title_rows, vec![1, 2]);
        assert_eq!(table.row_numbers, vec![4, 5, 6]);
        // A row of a key and withheld values is data, not a header.
        let withheld = t("Nr;Name;A;B\n054;Mitte;.;.\n055;Nord;1;2\n");
        assert_eq!(withheld.detection.header_row, 1);
        assert_eq!(withheld.rows.len(), 2);
    }

    #[test]
    fn comma_separated_with_decimal_point() {
        let table = t("key,value,other\n1,2.5,3\n2,3.5,4\n");
        assert_eq!(table.detection.separator, Some(Separator::Comma));
        assert_eq!(table.numbers(1), vec![Some(2.5), Some(3.5)]);
    }

    #[test]
    fn excel_unicode_text_and_space_grouping() {
        // Excel's "Unicode-Text": UTF-16LE with BOM, tab-separated.
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "Nr\tEinwohner\tQuote\n1\t1 234\t12 %\n2\t12 345\t3,5 %\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let table = read_table("t.txt", &bytes).unwrap();
        assert_eq!(table.detection.encoding, TextEncoding::Utf16Le);
        assert_eq!(table.detection.separator, Some(Separator::Tab));
        assert_eq!(table.numbers(1), vec![Some(1234.0), Some(12345.0)]);
        assert_eq!(table.numbers(2), vec![Some(12.0), Some(3.5)]);
        assert_eq!(
            table.detection.columns[1]
                .number_format
                .map(|f| f.thousands),
            Some(Thousands::Space)
        );
    }

    #[test]
    fn tab_separated() {
        let table = t("a\tb\n1\t2\n");
        assert_eq!(table.detection.separator, Some(Separator::Tab));
    }

    #[test]
    fn thousands_point_decided_by_other_column() {
        // Column 2 shows a decimal comma, so "1.234" in column 1 is 1234, not ambiguous.
        let table = t("Nr;Einwohner;Quote\n1;1.234;2,5\n2;2.345;3,5\n3;999;1,0\n");
        assert_eq!(
            table.numbers(1),
            vec![Some(1234.0), Some(2345.0), Some(999.0)]
        );
        assert!(table.detection.problems.is_empty());
    }

    #[test]
    fn thousands_point_without_evidence_is_ambiguous() {
        let table = t("Nr;Einwohner\n1;1.234\n2;2.345\n");
        assert_eq!(table.numbers(1), vec![Some(1234.0), Some(2345.0)]);
        assert!(matches!(
            table.detection.problems[0],
            TableProblem::AmbiguousNumberFormat { column: 1, .. }
        ));
    }

    #[test]
    fn dot_with_other_than_three_decimals_is_a_decimal_point() {
        let table = t("Nr;Wert\n1;1.234\n2;2.5\n");
        assert_eq!(table.numbers(1), vec![Some(1.234), Some(2.5)]);
    }

    #[test]
    fn sum_row_is_removed() {
        let table = t("Nr;A;B\n1;10;1\n2;20;2\n3;30;3\n9;60;6\n");
        assert_eq!(table.row_numbers, vec![2, 3, 4]);
        assert_eq!(
            table.detection.removed_rows[0].reason,
            RemovalReason::ColumnSum {
                columns: vec![1, 2]
            }
        );
        // Shares never add up: nothing removed.
        let shares = t("Nr;A;B\n1;10;1\n2;20;2\n3;30;3\n9;20;2\n");
        assert!(shares.detection.removed_rows.is_empty());
    }

    #[test]
    fn non_numeric_cells_are_listed() {
        let table = t("Nr;Wert\n1;2,5\n2;viel\n3;3,5\n4;.\n");
        assert_eq!(
            table.detection.problems,
            vec![TableProblem::NotANumber {
                row: 3,
                column: 1,
                value: "viel".into()
            }]
        );
        assert_eq!(table.detection.columns[1].missing, 1);
    }

    #[test]
    fn formula_and_markup_stay_text() {
        let table = t("Nr;<script>alert(1)</script>\n1;=HYPERLINK(\"http://x\")\n2;3\n");
        assert_eq!(table.headers[1], "<script>alert(1)</script>");
        assert!(table.detection.problems.iter().any(|p| matches!(
            p,
            TableProblem::FormulaLike {
                row: 2,
                column: 1,
                ..
            }
        )));
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            neutralise_formula("+cmd|' /C calc'!A0"),
            "'+cmd|' /C calc'!A0"
        );
        assert_eq!(neutralise_formula("-3,2"), "-3,2");
        assert_eq!(neutralise_formula("-"), "-");
        assert_eq!(neutralise_formula("Hörde"), "Hörde");
    }

    #[test]
    fn errors() {
        let err = |s: &str| read_table("t.csv", s.as_bytes()).unwrap_err();
        assert!(matches!(err(""), ImportError::Empty { .. }));
        assert!(matches!(
            err("nur ein Titel\n"),
            ImportError::TooFewColumns { .. }
        ));
        assert!(matches!(err("Nr;Wert\n"), ImportError::NoRows { .. }));
        assert!(matches!(err("1;2\n3;4\n"), ImportError::NoHeader { .. }));
        let wide = "a;".repeat(MAX_COLUMNS + 1);
        assert!(matches!(err(&wide), ImportError::TooManyColumns { .. }));
    }

    #[test]
    fn mixed_separators_are_rejected() {
        let e = read_table("t.csv", b"Nr;A;B\n1;2;3\n2;3;4\n3,4,5\n4,5,6\n").unwrap_err();
        assert!(
            matches!(
                e,
                ImportError::InconsistentRows {
                    ragged: 2,
                    total: 4,
                    ..
                }
            ),
            "{e:?}"
        );
        // One odd line is listed and left out, not fatal.
        let t = read_table("t.csv", b"Nr;A;B\n1;2;3\n2;3;4\n3,4,5\n4;5;6\n").unwrap();
        assert_eq!(t.row_numbers, vec![2, 3, 5]);
        assert_eq!(
            t.detection.problems,
            vec![TableProblem::RaggedRow {
                row: 4,
                fields: 3,
                expected: 3
            }]
        );
    }
}

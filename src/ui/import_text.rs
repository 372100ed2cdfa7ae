//! German and English words for the import dialog, and the sentences for the core's typed
//! import errors and findings. Kept apart from `i18n.rs` because the import has its own
//! vocabulary (coordinate systems, separators, join report).

use atlas_core::import::crs::Crs;
use atlas_core::import::encoding::TextEncoding;
use atlas_core::import::join::{DuplicateKey, NearMiss, NearMissKind};
use atlas_core::import::session::{CrsSource, FileRole};
use atlas_core::import::table::{
    DecimalMark, RemovalReason, Separator, TableDetection, TableProblem, Thousands,
};
use atlas_core::import::validate::{GeometryIssue, IssueKind};
use atlas_core::import::ImportError;
use atlas_core::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IT {
    OwnData,
    Close,
    Privacy,
    WorkerFailed,
    StorageFailed,
    Imported,
    StepFiles,
    DropHere,
    FileKinds,
    ClearFiles,
    Reading,
    Parsing,
    Joining,
    Building,
    Unknown,
    CrsDetected,
    CrsUse,
    ChooseCrs,
    GeometryIssues,
    Fixed,
    KeyField,
    NameField,
    NoneChoice,
    Boundaries,
    Features,
    Table,
    Rows,
    CellProblems,
    TableKey,
    Services,
    CategoryField,
    StepFound,
    Join,
    NeedBoth,
    StepJoin,
    Matched,
    DistrictsWithoutRow,
    RowsWithoutDistrict,
    FixSafe,
    NearMisses,
    Duplicates,
    Accept,
    Row,
    StepIndicators,
    DatasetTitle,
    DataYear,
    SourceText,
    SourceUnknown,
    Column,
    Label,
    Unit,
    Direction,
    HigherMoreNeed,
    LowerMoreNeed,
    Neutral,
    CreateMap,
    StoredHere,
    Name,
    Rename,
    Open,
    ExportFolder,
    Delete,
    ReallyDelete,
    RoleBoundaries,
    RoleTable,
    RoleServices,
    RolePart,
    RoleIgnored,
    FromPrj,
    FromGeoJson,
    FromRanges,
    NotDetected,
    CrsUnknownWarning,
    OutOfRangeWarning,
}

impl IT {
    pub fn get(self, lang: Lang) -> &'static str {
        let (de, en) = match self {
            IT::OwnData => ("Eigene Daten", "Own data"),
            IT::Close => ("Schließen", "Close"),
            IT::Privacy => (
                "Ihre Dateien werden nur in diesem Browser gelesen und gespeichert. Nichts wird hochgeladen.",
                "Your files are read and stored in this browser only. Nothing is uploaded.",
            ),
            IT::WorkerFailed => (
                "Der Import ist unerwartet abgebrochen; bitte versuchen Sie es erneut. Die angezeigte Karte bleibt unverändert.",
                "The import stopped unexpectedly; please try again. The map on screen is unchanged.",
            ),
            IT::StorageFailed => (
                "Speichern im Browser nicht möglich – der Datensatz ist nach dem Neuladen nicht mehr da",
                "Cannot store in this browser – the dataset will be gone after a reload",
            ),
            IT::Imported => ("Import", "Import"),
            IT::StepFiles => ("1. Dateien wählen", "1. Choose files"),
            IT::DropHere => (
                "Dateien hierher ziehen oder auswählen",
                "Drop files here or choose them",
            ),
            IT::FileKinds => (
                "Grenzen: GeoJSON, TopoJSON, Shapefile (als .zip oder .shp mit .shx, .dbf, .prj, .cpg). Indikatoren: CSV oder Excel (.xlsx). Einrichtungen: GeoJSON oder CSV mit Koordinatenspalten.",
                "Boundaries: GeoJSON, TopoJSON, Shapefile (as .zip or .shp with .shx, .dbf, .prj, .cpg). Indicators: CSV or Excel (.xlsx). Services: GeoJSON or CSV with coordinate columns.",
            ),
            IT::ClearFiles => ("Dateien entfernen", "Remove files"),
            IT::Reading => ("Lese", "Reading"),
            IT::Parsing => ("Dateien werden ausgewertet …", "Analysing files …"),
            IT::Joining => ("Verknüpfe …", "Joining …"),
            IT::Building => ("Karte wird erstellt …", "Creating the map …"),
            IT::Unknown => ("unbekannt", "unknown"),
            IT::CrsDetected => ("Koordinatensystem", "Coordinate system"),
            IT::CrsUse => ("Verwenden als", "Use as"),
            IT::ChooseCrs => ("– bitte wählen –", "– please choose –"),
            IT::GeometryIssues => ("Geometrieprobleme", "geometry problems"),
            IT::Fixed => ("behoben", "fixed"),
            IT::KeyField => ("Schlüsselfeld (Gebietsnummer)", "Key field (district number)"),
            IT::NameField => ("Namensfeld", "Name field"),
            IT::NoneChoice => ("– keines –", "– none –"),
            IT::Boundaries => ("Grenzen", "Boundaries"),
            IT::Features => ("Gebiete", "areas"),
            IT::Table => ("Tabelle", "Table"),
            IT::Rows => ("Zeilen", "rows"),
            IT::CellProblems => ("Hinweise zur Tabelle", "notes on the table"),
            IT::TableKey => ("Schlüsselspalte der Tabelle", "Key column of the table"),
            IT::Services => ("Einrichtungen", "Services"),
            IT::CategoryField => ("Kategorie-Feld", "Category field"),
            IT::StepFound => ("2. Erkannt", "2. What was found"),
            IT::Join => ("Tabelle mit Grenzen verknüpfen", "Join table to boundaries"),
            IT::NeedBoth => (
                "Für eine Karte werden Grenzen und eine Tabelle gebraucht.",
                "A map needs boundaries and a table.",
            ),
            IT::StepJoin => ("3. Verknüpfung", "3. Join report"),
            IT::Matched => ("verknüpft", "matched"),
            IT::DistrictsWithoutRow => ("Gebiete ohne Tabellenzeile", "Areas without a table row"),
            IT::RowsWithoutDistrict => ("Tabellenzeilen ohne Gebiet", "Table rows without an area"),
            IT::FixSafe => ("Sichere Korrekturen übernehmen", "Apply safe fixes"),
            IT::NearMisses => ("Beinahe-Treffer", "Near misses"),
            IT::Duplicates => ("Doppelte Schlüssel", "Duplicate keys"),
            IT::Accept => ("Übernehmen", "Accept"),
            IT::Row => ("Zeile", "Row"),
            IT::StepIndicators => ("4. Indikatoren", "4. Indicators"),
            IT::DatasetTitle => ("Titel des Datensatzes", "Dataset title"),
            IT::DataYear => ("Datenjahr", "Data year"),
            IT::SourceText => ("Quelle (wird in der Karte angezeigt)", "Source (shown with the map)"),
            IT::SourceUnknown => ("eigene Daten (Quelle nicht angegeben)", "own data (source not given)"),
            IT::Column => ("Spalte", "Column"),
            IT::Label => ("Bezeichnung", "Label"),
            IT::Unit => ("Einheit", "Unit"),
            IT::Direction => ("Richtung", "Direction"),
            IT::HigherMoreNeed => ("höher = mehr Bedarf", "higher = more need"),
            IT::LowerMoreNeed => ("niedriger = mehr Bedarf", "lower = more need"),
            IT::Neutral => ("neutral", "neutral"),
            IT::CreateMap => ("Karte erstellen", "Create map"),
            IT::StoredHere => ("In diesem Browser gespeichert", "Stored in this browser"),
            IT::Name => ("Name", "Name"),
            IT::Rename => ("Umbenennen", "Rename"),
            IT::Open => ("Öffnen", "Open"),
            IT::ExportFolder => ("Als Datensatz-Ordner exportieren", "Export as dataset folder"),
            IT::Delete => ("Löschen", "Delete"),
            IT::ReallyDelete => ("Wirklich löschen", "Really delete"),
            IT::RoleBoundaries => ("Grenzen", "boundaries"),
            IT::RoleTable => ("Indikatorentabelle", "indicator table"),
            IT::RoleServices => ("Einrichtungen", "services"),
            IT::RolePart => ("Teil des Shapefiles", "part of the Shapefile"),
            IT::RoleIgnored => ("nicht verwendet", "not used"),
            IT::FromPrj => ("aus der .prj-Datei", "from the .prj file"),
            IT::FromGeoJson => ("aus der Datei", "from the file"),
            IT::FromRanges => (
                "aus den Koordinatenwerten geschätzt – bitte prüfen",
                "guessed from the coordinate values – please check",
            ),
            IT::NotDetected => ("nicht erkannt – bitte wählen", "not detected – please choose"),
            IT::OutOfRangeWarning => (
                "Nach der Umrechnung liegen Koordinaten außerhalb von Länge −180…180 / Breite −90…90: Das gewählte Koordinatensystem passt nicht zur Datei.",
                "After conversion, coordinates lie outside longitude −180…180 / latitude −90…90: the chosen coordinate system does not fit the file.",
            ),
            IT::CrsUnknownWarning => (
                "Die Koordinaten passen zu keinem der unterstützten Systeme (WGS84, Web Mercator, UTM 32/33, Gauß-Krüger 2/3). Bitte das System der Datei wählen – oder die Datei in EPSG:25832 oder WGS84 exportieren.",
                "The coordinates fit none of the supported systems (WGS84, Web Mercator, UTM 32/33, Gauss-Krüger 2/3). Please choose the file's system – or export the file in EPSG:25832 or WGS84.",
            ),
        };
        match lang {
            Lang::De => de,
            Lang::En => en,
        }
    }

    pub fn role(r: FileRole) -> IT {
        match r {
            FileRole::Boundaries => IT::RoleBoundaries,
            FileRole::Table => IT::RoleTable,
            FileRole::Services => IT::RoleServices,
            FileRole::ShapefilePart => IT::RolePart,
            FileRole::Ignored => IT::RoleIgnored,
        }
    }

    pub fn crs_source(s: CrsSource) -> IT {
        match s {
            CrsSource::Prj => IT::FromPrj,
            CrsSource::GeoJsonMember => IT::FromGeoJson,
            CrsSource::Inferred => IT::FromRanges,
            CrsSource::Unknown => IT::NotDetected,
        }
    }

    /// What the table reader detected, one line each.
    pub fn detection(d: &TableDetection, l: Lang) -> Vec<String> {
        let de = l == Lang::De;
        let mut out = Vec::new();
        let enc = match d.encoding {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252 / ISO-8859-1",
        };
        out.push(format!(
            "{}: {enc}",
            if de { "Zeichenkodierung" } else { "Encoding" }
        ));
        if let Some(sheet) = &d.sheet {
            out.push(format!(
                "{}: {sheet}",
                if de { "Tabellenblatt" } else { "Sheet" }
            ));
        }
        if let Some(sep) = d.separator {
            let name = match (sep, de) {
                (Separator::Semicolon, true) => "Semikolon (;)",
                (Separator::Semicolon, false) => "semicolon (;)",
                (Separator::Comma, true) => "Komma (,)",
                (Separator::Comma, false) => "comma (,)",
                (Separator::Tab, true) => "Tabulator",
                (Separator::Tab, false) => "tab",
                (Separator::Pipe, _) => "|",
            };
            out.push(format!(
                "{}: {name}",
                if de { "Trennzeichen" } else { "Separator" }
            ));
        }
        let formats: Vec<_> = d.columns.iter().filter_map(|c| c.number_format).collect();
        if let Some(f) = formats.first() {
            let decimal = match (f.decimal, de) {
                (DecimalMark::Comma, true) => "Dezimalkomma",
                (DecimalMark::Comma, false) => "decimal comma",
                (DecimalMark::Point, true) => "Dezimalpunkt",
                (DecimalMark::Point, false) => "decimal point",
            };
            let thousands = match (f.thousands, de) {
                (Thousands::None, true) => "ohne Tausendertrennzeichen",
                (Thousands::None, false) => "no thousands separator",
                (Thousands::Point, true) => "Tausenderpunkt",
                (Thousands::Point, false) => "thousands point",
                (Thousands::Comma, true) => "Tausenderkomma",
                (Thousands::Comma, false) => "thousands comma",
                (Thousands::Apostrophe, true) => "Tausender-Apostroph",
                (Thousands::Apostrophe, false) => "thousands apostrophe",
                (Thousands::Space, true) => "Tausender-Leerzeichen",
                (Thousands::Space, false) => "thousands space",
            };
            out.push(format!(
                "{}: {decimal}, {thousands}",
                if de { "Zahlen" } else { "Numbers" }
            ));
        }
        out.push(format!(
            "{}: {}",
            if de {
                "Kopfzeile in Zeile"
            } else {
                "Header in row"
            },
            d.header_row
        ));
        if !d.title_rows.is_empty() {
            out.push(format!(
                "{} {}",
                if de {
                    "Titelzeilen übersprungen:"
                } else {
                    "Title rows skipped:"
                },
                join_numbers(&d.title_rows)
            ));
        }
        if !d.footnote_rows.is_empty() {
            out.push(format!(
                "{} {}",
                if de {
                    "Fußnoten übersprungen:"
                } else {
                    "Footnotes skipped:"
                },
                join_numbers(&d.footnote_rows)
            ));
        }
        for r in &d.removed_rows {
            let why = match (&r.reason, de) {
                (RemovalReason::TotalLabel { label }, true) => format!("Summenzeile „{label}“"),
                (RemovalReason::TotalLabel { label }, false) => format!("total row “{label}”"),
                (RemovalReason::ColumnSum { .. }, true) => "Werte = Spaltensumme".to_owned(),
                (RemovalReason::ColumnSum { .. }, false) => "values = column sum".to_owned(),
            };
            out.push(format!(
                "{} {} {}: {why}",
                if de { "Zeile" } else { "Row" },
                r.row,
                if de { "entfernt" } else { "removed" }
            ));
        }
        out
    }

    pub fn cell_problem(p: &TableProblem, l: Lang) -> String {
        let de = l == Lang::De;
        match p {
            TableProblem::NotANumber { row, column, value } => {
                if de {
                    format!(
                        "Zeile {row}, Spalte {}: „{value}“ ist keine Zahl",
                        column + 1
                    )
                } else {
                    format!(
                        "row {row}, column {}: “{value}” is not a number",
                        column + 1
                    )
                }
            }
            TableProblem::RaggedRow {
                row,
                fields,
                expected,
            } => {
                if de {
                    format!("Zeile {row}: {fields} statt {expected} Spalten")
                } else {
                    format!("row {row}: {fields} instead of {expected} columns")
                }
            }
            TableProblem::EmptyHeader { column } => {
                if de {
                    format!("Spalte {} hat keine Überschrift", column + 1)
                } else {
                    format!("column {} has no header", column + 1)
                }
            }
            TableProblem::DuplicateHeader { column, name } => {
                if de {
                    format!("Spalte {}: Überschrift „{name}“ doppelt", column + 1)
                } else {
                    format!("column {}: header “{name}” appears twice", column + 1)
                }
            }
            TableProblem::AmbiguousNumberFormat { column, example } => {
                if de {
                    format!(
                        "Spalte {}: Zahlenformat mehrdeutig („{example}“)",
                        column + 1
                    )
                } else {
                    format!(
                        "column {}: ambiguous number format (“{example}”)",
                        column + 1
                    )
                }
            }
            TableProblem::FormulaLike { row, column, value } => {
                if de {
                    format!("Zeile {row}, Spalte {}: „{value}“ sieht aus wie eine Formel und bleibt Text", column + 1)
                } else {
                    format!(
                        "row {row}, column {}: “{value}” looks like a formula and stays text",
                        column + 1
                    )
                }
            }
            TableProblem::LineBreakInCell { row, column } => {
                if de {
                    format!("Zeile {row}, Spalte {}: Zeilenumbruch in der Zelle (nicht geschlossenes Anführungszeichen?)", column + 1)
                } else {
                    format!(
                        "row {row}, column {}: line break inside the cell (an unclosed quote?)",
                        column + 1
                    )
                }
            }
            TableProblem::Mojibake => {
                if de {
                    "Umlaute sehen beschädigt aus – ist die Zeichenkodierung richtig?".into()
                } else {
                    "Umlauts look garbled – is the encoding right?".into()
                }
            }
        }
    }
}

impl IT {
    /// "Key 054 twice in the table (rows 7, 9)".
    pub fn duplicate(d: &DuplicateKey, in_table: bool, l: Lang) -> String {
        let rows = join_numbers(&d.rows);
        match (l, in_table) {
            (Lang::De, true) => format!(
                "Schlüssel {} mehrfach in der Tabelle (Zeilen {rows})",
                d.key
            ),
            (Lang::De, false) => format!(
                "Schlüssel {} mehrfach in den Grenzen (Gebiete {rows})",
                d.key
            ),
            (Lang::En, true) => format!("key {} more than once in the table (rows {rows})", d.key),
            (Lang::En, false) => format!(
                "key {} more than once in the boundaries (areas {rows})",
                d.key
            ),
        }
    }

    /// "Row 12: „54“ → 054 Hörde (leading zeros, safe)".
    pub fn near_miss(m: &NearMiss, l: Lang) -> String {
        let de = l == Lang::De;
        let kind = match (m.kind, de) {
            (NearMissKind::LeadingZeros, true) => "führende Nullen",
            (NearMissKind::LeadingZeros, false) => "leading zeros",
            (NearMissKind::CaseOrWhitespace, true) => "Groß-/Kleinschreibung oder Leerzeichen",
            (NearMissKind::CaseOrWhitespace, false) => "case or white space",
            (NearMissKind::Spelling, true) => "Schreibweise",
            (NearMissKind::Spelling, false) => "spelling",
            (NearMissKind::KeyIsName, true) => "Name statt Nummer",
            (NearMissKind::KeyIsName, false) => "name instead of key",
        };
        let safety = match (m.safe, de) {
            (true, true) => "sicher",
            (true, false) => "safe",
            (false, true) => "bitte prüfen",
            (false, false) => "please check",
        };
        format!(
            "{} {}: „{}“ → {} {} ({kind}, {safety})",
            if de { "Zeile" } else { "Row" },
            m.row,
            m.table_key,
            m.district_key,
            m.district_name
        )
    }
}

fn join_numbers(n: &[usize]) -> String {
    n.iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Area 12: ring not closed – fixed".
pub fn describe_issue(i: &GeometryIssue, l: Lang) -> String {
    let de = l == Lang::De;
    let what = match (i.kind, de) {
        (IssueKind::MissingGeometry, true) => "keine Geometrie",
        (IssueKind::MissingGeometry, false) => "no geometry",
        (IssueKind::EmptyGeometry, true) => "leere Geometrie",
        (IssueKind::EmptyGeometry, false) => "empty geometry",
        (IssueKind::EmptyPart, true) => "leerer Teil entfernt",
        (IssueKind::EmptyPart, false) => "empty part dropped",
        (IssueKind::UnclosedRing, true) => "Ring nicht geschlossen",
        (IssueKind::UnclosedRing, false) => "ring not closed",
        (IssueKind::WrongWinding, true) => "falscher Umlaufsinn",
        (IssueKind::WrongWinding, false) => "wrong winding order",
        (IssueKind::DuplicatePoints, true) => "doppelte Punkte",
        (IssueKind::DuplicatePoints, false) => "repeated points",
        (IssueKind::RingTooShort, true) => "Ring mit weniger als 3 Ecken",
        (IssueKind::RingTooShort, false) => "ring with fewer than 3 corners",
        (IssueKind::ZeroAreaRing, true) => "Ring ohne Fläche",
        (IssueKind::ZeroAreaRing, false) => "ring without area",
        (IssueKind::NonFinite, true) => "Koordinate ist keine Zahl",
        (IssueKind::NonFinite, false) => "coordinate is not a number",
        (IssueKind::OutOfRange, true) => {
            "Koordinate außerhalb des gültigen Bereichs (falsches Koordinatensystem?)"
        }
        (IssueKind::OutOfRange, false) => "coordinate out of range (wrong coordinate system?)",
        (IssueKind::SelfIntersection, true) => "Umriss schneidet sich selbst",
        (IssueKind::SelfIntersection, false) => "outline crosses itself",
    };
    let state = match (i.fixed, de) {
        (true, true) => "behoben",
        (true, false) => "fixed",
        (false, true) => "nicht behoben",
        (false, false) => "not fixed",
    };
    format!(
        "{} {}: {what} – {state}",
        if de { "Gebiet" } else { "Area" },
        i.feature
    )
}

/// "ETRS89 / UTM zone 32N (EPSG:25832)".
pub fn crs_label(c: Crs) -> String {
    format!("{} (EPSG:{})", c.name(), c.epsg())
}

/// A typed import error as a sentence for the planner, in German or English. Exhaustive on
/// purpose: a new error kind in the core does not compile until it has its words here.
/// Technical details from a parser (`message`) stay in parentheses, untranslated.
pub fn describe_import_error(e: &ImportError, l: Lang) -> String {
    use ImportError as E;
    let de = l == Lang::De;
    let t = |g: String, en: String| if de { g } else { en };
    match e {
        E::Empty { file } => t(format!("{file}: Die Datei ist leer."), format!("{file}: the file is empty.")),
        E::Other { file, message } => t(
            format!("{file}: Import nicht möglich ({message})."),
            format!("{file}: cannot import ({message})."),
        ),
        E::UnknownFileType { file } => t(
            format!("{file}: unbekannter Dateityp – erwartet werden GeoJSON, TopoJSON, Shapefile (.zip), CSV oder XLSX."),
            format!("{file}: unknown file type – expected GeoJSON, TopoJSON, Shapefile (.zip), CSV or XLSX."),
        ),
        E::ShapefilePartAlone { file } => t(
            format!("{file}: Teil eines Shapefiles ohne die zugehörige .shp-Datei."),
            format!("{file}: part of a Shapefile without its .shp file."),
        ),
        E::SecondLayer { file } => t(
            format!("{file}: eine zweite Ebene derselben Art – verwendet wird nur die erste."),
            format!("{file}: a second layer of the same kind – only the first is used."),
        ),
        E::SecondTable { file } => t(
            format!("{file}: eine zweite Tabelle ohne Koordinatenspalten – verwendet wird nur die erste."),
            format!("{file}: a second table without coordinate columns – only the first is used."),
        ),
        E::NoCrs { file } => t(
            format!("{file}: Das Koordinatensystem ist unbekannt – bitte oben auswählen."),
            format!("{file}: the coordinate system is unknown – please choose one above."),
        ),
        E::NoBoundaries => t(
            "Keine Grenzdatei (GeoJSON, TopoJSON oder Shapefile mit Flächen).".into(),
            "No boundary file (GeoJSON, TopoJSON or Shapefile with polygons).".into(),
        ),
        E::NoTable => t("Keine Tabelle (CSV oder Excel).".into(), "No table (CSV or Excel).".into()),
        E::NoIndicators => t(
            "Bitte mindestens eine Spalte als Indikator wählen.".into(),
            "Please choose at least one column as an indicator.".into(),
        ),
        E::NotText { file, message } => t(
            format!("{file}: keine lesbare Textdatei ({message})."),
            format!("{file}: not a readable text file ({message})."),
        ),
        E::Encoding { file, message } => t(
            format!("{file}: Die Zeichenkodierung ist fehlerhaft ({message})."),
            format!("{file}: the text encoding is broken ({message})."),
        ),
        E::UnsupportedFormat { file, message } => t(
            format!("{file}: Dieses Format wird nicht unterstützt ({message}). Bitte als .xlsx oder CSV speichern."),
            format!("{file}: this format is not supported ({message}). Please save as .xlsx or CSV."),
        ),
        E::NeedsImporter { file, what } => t(
            format!("{file}: {what} kann hier nicht gelesen werden."),
            format!("{file}: {what} cannot be read here."),
        ),
        E::TooFewColumns { file } => t(
            format!("{file}: keine Tabelle mit mindestens zwei Spalten gefunden."),
            format!("{file}: no table with at least two columns found."),
        ),
        E::NoHeader { file } => t(
            format!("{file}: keine Kopfzeile mit Spaltennamen gefunden."),
            format!("{file}: no header row naming the columns was found."),
        ),
        E::NoRows { file } => t(
            format!("{file}: Die Tabelle hat keine Datenzeilen."),
            format!("{file}: the table has no data rows."),
        ),
        E::TooManyColumns { file, row, count, max } => t(
            format!("{file}: Zeile {row} hat {count} Spalten, mehr als die erlaubten {max}."),
            format!("{file}: row {row} has {count} columns, more than the {max} allowed."),
        ),
        E::CellTooLong { file, row, column, max } => t(
            format!("{file}: Zeile {row}, Spalte {column}: Die Zelle ist länger als {max} Zeichen (ein nicht geschlossenes Anführungszeichen?)."),
            format!("{file}: row {row}, column {column}: the cell is longer than {max} characters (an unclosed quote?)."),
        ),
        E::TooManyRows { file, max } => t(
            format!("{file}: mehr als {max} Zeilen."),
            format!("{file}: more than {max} rows."),
        ),
        E::InconsistentRows { file, ragged, total } => t(
            format!("{file}: {ragged} von {total} Zeilen passen nicht zu den Spalten der Kopfzeile (gemischte Trennzeichen?)."),
            format!("{file}: {ragged} of {total} rows do not fit the header's columns (mixed separators?)."),
        ),
        E::Xlsx { file, message } => t(
            format!("{file}: Die Excel-Datei ist nicht lesbar ({message})."),
            format!("{file}: the Excel file cannot be read ({message})."),
        ),
        E::NoSuchColumn { file, column } => t(
            format!("{file}: Spalte {column} gibt es nicht."),
            format!("{file}: column {column} does not exist."),
        ),
        E::BadCoordinate { file, row, column, value } => t(
            format!("{file}: Zeile {row}, Spalte „{column}“: „{value}“ ist keine brauchbare Koordinate."),
            format!("{file}: row {row}, column “{column}”: “{value}” is not a usable coordinate."),
        ),
        E::Publish { message } => t(
            format!("Der Datensatz konnte nicht erstellt werden ({message})."),
            format!("The dataset could not be created ({message})."),
        ),
        E::Json { file, message } => t(
            format!("{file}: kein gültiges JSON – die Datei ist abgeschnitten oder beschädigt ({message})."),
            format!("{file}: not valid JSON – the file is truncated or damaged ({message})."),
        ),
        E::NotGeoJson { file, found } => t(
            format!("{file}: kein GeoJSON (gefunden: {found})."),
            format!("{file}: not GeoJSON (found: {found})."),
        ),
        E::NoFeatures { file } => t(
            format!("{file}: Die Datei enthält keine Gebiete."),
            format!("{file}: the file holds no areas."),
        ),
        E::UnsupportedGeometry { file, feature, geometry_type } => t(
            format!("{file}: Objekt {feature}: Geometrietyp {geometry_type} wird nicht unterstützt (nur Flächen und Punkte)."),
            format!("{file}: feature {feature}: geometry type {geometry_type} is not supported (only areas and points)."),
        ),
        E::Coordinates { file, feature, message } => t(
            format!("{file}: Objekt {feature}: Die Koordinaten passen nicht zum Geometrietyp ({message})."),
            format!("{file}: feature {feature}: the coordinates do not fit the geometry type ({message})."),
        ),
        E::TopoJson { file, message } => t(
            format!("{file}: TopoJSON nicht lesbar ({message})."),
            format!("{file}: TopoJSON cannot be read ({message})."),
        ),
        E::Shapefile { part, message, .. } => t(
            format!("{part}: Shapefile-Teil nicht lesbar ({message})."),
            format!("{part}: Shapefile part cannot be read ({message})."),
        ),
        E::MissingPart { file, part } => t(
            format!(
                "{file}: Dem Shapefile fehlt die .{part}-Datei{}.",
                if part == "dbf" { " (sie enthält die Attribute wie Gebietsnummer und Name)" } else { "" }
            ),
            format!(
                "{file}: the Shapefile has no .{part} file{}.",
                if part == "dbf" { " (it holds the attributes such as district number and name)" } else { "" }
            ),
        ),
        E::Zip { file, message } => t(
            format!("{file}: Das ZIP-Archiv ist nicht lesbar ({message})."),
            format!("{file}: the ZIP archive cannot be read ({message})."),
        ),
        E::TooLarge { file, entry, size, limit } => t(
            format!("{file}: {entry} ist mit {size} Bytes größer als die Grenze von {limit} Bytes."),
            format!("{file}: {entry} has {size} bytes, more than the limit of {limit}."),
        ),
        E::NoShapefile { file } => t(
            format!("{file}: Das Archiv enthält kein Shapefile (.shp)."),
            format!("{file}: the archive holds no Shapefile (.shp)."),
        ),
        E::Reproject { file, feature, message } => t(
            format!("{file}: Objekt {feature}: Umrechnung nach WGS84 nicht möglich ({message}) – stimmt das Koordinatensystem?"),
            format!("{file}: feature {feature}: cannot convert to WGS84 ({message}) – is the coordinate system right?"),
        ),
    }
}

//! Every UI string in German and English. The key is an enum, so a missing translation is a
//! compile error, not a blank label. Dataset texts (indicator labels, definitions) come from
//! the manifest instead.

use atlas_core::dataset::{DatasetError, GeometryProblem};
use atlas_core::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    AppTitle,
    Tagline,
    Loading,
    PanelUnavailable,
    Indicator,
    Year,
    View,
    ViewValue,
    ViewChange,
    Classification,
    Classes,
    Palette,
    Quantile,
    EqualInterval,
    NaturalBreaks,
    StdDev,
    Legend,
    NoData,
    Districts,
    Services,
    Details,
    Table,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    MapLabel,
    MapHelp,
    Rank,
    Of,
    Median,
    ChangeSince,
    PercentPoints,
    SelectPrompt,
    Key,
    Name,
    Value,
    Change,
    SourcesAndLicences,
    ErrorTitle,
    ErrorTechnical,
    Selected,
    Close,
    NoServices,
    Unnamed,
    Histogram,
    SortBy,
    Language,
    Definition,
    Source,
    MapControls,
    MapOf,
    ChangeOnlyOneYear,
    TableCaption,
    Count,
    ShowNames,
    AnalysisIndicator,
    AnalysisNeed,
    AnalysisPriorities,
    AnalysisAllocation,
    MapShows,
    Stage,
    AllStages,
    Weight,
    Direction,
    HigherMoreNeed,
    LowerMoreNeed,
    AboutDefault,
    NeedIndex,
    Normalisation,
    ZScore,
    PercentileRank,
    IndicatorsAndWeights,
    Supply,
    ServiceCategory,
    WalkingRadius,
    SupplyMeasure,
    Per1000Children,
    Coverage,
    PerKm2,
    Allocation,
    AllocationUnit,
    Places,
    Euros,
    Total,
    MinimumPerDistrict,
    Threshold,
    AllocationRule,
    Low,
    Medium,
    High,
    StabilityExplained,
    Draws,
    Score,
    InTop,
    MissingComponents,
    PrioritiesExplained,
    NeedAxis,
    SupplyAxis,
    MinimumNotMet,
    DownloadCsv,
    EstimatedChildren,
    Allocated,
    Sum,
    Ranking,
    Priorities,
    ZScoreFormula,
    PercentileFormula,
    Normalised,
    Contribution,
    MissingExplained,
    ChildrenFormula,
    EstimateNote,
    NearestService,
    CoverageExplained,
    Quota,
    NotEligible,
    NeedAndSupply,
    Dataset,
    OpenFiner,
    BackTo,
    SwitchFailed,
    ValueFilter,
    From,
    To,
    ModelMunicipalities,
    ShowHighlight,
    ShareEmbed,
    Permalink,
    Width,
    Height,
    EmbedSnippet,
    OpenFull,
    UrlNotice,
    Dismiss,
    Export,
    Data,
    Suppressed,
    Basemap,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        let (de, en) = match self {
            T::AppTitle => ("Chancenatlas", "Chancenatlas"),
            T::Tagline => (
                "Kinderarmut und Angebote im Quartier – für Präventionsketten",
                "Child poverty and services by neighbourhood – for prevention chains",
            ),
            T::Loading => ("Daten werden geladen …", "Loading data …"),
            T::PanelUnavailable => (
                "Dieser Teil der Anwendung konnte nicht vom Server geladen werden (keine Verbindung?). Die Karte und Ihre Daten bleiben; bitte erneut öffnen.",
                "This part of the app could not be loaded from the server (no connection?). The map and your data stay; please open it again.",
            ),
            T::Indicator => ("Indikator", "Indicator"),
            T::Year => ("Jahr", "Year"),
            T::View => ("Ansicht", "View"),
            T::ViewValue => ("Wert im Jahr", "Value in year"),
            T::ViewChange => ("Veränderung", "Change"),
            T::Classification => ("Klassifizierung", "Classification"),
            T::Classes => ("Klassen", "Classes"),
            T::Palette => ("Farbschema", "Colour scheme"),
            T::Quantile => ("Quantile (gleich viele je Klasse)", "Quantiles (equal counts)"),
            T::EqualInterval => ("Gleiche Intervalle", "Equal intervals"),
            T::NaturalBreaks => ("Natürliche Brüche (Jenks)", "Natural breaks (Jenks)"),
            T::StdDev => ("Standardabweichung", "Standard deviation"),
            T::Legend => ("Legende", "Legend"),
            T::NoData => ("keine Daten", "no data"),
            T::Districts => ("Gebiete", "areas"),
            T::Services => ("Angebote", "Services"),
            T::Details => ("Details", "Details"),
            T::Table => ("Tabelle", "Table"),
            T::ZoomIn => ("Hineinzoomen", "Zoom in"),
            T::ZoomOut => ("Herauszoomen", "Zoom out"),
            T::ZoomReset => ("Ganze Stadt zeigen", "Show whole city"),
            T::MapLabel => ("Karte", "Map"),
            T::MapHelp => (
                "Pfeiltasten verschieben, + und − zoomen, 0 zeigt alles. Alle Werte stehen auch in der Tabelle.",
                "Arrow keys pan, + and − zoom, 0 shows all. Every value is also in the table.",
            ),
            T::Rank => ("Rang", "rank"),
            T::Of => ("von", "of"),
            T::Median => ("Median aller Gebiete", "Median of all areas"),
            T::ChangeSince => ("Veränderung", "Change"),
            T::PercentPoints => ("Prozentpunkte", "percentage points"),
            T::SelectPrompt => (
                "Wählen Sie ein Gebiet in der Karte oder in der Tabelle.",
                "Select an area on the map or in the table.",
            ),
            T::Key => ("Nr.", "No."),
            T::Name => ("Name", "Name"),
            T::Value => ("Wert", "Value"),
            T::Change => ("Veränderung", "Change"),
            T::SourcesAndLicences => ("Quellen und Lizenzen", "Sources and licences"),
            T::ErrorTitle => (
                "Die Daten konnten nicht geladen werden",
                "The data could not be loaded",
            ),
            T::ErrorTechnical => ("Technische Angaben", "Technical details"),
            T::Selected => ("Ausgewählt", "Selected"),
            T::Close => ("Schließen", "Close"),
            T::NoServices => ("Keine Angebote im Gebiet.", "No services in this area."),
            T::Unnamed => ("ohne Namen", "unnamed"),
            T::Histogram => ("Verteilung der Werte", "Distribution of values"),
            T::SortBy => ("Sortieren nach", "Sort by"),
            T::Language => ("Sprache", "Language"),
            T::Definition => ("Definition", "Definition"),
            T::Source => ("Quelle", "Source"),
            T::MapControls => ("Kartensteuerung", "Map controls"),
            T::MapOf => ("Karte von", "Map of"),
            T::ChangeOnlyOneYear => (
                "Für diesen Indikator gibt es nur ein Jahr – keine Veränderung darstellbar.",
                "This indicator has only one year – no change can be shown.",
            ),
            T::TableCaption => (
                "Alle Gebiete mit dem gewählten Indikator. Zeile wählen, um das Gebiet in der Karte zu markieren.",
                "All areas with the chosen indicator. Choose a row to select the area on the map.",
            ),
            T::Count => ("Anzahl", "Count"),
            T::ShowNames => ("Namen", "Names"),
            T::AnalysisIndicator => ("Indikator", "Indicator"),
            T::AnalysisNeed => ("Bedarfsindex", "Need index"),
            T::AnalysisPriorities => ("Bedarf × Angebot (Prioritäten)", "Need × supply (priorities)"),
            T::AnalysisAllocation => ("Verteilung von Mitteln", "Allocation"),
            T::MapShows => ("Die Karte zeigt", "The map shows"),
            T::Stage => ("Stufe der Präventionskette", "Prevention-chain stage"),
            T::AllStages => ("Alle Altersstufen (Standardindex)", "All ages (default index)"),
            T::Weight => ("Gewicht", "Weight"),
            T::Direction => ("Richtung", "Direction"),
            T::HigherMoreNeed => ("hoch = mehr Bedarf", "high = more need"),
            T::LowerMoreNeed => ("niedrig = mehr Bedarf", "low = more need"),
            T::AboutDefault => ("Warum dieser Standard?", "Why this default?"),
            T::NeedIndex => ("Bedarfsindex", "Need index"),
            T::Normalisation => ("Normierung", "Normalisation"),
            T::ZScore => ("z-Wert (Abstand zum Mittel in Standardabweichungen)", "z-score (distance from the mean in standard deviations)"),
            T::PercentileRank => ("Perzentilrang (0–100)", "Percentile rank (0–100)"),
            T::IndicatorsAndWeights => ("Indikatoren, Gewichte, Richtung", "Indicators, weights, direction"),
            T::Supply => ("Angebot", "Supply"),
            T::ServiceCategory => ("Angebotsart", "Service category"),
            T::WalkingRadius => ("Fußweg-Radius (m)", "Walking radius (m)"),
            T::SupplyMeasure => ("Maß", "Measure"),
            T::Per1000Children => ("je 1.000 Kinder (geschätzt)", "per 1,000 children (estimated)"),
            T::Coverage => ("Flächenanteil im Radius (%)", "Area share within radius (%)"),
            T::PerKm2 => ("je km²", "per km²"),
            T::Allocation => ("Verteilung", "Allocation"),
            T::AllocationUnit => ("Einheit", "Unit"),
            T::Places => ("Plätze / Stellen", "Places / posts"),
            T::Euros => ("Euro", "Euros"),
            T::Total => ("Gesamt", "Total"),
            T::MinimumPerDistrict => ("Mindestens je Gebiet", "Minimum per area"),
            T::Threshold => ("Nur ab Bedarfs-Perzentil", "Only from need percentile"),
            T::AllocationRule => ("Verteilt im Verhältnis Bedarf × geschätzte Kinder: Gewicht = (Index − niedrigster Index) × Kinder; Anteil = Gesamt × Gewicht / Summe der Gewichte; ganze Einheiten (Plätze bzw. Cent) nach dem Verfahren der größten Reste, die Summe stimmt exakt.", "Distributed in proportion to need × estimated children: weight = (index − lowest index) × children; quota = total × weight / sum of weights; whole units (places or cents) by the largest-remainder method, so the sum is exact."),
            T::Low => ("niedrig", "low"),
            T::Medium => ("mittel", "medium"),
            T::High => ("hoch", "high"),
            T::StabilityExplained => ("Stabilität: Anteil der Zufallsziehungen mit um bis zu", "Stability: share of random draws with weights perturbed by up to"),
            T::Draws => ("Ziehungen, in denen das Gebiet vorn bleibt.", "draws in which the area stays at the top."),
            T::Score => ("Index", "Index"),
            T::InTop => ("in Top", "in top"),
            T::MissingComponents => ("fehlende Indikatoren", "missing indicators"),
            T::PrioritiesExplained => ("Prioritäten: hoher Bedarf und niedriges Angebot zuerst (Drittel der Verteilung: Terzile).", "Priorities: high need and low supply first (thirds of the distribution: terciles)."),
            T::NeedAxis => ("Bedarf", "Need"),
            T::SupplyAxis => ("Angebot", "Supply"),
            T::MinimumNotMet => ("Die Mindestmenge je Gebiet übersteigt das Gesamtbudget: Es wird gleichmäßig verteilt.", "The minimum per area exceeds the total: it is split evenly."),
            T::DownloadCsv => ("Als CSV herunterladen", "Download as CSV"),
            T::EstimatedChildren => ("Kinder (geschätzt)", "Children (estimated)"),
            T::Allocated => ("Zuteilung", "Allocated"),
            T::Sum => ("Summe", "Sum"),
            T::Ranking => ("Rangliste", "Ranking"),
            T::Priorities => ("Prioritäten", "Priorities"),
            T::ZScoreFormula => ("Normierung: z = (Wert − Mittelwert) / Standardabweichung; bei „niedrig = mehr Bedarf“ mit umgekehrtem Vorzeichen.", "Normalisation: z = (value − mean) / standard deviation; sign reversed for “low = more need”."),
            T::PercentileFormula => ("Normierung: Perzentilrang = (Rang − 1) / (n − 1) × 100, Gleichstände gemittelt; bei „niedrig = mehr Bedarf“ 100 − Perzentilrang.", "Normalisation: percentile rank = (rank − 1) / (n − 1) × 100, ties averaged; for “low = more need” 100 − percentile rank."),
            T::Normalised => ("normiert", "normalised"),
            T::Contribution => ("Beitrag", "Contribution"),
            T::MissingExplained => ("Für dieses Gebiet fehlen Werte einzelner Indikatoren: Der Index wird aus den vorhandenen gebildet (Gewichte neu summiert).", "Some indicator values are missing for this area: the index uses the ones present (weights re-summed)."),
            T::ChildrenFormula => ("Schätzung: Bevölkerungsdichte (Einw./ha) × Fläche (ha) × Altersanteil (%) × Anteil der Altersstufe.", "Estimate: population density (residents/ha) × area (ha) × age share (%) × part of the age band."),
            T::EstimateNote => ("Eine Schätzung: Der Datensatz enthält nur Anteile, keine Kinderzahlen; innerhalb einer Altersgruppe wird Gleichverteilung angenommen.", "An estimate: the dataset holds shares, not child counts; ages are assumed evenly spread within a band."),
            T::NearestService => ("Entfernung vom Gebietsmittelpunkt zum nächsten Angebot", "Distance from the area's centre to the nearest service"),
            T::CoverageExplained => ("Flächenanteil: Rasterpunkte im Abstand von 50 m im Gebiet, die in Luftlinie höchstens den Radius von einem Angebot entfernt sind (auch Angebote in Nachbargebieten zählen). Luftlinie, nicht Wegstrecke.", "Area share: grid points 50 m apart inside the area that lie within the radius of a service as the crow flies (services in neighbouring areas count too). Straight-line, not walking distance."),
            T::Quota => ("Anteil", "Quota"),
            T::NotEligible => ("Nicht berücksichtigt (unter der Schwelle oder Daten fehlen).", "Not eligible (below the threshold or data missing)."),
            T::NeedAndSupply => ("Bedarf und Angebot – wie berechnet?", "Need and supply – how is it calculated?"),
            T::Dataset => ("Datensatz", "Dataset"),
            T::OpenFiner => ("Öffnen", "Open"),
            T::BackTo => ("Zurück zu", "Back to"),
            T::SwitchFailed => ("Der Datensatz konnte nicht gewechselt werden; die bisherigen Daten bleiben angezeigt.", "The dataset could not be switched; the previous data stays on screen."),
            T::ValueFilter => ("Filter", "Filter"),
            T::From => ("von", "from"),
            T::To => ("bis", "to"),
            T::ModelMunicipalities => ("Modellkommunen", "Model municipalities"),
            T::ShowHighlight => ("auf der Karte markieren", "mark on the map"),
            T::ShareEmbed => ("Teilen / Einbetten", "Share / embed"),
            T::Permalink => ("Link zu dieser Ansicht", "Link to this view"),
            T::Width => ("Breite (px)", "Width (px)"),
            T::Height => ("Höhe (px)", "Height (px)"),
            T::EmbedSnippet => ("Code zum Einbetten (iframe)", "Embed code (iframe)"),
            T::OpenFull => ("Im vollständigen Atlas öffnen", "Open in the full explorer"),
            T::UrlNotice => ("Nicht verwendete Angaben im Link", "Link parameters not used"),
            T::Dismiss => ("Ausblenden", "Dismiss"),
            T::Export => ("Export", "Export"),
            T::Data => ("Daten", "data"),
            T::Suppressed => ("geschützt", "suppressed"),
            T::Basemap => ("Hintergrundkarte", "Background map"),
        };
        match lang {
            Lang::De => de,
            Lang::En => en,
        }
    }
}

/// Why loading failed, typed; worded only by [`describe_load_error`].
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The `?dataset=` parameter is not a plain relative path.
    BadDatasetParameter(String),
    /// The server answered with an HTTP error status.
    Http { file: String, status: u16 },
    /// No answer at all (offline, blocked).
    Network { file: String, message: String },
    /// The file arrived but is not a valid dataset file.
    Data(DatasetError),
    /// `data/catalog.json` is malformed.
    Catalog(String),
    /// `?data=URL`: the URL or the GeoJSON behind it is unusable.
    Adhoc(atlas_core::adhoc::AdhocError),
    /// `?dataset=local:<id>` names an import that is not stored in this browser (deleted,
    /// or the link was made in another browser).
    LocalMissing(String),
    /// The browser's storage (IndexedDB) cannot be used.
    Storage(String),
}

fn geometry_problem(p: &GeometryProblem, lang: Lang) -> String {
    match (p, lang) {
        (GeometryProblem::Missing, Lang::De) => "Geometrie fehlt".into(),
        (GeometryProblem::Missing, Lang::En) => "geometry missing".into(),
        (GeometryProblem::WrongType(found, expected), Lang::De) => {
            format!("Geometrietyp {found}, erwartet {expected}")
        }
        (GeometryProblem::WrongType(found, expected), Lang::En) => {
            format!("geometry type {found}, expected {expected}")
        }
        (GeometryProblem::NotFinite, Lang::De) => "eine Koordinate ist keine endliche Zahl".into(),
        (GeometryProblem::NotFinite, Lang::En) => "a coordinate is not a finite number".into(),
        (GeometryProblem::OutOfRange, Lang::De) => {
            "eine Koordinate liegt außerhalb von Länge −180…180 / Breite −90…90 (ist die Datei in WGS84?)".into()
        }
        (GeometryProblem::OutOfRange, Lang::En) => {
            "a coordinate lies outside longitude −180…180 / latitude −90…90 (is the file in WGS84?)".into()
        }
        (GeometryProblem::RingTooShort, Lang::De) => "ein Ring hat weniger als 4 Punkte".into(),
        (GeometryProblem::RingTooShort, Lang::En) => "a ring has fewer than 4 positions".into(),
        (GeometryProblem::ShortPosition, Lang::De) => "eine Position hat weniger als 2 Zahlen".into(),
        (GeometryProblem::ShortPosition, Lang::En) => "a position has fewer than 2 numbers".into(),
    }
}

/// A sentence for the user, naming file, feature or row, and field.
pub fn describe_load_error(e: &LoadError, lang: Lang) -> String {
    use DatasetError as D;
    let de = lang == Lang::De;
    match e {
        LoadError::BadDatasetParameter(p) => {
            if de {
                format!("Der Parameter dataset=„{p}“ ist kein gültiger relativer Pfad auf diesem Server.")
            } else {
                format!("The parameter dataset=“{p}” is not a valid relative path on this server.")
            }
        }
        LoadError::Http { file, status } => {
            if de {
                format!(
                    "{file}: Der Server antwortete mit HTTP-Status {status}{}.",
                    if *status == 404 {
                        " (nicht gefunden)"
                    } else {
                        ""
                    }
                )
            } else {
                format!(
                    "{file}: the server answered with HTTP status {status}{}.",
                    if *status == 404 { " (not found)" } else { "" }
                )
            }
        }
        LoadError::Network { file, message } => {
            if de {
                format!("{file}: keine Antwort vom Server ({message}).")
            } else {
                format!("{file}: no answer from the server ({message}).")
            }
        }
        LoadError::Adhoc(a) => crate::data_url::describe(a, lang),
        LoadError::LocalMissing(id) => {
            if de {
                format!("Der importierte Datensatz „{id}“ ist in diesem Browser nicht gespeichert (gelöscht, oder der Link stammt aus einem anderen Browser – eigene Daten verlassen den Browser nie).")
            } else {
                format!("The imported dataset “{id}” is not stored in this browser (deleted, or the link comes from another browser – own data never leaves the browser).")
            }
        }
        LoadError::Storage(m) => {
            if de {
                format!("Der Speicher dieses Browsers ist nicht nutzbar ({m}).")
            } else {
                format!("This browser's storage cannot be used ({m}).")
            }
        }
        LoadError::Catalog(m) => {
            if de {
                format!("Der Datensatzkatalog ist fehlerhaft: {m}")
            } else {
                format!("The dataset catalogue is malformed: {m}")
            }
        }
        LoadError::Data(d) => match d {
            D::Empty { file } => {
                if de {
                    format!("{file}: Die Datei ist leer.")
                } else {
                    format!("{file}: the file is empty.")
                }
            }
            D::Json { file, message } => {
                if de {
                    format!("{file}: kein gültiges JSON ({message}).")
                } else {
                    format!("{file}: not valid JSON ({message}).")
                }
            }
            D::Manifest { file, message } => {
                if de {
                    format!("{file}: keine gültige Datensatzbeschreibung ({message}).")
                } else {
                    format!("{file}: not a valid dataset description ({message}).")
                }
            }
            D::FormatVersion {
                file,
                found,
                expected,
            } => {
                if de {
                    format!("{file}: Formatversion {found} wird nicht unterstützt (erwartet {expected}).")
                } else {
                    format!(
                        "{file}: format version {found} is not supported (expected {expected})."
                    )
                }
            }
            D::NotFeatureCollection { file } => {
                if de {
                    format!("{file}: keine GeoJSON-FeatureCollection.")
                } else {
                    format!("{file}: not a GeoJSON FeatureCollection.")
                }
            }
            D::NoFeatures { file } => {
                if de {
                    format!("{file}: Die FeatureCollection enthält keine Features.")
                } else {
                    format!("{file}: the FeatureCollection has no features.")
                }
            }
            D::MissingProperty {
                file,
                feature,
                field,
            } => {
                if de {
                    format!("{file}: Feature {feature}: Eigenschaft „{field}“ fehlt oder ist leer.")
                } else {
                    format!("{file}: feature {feature}: property “{field}” is missing or empty.")
                }
            }
            D::Geometry {
                file,
                feature,
                problem,
            } => {
                if de {
                    format!(
                        "{file}: Feature {feature}: {}.",
                        geometry_problem(problem, lang)
                    )
                } else {
                    format!(
                        "{file}: feature {feature}: {}.",
                        geometry_problem(problem, lang)
                    )
                }
            }
            D::DuplicateKey { file, feature, key } => {
                if de {
                    format!("{file}: Feature {feature}: Schlüssel „{key}“ kommt doppelt vor.")
                } else {
                    format!("{file}: feature {feature}: key “{key}” appears twice.")
                }
            }
            D::Csv { file, message } => {
                if de {
                    format!("{file}: CSV-Fehler ({message}).")
                } else {
                    format!("{file}: CSV error ({message}).")
                }
            }
            D::MissingColumn { file, column } => {
                if de {
                    format!("{file}: Spalte „{column}“ fehlt.")
                } else {
                    format!("{file}: column “{column}” is missing.")
                }
            }
            D::NotANumber {
                file,
                row,
                column,
                value,
            } => {
                if de {
                    format!("{file}: Zeile {row}, Spalte „{column}“: „{value}“ ist keine Zahl.")
                } else {
                    format!("{file}: row {row}, column “{column}”: “{value}” is not a number.")
                }
            }
        },
    }
}

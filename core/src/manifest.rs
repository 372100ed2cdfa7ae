//! The dataset manifest (`dataset.json`): what a dataset holds and how to read it.
//!
//! A deployment swaps data without recompiling by serving another folder with its own
//! manifest. Everything the UI says about an indicator (label, unit, definition, direction,
//! source) comes from here, never from code.

use serde::{Deserialize, Serialize};

/// UI and label language. German is the default (the users are German public bodies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in German and English. English falls back to German when missing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Text {
    pub de: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
}

impl Text {
    pub fn new(de: &str, en: &str) -> Text {
        Text {
            de: de.to_owned(),
            en: en.to_owned(),
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.en.is_empty() => &self.en,
            _ => &self.de,
        }
    }
}

/// Identifier of an indicator, e.g. `children_under_15_SGB_II_pct`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IndicatorId(pub String);

/// Identifier of a service category, e.g. `kita`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CategoryId(pub String);

/// Which way an indicator points. It decides palette orientation (more need is always
/// darker) and ranks (rank 1 = most need).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A higher value means more need (e.g. child poverty rate).
    HigherIsMoreNeed,
    /// A lower value means more need (e.g. share of Gymnasium recommendations).
    LowerIsMoreNeed,
    /// Context, not need (e.g. share aged 0–6): higher values are drawn darker and ranked first,
    /// because more children means more demand for services.
    Neutral,
}

impl Direction {
    /// True when larger values should be drawn darker and ranked first.
    pub fn higher_first(self) -> bool {
        !matches!(self, Direction::LowerIsMoreNeed)
    }
}

/// Description of one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: IndicatorId,
    pub label: Text,
    /// Display unit, e.g. `%` or `je 1.000 Einw.`.
    pub unit: String,
    pub definition: Text,
    pub direction: Direction,
    pub source: String,
    /// Years for which the dataset has values of this indicator.
    pub years: Vec<u16>,
    /// Decimals shown in the UI.
    #[serde(default = "one")]
    pub decimals: u8,
}

fn one() -> u8 {
    1
}

/// Marker shape of a service category on the map. Shapes differ so that categories stay
/// distinguishable without colour (WCAG 1.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    Star,
}

/// A service category (Kita, Grundschule, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceCategory {
    pub id: CategoryId,
    pub label: Text,
    pub shape: Shape,
    /// Fill colour `#rrggbb`.
    pub color: String,
    /// Shown when the dataset loads.
    #[serde(default)]
    pub visible_by_default: bool,
}

/// One attribution line, shown in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub licence: Text,
}

/// File names of the dataset, relative to the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Files {
    pub boundaries: String,
    pub indicators: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<String>,
}

/// One indicator of a need index, with its weight and the direction in which it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedComponent {
    pub indicator: IndicatorId,
    pub weight: f64,
    /// Defaults to the indicator's own direction (`neutral` counts as "higher = more need").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

/// The child cohort of a stage, estimated from an age-share indicator:
/// children ≈ density [residents/ha] × area [ha] × share [%] / 100 × `fraction`.
/// `fraction` picks the stage's part of a wider age band, assuming ages are spread evenly
/// within the band (e.g. 3–5 year-olds ≈ ½ of the 0–5 share). That assumption is stated in
/// the UI next to every estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// Summed: e.g. 0–17 = all of the 0–5 share + all of the 6–17 share.
    pub shares: Vec<CohortShare>,
    pub label: Text,
}

/// One age-share indicator and the part of it that belongs to the cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CohortShare {
    pub indicator: IndicatorId,
    pub fraction: f64,
}

/// A stage of the prevention chain ("Präventionskette"): its indicators, the service
/// categories that serve it, and its child cohort. Each city configures its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: String,
    pub label: Text,
    pub need_index: Vec<NeedComponent>,
    pub service_categories: Vec<CategoryId>,
    pub cohort: Cohort,
    #[serde(default)]
    pub note: Text,
}

/// What the targeting views need beyond the indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Targeting {
    /// Residents per hectare, for estimating child counts from shares.
    pub density_indicator: IndicatorId,
    /// The documented default need index.
    pub need_index: Vec<NeedComponent>,
    /// The cohort of the default (all stages) view.
    pub cohort: Cohort,
    /// Why the default is what it is (shown in the UI).
    pub need_index_note: Text,
    pub stages: Vec<Stage>,
}

/// A numeric property of the services that the map can filter by (e.g. the school social
/// index 1–9), with its range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceValue {
    pub label: Text,
    pub min: f64,
    pub max: f64,
}

/// Areas to mark on the map and list (e.g. the 18 model municipalities of "Kein Kind
/// zurücklassen!").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    pub label: Text,
    pub members: Vec<HighlightMember>,
}

/// One listed member: its name and the district keys of this dataset that belong to it
/// (a Kreis in a municipality dataset has many).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HighlightMember {
    pub name: String,
    pub keys: Vec<String>,
}

/// A district that has a finer dataset: selecting it offers to open that dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Drilldown {
    pub key: String,
    /// Catalogue id of the finer dataset.
    pub dataset: String,
    pub label: Text,
}

/// Small-number protection: the rule by which values were withheld in data preparation, and
/// the word shown instead of a withheld value. The values themselves are never in the
/// published files, so no part of the app can show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Protection {
    pub rule: Text,
    pub label: Text,
}

/// Version of the dataset format this code reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The whole `dataset.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub id: String,
    pub title: Text,
    /// What one area is called, e.g. "Unterbezirk" / "sub-district".
    pub district_label: Text,
    pub files: Files,
    pub years: Vec<u16>,
    pub default_year: u16,
    pub default_indicator: IndicatorId,
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub service_categories: Vec<ServiceCategory>,
    pub attribution: Vec<Attribution>,
    /// Need index, cohorts and prevention-chain stages; absent for datasets without them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeting: Option<Targeting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_value: Option<ServiceValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection: Option<Protection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlight: Option<Highlight>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drilldown: Vec<Drilldown>,
    /// Catalogue id of the coarser dataset this one drills down from (the way back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Free notes shown under the attribution (e.g. licence still to be confirmed).
    #[serde(default)]
    pub notes: Vec<Text>,
}

impl Manifest {
    pub fn indicator(&self, id: &IndicatorId) -> Option<&Indicator> {
        self.indicators.iter().find(|i| &i.id == id)
    }
    pub fn category(&self, id: &CategoryId) -> Option<&ServiceCategory> {
        self.service_categories.iter().find(|c| &c.id == id)
    }
}

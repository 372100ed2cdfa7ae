//! The dataset catalogue (`data/catalog.json`): which datasets a deployment offers, under
//! which id, in which folder. The URL names a dataset by its id (`?dataset=nrw-gemeinden`).

use crate::manifest::Text;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    pub id: String,
    /// Folder relative to the page, holding `dataset.json`.
    pub path: String,
    pub title: Text,
}

/// An optional background map of raster tiles, set by the deployment (never by a link: a
/// crafted URL must not make visitors' browsers call a third party). Off unless configured.
/// The tile host must then also be allowed in the deployment's CSP `img-src`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Basemap {
    /// XYZ template, e.g. `https://tiles.example.org/{z}/{x}/{y}.png`.
    pub url: String,
    /// Shown with the other sources, e.g. "© OpenStreetMap contributors".
    pub attribution: String,
    #[serde(default = "default_max_zoom")]
    pub max_zoom: u8,
}

fn default_max_zoom() -> u8 {
    18
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Id of the dataset shown when the URL names none.
    pub default: String,
    pub datasets: Vec<CatalogEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basemap: Option<Basemap>,
}

impl Catalog {
    pub fn entry(&self, id: &str) -> Option<&CatalogEntry> {
        self.datasets.iter().find(|d| d.id == id)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog.json: {0}")]
    Json(String),
    #[error("catalog.json: the default `{0}` is not among the datasets")]
    UnknownDefault(String),
    #[error("catalog.json: id `{0}` appears twice")]
    DuplicateId(String),
}

pub fn parse_catalog(text: &str) -> Result<Catalog, CatalogError> {
    let c: Catalog = serde_json::from_str(text).map_err(|e| CatalogError::Json(e.to_string()))?;
    for (i, d) in c.datasets.iter().enumerate() {
        if c.datasets[..i].iter().any(|o| o.id == d.id) {
            return Err(CatalogError::DuplicateId(d.id.clone()));
        }
    }
    if c.entry(&c.default).is_none() {
        return Err(CatalogError::UnknownDefault(c.default.clone()));
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks() {
        let ok = r#"{"default":"a","datasets":[{"id":"a","path":"data/a","title":{"de":"A"}}]}"#;
        assert_eq!(
            parse_catalog(ok).unwrap().entry("a").unwrap().path,
            "data/a"
        );
        assert!(matches!(
            parse_catalog(&ok.replace("\"default\":\"a\"", "\"default\":\"b\"")),
            Err(CatalogError::UnknownDefault(_))
        ));
        let dup = r#"{"default":"a","datasets":[{"id":"a","path":"x","title":{"de":"A"}},{"id":"a","path":"y","title":{"de":"A"}}]}"#;
        assert!(matches!(
            parse_catalog(dup),
            Err(CatalogError::DuplicateId(_))
        ));
        assert!(parse_catalog("{").is_err());
    }
}

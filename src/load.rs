//! Fetching a dataset folder: the manifest first, then the files it names. The only place
//! with network access, and it only ever asks this app's own origin (relative URLs).

use crate::i18n::LoadError;
use atlas_core::dataset::{parse_dataset, parse_manifest, DatasetTexts};
use atlas_core::prepared::PreparedMap;
use atlas_core::{CategoryId, Dataset};
use std::collections::BTreeMap;

pub const DEFAULT_DATASET: &str = "data/dortmund";
pub const CATALOG_FILE: &str = "data/catalog.json";

/// A loaded dataset with everything prepared once: projection, spatial index and the
/// service counts per district.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub map: PreparedMap,
    /// Per district: service indices by category, in the order of the services file.
    pub services_by_district: Vec<BTreeMap<CategoryId, Vec<usize>>>,
    /// Per district: the name of the highlight member it belongs to (model municipality).
    pub highlighted: Vec<Option<String>>,
}

impl Loaded {
    pub fn new(dataset: Dataset) -> Loaded {
        let map = PreparedMap::new(&dataset);
        let mut services_by_district = vec![BTreeMap::new(); dataset.districts.len()];
        for (i, (s, p)) in dataset.services.iter().zip(&map.services).enumerate() {
            if let Some(d) = p.district {
                services_by_district[d.index()]
                    .entry(s.category.clone())
                    .or_insert_with(Vec::new)
                    .push(i);
            }
        }
        let mut highlighted = vec![None; dataset.districts.len()];
        if let Some(h) = &dataset.manifest.highlight {
            for m in &h.members {
                for key in &m.keys {
                    if let Some(d) = dataset.district_by_key(key) {
                        highlighted[d.id.index()] = Some(m.name.clone());
                    }
                }
            }
        }
        Loaded {
            dataset,
            map,
            services_by_district,
            highlighted,
        }
    }

    pub fn service_count(&self, district: usize, category: &CategoryId) -> usize {
        self.services_by_district[district]
            .get(category)
            .map_or(0, Vec::len)
    }
}

/// Only plain relative paths: letters, digits, `-_./`, no `..`, no scheme, no leading slash.
/// A crafted link must not make the app fetch from another site (privacy: no third-party
/// requests) or from outside the app's folder.
pub fn check_dataset_path(p: &str) -> Result<String, LoadError> {
    let ok = !p.is_empty()
        && p.len() <= 200
        && p.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !p.starts_with('/')
        && !p.contains("..")
        && !p.contains("//");
    if ok {
        Ok(p.trim_end_matches('/').to_owned())
    } else {
        Err(LoadError::BadDatasetParameter(p.chars().take(80).collect()))
    }
}

async fn fetch_text(url: &str, file: &str) -> Result<String, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError::Network {
            file: file.into(),
            message: e.to_string(),
        })?;
    if !response.ok() {
        return Err(LoadError::Http {
            file: file.into(),
            status: response.status(),
        });
    }
    response.text().await.map_err(|e| LoadError::Network {
        file: file.into(),
        message: e.to_string(),
    })
}

/// Fetch the catalogue. A deployment without one still works: the caller falls back to
/// the default folder.
pub async fn load_catalog() -> Result<atlas_core::catalog::Catalog, LoadError> {
    let text = fetch_text(CATALOG_FILE, "catalog.json").await?;
    atlas_core::catalog::parse_catalog(&text).map_err(|e| LoadError::Catalog(e.to_string()))
}

/// The folder a `?dataset=` value names: a catalogue id, or else a plain relative path.
pub fn resolve_dataset(
    param: Option<&str>,
    catalog: Option<&atlas_core::catalog::Catalog>,
) -> Result<(Option<String>, String), LoadError> {
    match (param, catalog) {
        (Some(p), Some(c)) if c.entry(p).is_some() => {
            Ok((Some(p.to_owned()), c.entry(p).unwrap().path.clone()))
        }
        (Some(p), _) => check_dataset_path(p).map(|path| {
            let id = catalog
                .and_then(|c| c.datasets.iter().find(|d| d.path == path))
                .map(|d| d.id.clone());
            (id, path)
        }),
        (None, Some(c)) => Ok((
            Some(c.default.clone()),
            c.entry(&c.default).unwrap().path.clone(),
        )),
        (None, None) => Ok((None, DEFAULT_DATASET.to_owned())),
    }
}

/// Fetch and parse the dataset in folder `base` (relative to the page).
pub async fn load_dataset(base: &str) -> Result<Loaded, LoadError> {
    let url = |f: &str| format!("{base}/{f}");
    let manifest_text = fetch_text(&url("dataset.json"), "dataset.json").await?;
    let manifest = parse_manifest("dataset.json", &manifest_text).map_err(LoadError::Data)?;
    let files = manifest.files.clone();
    let boundaries = fetch_text(&url(&files.boundaries), &files.boundaries).await?;
    let indicators = fetch_text(&url(&files.indicators), &files.indicators).await?;
    let services = match &files.services {
        Some(f) => Some(fetch_text(&url(f), f).await?),
        None => None,
    };
    let dataset = parse_dataset(&DatasetTexts {
        manifest: &manifest_text,
        boundaries: &boundaries,
        indicators: &indicators,
        services: services.as_deref(),
    })
    .map_err(LoadError::Data)?;
    Ok(Loaded::new(dataset))
}

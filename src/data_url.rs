//! `?data=URL`: any GeoJSON FeatureCollection, coloured by a numeric property.
//!
//! The URL is the explicit choice of whoever opens the link (the app asks no third party by
//! default): http(s) URLs and relative paths only (`atlas_core::adhoc::check_data_url`).
//! The file is fetched as bytes (no UTF-16 string round trip through JS), read by the core's
//! typed reader and prepared like any dataset. Performance marks name each phase, so the
//! benchmark can say where the time goes.

use crate::i18n::LoadError;
use crate::load::Loaded;
use atlas_core::adhoc::{check_data_url, dataset_from_geojson, file_name_of, split_query};
use atlas_core::Lang;

/// The app-level parameters of the current URL (outside the permalink state).
#[derive(Debug, Clone, Default)]
pub struct AppParams {
    pub data: Option<String>,
    pub bench: bool,
    pub indicator2: Option<String>,
}

pub fn app_params() -> AppParams {
    let search = crate::url::current_search();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return AppParams::default();
    };
    AppParams {
        data: params.get("data").filter(|d| !d.is_empty()),
        bench: params.get("bench").is_some_and(|b| b == "1"),
        indicator2: params.get("indicator2").filter(|d| !d.is_empty()),
    }
}

/// The raw app-level pairs of the current URL, re-appended when the permalink is written.
pub fn extra_pairs() -> Vec<String> {
    split_query(&crate::url::current_search()).1
}

pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The download `public/boot.js` started for `url` while the wasm compiled, if any:
/// `Ok(bytes)`, or the HTTP status / network message of its failure.
async fn prefetched(url: &str) -> Option<Result<Vec<u8>, LoadError>> {
    use wasm_bindgen::JsCast;
    let w = web_sys::window()?;
    let entry = js_sys::Reflect::get(&w, &"__atlasData".into()).ok()?;
    let same = js_sys::Reflect::get(&entry, &"url".into())
        .ok()?
        .as_string()
        .is_some_and(|u| u == url);
    if !same {
        return None;
    }
    let _ = js_sys::Reflect::set(&w, &"__atlasData".into(), &wasm_bindgen::JsValue::UNDEFINED);
    let promise: js_sys::Promise = js_sys::Reflect::get(&entry, &"bytes".into())
        .ok()?
        .dyn_into()
        .ok()?;
    Some(match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
        Err(e) => {
            let status = js_sys::Reflect::get(&e, &"status".into())
                .ok()
                .and_then(|s| s.as_f64());
            Err(match status {
                Some(status) => LoadError::Http {
                    file: url.to_owned(),
                    status: status as u16,
                },
                None => LoadError::Network {
                    file: url.to_owned(),
                    message: e.as_string().unwrap_or_else(|| format!("{e:?}")),
                },
            })
        }
    })
}

/// Fetch, read and prepare the GeoJSON at `url`.
pub async fn load_data_url(url: &str) -> Result<Loaded, LoadError> {
    let url = check_data_url(url).map_err(LoadError::Adhoc)?;
    let file = file_name_of(&url);
    let bytes = match prefetched(&url).await {
        Some(result) => result?,
        None => fetch_bytes(&url).await?,
    };
    mark("atlas:fetched");
    let dataset = dataset_from_geojson(&file, &bytes).map_err(LoadError::Adhoc)?;
    drop(bytes);
    mark("atlas:parsed");
    let loaded = Loaded::new(dataset);
    mark("atlas:prepared");
    Ok(loaded)
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    let url = url.to_owned();
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| LoadError::Network {
            file: url.clone(),
            message: e.to_string(),
        })?;
    if !response.ok() {
        return Err(LoadError::Http {
            file: url.clone(),
            status: response.status(),
        });
    }
    response.binary().await.map_err(|e| LoadError::Network {
        file: url.clone(),
        message: e.to_string(),
    })
}

/// The message for a failed ad-hoc load, in German or English.
pub fn describe(e: &atlas_core::adhoc::AdhocError, lang: Lang) -> String {
    use atlas_core::adhoc::AdhocError as A;
    let de = lang == Lang::De;
    match e {
        A::BadUrl(u) => {
            if de {
                format!(
                    "Der Parameter data=„{u}“ ist keine http(s)-Adresse und kein relativer Pfad."
                )
            } else {
                format!(
                    "The parameter data=“{u}” is neither an http(s) address nor a relative path."
                )
            }
        }
        A::NotGeoJson { file, message } => {
            if de {
                format!("{file}: keine GeoJSON-FeatureCollection ({message}).")
            } else {
                format!("{file}: not a GeoJSON FeatureCollection ({message}).")
            }
        }
        A::NoFeatures { file } => {
            if de {
                format!("{file}: Die FeatureCollection enthält keine Features.")
            } else {
                format!("{file}: the FeatureCollection has no features.")
            }
        }
        A::NoNumericProperty { file } => {
            if de {
                format!("{file}: Keine Eigenschaft enthält Zahlen – die Karte kann nach nichts eingefärbt werden.")
            } else {
                format!(
                    "{file}: no property holds numbers – there is nothing to colour the map by."
                )
            }
        }
        A::NotWgs84 { file, detail } => {
            if de {
                format!("{file}: Die Koordinaten sind nicht in WGS84 (Länge/Breite): {detail}. Bitte über „Eigene Daten importieren“ laden, dort wird umprojiziert.")
            } else {
                format!("{file}: the coordinates are not WGS84 longitude/latitude: {detail}. Please load it through “Import your own data”, which reprojects.")
            }
        }
        A::Geometry {
            file,
            feature,
            problem,
        } => {
            if de {
                format!("{file}: Feature {feature}: Geometrie ungültig ({problem}).")
            } else {
                format!("{file}: feature {feature}: invalid geometry ({problem}).")
            }
        }
    }
}

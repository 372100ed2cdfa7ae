//! Area indicators aggregated from school points: the NRW school social index ("Schulsozial-
//! index", 1 = least, 9 = most social strain; NRW Ministry of Schools) per municipality or
//! Kreis. A *proxy* for need, not a measure of child poverty: it describes the pupils of the
//! schools located in an area, not the children living there.
//!
//! Per area, over its primary schools ("Grundschule") that have an index:
//! - pupil-weighted mean index = Σ (pupilsₛ × indexₛ) / Σ pupilsₛ;
//! - share of primary pupils at index 7–9 = Σ pupilsₛ [indexₛ ≥ 7] / Σ pupilsₛ × 100;
//!
//! And over all its schools: the count of "Startchancen" schools (federal-state programme).
//!
//! Aggregating municipalities to a Kreis with pupil weights is the same as aggregating the
//! Kreis's schools directly, so Kreise are computed from the schools (key = the first five
//! digits of the 8-digit AGS), never as an unweighted mean of municipal means.

use std::collections::BTreeMap;

/// One school, as far as the aggregation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct School {
    /// The area's key (e.g. the 8-digit AGS, or its first 5 digits for Kreise).
    pub area: String,
    pub primary: bool,
    pub pupils: f64,
    pub social_index: Option<f64>,
    pub startchancen: bool,
}

/// The aggregate of one area.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AreaSchools {
    pub schools: usize,
    pub primary_schools_with_index: usize,
    pub primary_pupils_with_index: f64,
    /// Σ pupils × index, for the weighted mean.
    weighted_index_sum: f64,
    primary_pupils_7_9: f64,
    pub startchancen_schools: usize,
}

impl AreaSchools {
    /// Pupil-weighted mean social index of the primary schools; `None` without any.
    pub fn mean_social_index(&self) -> Option<f64> {
        (self.primary_pupils_with_index > 0.0)
            .then(|| self.weighted_index_sum / self.primary_pupils_with_index)
    }

    /// Percent of primary pupils (at schools with an index) whose school has index 7–9.
    pub fn share_pupils_index_7_9(&self) -> Option<f64> {
        (self.primary_pupils_with_index > 0.0)
            .then(|| 100.0 * self.primary_pupils_7_9 / self.primary_pupils_with_index)
    }
}

/// Social index at or above which a school counts as "high strain" (7–9 of 1–9).
pub const HIGH_STRAIN_FROM: f64 = 7.0;

/// Aggregate schools by their `area`.
pub fn aggregate(schools: &[School]) -> BTreeMap<String, AreaSchools> {
    let mut out: BTreeMap<String, AreaSchools> = BTreeMap::new();
    for s in schools {
        let a = out.entry(s.area.clone()).or_default();
        a.schools += 1;
        if s.startchancen {
            a.startchancen_schools += 1;
        }
        if let (true, Some(index)) = (s.primary, s.social_index) {
            if s.pupils > 0.0 && index.is_finite() {
                a.primary_schools_with_index += 1;
                a.primary_pupils_with_index += s.pupils;
                a.weighted_index_sum += s.pupils * index;
                if index >= HIGH_STRAIN_FROM {
                    a.primary_pupils_7_9 += s.pupils;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(area: &str, primary: bool, pupils: f64, index: Option<f64>, sc: bool) -> School {
        School {
            area: area.into(),
            primary,
            pupils,
            social_index: index,
            startchancen: sc,
        }
    }

    #[test]
    fn weighted_mean_share_and_counts_by_hand() {
        // Area A: primary 100 pupils @ 2, primary 300 @ 8, primary without index,
        //         a Gymnasium @ 9 (not primary: ignored for the index), one Startchancen.
        // mean = (100·2 + 300·8) / 400 = 2600 / 400 = 6.5; share 7–9 = 300/400 = 75 %.
        let schools = vec![
            school("A", true, 100.0, Some(2.0), false),
            school("A", true, 300.0, Some(8.0), true),
            school("A", true, 50.0, None, false),
            school("A", false, 900.0, Some(9.0), false),
            school("B", true, 10.0, Some(7.0), false),
        ];
        let agg = aggregate(&schools);
        let a = &agg["A"];
        assert_eq!(a.schools, 4);
        assert_eq!(a.primary_schools_with_index, 2);
        assert_eq!(a.mean_social_index(), Some(6.5));
        assert_eq!(a.share_pupils_index_7_9(), Some(75.0));
        assert_eq!(a.startchancen_schools, 1);
        // Exactly on the threshold 7 counts as high strain.
        assert_eq!(agg["B"].share_pupils_index_7_9(), Some(100.0));
    }

    #[test]
    fn kreis_from_schools_equals_pupil_weighted_mean_of_municipalities() {
        // Municipality 1: 100 pupils @ 3 → mean 3; municipality 2: 300 pupils @ 7 → mean 7.
        // Unweighted mean of means would be 5; pupil-weighted: (300 + 2100) / 400 = 6.
        let schools = [
            school("05978001", true, 100.0, Some(3.0), false),
            school("05978002", true, 300.0, Some(7.0), false),
        ];
        let kreis: Vec<School> = schools
            .iter()
            .map(|s| School {
                area: s.area[..5].to_owned(),
                ..s.clone()
            })
            .collect();
        let agg = aggregate(&kreis);
        assert_eq!(agg["05978"].mean_social_index(), Some(6.0));
    }

    #[test]
    fn areas_without_indexed_primary_schools_have_no_values() {
        let agg = aggregate(&[school("X", false, 500.0, Some(5.0), true)]);
        assert_eq!(agg["X"].mean_social_index(), None);
        assert_eq!(agg["X"].share_pupils_index_7_9(), None);
        assert_eq!(agg["X"].startchancen_schools, 1);
    }
}

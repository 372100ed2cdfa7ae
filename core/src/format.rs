//! Numbers as people read them: German `63,8 %` with a decimal comma and a dot for
//! thousands, English `63.8 %`. Pure, so the table, tooltip, legend and exports agree.

use crate::manifest::Lang;

/// `value` with `decimals` places, grouped by thousands, in the language's convention.
/// Negative zero prints as `0`. Non-finite values print as an en dash.
pub fn number(value: f64, decimals: usize, lang: Lang) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let (decimal_sep, group_sep) = match lang {
        Lang::De => (',', '.'),
        Lang::En => ('.', ','),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(ch);
    }
    let is_zero = text.chars().all(|c| c == '0' || c == '.');
    let mut out = String::new();
    if value < 0.0 && !is_zero {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(decimal_sep);
        out.push_str(f);
    }
    out
}

/// A number with its unit: `63,8 %`. Percent and per-mille signs take a (narrow no-break)
/// space in German typography and in ours.
pub fn with_unit(value: f64, decimals: usize, unit: &str, lang: Lang) -> String {
    if unit.is_empty() {
        number(value, decimals, lang)
    } else {
        format!("{}\u{202f}{unit}", number(value, decimals, lang))
    }
}

/// A change with an explicit sign: `+4,5` / `−1,2`.
pub fn signed(value: f64, decimals: usize, lang: Lang) -> String {
    let s = number(value, decimals, lang);
    if value > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_and_english() {
        assert_eq!(number(63.8, 1, Lang::De), "63,8");
        assert_eq!(number(63.8, 1, Lang::En), "63.8");
        assert_eq!(number(1234567.891, 2, Lang::De), "1.234.567,89");
        assert_eq!(number(1234567.891, 0, Lang::En), "1,234,568");
        assert_eq!(number(999.96, 1, Lang::De), "1.000,0");
    }

    #[test]
    fn signs_and_special_values() {
        assert_eq!(number(-2.25, 1, Lang::De), "−2,2");
        assert_eq!(number(-0.01, 1, Lang::De), "0,0");
        assert_eq!(signed(4.5, 1, Lang::De), "+4,5");
        assert_eq!(signed(0.0, 1, Lang::De), "0,0");
        assert_eq!(signed(-1.0, 0, Lang::En), "−1");
        assert_eq!(number(f64::NAN, 1, Lang::De), "–");
        assert_eq!(with_unit(63.8, 1, "%", Lang::De), "63,8\u{202f}%");
    }
}

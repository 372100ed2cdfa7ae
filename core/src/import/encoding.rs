//! Text encodings of the tables planners bring.
//!
//! German Excel writes "CSV (Trennzeichen-getrennt)" in Windows-1252, "CSV UTF-8" with a
//! byte-order mark, and "Unicode-Text" in UTF-16LE with a BOM. Older statistics systems
//! write ISO-8859-1, which is Windows-1252 minus the printable characters in 0x80–0x9F, so
//! one Windows-1252 decoder covers both.
//!
//! Why a 32-entry table instead of `encoding_rs`: Windows-1252 differs from Latin-1 (the
//! first 256 Unicode code points) only in 0x80–0x9F. `encoding_rs` carries every WHATWG
//! encoding (Japanese, Chinese, Korean tables: hundreds of kB in the worker's wasm) for one
//! table of 32 characters we need here.
//!
//! Order of detection: a UTF-8 BOM, a UTF-16 BOM, then "is the whole file valid UTF-8?"
//! (a Windows-1252 file with umlauts is almost never valid UTF-8, because an umlaut byte
//! 0xC4–0xFC would have to be followed by a continuation byte 0x80–0xBF), then Windows-1252.

use super::layer::ImportError;
use serde::{Deserialize, Serialize};

/// The encoding a text file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 without byte-order mark.
    Utf8,
    /// UTF-8 with byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 little endian with byte-order mark (Excel's "Unicode-Text").
    Utf16Le,
    /// UTF-16 big endian with byte-order mark.
    Utf16Be,
    /// Windows-1252 (also covers ISO-8859-1): Excel's classic "CSV (Trennzeichen-getrennt)".
    Windows1252,
}

/// Characters of Windows-1252 bytes 0x80–0x9F. The five undefined bytes (0x81, 0x8D, 0x8F,
/// 0x90, 0x9D) map to the C1 control of the same value, as the WHATWG decoder does, so that
/// decoding never fails; [`decode_text`] then counts them as control characters.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decode Windows-1252 bytes (never fails: every byte maps to a character).
pub fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

/// Encode text as Windows-1252; characters it cannot hold become `?`. Used to write test
/// fixtures the way German Excel does.
pub fn encode_windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            0..=0x7F | 0xA0..=0xFF => c as u32 as u8,
            _ => CP1252_HIGH
                .iter()
                .position(|&h| h == c)
                .map(|i| 0x80 + i as u8)
                .unwrap_or(b'?'),
        })
        .collect()
}

/// Sequences that appear when a UTF-8 file was read as Windows-1252 and saved again as
/// UTF-8 ("double encoding"): `Ã¤` is `ä`, `Ã¶` `ö`, `Ã¼` `ü`, `ÃŸ` `ß`, `Ã„` `Ä`, `Ã–`
/// `Ö`, `Ãœ` `Ü`, `â€“` `–`.
const MOJIBAKE: [&str; 8] = ["Ã¤", "Ã¶", "Ã¼", "ÃŸ", "Ã„", "Ã–", "Ãœ", "â€“"];

/// Does the text look double-encoded (see [`MOJIBAKE`])?
pub fn looks_like_mojibake(text: &str) -> bool {
    MOJIBAKE.iter().any(|m| text.contains(m))
}

fn decode_utf16(file: &str, bytes: &[u8], little_endian: bool) -> Result<String, ImportError> {
    let units = bytes.chunks(2).map(|c| {
        let pair = [c[0], c.get(1).copied().unwrap_or(0)];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| ImportError::Encoding {
            file: file.into(),
            message: "the UTF-16 text contains an unpaired surrogate".into(),
        })
}

/// Share of control characters (other than tab, CR, LF, form feed) above which a file is
/// treated as binary rather than text. A real table has none; 1 % leaves room for a stray
/// character pasted from another program without letting a ZIP or image through.
const MAX_CONTROL_SHARE: f64 = 0.01;

/// Decode a text file and say which encoding it was in.
///
/// Errors: the file contains NUL bytes without a UTF-16 BOM (UTF-16 without byte-order
/// mark, or binary data), or too many control characters (binary), or a UTF-8 BOM followed
/// by invalid UTF-8.
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<(String, TextEncoding), ImportError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(t) => (t.to_owned(), TextEncoding::Utf8Bom),
            Err(e) => {
                return Err(ImportError::Encoding {
                    file: file.into(),
                    message: format!(
                        "the file says it is UTF-8 (byte-order mark) but byte {} is not UTF-8; \
                         save it again as \"CSV UTF-8\"",
                        e.valid_up_to() + 4
                    ),
                })
            }
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_utf16(file, rest, true)?, TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_utf16(file, rest, false)?, TextEncoding::Utf16Be)
    } else if bytes.contains(&0) {
        // WHY: NUL never occurs in a text table. Every second byte NUL is UTF-16 without a
        // BOM (which we do not guess: the byte order would be a guess); otherwise binary.
        let nuls = bytes.iter().filter(|&&b| b == 0).count();
        let message = if nuls * 3 >= bytes.len() {
            "the file looks like UTF-16 without a byte-order mark; save it as \"CSV UTF-8\""
        } else {
            "the file contains binary data, not text"
        };
        return Err(ImportError::NotText {
            file: file.into(),
            message: message.into(),
        });
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_owned(), TextEncoding::Utf8),
            Err(_) => (decode_windows_1252(bytes), TextEncoding::Windows1252),
        }
    };
    let total = text.chars().count();
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\r' | '\n' | '\u{c}'))
        .count();
    if total > 0 && controls as f64 > MAX_CONTROL_SHARE * total as f64 {
        return Err(ImportError::NotText {
            file: file.into(),
            message: format!("{controls} control characters: the file is not a text table"),
        });
    }
    Ok((text, encoding))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_umlauts_and_specials() {
        // "Größe – 5 €" in Windows-1252.
        let bytes = b"Gr\xF6\xDFe \x96 5 \x80";
        let (t, e) = decode_text("f", bytes).unwrap();
        assert_eq!(t, "Größe – 5 €");
        assert_eq!(e, TextEncoding::Windows1252);
        assert_eq!(encode_windows_1252(&t), bytes.to_vec());
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text("f", "Größe".as_bytes()).unwrap(),
            ("Größe".to_owned(), TextEncoding::Utf8)
        );
        assert_eq!(
            decode_text("f", b"\xEF\xBB\xBFGr\xC3\xB6\xC3\x9Fe").unwrap(),
            ("Größe".to_owned(), TextEncoding::Utf8Bom)
        );
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Nr;Wert\n".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode_text("f", &le).unwrap(),
            ("Nr;Wert\n".to_owned(), TextEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("ä".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode_text("f", &be).unwrap().0, "ä");
    }

    #[test]
    fn utf16_without_bom_and_binary_are_rejected() {
        let le: Vec<u8> = "Nr;Wert"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(matches!(
            decode_text("f", &le),
            Err(ImportError::NotText { message, .. }) if message.contains("UTF-16")
        ));
        assert!(matches!(
            decode_text("f", b"\x01\x02\x03abc"),
            Err(ImportError::NotText { .. })
        ));
    }

    #[test]
    fn bom_with_latin1_bytes_is_an_error() {
        assert!(matches!(
            decode_text("f", b"\xEF\xBB\xBFGr\xF6\xDFe"),
            Err(ImportError::Encoding { .. })
        ));
    }

    #[test]
    fn mojibake_is_recognised() {
        assert!(looks_like_mojibake("KirchhÃ¶rde"));
        assert!(!looks_like_mojibake("Kirchhörde"));
    }
}

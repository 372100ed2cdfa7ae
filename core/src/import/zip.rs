//! A small ZIP reader (stored and deflated entries) for zipped Shapefiles.
//!
//! Why not the `zip` crate: even with default features off and only `deflate`, it brings
//! `flate2`, `crc32fast`, `indexmap` and its own reader/writer machinery into the import
//! worker's wasm, for a format whose reading side is the ~150 lines below (PKWARE APPNOTE
//! 6.3: end of central directory §4.3.16, central directory §4.3.12, local header §4.3.7).
//! Inflation is `miniz_oxide`'s, pure Rust and bounded by an output limit.
//!
//! Zip-bomb guard: an entry is refused before inflating when its declared size exceeds
//! [`MAX_ENTRY_BYTES`], or when it claims more than [`MAX_RATIO`] times its compressed size
//! (DEFLATE cannot exceed ~1,032:1, so a higher claim is a lie); inflation never writes past
//! the declared size, so a lying header cannot make it allocate more.

use super::layer::ImportError;
use super::zipwrite::crc32;

/// The largest entry we inflate: 1 GiB. A Shapefile of every building in NRW is ~1 GB;
/// more than that cannot be held in a browser tab's wasm memory (4 GiB address space) anyway.
pub const MAX_ENTRY_BYTES: u64 = 1 << 30;

/// The largest compression ratio an entry may claim. DEFLATE's maximum is 1,032:1 (a
/// 258-byte match per 2-bit code); 1,100 leaves room for the few bytes of block headers.
pub const MAX_RATIO: u64 = 1_100;

/// One file in the archive (from the central directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// Path inside the archive, `/`-separated (decoded as UTF-8, or Windows-1252 when the
    /// UTF-8 flag is unset and the bytes are not UTF-8).
    pub name: String,
    /// 0 stored, 8 deflated; others are refused when read.
    pub method: u16,
    /// General purpose flags (bit 0: encrypted).
    pub flags: u16,
    /// CRC-32 of the inflated data, checked by [`ZipArchive::read_entry`].
    pub crc32: u32,
    /// Bytes stored in the archive.
    pub compressed_size: u64,
    /// Bytes once inflated (as declared; never more are produced).
    pub size: u64,
    /// Offset of the local file header.
    pub local_offset: u64,
}

impl ZipEntry {
    /// Is this a directory or a macOS resource fork (`__MACOSX/`, `._name`), i.e. no data a
    /// planner meant to send?
    pub fn is_noise(&self) -> bool {
        let base = self.name.rsplit('/').next().unwrap_or("");
        self.name.ends_with('/') || self.name.starts_with("__MACOSX/") || base.starts_with("._")
    }
}

/// A parsed archive: its entries, to be read with [`read_entry`].
#[derive(Debug, Clone)]
pub struct ZipArchive<'a> {
    file: String,
    bytes: &'a [u8],
    /// Entries in central-directory order.
    pub entries: Vec<ZipEntry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Read the central directory of a ZIP archive held in memory.
pub fn read_zip<'a>(file: &str, bytes: &'a [u8]) -> Result<ZipArchive<'a>, ImportError> {
    let err = |message: &str| ImportError::Zip {
        file: file.into(),
        message: message.into(),
    };
    if bytes.is_empty() {
        return Err(ImportError::Empty { file: file.into() });
    }
    // The end-of-central-directory record is 22 bytes plus a comment of up to 65,535.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (search_from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(0x0605_4b50))
        .ok_or_else(|| err("not a ZIP archive (no end of central directory)"))?;
    let count = u16_at(bytes, eocd + 10).ok_or_else(|| err("truncated"))? as usize;
    let cd_size = u32_at(bytes, eocd + 12).ok_or_else(|| err("truncated"))? as usize;
    let cd_offset = u32_at(bytes, eocd + 16).ok_or_else(|| err("truncated"))? as usize;
    if count == 0xFFFF || cd_offset == 0xFFFF_FFFF {
        return Err(err("ZIP64 archives are not supported"));
    }
    let cd = bytes
        .get(cd_offset..cd_offset.saturating_add(cd_size))
        .ok_or_else(|| err("the central directory lies outside the file"))?;
    // Each central header is at least 46 bytes: `count` is bounded by the directory's size,
    // so a lying count cannot make us allocate.
    let mut entries = Vec::with_capacity(count.min(cd.len() / 46));
    let mut at = 0usize;
    for _ in 0..count {
        if u32_at(cd, at) != Some(0x0201_4b50) {
            return Err(err("damaged central directory"));
        }
        let field16 = |o: usize| u16_at(cd, at + o).ok_or_else(|| err("truncated directory"));
        let field32 = |o: usize| u32_at(cd, at + o).ok_or_else(|| err("truncated directory"));
        let flags = field16(8)?;
        let method = field16(10)?;
        let crc = field32(16)?;
        let compressed_size = field32(20)?;
        let size = field32(24)?;
        let name_len = field16(28)? as usize;
        let extra_len = field16(30)? as usize;
        let comment_len = field16(32)? as usize;
        let local_offset = field32(42)?;
        let name_bytes = cd
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| err("truncated file name"))?;
        // Bit 11: the name is UTF-8. Without it, Windows' zip writes the OEM/ANSI code page;
        // Windows-1252 is right for German names in practice.
        let name = match std::str::from_utf8(name_bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => super::encoding::decode_windows_1252(name_bytes),
        };
        if compressed_size == u32::MAX || size == u32::MAX || local_offset == u32::MAX {
            return Err(err("ZIP64 entries are not supported"));
        }
        entries.push(ZipEntry {
            name: name.replace('\\', "/"),
            method,
            flags,
            crc32: crc,
            compressed_size: u64::from(compressed_size),
            size: u64::from(size),
            local_offset: u64::from(local_offset),
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(ZipArchive {
        file: file.into(),
        bytes,
        entries,
    })
}

impl ZipArchive<'_> {
    /// The entry named `name` (exact path).
    pub fn entry(&self, name: &str) -> Option<&ZipEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Inflate the first `max` bytes of an entry (e.g. a Shapefile header, to learn its
    /// shape type without inflating the whole file).
    pub fn read_prefix(&self, entry: &ZipEntry, max: usize) -> Result<Vec<u8>, ImportError> {
        self.read_inner(entry, Some(max))
    }

    /// Inflate an entry and check its CRC-32.
    pub fn read_entry(&self, entry: &ZipEntry) -> Result<Vec<u8>, ImportError> {
        self.read_inner(entry, None)
    }

    fn read_inner(&self, entry: &ZipEntry, prefix: Option<usize>) -> Result<Vec<u8>, ImportError> {
        let err = |message: String| ImportError::Zip {
            file: self.file.clone(),
            message: format!("{}: {message}", entry.name),
        };
        if entry.flags & 1 != 0 {
            return Err(err("the entry is encrypted".into()));
        }
        if entry.size > MAX_ENTRY_BYTES
            || entry.size
                > entry
                    .compressed_size
                    .saturating_mul(MAX_RATIO)
                    .saturating_add(1024)
        {
            return Err(ImportError::TooLarge {
                file: self.file.clone(),
                entry: entry.name.clone(),
                size: entry.size,
                limit: MAX_ENTRY_BYTES.min(entry.compressed_size.saturating_mul(MAX_RATIO)),
            });
        }
        let local = usize::try_from(entry.local_offset).map_err(|_| err("bad offset".into()))?;
        if u32_at(self.bytes, local) != Some(0x0403_4b50) {
            return Err(err("damaged local header".into()));
        }
        let name_len = u16_at(self.bytes, local + 26).unwrap_or(0) as usize;
        let extra_len = u16_at(self.bytes, local + 28).unwrap_or(0) as usize;
        let start = local + 30 + name_len + extra_len;
        let compressed = usize::try_from(entry.compressed_size).unwrap_or(usize::MAX);
        let data = self
            .bytes
            .get(start..start.saturating_add(compressed))
            .ok_or_else(|| err("the entry's data is truncated".into()))?;
        let size = usize::try_from(entry.size).unwrap_or(usize::MAX);
        let want = prefix.map_or(size, |p| p.min(size));
        let out = match entry.method {
            0 => data.get(..want).map(<[u8]>::to_vec),
            8 => match miniz_oxide::inflate::decompress_to_vec_with_limit(data, want) {
                Ok(v) => Some(v),
                // A prefix read stops early on purpose.
                Err(e) if prefix.is_some() && e.output.len() == want => Some(e.output),
                Err(e) => return Err(err(format!("cannot inflate: {e}"))),
            },
            m => return Err(err(format!("compression method {m} is not supported"))),
        }
        .ok_or_else(|| err("the entry's data is truncated".into()))?;
        if prefix.is_none() {
            if out.len() != size {
                return Err(err(format!(
                    "{} bytes inflated, {} declared",
                    out.len(),
                    entry.size
                )));
            }
            if crc32(&out) != entry.crc32 {
                return Err(err("CRC-32 mismatch (damaged archive)".into()));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::zipwrite::zip_stored;

    /// A one-entry archive whose entry is deflated (miniz level 6), built by hand.
    fn deflated_zip(content: &[u8]) -> Vec<u8> {
        let data = miniz_oxide::deflate::compress_to_vec(content, 6);
        // Local header (30 bytes + name) + data + central directory + end record.
        let name = b"a.txt";
        let crc = crc32(content);
        let mut out = Vec::new();
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&data);
        let cd_offset = out.len();
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(content.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0; 12]);
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(name);
        let cd_size = out.len() - cd_offset;
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
        out.extend_from_slice(&(cd_size as u32).to_le_bytes());
        out.extend_from_slice(&(cd_offset as u32).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn stored_and_deflated_entries() {
        let z = zip_stored(&[("dir/a.shp", b"abc"), ("__MACOSX/._a.shp", b"x")]).unwrap();
        let a = read_zip("t.zip", &z).unwrap();
        assert_eq!(a.entries.len(), 2);
        assert!(!a.entries[0].is_noise() && a.entries[1].is_noise());
        assert_eq!(a.read_entry(&a.entries[0]).unwrap(), b"abc");
        assert_eq!(a.read_prefix(&a.entries[0], 2).unwrap(), b"ab");

        let text = b"hello hello hello hello hello hello";
        let z = deflated_zip(text);
        let a = read_zip("t.zip", &z).unwrap();
        assert_eq!(a.entries[0].method, 8);
        assert_eq!(a.read_entry(&a.entries[0]).unwrap(), text);
        assert_eq!(a.read_prefix(&a.entries[0], 5).unwrap(), b"hello");
    }

    #[test]
    fn damage_and_bombs_are_refused() {
        assert!(matches!(read_zip("t", b""), Err(ImportError::Empty { .. })));
        assert!(matches!(
            read_zip("t", b"PK\x03\x04 nope"),
            Err(ImportError::Zip { .. })
        ));
        // Flip a data byte: CRC mismatch.
        let mut z = zip_stored(&[("a", b"abcdef")]).unwrap();
        z[31] ^= 0xFF;
        let a = read_zip("t", &z).unwrap();
        assert!(matches!(
            a.read_entry(&a.entries[0]),
            Err(ImportError::Zip { .. })
        ));
        // Claim 2 GB for 6 bytes: refused before inflating.
        let z = zip_stored(&[("a", b"abcdef")]).unwrap();
        let a = read_zip("t", &z).unwrap();
        let mut e = a.entries[0].clone();
        e.size = 2 << 30;
        assert!(matches!(
            a.read_entry(&e),
            Err(ImportError::TooLarge { .. })
        ));
        // A plausible size but a ratio DEFLATE cannot reach.
        e.size = 6 * 2000;
        assert!(matches!(
            a.read_entry(&e),
            Err(ImportError::TooLarge { .. })
        ));
        // Truncated archive (cut in the middle of the central directory).
        let z = zip_stored(&[("a", b"abcdef")]).unwrap();
        assert!(read_zip("t", &z[..z.len() - 30]).is_err());
    }
}

//! A minimal ZIP writer (stored entries, no compression) for "publish as dataset folder":
//! the planner downloads one file that unpacks to a folder a website deployment can serve.
//!
//! Written by hand rather than with the `zip` crate's writer because it is ~80 lines, needs
//! no compression (the web server compresses on the wire, and the data is small), and the map
//! app itself must stay free of the `zip` crate for its bundle size. Format: PKWARE
//! APPNOTE 6.3.x, sections 4.3.7 (local header), 4.3.12 (central directory), 4.3.16 (end).

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as ZIP requires. Bitwise: the
/// files are small and a 1 KB table would only add size.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Pack `(path, content)` entries into a ZIP archive (paths use `/`, UTF-8 names flagged).
/// Returns `None` if an entry or the archive would exceed the 4 GiB of classic ZIP.
pub fn zip_stored(entries: &[(&str, &[u8])]) -> Option<Vec<u8>> {
    // DOS date/time of 2024-01-01 00:00: a fixed stamp keeps the archive reproducible.
    const DOS_TIME: u16 = 0;
    const DOS_DATE: u16 = ((2024 - 1980) << 9) | (1 << 5) | 1;
    // Bit 11: file names are UTF-8 (umlauts in a city's name).
    const FLAGS: u16 = 1 << 11;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).ok()?;
        let size = u32::try_from(data.len()).ok()?;
        let name_len = u16::try_from(name.len()).ok()?;
        let crc = crc32(data);
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
        out.extend_from_slice(&FLAGS.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // method: stored
        out.extend_from_slice(&DOS_TIME.to_le_bytes());
        out.extend_from_slice(&DOS_DATE.to_le_bytes());
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes()); // compressed size
        out.extend_from_slice(&size.to_le_bytes()); // uncompressed size
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        central.extend_from_slice(&20u16.to_le_bytes()); // version needed
        central.extend_from_slice(&FLAGS.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&DOS_TIME.to_le_bytes());
        central.extend_from_slice(&DOS_DATE.to_le_bytes());
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&[0; 6]); // extra and comment lengths, disk number
        central.extend_from_slice(&[0; 6]); // internal and external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).ok()?;
    let central_size = u32::try_from(central.len()).ok()?;
    let count = u16::try_from(entries.len()).ok()?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment length
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_check_value() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn archive_layout() {
        let zip = zip_stored(&[("a/x.txt", b"hello"), ("a/y.txt", b"")]).unwrap();
        // Local header of the first entry, its name and data right after the 30-byte header.
        assert_eq!(&zip[0..4], b"PK\x03\x04");
        assert_eq!(&zip[30..37], b"a/x.txt");
        assert_eq!(&zip[37..42], b"hello");
        // End of central directory: last 22 bytes, two entries.
        let end = &zip[zip.len() - 22..];
        assert_eq!(&end[0..4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([end[10], end[11]]), 2);
        let cd_offset = u32::from_le_bytes([end[16], end[17], end[18], end[19]]) as usize;
        assert_eq!(&zip[cd_offset..cd_offset + 4], b"PK\x01\x02");
        // The CRC in the first central entry is the CRC of "hello".
        let crc = u32::from_le_bytes(zip[cd_offset + 16..cd_offset + 20].try_into().unwrap());
        assert_eq!(crc, crc32(b"hello"));
    }
}

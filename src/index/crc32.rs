//! CRC-32 checksums: the index's own (IEEE 802.3, as zlib and PNG compute it), and the
//! CRC-32C (Castagnoli) that the fst crate stores at the end of each fst.
//!
//! The byte table is computed on each call (2,048 steps): a table kept in the wasm module
//! would be incompressible bytes every page downloads, and crc32fast's and the fst crate's
//! slice-by-16 tables are 16 KB each.

const IEEE: u32 = 0xedb8_8320;
const CASTAGNOLI: u32 = 0x82f6_3b78;

/// The CRC-32 (IEEE) of `bytes`.
pub fn hash(bytes: &[u8]) -> u32 {
    crc(IEEE, bytes)
}

/// Whether an fst's bytes end with the checksum of the rest, as the fst crate writes it
/// (`Fst::verify`, without its table). Fsts older than the format version 3 of fst 0.4
/// carry none, and fail.
pub fn fst_checksum_holds(fst: &[u8]) -> bool {
    let Some((body, stored)) = fst.split_last_chunk::<4>() else { return false };
    let version = fst.first_chunk::<8>().map(|v| u64::from_le_bytes(*v));
    let sum = crc(CASTAGNOLI, body);
    // The fst crate's masking (from LevelDB), so that a CRC over bytes holding CRCs stays
    // well distributed.
    let masked = sum.rotate_right(15).wrapping_add(0xa282_ead8);
    version >= Some(3) && masked == u32::from_le_bytes(*stored)
}

fn crc(polynomial: u32, bytes: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, entry) in (0u32..).zip(table.iter_mut()) {
        *entry = (0..8).fold(n, |c, _| if c & 1 == 1 { polynomial ^ (c >> 1) } else { c >> 1 });
    }
    !bytes.iter().fold(!0u32, |crc, &b| table[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_check_values() {
        assert_eq!(hash(b""), 0);
        assert_eq!(hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(hash(b"The quick brown fox jumps over the lazy dog"), 0x414f_a339);
        assert_eq!(crc(CASTAGNOLI, b"123456789"), 0xe306_9283);
    }

    #[test]
    fn agrees_with_the_fst_crates_verification() {
        let mut builder = fst::MapBuilder::memory();
        for (k, word) in ["заң", "заңдар", "право", "құқық"].iter().enumerate() {
            builder.insert(word, k as u64).unwrap();
        }
        let bytes = builder.into_inner().unwrap();
        assert!(fst::raw::Fst::new(&bytes[..]).unwrap().verify().is_ok());
        assert!(fst_checksum_holds(&bytes));
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            let by_crate = fst::raw::Fst::new(&damaged[..]).is_ok_and(|f| f.verify().is_ok());
            assert!(!by_crate && !fst_checksum_holds(&damaged), "byte {at}");
        }
        assert!(!fst_checksum_holds(&bytes[..3]));
    }
}

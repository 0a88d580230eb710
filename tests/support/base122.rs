//! Decodes what `izdeu build` writes into offline.html (src/output.rs `base122`, undone
//! on the page by `decodeBase122` in www/izdeu.js): 7 bits a character, an escaped group
//! paired with the next one in a character from U+0100.
//! Include with `#[path = "support/base122.rs"] mod base122;`.

const ESCAPED: [u8; 6] = [0, b'\n', b'\r', b'"', b'\\', b'<'];

pub fn decode(text: &str) -> Vec<u8> {
    let mut groups = Vec::new();
    for c in text.chars() {
        match c as u32 {
            plain @ 0..=0x7f => groups.push(plain as u8),
            pair => {
                let value = pair.checked_sub(0x100).expect("a character below U+0100 that is not ASCII");
                let (k, next) = ((value >> 7) as usize, (value & 0x7f) as u8);
                if k < ESCAPED.len() {
                    groups.extend([ESCAPED[k], next]);
                } else {
                    assert_eq!(k, ESCAPED.len(), "character {c:?} is past the pairs");
                    groups.push(ESCAPED[next as usize]);
                }
            }
        }
    }
    let (mut bits, mut count, mut out) = (0u32, 0, Vec::new());
    for group in groups {
        bits = (bits << 7 | group as u32) & 0x7fff;
        count += 7;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

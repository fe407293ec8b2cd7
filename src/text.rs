//! Text folding for query matching: lower-case, diacritics removed,
//! everything that is not a letter or digit turned into a single space.
//!
//! The tables are small on purpose: Latin (Latin-1 Supplement, Latin
//! Extended-A and the common Extended-B letters), Greek and Cyrillic are
//! lower-cased and folded; letters of other scripts are kept as they are.

use alloc::string::String;

/// Base letters for U+00E0..=U+00FF (and, for the same offset, the upper-case
/// U+00C0..=U+00DE). `_` marks the entries handled separately.
const LATIN1: &[u8; 32] = b"aaaaaa_ceeeeiiiidnooooo_ouuuuy_y";

/// Base letters for U+0100..=U+017F. `_` marks the ligatures ĳ and œ.
const LATIN_A: &[u8; 128] = b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkkllllllllllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Base letters for U+01CD..=U+021B. `_` keeps the character unchanged.
const LATIN_B: &[u8; 79] =
    b"aaiioouuuuuuuuuu_aaaa__ggggkkoooo__j___gg__nnaa__ooaaaaeeeeiiiioooorrrruuuusstt";

/// Non-letter ranges outside the scripts handled directly: `true` = drop
/// the character (combining marks, zero-width and direction controls),
/// `false` = treat it as a separator.
const RANGES: &[(u32, u32, bool)] = &[
    (0x0300, 0x036F, true),
    (0x037E, 0x037E, false),
    (0x0387, 0x0387, false),
    (0x0482, 0x0482, false),
    (0x0483, 0x0489, true),
    (0x055A, 0x055F, false),
    (0x0589, 0x058A, false),
    (0x0591, 0x05C7, true),
    (0x05F3, 0x05F4, false),
    (0x060C, 0x060C, false),
    (0x0610, 0x061A, true),
    (0x061B, 0x061F, false),
    (0x064B, 0x065F, true),
    (0x066A, 0x066D, false),
    (0x0670, 0x0670, true),
    (0x06D4, 0x06D4, false),
    (0x0964, 0x0965, false),
    (0x1AB0, 0x1AFF, true),
    (0x1DC0, 0x1DFF, true),
    (0x2000, 0x200A, false),
    (0x200B, 0x200F, true),
    (0x2010, 0x2029, false),
    (0x202A, 0x202E, true),
    (0x202F, 0x205F, false),
    (0x2060, 0x206F, true),
    (0x2070, 0x20CF, false),
    (0x20D0, 0x20FF, true),
    (0x2100, 0x2BFF, false),
    (0x2E00, 0x2E7F, false),
    (0x3000, 0x303F, false),
    (0xE000, 0xF8FF, false),
    (0xFE00, 0xFE0F, true),
    (0xFE10, 0xFE1F, false),
    (0xFE20, 0xFE2F, true),
    (0xFE30, 0xFE6F, false),
    (0xFEFF, 0xFEFF, true),
    (0xFF00, 0xFF0F, false),
    (0xFF1A, 0xFF20, false),
    (0xFF3B, 0xFF40, false),
    (0xFF5B, 0xFF65, false),
    (0xFFF0, 0xFFFF, false),
    (0x1F000, 0x1FBFF, false),
    (0xE0000, 0x10FFFF, false),
];

/// Separator marker returned by [`fold_char`].
const SEP: [char; 2] = [' ', '\0'];
/// "Drop this character" marker returned by [`fold_char`].
const DROP: [char; 2] = ['\0', '\0'];

/// Folds one non-ASCII character: up to two output characters (`'\0'` =
/// none), [`SEP`] for a separator or [`DROP`] for a character to remove.
fn fold_char(c: char) -> [char; 2] {
    let u = c as u32;
    let base = |b: u8| [char::from(b), '\0'];
    match u {
        0xAA | 0xBA => base(b'a' + (u == 0xBA) as u8 * 14),
        0xB5 => ['μ', '\0'],
        0xAD => DROP,
        0..=0xBF | 0xD7 | 0xF7 => SEP,
        0xDF => ['s', 's'],
        0xC0..=0xFF => match LATIN1.get((u as usize - 0xC0) & 0x1F) {
            Some(b'_') => match u & 0x1F {
                6 => ['a', 'e'],
                _ => ['t', 'h'],
            },
            Some(&b) => base(b),
            None => SEP,
        },
        0x132 | 0x133 => ['i', 'j'],
        0x152 | 0x153 => ['o', 'e'],
        0x100..=0x17F => LATIN_A.get(u as usize - 0x100).map_or(SEP, |&b| base(b)),
        0x180 => base(b'b'),
        0x191 | 0x192 => base(b'f'),
        0x197 => base(b'i'),
        0x1A0 | 0x1A1 => base(b'o'),
        0x1AF | 0x1B0 => base(b'u'),
        0x1B5 | 0x1B6 => base(b'z'),
        0x1CD..=0x21B => match LATIN_B.get(u as usize - 0x1CD) {
            Some(&b) if b != b'_' => base(b),
            _ => [c, '\0'],
        },
        0x2B0..=0x2FF => SEP,
        0x386 => ['ά', '\0'],
        0x388..=0x38A => [char::from_u32(u + 0x25).unwrap_or(c), '\0'],
        0x38C => ['ό', '\0'],
        0x38E | 0x38F => [char::from_u32(u + 0x3F).unwrap_or(c), '\0'],
        0x391..=0x3A9 => [char::from_u32(u + 0x20).unwrap_or(c), '\0'],
        0x3C2 => ['σ', '\0'],
        // Cyrillic: Ѐ Ё → е, other upper-case rows shifted down.
        0x400 | 0x401 | 0x450 | 0x451 => ['е', '\0'],
        0x402..=0x40F => [char::from_u32(u + 0x50).unwrap_or(c), '\0'],
        0x410..=0x42F => [char::from_u32(u + 0x20).unwrap_or(c), '\0'],
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if u & 1 == 0 => {
            [char::from_u32(u + 1).unwrap_or(c), '\0']
        }
        0x4C1..=0x4CE if u & 1 == 1 => [char::from_u32(u + 1).unwrap_or(c), '\0'],
        // Full-width digits and Latin letters.
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            base((u - 0xFEE0) as u8).map(|c| c.to_ascii_lowercase())
        }
        _ => {
            for &(lo, hi, drop) in RANGES {
                if u < lo {
                    break;
                }
                if u <= hi {
                    return if drop { DROP } else { SEP };
                }
            }
            [c, '\0']
        }
    }
}

/// Where folded text goes: a `String` or a fixed buffer.
pub(crate) trait Sink {
    /// Appends one character.
    fn put(&mut self, c: char);
    /// Appends one ASCII byte.
    fn put_ascii(&mut self, b: u8);
}

impl Sink for String {
    fn put(&mut self, c: char) {
        self.push(c);
    }
    fn put_ascii(&mut self, b: u8) {
        self.push(char::from(b));
    }
}

/// Folds at most `max_chars` characters of `text` into `out`: tokens
/// separated by single spaces, no leading or trailing space.
pub(crate) fn fold_into<S: Sink>(text: &str, max_chars: usize, keep_star: bool, out: &mut S) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut started = false;
    let mut space = false;
    for _ in 0..max_chars {
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // ASCII fast path.
        if b < 0x80 {
            i += 1;
            if b.is_ascii_alphanumeric() || (keep_star && b == b'*') {
                if space {
                    out.put_ascii(b' ');
                    space = false;
                }
                out.put_ascii(b.to_ascii_lowercase());
                started = true;
            } else {
                space = started;
            }
            continue;
        }
        let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        let f = fold_char(c);
        if f == SEP {
            space = started;
            continue;
        }
        for ch in f {
            if ch != '\0' {
                if space {
                    out.put_ascii(b' ');
                    space = false;
                }
                out.put(ch);
                started = true;
            }
        }
    }
}

/// `s` without ASCII controls and spaces at either end: what browsers
/// strip around a URL. Same result as `s.trim_matches(|c| c <= ' ')`, in
/// less wasm.
pub fn trim_controls(s: &str) -> &str {
    trim_ascii_by(s, false)
}

/// `s` without spaces at either end (`s.trim_matches(' ')`, in less wasm).
pub fn trim_spaces(s: &str) -> &str {
    trim_ascii_by(s, true)
}

/// Cuts at ASCII bytes only, so the result is valid UTF-8.
fn trim_ascii_by(s: &str, only_space: bool) -> &str {
    let drop = |b: &u8| *b == b' ' || (!only_space && *b < b' ');
    let b = s.as_bytes();
    let start = b.iter().position(|c| !drop(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !drop(c)).map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or("")
}

/// Normalizes `text` for matching and appends the result to `out`:
/// lower-case, diacritics folded (`é`→`e`, `ø`→`o`, `æ`→`ae`, `ß`→`ss`,
/// `ё`→`е`, ...), every run of characters that are not letters or digits
/// (apostrophes and emoji included) turned into one space, trimmed.
/// Combining marks are removed.
///
/// ```
/// let mut s = String::new();
/// micromoment::text::normalize("  Åbent NU — Køb's!", &mut s);
/// assert_eq!(s, "abent nu kob s");
/// ```
pub fn normalize(text: &str, out: &mut String) {
    fold_into(text, usize::MAX, false, out);
}

/// The tokens of text produced by [`normalize`] (split on spaces).
pub fn tokens(normalized: &str) -> impl Iterator<Item = &str> {
    normalized.split(' ').filter(|t| !t.is_empty())
}

/// A primary language subtag: 2 to 8 lower-case ASCII letters.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LangCode {
    buf: [u8; 8],
    len: u8,
}

impl LangCode {
    /// The code's bytes, for example `b"da"`.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len as usize).unwrap_or(&[])
    }

    /// The code as text, for example `"da"`.
    pub fn as_str(&self) -> &str {
        let b = self.buf.get(..self.len as usize).unwrap_or(&[]);
        core::str::from_utf8(b).unwrap_or("")
    }
}

/// The primary language of a language tag, lower-cased: `"da-DK"` → `"da"`,
/// `"NB_no"` → `"nb"`. `None` when the tag does not start with 2 to 8 ASCII
/// letters followed by the end, `-` or `_`.
pub fn primary_lang(tag: &str) -> Option<LangCode> {
    let mut code = LangCode {
        buf: [0; 8],
        len: 0,
    };
    for b in tag.trim().bytes() {
        if b == b'-' || b == b'_' {
            break;
        }
        if !b.is_ascii_alphabetic() {
            return None;
        }
        *code.buf.get_mut(code.len as usize)? = b.to_ascii_lowercase();
        code.len += 1;
    }
    (code.len >= 2).then_some(code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn trims_match_trim_matches() {
        for t in [
            "",
            " ",
            "\t\n x \u{0}",
            "  a b  ",
            "\u{1f}é\u{7f} ",
            "\u{a0}x\u{a0}",
            " \u{3000}y",
            "abc",
        ] {
            assert_eq!(
                trim_controls(t),
                t.trim_matches(|c: char| c <= ' '),
                "{t:?}"
            );
            assert_eq!(trim_spaces(t), t.trim_matches(' '), "{t:?}");
        }
    }

    use super::*;

    fn n(s: &str) -> String {
        let mut o = String::new();
        normalize(s, &mut o);
        o
    }

    #[test]
    fn tables_line_up() {
        assert_eq!(
            n("ăćđęğħįĳķłńŋőœřšťŧůųŵŷźž"),
            "acdeghiijklnnooerstt uuwyzz".replace(' ', "")
        );
        assert_eq!(n("ǍǎǏǐǑǒǓǔǕǜȘșȚțȀȔ"), "aaiioouuuussttau");
        assert_eq!(
            n("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß"),
            "aaaaaaaeceeeeiiiidnoooooouuuuythss"
        );
        assert_eq!(
            n("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ"),
            "aaaaaaaeceeeeiiiidnoooooouuuuythy"
        );
        assert_eq!(n("a×b÷c"), "a b c");
        assert_eq!(n("ΆΈΉΊΌΎΏΑΩς"), "άέήίόύώαωσ");
        assert_eq!(n("ＰＳ５　Ｐｒｉｃｅ！"), "ps5 price");
    }

    #[test]
    fn lang_codes() {
        assert_eq!(primary_lang("da-DK").map(|c| c.as_str().len()), Some(2));
        assert!(primary_lang("x").is_none());
        assert!(primary_lang("abcdefghi").is_none());
        assert!(primary_lang("*").is_none());
        assert!(primary_lang("").is_none());
    }
}

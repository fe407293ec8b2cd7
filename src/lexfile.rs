//! The lexicon's data-file format (see [`crate::lexicon`]): sections,
//! terms and their validation.
//!
//! The same code reads a site's or a test's data at run time
//! ([`crate::lexicon::Lexicon::add_data`]) and, in the build script,
//! compiles the built-in files into the form [`crate::lexicon::Lexicon::builtin`]
//! loads without folding or checking anything again.
//!
//! # The compiled form
//!
//! One string: for each run of terms with the same language, moment and
//! weight, a header `@` + language (`a` + index into the language list) +
//! moment (`0` + id, or `L` for `@lang` words) + weight digit, then every
//! term folded and followed by `|`. Folded text never contains `@` or `|`.

use crate::text;
use alloc::{string::String, vec::Vec};

/// Codes of the built-in languages: the files `src/lexicon/<code>.txt`, in
/// the order of [`crate::lexicon::BUILTIN_DATA`].
pub const LANGS: [&str; 13] = [
    "en", "da", "nb", "nn", "sv", "de", "nl", "af", "it", "es", "fr", "pt", "ru",
];

/// Moment value of `@lang` entries (words that only help to guess the
/// language).
pub const LANG_MARK: u16 = u16::MAX;

/// Moment of a section name (the ids of [`crate::moment`]: know 0, go 1,
/// do 2, buy 3), or [`LANG_MARK`] for `lang`.
pub fn moment_of(name: &str) -> Option<u16> {
    Some(match name {
        "know" => 0,
        "go" => 1,
        "do" => 2,
        "buy" => 3,
        "lang" => LANG_MARK,
        _ => return None,
    })
}

/// True when `word` (folded, maybe ending in `*`) is a valid term word: 1
/// to 64 bytes, and a prefix stem has at least 3 letters (or 2 Cyrillic).
pub fn valid_word(word: &str) -> bool {
    let b = word.as_bytes();
    let (stem, star) = match b.split_last() {
        Some((b'*', s)) => (s, true),
        _ => (b, false),
    };
    if stem.is_empty() || stem.len() > 64 || stem.contains(&b'*') {
        return false;
    }
    let letters = stem.iter().filter(|c| **c & 0xC0 != 0x80).count();
    !star || letters >= 3 || (letters == 2 && matches!(stem.first(), Some(0xD0..=0xD3)))
}

/// Most words in a term.
pub const MAX_WORDS: usize = 32;

/// Folds `term` onto the end of `out` and checks it: at most 255 bytes
/// folded, 1 to [`MAX_WORDS`] valid words. Returns where the folded term
/// starts in `out`; on failure `out` is left as it was.
pub fn fold_term(term: &str, out: &mut String) -> Option<usize> {
    let start = out.len();
    text::fold_into(term, usize::MAX, true, out);
    let folded = out.get(start..).unwrap_or("");
    let mut words = 0;
    let mut ok = !folded.is_empty() && folded.len() <= 255;
    for w in folded.split(' ') {
        words += 1;
        ok &= valid_word(w);
    }
    if ok && words <= MAX_WORDS {
        Some(start)
    } else {
        out.truncate(start);
        None
    }
}

/// Reads a data file: folds its terms onto the end of `out` and calls
/// `term(moment, weight digit, start, end)` for each, with its place in
/// `out`. A line with an invalid term is skipped whole. Returns the number
/// of malformed lines skipped.
pub fn parse(data: &str, out: &mut String, mut term: impl FnMut(u16, u8, usize, usize)) -> usize {
    let mut skipped = 0;
    let mut section: Option<(u16, u8)> = None;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for line in data.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('@') {
            let mut parts = head.split_ascii_whitespace();
            let moment = parts.next().and_then(moment_of);
            let digit = parts.next().map(str::as_bytes);
            section = match (moment, digit, parts.next()) {
                (Some(LANG_MARK), None, None) => Some((LANG_MARK, 0)),
                (Some(m), Some(&[d @ b'1'..=b'9']), None) if m != LANG_MARK => Some((m, d - b'0')),
                _ => None,
            };
            if section.is_none() {
                skipped += 1;
            }
            continue;
        }
        let Some((moment, weight)) = section else {
            skipped += 1;
            continue;
        };
        let line_start = out.len();
        spans.clear();
        let mut ok = true;
        for t in line.split('|') {
            match fold_term(t, out) {
                Some(start) => spans.push((start, out.len())),
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok {
            out.truncate(line_start);
            skipped += 1;
            continue;
        }
        for &(start, end) in &spans {
            term(moment, weight, start, end);
        }
    }
    skipped
}

/// Compiles data files, one per language in order, into the compiled form
/// (see the module documentation). Returns it and the number of malformed
/// lines skipped per file.
pub fn compile(files: &[&str]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut skipped = Vec::new();
    for (lang, data) in files.iter().enumerate() {
        let mut folded = String::new();
        let mut terms: Vec<(u16, u8, usize, usize)> = Vec::new();
        skipped.push(parse(data, &mut folded, |m, w, s, e| {
            terms.push((m, w, s, e))
        }));
        let mut header = None;
        for (moment, weight, start, end) in terms {
            let h = (moment, weight);
            if header != Some(h) {
                header = Some(h);
                out.push('@');
                out.push(char::from(b'a' + lang as u8));
                out.push(match moment {
                    LANG_MARK => 'L',
                    m => char::from(b'0' + m as u8),
                });
                out.push(char::from(b'0' + weight));
            }
            out.push_str(folded.get(start..end).unwrap_or(""));
            out.push('|');
        }
    }
    (out, skipped)
}

/// Reads the compiled form: calls `term(language index, moment, weight
/// digit, start, end)` for every term, with its place in `compiled`.
pub fn compiled_terms(compiled: &str, mut term: impl FnMut(u8, u16, u8, usize, usize)) {
    let b = compiled.as_bytes();
    let (mut lang, mut moment, mut weight) = (0, 0, 0);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'@' {
            if let Some(&[l, m, w]) = b.get(i + 1..i + 4) {
                lang = l.wrapping_sub(b'a');
                moment = match m {
                    b'L' => LANG_MARK,
                    m => u16::from(m.wrapping_sub(b'0')),
                };
                weight = w.wrapping_sub(b'0');
            }
            i += 4;
            continue;
        }
        let end = b
            .get(i..)
            .and_then(|r| r.iter().position(|&x| x == b'|'))
            .map_or(b.len(), |p| i + p);
        term(lang, moment, weight, i, end);
        i = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_form_reads_back_what_was_compiled() {
        let files = [
            "# en\n@buy 4\nBuy*|Price\n@lang\nthe\n",
            "@go 3\nnær mig|køreplan\n@bad 2\nskipped\n",
        ];
        let (compiled, skipped) = compile(&files);
        assert_eq!(skipped, vec![0, 2]);
        let mut terms = Vec::new();
        compiled_terms(&compiled, |lang, moment, weight, start, end| {
            terms.push((lang, moment, weight, compiled[start..end].to_string()))
        });
        let want = [
            (0, 3, 4, "buy*"),
            (0, 3, 4, "price"),
            (0, LANG_MARK, 0, "the"),
            (1, 1, 3, "naer mig"),
            (1, 1, 3, "koreplan"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(l, m, w, t)| (l, m, w, t.to_string()))
            .collect();
        assert_eq!(terms, want);
    }
}

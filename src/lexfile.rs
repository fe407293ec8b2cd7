//! The lexicon's data-file format (see [`crate::lexicon`]): sections,
//! terms and their validation, and the compiled per-language blobs.
//!
//! The same code reads a site's or a test's data at run time
//! ([`crate::lexicon::Lexicon::add_data`]) and, in the build script,
//! compiles each built-in file into a blob that
//! [`crate::lexicon::Lexicon::add_blob`] loads without folding anything
//! again.
//!
//! # Blobs
//!
//! A blob is one language's data, self-contained: the header
//! [`BLOB_MAGIC`] + language code + newline, then for each run of terms
//! with the same section and weight, a section header `@` + section
//! (`0` to `3`: the built-in moment's id; `L`: `@lang` words; a capital
//! letter of [`CLASSES`]: a word class) + weight digit (`0` for `@lang`
//! and classes), then every term folded and followed by `|`. Folded text never
//! contains `@`, `|` or a newline. Blobs come from the page at run time,
//! so they are checked whole before anything is taken from them.

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

/// Moment value of the first word class (`@class <name>` sections): class
/// `i` of [`CLASSES`] is `CLASS_BASE + i`. Values from here up are not
/// moments.
pub const CLASS_BASE: u16 = 0xFF00;

/// The word classes a data file may list (`@class <name>`), in id order,
/// with the character that names each in a blob. They feed the query-shape
/// features of [`crate::intent`]:
///
/// - `wh`: what, who, when, why, which: a question for information;
/// - `where`: where;
/// - `how`: how;
/// - `howq`: after a how or where word, a quantity or quality (much,
///   many, old, tall, far): "how tall", "hvor gammel";
/// - `howdo`: after a how word, a mark of instructions ("to", Danish "man",
///   German "man", Afrikaans "om");
/// - `aux`: auxiliary and copula verbs; at the start, a yes/no question
///   ("is tom hanks alive"); after a how word, a question about a state
///   ("how does it work", "wie ist");
/// - `inf`: endings of the infinitive (written as words: `are` for
///   Italian "-are"); after a how word, a verb to carry out ("come pulire",
///   "как приготовить"); matched as word endings only;
/// - `unit`: units that make a number a product facet (cm, kg, gb, inch);
/// - `ask`: a question particle anywhere (Russian "ли");
/// - `infw`: infinitive endings that many other words share too (Danish
///   "-e", German "-en"): weaker evidence of a task than `inf`;
/// - `wake`: a voice assistant's wake words ("hey", "alexa"), skipped at
///   the start of a query.
pub const CLASSES: [(&str, u8); 11] = [
    ("wh", b'W'),
    ("where", b'R'),
    ("how", b'H'),
    ("howq", b'Q'),
    ("howdo", b'D'),
    ("aux", b'A'),
    ("inf", b'I'),
    ("unit", b'U'),
    ("ask", b'K'),
    ("infw", b'V'),
    ("wake", b'Z'),
];

/// Moment value of class `name` (see [`CLASSES`]).
pub fn class_of(name: &str) -> Option<u16> {
    CLASSES
        .iter()
        .position(|(n, _)| *n == name)
        .map(|i| CLASS_BASE + i as u16)
}

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

/// True when `word` (folded, maybe ending in `*`, maybe starting with
/// `*`) is a valid term word: 1 to 64 bytes, and a stem with a `*` has at
/// least 3 letters (or 2 Cyrillic).
pub fn valid_word(word: &str) -> bool {
    let b = word.as_bytes();
    let (b, lead) = match b.split_first() {
        Some((b'*', rest)) => (rest, true),
        _ => (b, false),
    };
    let (stem, star) = match b.split_last() {
        Some((b'*', s)) => (s, true),
        _ => (b, false),
    };
    if stem.is_empty() || stem.len() > 64 || stem.contains(&b'*') {
        return false;
    }
    let letters = stem.iter().filter(|c| **c & 0xC0 != 0x80).count();
    !(star || lead) || letters >= 3 || (letters == 2 && matches!(stem.first(), Some(0xD0..=0xD3)))
}

/// True when the words of a term are valid together: a word starting
/// with `*` (a compound part, `*billet*`) stands alone.
fn valid_words<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
    let Some(first) = words.next() else {
        return false;
    };
    let mut n = 1;
    let mut ok = valid_word(first);
    for w in words {
        n += 1;
        ok &= valid_word(w) && !w.starts_with('*');
    }
    ok && n <= MAX_WORDS && !(n > 1 && first.starts_with('*'))
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
    let ok = !folded.is_empty() && folded.len() <= 255 && valid_words(folded.split(' '));
    if ok {
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
                _ if head.starts_with("class ") => {
                    let mut p = head.split_ascii_whitespace().skip(1);
                    match (p.next().and_then(class_of), p.next()) {
                        (Some(c), None) => Some((c, 0)),
                        _ => None,
                    }
                }
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

/// First bytes of every compiled blob: the format's name and version. A
/// blob of another version is refused by [`blob_terms`], so a page never
/// mixes data and code of different builds.
pub const BLOB_MAGIC: &str = "mm2:";

/// Compiles the data file of language `code` (one of [`LANGS`]) into a
/// blob (see the module documentation). Returns it and the number of
/// malformed lines skipped, or `None` when `code` is not a built-in
/// language.
pub fn compile_blob(code: &str, data: &str) -> Option<(String, usize)> {
    if !LANGS.contains(&code) {
        return None;
    }
    let mut out = String::from(BLOB_MAGIC);
    out.push_str(code);
    out.push('\n');
    let mut folded = String::new();
    let mut terms: Vec<(u16, u8, usize, usize)> = Vec::new();
    let skipped = parse(data, &mut folded, |m, w, s, e| terms.push((m, w, s, e)));
    let mut header = None;
    for (moment, weight, start, end) in terms {
        let h = (moment, weight);
        if header != Some(h) {
            header = Some(h);
            out.push('@');
            out.push(section_char(moment));
            out.push(char::from(b'0' + weight));
        }
        out.push_str(folded.get(start..end).unwrap_or(""));
        out.push('|');
    }
    Some((out, skipped))
}

/// The character that names section `moment` in a blob.
fn section_char(moment: u16) -> char {
    match moment {
        LANG_MARK => 'L',
        m if m >= CLASS_BASE => CLASSES
            .get(usize::from(m - CLASS_BASE))
            .map_or('?', |c| char::from(c.1)),
        m => char::from(b'0' + (m as u8 & 0x3f)),
    }
}

/// The language of a blob: its index into [`LANGS`], and where its terms
/// start. `None` when the header is not that of a blob of this version.
pub fn blob_lang(blob: &str) -> Option<(u8, usize)> {
    let rest = blob.strip_prefix(BLOB_MAGIC)?;
    let (code, _) = rest.split_once('\n')?;
    let i = LANGS.iter().position(|l| *l == code)?;
    Some((i as u8, BLOB_MAGIC.len() + code.len() + 1))
}

/// Reads the terms of a blob: calls `term(moment, weight digit, start,
/// end)` for every term, with its place in `blob`. Checks everything first
/// and calls nothing when the blob is malformed (a bad header, section or
/// term): a blob is taken whole or not at all.
pub fn blob_terms(
    blob: &str,
    mut term: impl FnMut(u16, u8, usize, usize),
) -> Result<u8, &'static str> {
    let (lang, body) = blob_lang(blob).ok_or("not a lexicon blob of this version")?;
    walk_blob(blob, body, &mut |_, _, _, _| {})?;
    walk_blob(blob, body, &mut term)?;
    Ok(lang)
}

/// One pass over the records of a blob from byte `at` (one copy of the
/// code for the checking pass and the reading pass).
fn walk_blob(
    blob: &str,
    mut at: usize,
    term: &mut dyn FnMut(u16, u8, usize, usize),
) -> Result<(), &'static str> {
    let b = blob.as_bytes();
    let mut section: Option<(u16, u8)> = None;
    while let Some(&c) = b.get(at) {
        if c == b'@' {
            let (Some(&s), Some(&w)) = (b.get(at + 1), b.get(at + 2)) else {
                return Err("truncated section header");
            };
            let moment = match s {
                b'L' => LANG_MARK,
                b'0'..=b'3' => u16::from(s - b'0'),
                _ => match CLASSES.iter().position(|c| c.1 == s) {
                    Some(i) => CLASS_BASE + i as u16,
                    None => return Err("unknown section"),
                },
            };
            let weight = match w {
                b'0' if moment >= CLASS_BASE => 0,
                b'1'..=b'9' if moment < CLASS_BASE => w - b'0',
                _ => return Err("bad section weight"),
            };
            section = Some((moment, weight));
            at += 3;
            continue;
        }
        let (moment, weight) = section.ok_or("term outside a section")?;
        let len = b
            .get(at..)
            .and_then(|r| r.iter().position(|&x| x == b'|'))
            .ok_or("term without its closing |")?;
        let end = at + len;
        let text = blob.get(at..end).ok_or("term splits a character")?;
        if !valid_term(text) {
            return Err("invalid term");
        }
        term(moment, weight, at, end);
        at = end + 1;
    }
    Ok(())
}

/// True when `t` is a folded term as [`fold_term`] leaves it: at most 255
/// bytes, 1 to [`MAX_WORDS`] valid words separated by single spaces, no
/// `@`, `|` or newline.
pub fn valid_term(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 255
        && !t.bytes().any(|c| c == b'@' || c == b'|' || c == b'\n')
        && valid_words(t.split(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    type Terms = Vec<(u16, u8, String)>;

    fn terms_of(blob: &str) -> Result<(u8, Terms), &'static str> {
        let mut terms = Vec::new();
        let lang = blob_terms(blob, |moment, weight, start, end| {
            terms.push((moment, weight, blob[start..end].to_string()))
        })?;
        Ok((lang, terms))
    }

    #[test]
    fn blob_reads_back_what_was_compiled() {
        let (blob, skipped) = compile_blob(
            "da",
            "# da\n@go 3\nnær mig|køreplan\n@bad 2\nskipped\n@buy 4\nKøb*\n@lang\nog\n",
        )
        .unwrap();
        assert_eq!(skipped, 2);
        assert!(blob.starts_with("mm2:da\n"));
        let (lang, terms) = terms_of(&blob).unwrap();
        assert_eq!(LANGS[lang as usize], "da");
        let want = [
            (1, 3, "naer mig"),
            (1, 3, "koreplan"),
            (3, 4, "kob*"),
            (LANG_MARK, 0, "og"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|&(m, w, t)| (m, w, t.to_string()))
            .collect();
        assert_eq!(terms, want);
        assert!(compile_blob("xx", "").is_none());
    }

    #[test]
    fn malformed_blobs_are_refused_whole() {
        for bad in [
            "",
            "mm2:",
            "mm2:xx\n@04buy|",
            "mm0:en\n@04buy|",
            "mm1:en\n@04buy|",
            "mm2:en",
            "mm2:en\nbuy|",
            "mm2:en\n@04buy",
            "mm2:en\n@0",
            "mm2:en\n@x4buy|",
            "mm2:en\n@00buy|",
            "mm2:en\n@L4the|",
            "mm2:en\n@04buy||",
            "mm2:en\n@04a*|",
            "mm2:en\n@04two  spaces|",
            "mm2:en\n@04 lead|",
            "mm2:en\n@04*ab*|",
            "mm2:en\n@04two *parts|",
            "mm2:en\n@04*part two|",
        ] {
            let mut n = 0;
            assert!(blob_terms(bad, |_, _, _, _| n += 1).is_err(), "{bad:?}");
            assert_eq!(n, 0, "{bad:?}");
        }
        assert_eq!(terms_of("mm2:en\n").unwrap().1, vec![]);
        assert_eq!(terms_of("mm2:en\n@04buy|").unwrap().1.len(), 1);
        assert_eq!(terms_of("mm2:da\n@34*billet*|*gade|").unwrap().1.len(), 2);
    }
}

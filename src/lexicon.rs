//! Query-intent lexicon: per-language word lists that turn a search query
//! into evidence for each moment.
//!
//! Each language has one data file (`src/lexicon/<code>.txt`) in a small
//! line format:
//!
//! ```text
//! # comment
//! @buy 4
//! køb*|pris*|tilbud|på lager
//! @lang
//! og|ikke|hvor
//! ```
//!
//! `@<moment> <digit>` starts a section whose terms give `digit × 0.5`
//! evidence to the moment; `@lang` lists words that only help to guess the
//! language. Terms are separated by `|`. A term of several words is a phrase
//! matched on consecutive query tokens; a word ending in `*` matches any
//! token starting with it. Terms and queries are folded the same way
//! ([`crate::text::normalize`]).

use crate::moment::{MomentId, BUY, DO, GO, KNOW};
use crate::text::{self, Sink};

/// At most this many characters of a query are looked at.
pub const MAX_CHARS: usize = 256;
/// At most this many tokens of a query are looked at.
pub const MAX_TOKENS: usize = 32;
/// Highest moment id a term may give evidence to.
pub const MAX_MOMENT: MomentId = 255;

/// Codes of the built-in languages, in the order of [`BUILTIN_DATA`].
pub const LANGS: [&str; 13] = [
    "en", "da", "nb", "nn", "sv", "de", "nl", "af", "it", "es", "fr", "pt", "ru",
];

/// The built-in lexicon files: `(language code, file text)`.
pub const BUILTIN_DATA: [(&str, &str); 13] = [
    ("en", include_str!("lexicon/en.txt")),
    ("da", include_str!("lexicon/da.txt")),
    ("nb", include_str!("lexicon/nb.txt")),
    ("nn", include_str!("lexicon/nn.txt")),
    ("sv", include_str!("lexicon/sv.txt")),
    ("de", include_str!("lexicon/de.txt")),
    ("nl", include_str!("lexicon/nl.txt")),
    ("af", include_str!("lexicon/af.txt")),
    ("it", include_str!("lexicon/it.txt")),
    ("es", include_str!("lexicon/es.txt")),
    ("fr", include_str!("lexicon/fr.txt")),
    ("pt", include_str!("lexicon/pt.txt")),
    ("ru", include_str!("lexicon/ru.txt")),
];

/// Moment value of `@lang` entries.
const LANG_MARK: u16 = u16::MAX;
/// Language value of entries that apply to every language.
const ANY: u8 = u8::MAX;
/// Raw matches kept per query.
const MAX_RAW: usize = 96;

/// One term of one language, keyed by its first word.
#[derive(Clone, Copy)]
struct Entry {
    /// The first 8 bytes of the key, big-endian, zero-padded: most
    /// comparisons end here without touching the arena.
    head: u64,
    /// Start of the folded term text in the arena.
    start: u32,
    /// Length of the folded term text (with `*` markers).
    len: u16,
    /// Length of the key: the first word without its `*`.
    key_len: u8,
    /// The first word is a prefix (`word*`).
    prefix: bool,
    /// The term has more than one word.
    phrase: bool,
    /// Index into [`LANGS`], or [`ANY`].
    lang: u8,
    /// Moment id, or [`LANG_MARK`].
    moment: u16,
    /// Evidence added when the term matches.
    weight: f32,
}

/// A term found in a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The moment the term is evidence for.
    pub moment: MomentId,
    /// The evidence it added.
    pub weight: f32,
    /// The lexicon term as matched, folded (`*` marks a prefix word).
    pub term: String,
}

/// What a query says about each moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Evidence per moment, indexed by [`MomentId`]; at least 4 long.
    pub scores: Vec<f32>,
    /// The language whose terms were used, when one was found or hinted.
    pub lang: Option<&'static str>,
    /// The terms that matched, in query order.
    pub hits: Vec<Hit>,
}

/// The compiled lexicon: every term of every language in one sorted table.
#[derive(Clone)]
pub struct Lexicon {
    arena: String,
    entries: Vec<Entry>,
    moments: usize,
}

impl core::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Lexicon")
            .field("terms", &self.entries.len())
            .finish()
    }
}

/// Fixed buffer for a folded query.
struct Buf {
    b: [u8; MAX_CHARS * 4],
    n: usize,
}

impl Sink for Buf {
    fn put(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp).as_bytes();
        if let Some(dst) = self.b.get_mut(self.n..self.n + s.len()) {
            dst.copy_from_slice(s);
            self.n += s.len();
        }
    }
}

/// A match before the language is chosen.
#[derive(Clone, Copy, Default)]
struct Raw {
    entry: u32,
}

fn head_of(key: &[u8]) -> u64 {
    let mut h = [0u8; 8];
    for (d, s) in h.iter_mut().zip(key) {
        *d = *s;
    }
    u64::from_be_bytes(h)
}

fn moment_of(name: &str) -> Option<u16> {
    Some(match name {
        "know" => KNOW as u16,
        "go" => GO as u16,
        "do" => DO as u16,
        "buy" => BUY as u16,
        "lang" => LANG_MARK,
        _ => return None,
    })
}

/// Bit mask of the built-in languages a hint names (`no` = nb and nn).
fn hint_mask(hint: Option<&str>) -> (u16, u8) {
    let Some(code) = hint.and_then(text::primary_lang) else {
        return (0, 0);
    };
    let code = code.as_str();
    if code == "no" {
        return (0b1100, 2);
    }
    match LANGS.iter().position(|l| *l == code) {
        Some(i) => (1 << i, i as u8),
        None => (0, 0),
    }
}

/// True when `word` (folded, maybe ending in `*`) is a valid term word.
fn valid_word(word: &str) -> bool {
    let (stem, star) = match word.strip_suffix('*') {
        Some(s) => (s, true),
        None => (word, false),
    };
    if stem.is_empty() || stem.contains('*') || stem.len() > 64 {
        return false;
    }
    if !star {
        return true;
    }
    let n = stem.chars().count();
    let cyrillic = stem
        .chars()
        .next()
        .is_some_and(|c| ('а'..='ӿ').contains(&c));
    n >= 3 || (n == 2 && cyrillic)
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::empty()
    }
}

impl Lexicon {
    /// A lexicon with no terms.
    pub fn empty() -> Lexicon {
        Lexicon {
            arena: String::new(),
            entries: Vec::new(),
            moments: 4,
        }
    }

    /// The lexicon of all built-in languages ([`BUILTIN_DATA`]).
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::empty();
        for (i, (_, data)) in BUILTIN_DATA.iter().enumerate() {
            lex.load(i as u8, data);
        }
        lex.entries
            .sort_unstable_by(|a, b| lex_cmp(&lex.arena, a, b));
        lex
    }

    /// Number of terms (all languages, `@lang` words included).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the lexicon has no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the terms of a data file in the lexicon format for built-in
    /// language `lang`. Returns the number of malformed lines skipped, or an
    /// error when `lang` is not a built-in language.
    pub fn add_data(&mut self, lang: &str, data: &str) -> Result<usize, &'static str> {
        let (mask, first) = hint_mask(Some(lang));
        if mask == 0 {
            return Err("unknown language");
        }
        let skipped = self.load(first, data);
        self.entries
            .sort_unstable_by(|a, b| lex_cmp(&self.arena, a, b));
        Ok(skipped)
    }

    /// Adds one term (the same syntax as in a data file: words, `*` for a
    /// prefix) for `lang` (a language tag, `no` for both Norwegian
    /// written forms, or `*` for every language), giving `weight` evidence
    /// to `moment` — a built-in moment or a site-defined one.
    pub fn add_term(
        &mut self,
        lang: &str,
        moment: MomentId,
        term: &str,
        weight: f32,
    ) -> Result<(), &'static str> {
        if moment > MAX_MOMENT {
            return Err("moment id out of range");
        }
        if !weight.is_finite() {
            return Err("weight is not a finite number");
        }
        let langs: u16 = if lang.trim() == "*" {
            0
        } else {
            match hint_mask(Some(lang)) {
                (0, _) => return Err("unknown language"),
                (m, _) => m,
            }
        };
        for (i, _) in LANGS.iter().enumerate() {
            if langs & (1 << i) != 0 {
                self.push_term(i as u8, moment as u16, term, weight)
                    .ok_or("invalid term")?;
            }
        }
        if langs == 0 {
            self.push_term(ANY, moment as u16, term, weight)
                .ok_or("invalid term")?;
        }
        self.entries
            .sort_unstable_by(|a, b| lex_cmp(&self.arena, a, b));
        Ok(())
    }

    /// Parses a data file; returns the number of malformed lines skipped.
    /// Entries are left unsorted.
    fn load(&mut self, lang: u8, data: &str) -> usize {
        let mut skipped = 0;
        let mut section: Option<(u16, f32)> = None;
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
                    (Some(LANG_MARK), None, None) => Some((LANG_MARK, 0.0)),
                    (Some(m), Some(&[d @ b'1'..=b'9']), None) if m != LANG_MARK => {
                        Some((m, (d - b'0') as f32 * 0.5))
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
            let (arena, entries) = (self.arena.len(), self.entries.len());
            if !line
                .split('|')
                .all(|t| self.push_term(lang, moment, t, weight).is_some())
            {
                self.arena.truncate(arena);
                self.entries.truncate(entries);
                skipped += 1;
            }
        }
        skipped
    }

    /// Folds, checks and appends one term (unsorted); `None` when the term
    /// is not valid.
    fn push_term(&mut self, lang: u8, moment: u16, term: &str, weight: f32) -> Option<()> {
        let start = self.arena.len();
        text::fold_into(term, usize::MAX, true, &mut self.arena);
        let folded = self.arena.get(start..).unwrap_or("");
        if folded.is_empty()
            || folded.len() > 255
            || folded.split(' ').count() > MAX_TOKENS
            || !folded.split(' ').all(valid_word)
        {
            self.arena.truncate(start);
            return None;
        }
        let first = folded.split(' ').next().unwrap_or("");
        let prefix = first.ends_with('*');
        let key = first.trim_end_matches('*');
        self.entries.push(Entry {
            head: head_of(key.as_bytes()),
            start: start as u32,
            len: folded.len() as u16,
            key_len: key.len() as u8,
            prefix,
            phrase: folded.contains(' '),
            lang,
            moment,
            weight,
        });
        if moment != LANG_MARK {
            self.moments = self.moments.max(moment as usize + 1);
        }
        Some(())
    }

    fn key(&self, e: &Entry) -> &[u8] {
        let s = e.start as usize;
        self.arena
            .as_bytes()
            .get(s..s + e.key_len as usize)
            .unwrap_or(&[])
    }

    fn term(&self, e: &Entry) -> &str {
        let s = e.start as usize;
        self.arena.get(s..s + e.len as usize).unwrap_or("")
    }

    /// Number of entries in `entries[..hi]` whose key is `<= t`.
    fn upper(&self, hi: usize, t: &[u8], th: u64) -> usize {
        let slice = self.entries.get(..hi).unwrap_or(&[]);
        slice.partition_point(|e| {
            if e.head != th {
                return e.head < th;
            }
            self.key(e) <= t
        })
    }

    /// Calls `f` with the index of every entry whose first word matches
    /// token `tok` (exactly, or as a prefix for `word*` entries).
    fn lookup(&self, tok: &[u8], mut f: impl FnMut(usize)) {
        let mut t = tok;
        let mut hi = self.upper(self.entries.len(), t, head_of(t));
        while hi > 0 {
            let Some(e) = self.entries.get(hi - 1) else {
                break;
            };
            let k = self.key(e);
            let c = k.iter().zip(t).take_while(|(a, b)| a == b).count();
            if c == k.len() {
                let exact = k.len() == tok.len();
                let mut j = hi;
                while j > 0 {
                    match self.entries.get(j - 1) {
                        Some(e) if self.key(e) == k => {
                            j -= 1;
                            if exact || e.prefix {
                                f(j);
                            }
                        }
                        _ => break,
                    }
                }
                if k.len() <= 3 {
                    break;
                }
                t = tok.get(..k.len() - 1).unwrap_or(&[]);
                hi = self.upper(j, t, head_of(t));
            } else {
                if c < 3 {
                    break;
                }
                t = tok.get(..c).unwrap_or(&[]);
                hi = self.upper(hi - 1, t, head_of(t));
            }
        }
    }

    /// True when the words of phrase `e` after the first match the tokens
    /// after `at`.
    fn phrase_matches(&self, e: &Entry, toks: &[&[u8]], at: usize) -> bool {
        for (next, w) in (at + 1..).zip(self.term(e).split(' ').skip(1)) {
            let Some(tok) = toks.get(next) else {
                return false;
            };
            let ok = match w.strip_suffix('*') {
                Some(stem) => tok.starts_with(stem.as_bytes()),
                None => *tok == w.as_bytes(),
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// Classifies `text`: evidence per moment, the language used and the
    /// terms that matched. `lang_hint` is a language tag (`da`, `nb-NO`,
    /// `no`, ...); the hinted language and English are tried first, and the
    /// language is guessed from the query's own words when there is no hint,
    /// the hint is unknown, or neither gives any evidence.
    pub fn classify(&self, text: &str, lang_hint: Option<&str>) -> Evidence {
        let mut ev = Evidence {
            scores: vec![0.0; self.moments],
            lang: None,
            hits: Vec::new(),
        };
        ev.lang = self.run(text, lang_hint, &mut ev.scores, Some(&mut ev.hits));
        ev
    }

    /// Like [`Lexicon::classify`] without allocating: writes the evidence
    /// for moments `0..out.len()` into `out` and returns the language used.
    pub fn classify_scores(
        &self,
        text: &str,
        lang_hint: Option<&str>,
        out: &mut [f32],
    ) -> Option<&'static str> {
        self.run(text, lang_hint, out, None)
    }

    /// Length of [`Evidence::scores`]: highest moment id known + 1 (≥ 4).
    pub fn moment_count(&self) -> usize {
        self.moments
    }

    fn run(
        &self,
        text: &str,
        lang_hint: Option<&str>,
        out: &mut [f32],
        mut hits: Option<&mut Vec<Hit>>,
    ) -> Option<&'static str> {
        out.iter_mut().for_each(|o| *o = 0.0);
        let mut buf = Buf {
            b: [0; MAX_CHARS * 4],
            n: 0,
        };
        text::fold_into(text, MAX_CHARS, false, &mut buf);
        let folded = buf.b.get(..buf.n).unwrap_or(&[]);
        let mut toks: [&[u8]; MAX_TOKENS] = [&[]; MAX_TOKENS];
        let mut nt = 0;
        for (slot, t) in toks.iter_mut().zip(folded.split(|b| *b == b' ')) {
            *slot = t;
            nt += 1;
        }
        let toks = toks.get(..nt).unwrap_or(&[]);

        // Every match, in every language.
        let mut raw = [Raw::default(); MAX_RAW];
        let mut nr = 0;
        let mut counts = [0u8; 16];
        let mut moment_langs: u16 = 0;
        for (i, tok) in toks.iter().enumerate() {
            self.lookup(tok, |j| {
                let Some(e) = self.entries.get(j) else {
                    return;
                };
                if nr >= MAX_RAW || (e.phrase && !self.phrase_matches(e, toks, i)) {
                    return;
                }
                if let Some(r) = raw.get_mut(nr) {
                    r.entry = j as u32;
                    nr += 1;
                }
                if let Some(c) = counts.get_mut(e.lang as usize) {
                    *c = c.saturating_add(1);
                    if e.moment != LANG_MARK {
                        moment_langs |= 1 << e.lang;
                    }
                }
            });
        }

        // Choose the languages.
        let (hint, first) = hint_mask(lang_hint);
        let mut mask = if hint != 0 { hint | 1 } else { 0 };
        let mut prefer = first;
        if mask & moment_langs == 0 {
            let mut best = first as usize;
            for (i, &c) in counts.iter().enumerate().take(LANGS.len()) {
                if c > counts.get(best).copied().unwrap_or(0) {
                    best = i;
                }
            }
            if counts.get(best).copied().unwrap_or(0) > 0 {
                mask = (1 << best) | 1;
                prefer = best as u8;
            }
        }
        let mut lang = None;
        let mut top = 0;
        for (i, code) in LANGS.iter().enumerate() {
            let c = counts.get(i).copied().unwrap_or(0);
            if mask & (1 << i) != 0
                && (lang.is_none() || c > top || (c == top && i as u8 == prefer))
            {
                lang = Some(*code);
                top = c;
            }
        }

        // Score the matches of the chosen languages, each term once.
        let mut used = [0u32; MAX_RAW];
        let mut nu = 0;
        for r in raw.iter().take(nr) {
            let Some(e) = self.entries.get(r.entry as usize) else {
                continue;
            };
            if e.moment == LANG_MARK || (e.lang != ANY && mask & (1 << e.lang) == 0) {
                continue;
            }
            let term = self.term(e);
            let mut dup = false;
            for u in used.iter_mut().take(nu) {
                let Some(p) = self.entries.get(*u as usize) else {
                    continue;
                };
                if p.moment == e.moment && self.term(p) == term {
                    dup = true;
                    if e.weight > p.weight {
                        if let Some(o) = out.get_mut(e.moment as usize) {
                            *o += e.weight - p.weight;
                        }
                        if let Some(h) = hits.as_deref_mut().and_then(|h| {
                            h.iter_mut()
                                .find(|h| h.term == term && h.moment == e.moment as usize)
                        }) {
                            h.weight = e.weight;
                        }
                        *u = r.entry;
                    }
                    break;
                }
            }
            if dup {
                continue;
            }
            if let Some(u) = used.get_mut(nu) {
                *u = r.entry;
                nu += 1;
            }
            if let Some(o) = out.get_mut(e.moment as usize) {
                *o += e.weight;
            }
            if let Some(h) = hits.as_deref_mut() {
                h.push(Hit {
                    moment: e.moment as usize,
                    weight: e.weight,
                    term: String::from(term),
                });
            }
        }
        if lang.is_none() && hint != 0 {
            lang = LANGS.get(first as usize).copied();
        }
        lang
    }
}

fn lex_cmp(arena: &str, a: &Entry, b: &Entry) -> core::cmp::Ordering {
    let key = |e: &Entry| {
        let s = e.start as usize;
        arena
            .as_bytes()
            .get(s..s + e.key_len as usize)
            .unwrap_or(&[])
    };
    key(a).cmp(key(b))
}

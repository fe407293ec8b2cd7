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
//! token starting with it (the part before `*` has at least 3 letters, or
//! 2 Cyrillic ones). A one-word term starting with `*` is a part of
//! compound words: `*billet*` matches any token containing "billet"
//! ("flybilletter"), `*gade` any token ending with "gade"
//! ("vesterbrogade"). Terms and queries are folded the same way
//! ([`crate::text::normalize`]). Malformed lines are skipped.
//!
//! # Matching
//!
//! A query is folded and split into tokens; only the first [`MAX_CHARS`]
//! characters and [`MAX_TOKENS`] tokens are looked at. Each token is looked
//! up as a whole word and against every prefix entry, and the compound
//! parts of the chosen languages are looked for inside it; a phrase
//! matches only on consecutive tokens. A term counts once per query,
//! however often it occurs, and a term inside a longer matched term counts
//! as part of that term ("near" in "near me"; "how to" in the go phrase
//! "how to get to"), unless the longer term is of the same moment and a
//! lower tier. Leading wake words ("hey google", "alexa") are not part of
//! the query's shape or length.
//!
//! # Languages
//!
//! The hinted language (`no`, `nb` and `nn` mean both `nb` and `nn`) and
//! English are used. With no usable hint, or when those give no moment
//! evidence, the language with the most matching words (`@lang` words
//! included; ties go to the hint, then to the order of [`LANGS`]) is used,
//! with English; against a hint it needs two matching words more than the
//! hinted languages have.
//! Where the chosen non-English language has a word for a token, English
//! single-word entries on that token are ignored (Danish "rent" is "clean",
//! Italian "sale" is "salt"): listing such a word in that language's
//! `@lang` section is enough.

use crate::intent::{self, f, N_FEATURES};
use crate::lexfile::{self, CLASS_BASE, LANG_MARK};
use crate::moment::MomentId;
use crate::text::{self, Sink};
use alloc::{string::String, vec, vec::Vec};

/// At most this many characters of a query are looked at.
pub const MAX_CHARS: usize = 256;
/// At most this many tokens of a query are looked at.
pub const MAX_TOKENS: usize = 32;
/// Highest moment id a term may give evidence to.
pub const MAX_MOMENT: MomentId = 255;

pub use crate::lexfile::LANGS;

/// The built-in lexicon files: `(language code, file text)`, in the order
/// of [`LANGS`] (only with the `builtin-lexicon` feature).
#[cfg(feature = "builtin-lexicon")]
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

/// The built-in files compiled by the build script into one blob per
/// language ([`lexfile::compile_blob`]), in the order of [`LANGS`].
#[cfg(feature = "builtin-lexicon")]
const BLOBS: [&str; 13] = [
    include_str!(concat!(env!("OUT_DIR"), "/en.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/da.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/nb.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/nn.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/sv.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/de.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/nl.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/af.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/it.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/es.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/fr.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/pt.lex")),
    include_str!(concat!(env!("OUT_DIR"), "/ru.lex")),
];

/// Number of terms in all [`BLOBS`] (each ends with `|`), counted when the
/// crate is compiled.
#[cfg(feature = "builtin-lexicon")]
const BLOB_TERMS: usize = {
    let mut n = 0;
    let mut k = 0;
    while k < BLOBS.len() {
        let b = BLOBS[k].as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'|' {
                n += 1;
            }
            i += 1;
        }
        k += 1;
    }
    n
};

/// The compiled data of built-in language `code` (`en`, `da`, `nb`, ...;
/// a language tag such as `da-DK` names its primary language; `no` is
/// not a language here: Norwegian has the blobs `nb` and `nn`), ready for
/// [`Lexicon::add_blob`]. `None` for any other code, and always `None`
/// when the crate is built without the `builtin-lexicon` feature (then no
/// language data is compiled in, and the page passes the blobs it needs).
pub fn builtin_blob(code: &str) -> Option<&'static str> {
    #[cfg(feature = "builtin-lexicon")]
    {
        let code = text::primary_lang(code)?;
        let i = LANGS.iter().position(|l| l.as_bytes() == code.as_bytes())?;
        BLOBS.get(i).copied()
    }
    #[cfg(not(feature = "builtin-lexicon"))]
    {
        let _ = code;
        None
    }
}

const _: () = assert!(MAX_TOKENS == lexfile::MAX_WORDS);
/// Language value of entries that apply to every language.
const ANY: u8 = u8::MAX;
/// Raw matches kept per query.
const MAX_RAW: usize = 96;
/// Class ids of [`lexfile::CLASSES`], as bits of a token's class set.
mod class {
    pub const WH: u16 = 1 << 0;
    pub const WHERE: u16 = 1 << 1;
    pub const HOW: u16 = 1 << 2;
    pub const HOWQ: u16 = 1 << 3;
    pub const HOWDO: u16 = 1 << 4;
    pub const AUX: u16 = 1 << 5;
    pub const UNIT: u16 = 1 << 7;
    pub const ASK: u16 = 1 << 8;
    pub const WAKE: u16 = 1 << 10;
    /// Not a class: the token is an `@lang` word of a language in use
    /// (never read as an infinitive: French "hier", "premier").
    pub const LANGW: u16 = 1 << 14;
    /// Not a class: the token starts a moment term.
    pub const TERM: u16 = 1 << 15;
}
/// Moment value of the `inf` class (word endings).
const INF: u16 = CLASS_BASE + 6;
/// Moment value of the `unit` class.
const UNIT: u16 = CLASS_BASE + 7;
/// Moment value of the `infw` class (weak word endings).
const INFW: u16 = CLASS_BASE + 9;

/// One term of one language, keyed by its first word.
#[derive(Clone, Copy)]
struct Entry {
    /// FNV-1a hash of the key.
    hash: u32,
    /// Next entry with the same key, plus one (0 = none).
    next: u32,
    /// Start of the folded term text in the arena.
    start: u32,
    /// Length of the folded term text (with `*` markers).
    len: u16,
    /// Length of the key: the first word without its `*`.
    key_len: u8,
    /// The first word is a prefix (`word*`).
    prefix: bool,
    /// A one-word term that starts with `*`, a part of compound words:
    /// `*stem*` matches any token that contains the stem, `*stem` any
    /// token that ends with it (`*billet*` in "flybilletter"). Not in the
    /// hash index.
    infix: bool,
    /// Number of words in the term (more than one: a phrase).
    words: u8,
    /// Index into [`LANGS`], or [`ANY`].
    lang: u8,
    /// Moment id, [`LANG_MARK`], or a word class (from [`CLASS_BASE`]).
    moment: u16,
    /// Tier of a built-in term (1 to 9; its evidence is the learned weight
    /// of that tier, [`intent::tier_feature`]), or 0 for a term with its
    /// own weight (a site term).
    tier: u8,
    /// Evidence a site term adds to its moment (tier 0).
    weight: f32,
}

impl Entry {
    /// The entry of term text `term`, found at `start` in the arena.
    fn new(lang: u8, moment: u16, tier: u8, weight: f32, start: usize, term: &[u8]) -> Entry {
        let first = term.split(|&b| b == b' ').next().unwrap_or(&[]);
        let (key, prefix) = match first.split_last() {
            Some((b'*', key)) => (key, true),
            _ => (first, false),
        };
        Entry {
            hash: key.iter().fold(FNV0, |h, &b| fnv(h, b)),
            next: 0,
            start: start as u32,
            len: term.len() as u16,
            key_len: key.len() as u8,
            prefix,
            infix: key.first() == Some(&b'*'),
            words: 1 + term.iter().filter(|&&b| b == b' ').count() as u8,
            lang,
            moment,
            tier,
            weight,
        }
    }
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
///
/// The probability of each moment for a search query on its own is
/// `softmax(base + scores)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Log-odds contribution per moment of the matched terms and the
    /// query's shape, indexed by [`MomentId`]; at least 4 long. This is the
    /// part that weak text (a campaign name, a page title) contributes.
    pub scores: Vec<f32>,
    /// The intercept per moment (same length as `scores`): what a search
    /// query contributes before any of its words, including the default
    /// reading of a query with no moment evidence ([`Evidence::bare`]).
    pub base: Vec<f32>,
    /// True when the query carries no moment evidence at all: no term
    /// matched and it has no question or instruction shape (a bare topic,
    /// name or product).
    pub bare: bool,
    /// The language whose terms were used, when one was found or hinted.
    pub lang: Option<&'static str>,
    /// The terms that matched, in query order.
    pub hits: Vec<Hit>,
    /// Bit `m` is set when a term the site added (`add_term`) matched for
    /// moment `m` (moments 0 to 31).
    pub site: u32,
}

impl Evidence {
    /// Reads a bare query (see [`Evidence::bare`]) typed into a site's
    /// own search box as `moment` instead of the built-in default (know):
    /// for a site whose box means buy, `read_bare_as(BUY)`. The intercept
    /// becomes the one learned from bare queries typed into shops' own
    /// search boxes (as sure of buy as those are), with buy and `moment`
    /// trading places for another moment. Does nothing when the query is
    /// not bare, or for know.
    pub fn read_bare_as(&mut self, moment: MomentId) {
        if !self.bare || moment == 0 {
            return;
        }
        if self.base.len() <= moment {
            self.base.resize(moment + 1, 0.0);
            self.scores.resize(moment + 1, 0.0);
        }
        for (m, b) in self.base.iter_mut().enumerate().take(4) {
            *b = intent::weight(f::SHOP_BARE, m);
        }
        if moment != crate::moment::BUY {
            // Swapped through get(): `swap` would bring the standard
            // library's panic formatting into the wasm.
            let buy = crate::moment::BUY;
            if let (Some(&b), Some(&o)) = (self.base.get(buy), self.base.get(moment)) {
                if let Some(x) = self.base.get_mut(buy) {
                    *x = o;
                }
                if let Some(x) = self.base.get_mut(moment) {
                    *x = b;
                }
            }
        }
    }
}

/// The compiled lexicon: every term of every language in one hash-indexed
/// table.
#[derive(Clone)]
pub struct Lexicon {
    /// Folded term texts, back to back.
    arena: String,
    /// Every term of every language.
    entries: Vec<Entry>,
    /// Open-addressing hash index over distinct keys: `hash << 32 | (entry
    /// + 1)`, 0 = empty, pointing at the head of the key's chain of entries
    /// ([`Entry::next`]). Its length is a power of two.
    slots: Vec<u64>,
    /// One bit per low 16 bits of a key hash, set for keys of prefix
    /// entries: most prefix probes stop here.
    prefix_bits: Vec<u64>,
    /// Length of [`Evidence::scores`].
    moments: usize,
    /// Bit per language of [`LANGS`] whose blob was added.
    loaded: u16,
    /// Entries of the `inf` class (word endings), which are not in the
    /// hash index.
    suffixes: Vec<u32>,
    /// Compound-part entries ([`Entry::infix`]) of moments, with their
    /// language; not in the hash index.
    infixes: Vec<(u8, u32)>,
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
    fn put_ascii(&mut self, b: u8) {
        if let Some(d) = self.b.get_mut(self.n) {
            *d = b;
            self.n += 1;
        }
    }
    fn put(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp).as_bytes();
        if let Some(dst) = self.b.get_mut(self.n..self.n + s.len()) {
            // A loop rather than copy_from_slice, whose length check would
            // bring the standard library's panic formatting into the wasm.
            for (d, b) in dst.iter_mut().zip(s) {
                *d = *b;
            }
            self.n += s.len();
        }
    }
}

/// Byte-wise equality, kept inline (short keys).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// FNV-1a step: folds one more byte into hash `h`.
fn fnv(h: u32, b: u8) -> u32 {
    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
}

/// FNV-1a start value.
const FNV0: u32 = 0x811c_9dc5;

/// Bit mask of the built-in languages a hint names (`no` = nb and nn).
fn hint_mask(hint: Option<&str>) -> (u16, u8) {
    let Some(code) = hint.and_then(text::primary_lang) else {
        return (0, 0);
    };
    let code = code.as_bytes();
    if code == b"no" {
        return (0b1100, 2);
    }
    match LANGS.iter().position(|l| l.as_bytes() == code) {
        // Norwegian pages mix the two written forms.
        Some(i @ (2 | 3)) => (0b1100, i as u8),
        Some(i) => (1 << i, i as u8),
        None => (0, 0),
    }
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
            slots: Vec::new(),
            prefix_bits: vec![0; 1024],
            moments: 4,
            loaded: 0,
            suffixes: Vec::new(),
            infixes: Vec::new(),
        }
    }

    /// The lexicon of all built-in languages ([`builtin_blob`] of each of
    /// [`LANGS`]). Without the `builtin-lexicon` feature there are none, and
    /// this is [`Lexicon::empty`].
    pub fn builtin() -> Lexicon {
        #[cfg(not(feature = "builtin-lexicon"))]
        let lex = Lexicon::empty();
        #[cfg(feature = "builtin-lexicon")]
        let mut lex = Lexicon::empty();
        #[cfg(feature = "builtin-lexicon")]
        {
            // Sized once: growing by doubling would leave the smaller
            // tables' memory behind in the page's wasm memory, which never
            // shrinks.
            let size: usize = BLOBS.iter().map(|b| b.len()).sum();
            lex.arena.reserve_exact(size);
            lex.entries.reserve_exact(BLOB_TERMS);
            for blob in BLOBS {
                // The build script checked the blobs; one that failed would
                // only be missing.
                let _ = lex.load_blob(blob);
            }
            lex.index_from(0);
        }
        lex
    }

    /// Adds one language's compiled data ([`builtin_blob`], or the same
    /// text passed from the page). Adding a language that is already there
    /// changes nothing. A malformed blob, or one of another format
    /// version, is refused whole with an error; the lexicon is left as it
    /// was.
    pub fn add_blob(&mut self, blob: &str) -> Result<(), &'static str> {
        let from = self.entries.len();
        self.load_blob(blob)?;
        self.index_from(from);
        Ok(())
    }

    /// Adds several languages at once: room for all of them is taken in
    /// one step and the index is built once, so the page's wasm memory
    /// (which never shrinks) keeps no outgrown copies of the tables. A
    /// malformed blob is refused whole (an error) and the others are added.
    pub fn add_blobs<'b>(
        &mut self,
        blobs: impl Iterator<Item = &'b str> + Clone,
    ) -> Result<(), &'static str> {
        let (bytes, terms) = blobs.clone().fold((0, 0), |(b, t), blob| {
            (
                b + blob.len(),
                t + blob.bytes().filter(|c| *c == b'|').count(),
            )
        });
        self.arena.reserve_exact(bytes);
        self.entries.reserve_exact(terms);
        let from = self.entries.len();
        let mut result = Ok(());
        for blob in blobs {
            if let Err(e) = self.load_blob(blob) {
                result = Err(e);
            }
        }
        self.index_from(from);
        result
    }

    /// Codes of the languages whose blobs were added, in the order of
    /// [`LANGS`].
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        LANGS
            .iter()
            .enumerate()
            .filter(|(i, _)| self.loaded & (1 << i) != 0)
            .map(|(_, c)| *c)
    }

    /// Appends the terms of a blob (unindexed).
    fn load_blob(&mut self, blob: &str) -> Result<(), &'static str> {
        let (lang, _) = lexfile::blob_lang(blob).ok_or("not a lexicon blob of this version")?;
        if self.loaded & (1 << lang) != 0 {
            return Ok(());
        }
        let base = self.arena.len();
        // `blob_terms` checks the whole blob before it calls anything, so
        // a malformed blob adds no entry; its text joins the arena (where
        // the entries point) only once it is taken.
        let mut entries = core::mem::take(&mut self.entries);
        let mut moments = self.moments;
        let read = lexfile::blob_terms(blob, |moment, tier, start, end| {
            let text = blob.as_bytes().get(start..end).unwrap_or(&[]);
            entries.push(Entry::new(lang, moment, tier, 0.0, base + start, text));
            if moment < CLASS_BASE {
                moments = moments.max(moment as usize + 1);
            }
        });
        self.entries = entries;
        read?;
        self.moments = moments;
        self.arena.push_str(blob);
        self.loaded |= 1 << lang;
        Ok(())
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
        let from = self.entries.len();
        let skipped = self.load(first, data);
        self.index_from(from);
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
                self.index_from(self.entries.len() - 1);
            }
        }
        if langs == 0 {
            self.push_term(ANY, moment as u16, term, weight)
                .ok_or("invalid term")?;
            self.index_from(self.entries.len() - 1);
        }
        Ok(())
    }

    /// Parses a data file; returns the number of malformed lines skipped.
    /// Entries are left unsorted.
    fn load(&mut self, lang: u8, data: &str) -> usize {
        let mut terms = Vec::new();
        let skipped = lexfile::parse(data, &mut self.arena, |m, t, s, e| terms.push((m, t, s, e)));
        for (moment, tier, start, end) in terms {
            self.push_entry(lang, moment, tier, 0.0, start, end);
        }
        skipped
    }

    /// Folds, checks and appends one term (unsorted); `None` when the term
    /// is not valid.
    fn push_term(&mut self, lang: u8, moment: u16, term: &str, weight: f32) -> Option<()> {
        let start = lexfile::fold_term(term, &mut self.arena)?;
        self.push_entry(lang, moment, 0, weight, start, self.arena.len());
        Some(())
    }

    /// Appends the entry of the folded, checked term at `start..end` of the
    /// arena (unsorted).
    fn push_entry(
        &mut self,
        lang: u8,
        moment: u16,
        tier: u8,
        weight: f32,
        start: usize,
        end: usize,
    ) {
        let term = self.arena.as_bytes().get(start..end).unwrap_or(&[]);
        let entry = Entry::new(lang, moment, tier, weight, start, term);
        self.entries.push(entry);
        if moment < CLASS_BASE {
            self.moments = self.moments.max(moment as usize + 1);
        }
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

    /// Adds entries `from..` to the hash index, rebuilding it when it
    /// would get more than half full.
    fn index_from(&mut self, from: usize) {
        if self.entries.len() * 2 > self.slots.len() {
            let mut size = 16;
            while size < self.entries.len() * 2 {
                size *= 2;
            }
            self.slots = vec![0u64; size];
            for e in self.entries.iter_mut() {
                e.next = 0;
            }
            self.prefix_bits.iter_mut().for_each(|w| *w = 0);
            self.suffixes.clear();
            self.infixes.clear();
            self.link_range(0);
        } else {
            self.link_range(from);
        }
    }

    /// Links entries `from..` into the hash index: each becomes the head of
    /// its key's chain.
    fn link_range(&mut self, from: usize) {
        let mask = self.slots.len().wrapping_sub(1);
        for i in from..self.entries.len() {
            let Some(e) = self.entries.get(i) else {
                return;
            };
            let h = e.hash;
            if e.infix {
                // Compound parts are not looked up as words either.
                if e.moment < CLASS_BASE {
                    self.infixes.push((e.lang, i as u32));
                }
                continue;
            }
            if e.moment == INF || e.moment == INFW {
                // Word endings are not looked up as words.
                self.suffixes.push(i as u32);
                continue;
            }
            if e.prefix {
                if let Some(w) = self.prefix_bits.get_mut((h as usize >> 6) & 1023) {
                    *w |= 1 << (h & 63);
                }
            }
            let mut at = h as usize & mask;
            while let Some(&slot) = self.slots.get(at) {
                let head = (slot as u32 as usize).wrapping_sub(1);
                let same = slot != 0
                    && (slot >> 32) as u32 == h
                    && self
                        .entries
                        .get(head)
                        .is_some_and(|p| self.key(p) == self.key(e));
                if slot == 0 || same {
                    let next = if same { head as u32 + 1 } else { 0 };
                    if let Some(s) = self.slots.get_mut(at) {
                        *s = u64::from(h) << 32 | (i as u64 + 1);
                    }
                    if let Some(e) = self.entries.get_mut(i) {
                        e.next = next;
                    }
                    break;
                }
                at = (at + 1) & mask;
            }
        }
    }

    /// Calls `f` with the index of every entry whose first word matches
    /// token `tok`: its key equals the token, or the entry is a prefix
    /// (`word*`) and its key starts the token.
    fn lookup(&self, tok: &[u8], mut f: impl FnMut(usize)) {
        let mask = self.slots.len().wrapping_sub(1);
        let n = tok.len();
        let mut h = FNV0;
        // Keys are at most 64 bytes long.
        for (i, &b) in tok.iter().enumerate().take(64) {
            h = fnv(h, b);
            let len = i + 1;
            let exact = len == n;
            // Prefix keys have at least 3 bytes and end on a character.
            if !exact
                && (len < 3
                    || tok.get(len).is_some_and(|c| c & 0xC0 == 0x80)
                    || !self.may_be_prefix(h))
            {
                continue;
            }
            let Some(t) = tok.get(..len) else {
                return;
            };
            let mut at = h as usize & mask;
            while let Some(&slot) = self.slots.get(at) {
                if slot == 0 {
                    break;
                }
                if (slot >> 32) as u32 == h {
                    let mut j = (slot as u32 as usize).wrapping_sub(1);
                    if self.entries.get(j).is_some_and(|e| same(self.key(e), t)) {
                        while let Some(e) = self.entries.get(j) {
                            if exact || e.prefix {
                                f(j);
                            }
                            j = (e.next as usize).wrapping_sub(1);
                        }
                        break;
                    }
                }
                at = (at + 1) & mask;
            }
        }
    }

    /// False when no prefix entry has a key with hash `h`.
    fn may_be_prefix(&self, h: u32) -> bool {
        self.prefix_bits
            .get((h as usize >> 6) & 1023)
            .is_some_and(|w| w & (1 << (h & 63)) != 0)
    }

    /// True when the words of phrase `e` after the first match the tokens
    /// after `at`.
    fn phrase_matches(&self, e: &Entry, toks: &[&[u8]], at: usize) -> bool {
        let words = self.term(e).as_bytes().split(|b| *b == b' ');
        for (next, w) in (at + 1..).zip(words.skip(1)) {
            let Some(tok) = toks.get(next) else {
                return false;
            };
            let ok = match w.split_last() {
                Some((b'*', stem)) => tok.get(..stem.len()).is_some_and(|t| same(t, stem)),
                _ => same(tok, w),
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// Classifies `text`: evidence per moment, the intercept, the language
    /// used and the terms that matched. `lang_hint` is a language tag
    /// (`da`, `nb-NO`, `no`, ...); the hinted language and English are
    /// tried first, and the language is guessed from the query's own words
    /// when there is no hint, the hint is unknown, or neither gives any
    /// evidence.
    pub fn classify(&self, text: &str, lang_hint: Option<&str>) -> Evidence {
        let mut ev = Evidence {
            scores: vec![0.0; self.moments],
            base: vec![0.0; self.moments],
            bare: true,
            lang: None,
            hits: Vec::new(),
            site: 0,
        };
        let mut x = [0u8; N_FEATURES];
        let (lang, bare) = self.run(text, lang_hint, &mut x, &mut ev.scores, Some(&mut ev.hits));
        // Only site terms add to the scores directly, before the learned
        // weights do.
        for (m, s) in ev.scores.iter().enumerate().take(32) {
            if *s != 0.0 {
                ev.site |= 1 << m;
            }
        }
        intent::accumulate(&x, &mut ev.base, &mut ev.scores);
        ev.lang = lang;
        ev.bare = bare;
        ev
    }

    /// Like [`Lexicon::classify`] without allocating: writes
    /// `base + scores` (the query's log-odds on its own) for moments
    /// `0..out.len()` into `out` and returns the language used.
    pub fn classify_scores(
        &self,
        text: &str,
        lang_hint: Option<&str>,
        out: &mut [f32],
    ) -> Option<&'static str> {
        out.iter_mut().for_each(|o| *o = 0.0);
        let mut x = [0u8; N_FEATURES];
        let (lang, _) = self.run(text, lang_hint, &mut x, out, None);
        let mut base = [0.0f32; 4];
        intent::accumulate(&x, &mut base, out);
        for (o, b) in out.iter_mut().zip(base) {
            *o += b;
        }
        lang
    }

    /// The scorer's features of `text` (see [`crate::intent::f`]): what the
    /// training tool learns the weights from. Site terms are not features.
    pub fn features(&self, text: &str, lang_hint: Option<&str>) -> [u8; N_FEATURES] {
        let mut x = [0u8; N_FEATURES];
        self.run(text, lang_hint, &mut x, &mut [], None);
        x
    }

    /// Length of [`Evidence::scores`]: highest moment id known + 1 (≥ 4).
    pub fn moment_count(&self) -> usize {
        self.moments
    }

    /// How surely token `tok` is an infinitive in a language of `mask`: 2
    /// when it ends with an `inf` ending, 1 with an `infw` ending only, 0
    /// otherwise (at least two more bytes before the ending).
    fn infinitive(&self, tok: &[u8], mask: u16) -> u8 {
        let mut level = 0;
        for &j in &self.suffixes {
            if let Some(e) = self.entries.get(j as usize) {
                let suffix = self.term(e).as_bytes();
                if mask & (1 << e.lang) != 0
                    && tok.len() >= suffix.len() + 2
                    && tok.ends_with(suffix)
                {
                    level = level.max(if e.moment == INF { 2 } else { 1 });
                }
            }
        }
        level
    }

    /// True when `word` is a word of class `class` (a moment value from
    /// [`CLASS_BASE`]) in a language of `mask` (English always counts).
    fn in_class(&self, word: &[u8], class: u16, mask: u16) -> bool {
        let mut found = false;
        self.lookup(word, |j| {
            if let Some(e) = self.entries.get(j) {
                found |= e.moment == class && e.words == 1 && (mask | 1) & (1 << e.lang) != 0;
            }
        });
        found
    }

    /// Reads `text`: fills the features `x`, adds site terms' evidence to
    /// `direct` and pushes the hits. Returns the language used and whether
    /// the query is bare (no moment evidence).
    fn run(
        &self,
        text: &str,
        lang_hint: Option<&str>,
        x: &mut [u8; N_FEATURES],
        direct: &mut [f32],
        mut hits: Option<&mut Vec<Hit>>,
    ) -> (Option<&'static str>, bool) {
        let mut buf = Buf {
            b: [0; MAX_CHARS * 4],
            n: 0,
        };
        text::fold_into(text, MAX_CHARS, false, &mut buf);
        let folded = buf.b.get(..buf.n).unwrap_or(&[]);
        let mut toks: [&[u8]; MAX_TOKENS] = [&[]; MAX_TOKENS];
        let mut nt = 0;
        for (slot, t) in toks.iter_mut().zip(folded.split(|b| *b == b' ')) {
            if !t.is_empty() {
                *slot = t;
                nt += 1;
            }
        }
        let toks = toks.get(..nt).unwrap_or(&[]);

        // Every match, in every language.
        let mut raw = [0u32; MAX_RAW];
        let mut raw_tok = [0u8; MAX_RAW];
        let mut nr = 0;
        let mut counts = [0u8; 16];
        let mut moment_langs: u16 = 0;
        for (i, tok) in toks.iter().enumerate() {
            self.lookup(tok, |j| {
                let Some(e) = self.entries.get(j) else {
                    return;
                };
                if nr >= MAX_RAW || (e.words > 1 && !self.phrase_matches(e, toks, i)) {
                    return;
                }
                if let (Some(r), Some(rt)) = (raw.get_mut(nr), raw_tok.get_mut(nr)) {
                    *r = j as u32;
                    *rt = i as u8;
                    nr += 1;
                }
                if let Some(c) = counts.get_mut(e.lang as usize) {
                    *c = c.saturating_add(1);
                    if e.moment < CLASS_BASE {
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
            // Against a hint, another language needs two more matching
            // words than the hinted ones (one stray word, Norwegian "tåke"
            // in "take me home", is not a language).
            let mut need = 1u8;
            for (i, &c) in counts.iter().enumerate() {
                if mask & (1 << i) != 0 {
                    need = need.max(c.saturating_add(2));
                }
            }
            if counts.get(best).copied().unwrap_or(0) >= need {
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
        if mask == 0 {
            // No language known: English words and classes still count.
            mask = 1;
        }

        // Compound parts of the chosen languages.
        for &(lang, j) in &self.infixes {
            if lang != ANY && mask & (1 << lang) == 0 {
                continue;
            }
            let Some(e) = self.entries.get(j as usize) else {
                continue;
            };
            // `*stem*` anywhere in a token, `*stem` at its end.
            let t = self.term(e).as_bytes();
            let t = t.get(1..).unwrap_or(&[]);
            let (stem, inside) = match t.split_last() {
                Some((b'*', stem)) => (stem, true),
                _ => (t, false),
            };
            for (i, tok) in toks.iter().enumerate() {
                let last = tok.len().wrapping_sub(stem.len());
                let from = if inside { 0 } else { last };
                let hit = !stem.is_empty()
                    && tok.len() >= stem.len()
                    && (from..=last).any(|k| tok.get(k..k + stem.len()) == Some(stem));
                if hit && nr < MAX_RAW {
                    if let (Some(r), Some(rt)) = (raw.get_mut(nr), raw_tok.get_mut(nr)) {
                        *r = j;
                        *rt = i as u8;
                        nr += 1;
                    }
                }
            }
        }

        // Tokens the chosen non-English language has a word for: English
        // single-word entries there are ignored ("rent" means "clean" in
        // Danish, "sale" means "salt" in Italian).
        let mut local = 0u32;
        for (&j, &tok) in raw.iter().zip(&raw_tok).take(nr) {
            if let Some(e) = self.entries.get(j as usize) {
                if e.lang != 0 && e.lang != ANY && mask & (1 << e.lang) != 0 {
                    for k in 0..u32::from(e.words) {
                        local |= 1u32.checked_shl(u32::from(tok) + k).unwrap_or(0);
                    }
                }
            }
        }

        // Score the matches of the chosen languages, each term once, and
        // note each token's word classes.
        let mut classes = [0u16; MAX_TOKENS];
        let mut used = [0u32; MAX_RAW];
        let mut nu = 0;
        let mut evidence = false;
        // A match that counts: of a chosen language, not shadowed.
        let live = |e: &Entry, tok: u8| {
            e.moment != LANG_MARK
                && (e.lang == ANY || mask & (1 << e.lang) != 0)
                && !(e.lang == 0 && e.words == 1 && local & (1u32 << (tok & 31)) != 0)
        };
        for (&r, &tok) in raw.iter().zip(&raw_tok).take(nr) {
            let Some(e) = self.entries.get(r as usize) else {
                continue;
            };
            if e.moment == LANG_MARK && (e.lang == ANY || mask & (1 << e.lang) != 0) {
                if let Some(c) = classes.get_mut(usize::from(tok)) {
                    *c |= class::LANGW;
                }
            }
            if !live(e, tok) {
                continue;
            }
            if e.moment >= CLASS_BASE {
                if let Some(c) = classes.get_mut(usize::from(tok)) {
                    *c |= 1 << (e.moment - CLASS_BASE);
                }
                continue;
            }
            let term = self.term(e);
            let dup = used.iter().take(nu).any(|u| {
                self.entries.get(*u as usize).is_some_and(|p| {
                    p.moment == e.moment
                        && p.hash == e.hash
                        && same(self.term(p).as_bytes(), term.as_bytes())
                })
            });
            // A built-in term inside a longer matched term is part of that
            // term's evidence, not more of its own: "near" in "near me",
            // "beginner*" in "for beginners", "how to" in "how to get to"
            // (a term of another moment), unless the longer term is of the
            // same moment and a lower tier ("book" in "book a").
            let (at, end) = (usize::from(tok), usize::from(tok) + usize::from(e.words));
            let mut covered = false;
            for (&r2, &t2) in raw.iter().zip(&raw_tok).take(nr) {
                if let Some(p) = self.entries.get(r2 as usize) {
                    let (at2, end2) = (usize::from(t2), usize::from(t2) + usize::from(p.words));
                    covered |= e.tier > 0
                        && p.moment < CLASS_BASE
                        && p.words > e.words
                        && at2 <= at
                        && end2 >= end
                        && (p.moment != e.moment || p.tier == 0 || p.tier >= e.tier)
                        && live(p, t2);
                }
            }
            if dup || covered {
                continue;
            }
            if let Some(u) = used.get_mut(nu) {
                *u = r;
                nu += 1;
            }
            if let Some(c) = classes.get_mut(usize::from(tok)) {
                *c |= class::TERM;
            }
            evidence = true;
            let moment = usize::from(e.moment);
            let weight = match intent::tier_feature(moment, e.tier) {
                Some(fi) if e.tier > 0 => {
                    if let Some(v) = x.get_mut(fi) {
                        *v = (*v + 1).min(2);
                    }
                    intent::weight(fi, moment)
                }
                _ => {
                    if let Some(o) = direct.get_mut(moment) {
                        *o += e.weight;
                    }
                    e.weight
                }
            };
            if let Some(h) = hits.as_deref_mut() {
                h.push(Hit {
                    moment,
                    weight,
                    term: String::from(term),
                });
            }
        }
        if lang.is_none() && hint != 0 {
            lang = LANGS.get(first as usize).copied();
        }
        // A voice assistant's wake words ("hey google", "alexa") before
        // the request are not part of its shape or length.
        let lead = classes
            .iter()
            .take(nt.saturating_sub(1))
            .take_while(|c| **c & class::WAKE != 0)
            .count();
        let rest = toks.get(lead..).unwrap_or(toks);
        let question = self.shape(text, rest, classes.get(lead..).unwrap_or(&[]), mask, x);
        let bare = !evidence && !question && x.get(f::INF_EDGE).is_none_or(|v| *v == 0);
        if nt > 0 {
            let (len, bare_len) = intent::length_features(nt - lead);
            for i in [Some(f::INTERCEPT), Some(len), bare.then_some(bare_len)]
                .into_iter()
                .flatten()
            {
                if let Some(v) = x.get_mut(i) {
                    *v = 1;
                }
            }
        }
        (lang, bare)
    }

    /// Sets the shape features of a query from its tokens and their word
    /// classes. Returns true when the query has a question or instruction
    /// shape (moment evidence of its own).
    fn shape(
        &self,
        text: &str,
        toks: &[&[u8]],
        classes: &[u16],
        mask: u16,
        x: &mut [u8; N_FEATURES],
    ) -> bool {
        let mut set = |i: usize| {
            if let Some(v) = x.get_mut(i) {
                *v = 1;
            }
        };
        let cls = |i: usize| classes.get(i).copied().unwrap_or(0);
        let mut question = false;

        // A how word (or a where word before a quantity: "hvor mange").
        let how = (0..toks.len()).find(|&i| {
            cls(i) & class::HOW != 0
                || (cls(i) & class::WHERE != 0 && cls(i + 1) & class::HOWQ != 0)
        });
        if let Some(i) = how {
            question = true;
            let next = cls(i + 1);
            let verb_later = toks.iter().enumerate().skip(i + 1).any(|(j, t)| {
                cls(j) & (class::AUX | class::WH | class::HOW | class::HOWQ | class::LANGW) == 0
                    && self.infinitive(t, mask) > 0
            });
            set(if next & class::HOWQ != 0 {
                f::HOW_Q
            } else if next & class::HOWDO != 0 {
                f::HOW_DO
            } else if next & class::AUX != 0 {
                f::HOW_AUX
            } else if verb_later {
                f::HOW_DO
            } else {
                f::HOW_OTHER
            });
        }
        if let Some(i) = (0..toks.len()).find(|&i| cls(i) & class::WH != 0) {
            question = true;
            set(if i <= 1 { f::WH_START } else { f::WH_LATE });
        }
        if how.is_none() && toks.len() <= 6 {
            let edge = |i: usize| {
                if cls(i) & !class::TERM != 0 {
                    return 0;
                }
                toks.get(i).map_or(0, |t| self.infinitive(t, mask))
            };
            let last = if toks.len() > 1 {
                edge(toks.len() - 1)
            } else {
                0
            };
            match edge(0).max(last) {
                2 => set(f::INF_EDGE),
                1 => set(f::INF_WEAK),
                _ => {}
            }
        }
        if (0..toks.len()).any(|i| cls(i) & class::WHERE != 0 && Some(i) != how) {
            question = true;
            set(f::WHERE);
        }
        if cls(0) & class::AUX != 0 && how != Some(0) {
            question = true;
            set(f::AUX_START);
        }
        let head = text.get(..text.len().min(MAX_CHARS * 4)).unwrap_or(text);
        if head.contains(['?', '¿', '？']) || (0..toks.len()).any(|i| cls(i) & class::ASK != 0) {
            question = true;
            set(f::QMARK);
        }
        if head.contains(['$', '€', '£', '₽', '¥', '₹']) {
            question = true;
            set(f::PRICE_SIGN);
        }

        // Numbers: a year, a number with a unit, or another number.
        for (i, t) in toks.iter().enumerate() {
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                continue;
            }
            let year = digits == 4
                && t.len() == 4
                && matches!(
                    t.get(..2),
                    Some(b"15" | b"16" | b"17" | b"18" | b"19" | b"20")
                );
            // "140x200": a size in two numbers.
            let by = |rest: &[u8]| {
                let rest = rest
                    .strip_prefix(b"x")
                    .or_else(|| rest.strip_prefix("х".as_bytes()));
                rest.is_some_and(|r| r.first().is_some_and(u8::is_ascii_digit))
            };
            let unit = cls(i + 1) & class::UNIT != 0
                || t.get(digits..).is_some_and(|rest| {
                    !rest.is_empty() && (by(rest) || self.in_class(rest, UNIT, mask))
                });
            set(if year {
                f::YEAR
            } else if unit {
                f::NUM_UNIT
            } else {
                f::NUM
            });
        }
        question
    }
}

#[cfg(all(test, feature = "builtin-lexicon"))]
mod tests {
    use super::*;
    use crate::moment::{BUY, DO, GO, KNOW};

    #[test]
    fn builtin_tables_are_sized_exactly() {
        // One allocation of the right size: no smaller tables left behind.
        let lex = Lexicon::builtin();
        assert_eq!(lex.len(), BLOB_TERMS);
        assert_eq!(lex.entries.capacity(), BLOB_TERMS);
        assert_eq!(lex.arena.capacity(), lex.arena.len());
        assert_eq!(lex.languages().count(), LANGS.len());
    }

    /// The built-in files read at run time, the slow way.
    fn from_files() -> Lexicon {
        let mut lex = Lexicon::empty();
        for (i, (_, data)) in BUILTIN_DATA.iter().enumerate() {
            assert_eq!(
                lex.load(i as u8, data),
                0,
                "{} has malformed lines",
                LANGS[i]
            );
        }
        lex.index_from(0);
        lex
    }

    #[test]
    fn compiled_builtin_lexicon_is_the_data_files() {
        let (fast, slow) = (Lexicon::builtin(), from_files());
        assert_eq!(fast.len(), slow.len());
        assert!(fast.len() > 1500, "only {} terms", fast.len());
        assert_eq!(fast.moments, slow.moments);
        assert_eq!(fast.slots.len(), slow.slots.len());
        assert_eq!(fast.prefix_bits, slow.prefix_bits);
        for (a, b) in fast.entries.iter().zip(&slow.entries) {
            assert_eq!(fast.term(a), slow.term(b));
            assert_eq!(
                (a.hash, a.next, a.len, a.key_len, a.prefix, a.words, a.lang, a.moment),
                (b.hash, b.next, b.len, b.key_len, b.prefix, b.words, b.lang, b.moment),
                "{}",
                fast.term(a)
            );
            assert_eq!(a.weight.to_bits(), b.weight.to_bits(), "{}", fast.term(a));
        }
    }

    #[test]
    fn blobs_added_one_by_one_equal_the_builtin_lexicon() {
        let all = Lexicon::builtin();
        let mut lex = Lexicon::empty();
        for code in LANGS.iter().rev() {
            let blob = builtin_blob(code).unwrap();
            assert!(blob.len() < 8_000, "{code}: {} bytes", blob.len());
            lex.add_blob(blob).unwrap();
            // Twice is harmless.
            lex.add_blob(blob).unwrap();
        }
        assert_eq!(lex.len(), all.len());
        for q in ["pizza near me", "købe cykel", "как приготовить борщ"] {
            for hint in [None, Some("da"), Some("ru")] {
                assert_eq!(lex.classify(q, hint), all.classify(q, hint), "{q}");
            }
        }
        assert_eq!(builtin_blob("da-DK"), builtin_blob("da"));
        assert_eq!(builtin_blob("no"), None);
        assert_eq!(builtin_blob("xx"), None);
    }

    #[test]
    fn data_file_moments_are_the_crate_moments() {
        for (name, id) in [("know", KNOW), ("go", GO), ("do", DO), ("buy", BUY)] {
            assert_eq!(lexfile::moment_of(name), Some(id as u16));
        }
    }
}

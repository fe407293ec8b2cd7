//! The query scorer's features and their learned weights.
//!
//! A query is read by the lexicon ([`crate::lexicon`]) into a small vector
//! of features (see [`f`]): which tier of which moment its terms hit, the
//! shape of the question it asks (a question word at the start, "how" +
//! a verb, an auxiliary first, a question mark), numbers and units, and
//! its length. Each feature has one learned weight per built-in moment
//! ([`WEIGHTS`]); the probability of each moment for a query on its own is
//! the softmax of the weighted sum: a multinomial logistic regression.
//!
//! The weights are language-independent: a language's data file only says
//! which words belong to which tier and class. They are learned offline by
//! the training tool (`make train`, see `docs/model.md`), rounded to
//! sixteenths, and written to `src/intent_weights.rs`.
//!
//! Features are split in two parts:
//!
//! - the *base* part ([`f::INTERCEPT`], [`f::BARE`] and the length
//!   buckets) only makes sense for a search query, and becomes
//!   [`crate::lexicon::Evidence::base`];
//! - the rest, the evidence of the words and the question's shape, becomes
//!   [`crate::lexicon::Evidence::scores`], which weak text (a campaign
//!   name, a page title) contributes as well.

#[path = "intent_weights.rs"]
mod weights;

pub use weights::WEIGHTS;

/// Indexes of the features.
pub mod f {
    /// Always on (for a non-empty query).
    pub const INTERCEPT: usize = 0;
    /// A bare query (no moment evidence: no term, no question shape) of
    /// one token; the next four are bare queries of two, three, four or
    /// five, and six or more tokens ([`bare`](super::bare)).
    pub const BARE: usize = 1;
    /// One token.
    pub const LEN1: usize = 6;
    /// Two tokens.
    pub const LEN2: usize = 7;
    /// Three tokens.
    pub const LEN3: usize = 8;
    /// Four or five tokens.
    pub const LEN4: usize = 9;
    /// Six tokens or more.
    pub const LEN6: usize = 10;
    /// Never set by a query: the intercept of a bare query typed into a
    /// site's own search box that reads bare queries as buy, learned from
    /// shop-box queries
    /// ([`Evidence::read_bare_as`](crate::lexicon::Evidence::read_bare_as)).
    pub const SHOP_BARE: usize = 11;
    /// First feature of the scores part (all before it are the base part).
    pub const SHAPE: usize = 12;
    /// A `wh` word (what, who, why, ...) as the first or second token.
    pub const WH_START: usize = 12;
    /// A `wh` word later in the query.
    pub const WH_LATE: usize = 13;
    /// A `where` word.
    pub const WHERE: usize = 14;
    /// A how (or where) word followed by a `howq` word: "how tall".
    pub const HOW_Q: usize = 15;
    /// A how word followed by a `howdo` word or, later, an infinitive:
    /// "how to", "hvordan vaske", "come pulire".
    pub const HOW_DO: usize = 16;
    /// A how word followed by an `aux` word: "how does", "wie ist".
    pub const HOW_AUX: usize = 17;
    /// Any other how word.
    pub const HOW_OTHER: usize = 18;
    /// An `aux` word first: a yes/no question ("is tom hanks alive").
    pub const AUX_START: usize = 19;
    /// A question mark, or an `ask` particle.
    pub const QMARK: usize = 20;
    /// A number that is not a year and has no unit.
    pub const NUM: usize = 21;
    /// A number with a `unit` (in the token or the next one): "65 inch".
    pub const NUM_UNIT: usize = 22;
    /// A year (1500 to 2099).
    pub const YEAR: usize = 23;
    /// A currency sign.
    pub const PRICE_SIGN: usize = 24;
    /// No how word, and the first or last word is an infinitive: a task
    /// ("laminat verlegen", "tailler un rosier", "почистить духовку").
    pub const INF_EDGE: usize = 25;
    /// The same with a weak (`infw`) ending only: "lappe sykkelslange".
    /// Such a query still counts as bare.
    pub const INF_WEAK: usize = 26;
    /// First tier feature: moment `m`, tier `t` (1 to 9) is
    /// `TIER + 9 * m + t - 1`; its value is the number of distinct terms of
    /// that tier that matched (at most 2).
    pub const TIER: usize = 27;
    /// Number of features.
    pub const COUNT: usize = TIER + 36;
}

/// Number of features.
pub const N_FEATURES: usize = f::COUNT;

/// Names of the features, for the training tool and explanations.
pub const NAMES: [&str; f::TIER] = [
    "intercept",
    "bare1",
    "bare2",
    "bare3",
    "bare4-5",
    "bare6+",
    "len1",
    "len2",
    "len3",
    "len4-5",
    "len6+",
    "shop-bare",
    "wh-start",
    "wh-late",
    "where",
    "how-q",
    "how-do",
    "how-aux",
    "how-other",
    "aux-start",
    "question-mark",
    "number",
    "number-unit",
    "year",
    "price-sign",
    "infinitive-edge",
    "infinitive-edge-weak",
];

/// The feature of the length of a query of `tokens` tokens (1 or more),
/// and that of a bare query of that length.
pub fn length_features(tokens: usize) -> (usize, usize) {
    let bucket = match tokens {
        0 | 1 => 0,
        2 => 1,
        3 => 2,
        4 | 5 => 3,
        _ => 4,
    };
    (f::LEN1 + bucket, f::BARE + bucket)
}

/// True when features `x` are those of a bare query.
pub fn bare(x: &[u8; N_FEATURES]) -> bool {
    x.get(f::BARE..f::LEN1)
        .is_some_and(|b| b.iter().any(|v| *v != 0))
}

/// Weights are stored in sixteenths.
pub const WEIGHT_SCALE: f32 = 1.0 / 16.0;

/// Feature index of tier `tier` (1 to 9) of built-in moment `moment`.
pub fn tier_feature(moment: usize, tier: u8) -> Option<usize> {
    (moment < 4 && (1..=9).contains(&tier)).then(|| f::TIER + 9 * moment + usize::from(tier) - 1)
}

/// The weight of feature `feature` for built-in moment `moment` (0 out of
/// range).
pub fn weight(feature: usize, moment: usize) -> f32 {
    WEIGHTS
        .get(feature)
        .and_then(|w| w.get(moment))
        .map_or(0.0, |&w| f32::from(w) * WEIGHT_SCALE)
}

/// Adds the weighted features `x` to `base` (base part) and `scores` (the
/// rest), for the built-in moments.
pub fn accumulate(x: &[u8; N_FEATURES], base: &mut [f32], scores: &mut [f32]) {
    for (i, (&v, w)) in x.iter().zip(WEIGHTS.iter()).enumerate() {
        if v == 0 {
            continue;
        }
        let v = f32::from(v) * WEIGHT_SCALE;
        let out = if i < f::SHAPE {
            &mut *base
        } else {
            &mut *scores
        };
        for (o, &wm) in out.iter_mut().zip(w.iter()) {
            *o += v * f32::from(wm);
        }
    }
}

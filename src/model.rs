//! The moment model: cues → features → per-moment scores → decision.

use crate::config::{Config, QueryDefaults, QuerySource};
use crate::cues::{Cues, Device, ReferrerClass, StoreState};
use crate::features::{self, id as f};
use crate::lexicon::{Evidence, Lexicon};
use crate::moment::{MomentId, Moments, BUILTIN};
use alloc::{string::String, string::ToString, vec, vec::Vec};

pub use crate::features::{is_feature, NAMES as FEATURE_NAMES};

/// Evidence a site-added term gives its moment.
pub const SITE_TERM_WEIGHT: f32 = 3.0;

/// A site's own words win over the built-in reading of the same words, and
/// one such term decides alone: when the query matches a term the site
/// added, its moment ends at least this far (log-odds) above every other.
pub const SITE_TERM_LEAD: f32 = 3.0;

/// Thresholds that turn measured cues into on/off features.
pub mod limits {
    /// `scroll.deep`: scrolled at least this share of the document.
    pub const DEEP_SCROLL: f32 = 0.6;
    /// `scroll.fast`: smoothed scroll speed at least this many px/s.
    pub const FAST_SCROLL: f32 = 1500.0;
    /// `scroll.reversals`: at least this many direction changes.
    pub const REVERSALS: u32 = 3;
    /// `engagement.long`: visible for at least this many milliseconds.
    pub const LONG_VISIT_MS: u32 = 30_000;
    /// `store.near`: nearest store at most this many km away.
    pub const NEAR_KM: f32 = 5.0;
    /// `store.far`: nearest store more than this many km away.
    pub const FAR_KM: f32 = 50.0;
    /// `journey.pages`: at least this many pages seen in the session.
    pub const MANY_PAGES: u32 = 3;
}

/// Weight table for one page: a weight per feature and moment, and a prior
/// per moment. Built from the defaults and the site's config overrides.
#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    n: usize,
    /// Row-major `features::id::COUNT × n`.
    table: Vec<f32>,
    /// Site cues (`custom.<name>`): name without prefix, weights per moment.
    custom: Vec<(String, Vec<f32>)>,
    priors: Vec<f32>,
}

impl Weights {
    /// The default table for `moments`. Site-defined moments start with
    /// zero weight on every feature except the text features, which carry
    /// their lexicon evidence at full strength.
    pub fn new(moments: &Moments) -> Weights {
        let n = moments.len();
        let mut table = vec![0.0; f::COUNT * n];
        for (row, defaults) in table.chunks_mut(n).zip(features::DEFAULTS.iter()) {
            for (cell, w) in row.iter_mut().zip(defaults.iter()) {
                *cell = *w;
            }
        }
        for (i, row) in table.chunks_mut(n).enumerate().take(f::PAGE + 1) {
            let text_default = features::DEFAULTS.get(i).map_or(1.0, |d| d[0]);
            for cell in row.iter_mut().skip(BUILTIN.len()) {
                *cell = text_default;
            }
        }
        Weights {
            n,
            table,
            custom: Vec::new(),
            priors: vec![0.0; n],
        }
    }

    /// Number of moments the table has columns for.
    pub fn moments(&self) -> usize {
        self.n
    }

    /// Sets the weight of `feature` (a [`FEATURE_NAMES`] entry or
    /// `custom.<name>`) for `moment`. Returns false when either is unknown.
    pub fn set(&mut self, feature: &str, moment: MomentId, weight: f32) -> bool {
        if moment >= self.n || !weight.is_finite() {
            return false;
        }
        if let Some(i) = features::index(feature) {
            if let Some(cell) = self.table.get_mut(i * self.n + moment) {
                *cell = weight;
                return true;
            }
            return false;
        }
        let Some(name) = feature.strip_prefix("custom.") else {
            return false;
        };
        if !is_feature(feature) {
            return false;
        }
        let n = self.n;
        let row = match self.custom.iter().position(|(c, _)| c == name) {
            Some(i) => i,
            None => {
                self.custom.push((name.to_string(), vec![0.0; n]));
                self.custom.len() - 1
            }
        };
        match self
            .custom
            .get_mut(row)
            .and_then(|(_, r)| r.get_mut(moment))
        {
            Some(cell) => {
                *cell = weight;
                true
            }
            None => false,
        }
    }

    /// The weight of `feature` for `moment` (0 when unknown).
    pub fn get(&self, feature: &str, moment: MomentId) -> f32 {
        if let Some(i) = features::index(feature) {
            return self.row(i).get(moment).copied().unwrap_or(0.0);
        }
        feature
            .strip_prefix("custom.")
            .and_then(|name| self.custom.iter().find(|(c, _)| c == name))
            .and_then(|(_, r)| r.get(moment).copied())
            .unwrap_or(0.0)
    }

    /// Sets the prior (a constant added to the moment's score).
    pub fn set_prior(&mut self, moment: MomentId, prior: f32) -> bool {
        match self.priors.get_mut(moment) {
            Some(p) if prior.is_finite() => {
                *p = prior;
                true
            }
            _ => false,
        }
    }

    fn row(&self, feature: usize) -> &[f32] {
        self.table
            .get(feature * self.n..(feature + 1) * self.n)
            .unwrap_or(&[])
    }
}

/// What one cue added to each moment's score.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Feature name (`device.mobile`, `query`, `custom.logged_in`, ...).
    pub feature: String,
    /// Amount added to each moment's score, indexed by [`MomentId`].
    pub amounts: Vec<f32>,
}

/// Scores for every moment, with the evidence behind them.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    /// Raw score (log-odds) per moment: prior plus all contributions.
    pub logits: Vec<f32>,
    /// Softmax of the logits: a probability per moment, summing to 1.
    pub probs: Vec<f32>,
    /// Every feature that was on, with what it added.
    pub contributions: Vec<Contribution>,
    /// Lexicon matches in the query, for explanations.
    pub query: Option<Evidence>,
}

impl Scores {
    /// The top moment and its probability (first one wins a tie).
    pub fn top(&self) -> Option<(MomentId, f32)> {
        argmax(&self.probs)
    }

    /// Contributions to `moment`, largest absolute first, zeros left out.
    pub fn top_contributions(&self, moment: MomentId) -> Vec<(&str, f32)> {
        let mut v: Vec<(&str, f32)> = self
            .contributions
            .iter()
            .filter_map(|c| {
                let a = c.amounts.get(moment).copied().unwrap_or(0.0);
                (a != 0.0).then_some((c.feature.as_str(), a))
            })
            .collect();
        // Insertion sort: a handful of features, and it keeps equal
        // contributions in feature order.
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && v.get(j - 1).map(|p| p.1.abs()) < v.get(j).map(|c| c.1.abs()) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        v
    }
}

/// The model: a lexicon, the page's moments and a weight table.
#[derive(Clone, Debug)]
pub struct Model {
    /// Query-intent lexicon (built-in plus site terms).
    pub lexicon: Lexicon,
    /// Moments of this page.
    pub moments: Moments,
    /// Weight table.
    pub weights: Weights,
    /// How a bare query is read, per query source.
    pub query_defaults: QueryDefaults,
}

impl Default for Model {
    fn default() -> Self {
        let moments = Moments::default();
        Model {
            lexicon: Lexicon::builtin(),
            weights: Weights::new(&moments),
            moments,
            query_defaults: QueryDefaults::default(),
        }
    }
}

impl Model {
    /// The model for a site: built-in and site-defined moments, the
    /// lexicon with the site's extra terms, and the default weights with
    /// the site's overrides and priors. Entries the config already
    /// validated cannot fail here; anything else is skipped.
    pub fn from_config(config: &Config) -> Model {
        Model::from_config_with(config, Lexicon::builtin())
    }

    /// [`Model::from_config`] with the languages of `lexicon` (the tag
    /// starts with English and the page's language, and adds the others
    /// later) instead of all built-in ones.
    pub fn from_config_with(config: &Config, mut lexicon: Lexicon) -> Model {
        let moments = config.moments();
        for t in &config.terms {
            for term in &t.terms {
                let _ = lexicon.add_term(&t.lang, t.moment, term, SITE_TERM_WEIGHT);
            }
        }
        let mut weights = Weights::new(&moments);
        for w in &config.weights {
            weights.set(&w.feature, w.moment, w.value as f32);
        }
        for (m, p) in &config.priors {
            weights.set_prior(*m, *p as f32);
        }
        Model {
            lexicon,
            moments,
            weights,
            query_defaults: config.query_defaults,
        }
    }

    /// Scores a search query on its own (the CLI's `classify`): priors plus
    /// the `query` feature, no other cue; a bare query is read as a search
    /// engine's would be.
    pub fn classify(&self, query: &str, lang: Option<&str>) -> Scores {
        self.classify_from(query, lang, Some(QuerySource::Search))
    }

    /// [`Model::classify`] for a query from `source` (which decides how a
    /// bare query is read; `None`: as no moment).
    pub fn classify_from(
        &self,
        query: &str,
        lang: Option<&str>,
        source: Option<QuerySource>,
    ) -> Scores {
        let (mut logits, mut contributions) = self.start_scores();
        let ev = self.add_query(query, lang, source, &mut logits, &mut contributions);
        self.site_terms_lead(&ev, &mut logits, &mut contributions);
        scores_from(logits, contributions, Some(ev))
    }

    /// The priors (one per moment) and no contribution yet.
    fn start_scores(&self) -> (Vec<f32>, Vec<Contribution>) {
        let mut logits = self.weights.priors.clone();
        logits.resize(self.moments.len(), 0.0);
        (logits, Vec::new())
    }

    /// Adds the search query: its evidence and the intercept, with a bare
    /// query read as the moment its source's default says (or, without
    /// one, with no intercept at all, so the other cues decide). Returns the
    /// evidence (for explanations).
    fn add_query(
        &self,
        text: &str,
        lang: Option<&str>,
        source: Option<QuerySource>,
        logits: &mut [f32],
        contributions: &mut Vec<Contribution>,
    ) -> Evidence {
        let mut ev = self.lexicon.classify(text, lang);
        let default = source.and_then(|s| self.query_defaults.get(s));
        let with_base = !ev.bare || default.is_some();
        if let Some(m) = default {
            ev.read_bare_as(m);
        }
        let row = self.weights.row(f::QUERY);
        let amounts: Vec<f32> = (0..self.moments.len())
            .map(|m| {
                let base = if with_base {
                    ev.base.get(m).copied().unwrap_or(0.0)
                } else {
                    0.0
                };
                (ev.scores.get(m).copied().unwrap_or(0.0) + base)
                    * row.get(m).copied().unwrap_or(0.0)
            })
            .collect();
        self.push(f::QUERY, amounts, logits, contributions);
        ev
    }

    /// Adds weak text (campaign words, the landing page's text): the
    /// evidence of its words only, scaled by the feature's weights.
    fn add_text(
        &self,
        feature: usize,
        text: &str,
        lang: Option<&str>,
        logits: &mut [f32],
        contributions: &mut Vec<Contribution>,
    ) {
        let ev = self.lexicon.classify(text, lang);
        let row = self.weights.row(feature);
        let amounts: Vec<f32> = (0..self.moments.len())
            .map(|m| ev.scores.get(m).copied().unwrap_or(0.0) * row.get(m).copied().unwrap_or(0.0))
            .collect();
        self.push(feature, amounts, logits, contributions);
    }

    /// Adds a feature's amounts, noting the contribution when any is not 0.
    fn push(
        &self,
        feature: usize,
        amounts: Vec<f32>,
        logits: &mut [f32],
        contributions: &mut Vec<Contribution>,
    ) {
        if amounts.iter().any(|a| *a != 0.0) {
            add(logits, &amounts);
            contributions.push(Contribution {
                feature: features::name(feature).to_string(),
                amounts,
            });
        }
    }

    /// When the query matched a term the site added, its moment (the
    /// strongest one, if several) leads every other by at least
    /// [`SITE_TERM_LEAD`]: the lift is added to the query's contribution.
    fn site_terms_lead(
        &self,
        ev: &Evidence,
        logits: &mut [f32],
        contributions: &mut [Contribution],
    ) {
        if ev.site == 0 {
            return;
        }
        let site = (0..logits.len().min(32))
            .filter(|m| ev.site & (1 << m) != 0)
            .max_by(|a, b| {
                let (x, y) = (logits.get(*a), logits.get(*b));
                x.partial_cmp(&y).unwrap_or(core::cmp::Ordering::Equal)
            });
        let Some(m) = site else { return };
        let others = logits
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != m)
            .map(|(_, l)| *l)
            .fold(f32::NEG_INFINITY, f32::max);
        let Some(current) = logits.get(m).copied() else {
            return;
        };
        let lift = others + SITE_TERM_LEAD - current;
        if lift > 0.0 && lift.is_finite() {
            if let Some(l) = logits.get_mut(m) {
                *l += lift;
            }
            let query = features::name(f::QUERY);
            if let Some(c) = contributions.iter_mut().find(|c| c.feature == query) {
                if let Some(a) = c.amounts.get_mut(m) {
                    *a += lift;
                }
            }
        }
    }

    /// Scores every moment for `cues`.
    pub fn score(&self, cues: &Cues) -> Scores {
        let (mut logits, mut contributions) = self.start_scores();
        let lang = (!cues.lang.is_empty()).then_some(cues.lang.as_str());
        let mut query = None;
        if !cues.query.is_empty() {
            let source = QuerySource::of(&cues.query_source, cues.referrer == ReferrerClass::Maps);
            query =
                Some(self.add_query(&cues.query, lang, source, &mut logits, &mut contributions));
        }
        for (feature, text) in [(f::CAMPAIGN, &cues.campaign), (f::PAGE, &cues.page_text)] {
            if !text.is_empty() {
                self.add_text(feature, text, lang, &mut logits, &mut contributions);
            }
        }

        let device = match cues.device {
            Device::Mobile => f::DEVICE_MOBILE,
            Device::Tablet => f::DEVICE_TABLET,
            Device::Desktop => f::DEVICE_DESKTOP,
            Device::Other => f::DEVICE_OTHER,
        };
        let referrer = match cues.referrer {
            ReferrerClass::Search => f::REFERRER_SEARCH,
            ReferrerClass::Maps => f::REFERRER_MAPS,
            ReferrerClass::Social => f::REFERRER_SOCIAL,
            ReferrerClass::Email => f::REFERRER_EMAIL,
            ReferrerClass::Internal => f::REFERRER_INTERNAL,
            ReferrerClass::Direct => f::REFERRER_DIRECT,
            ReferrerClass::Other => f::REFERRER_OTHER,
        };
        let store_state = cues.store_state.map(|s| match s {
            StoreState::Open => f::STORE_OPEN,
            StoreState::Closing => f::STORE_CLOSING,
            StoreState::Closed => f::STORE_CLOSED,
        });
        let hour = cues.hour;
        let on = [
            (device, true),
            (f::POINTER_COARSE, cues.coarse_pointer),
            (f::SLOW, cues.slow_connection),
            (f::SAVE_DATA, cues.save_data),
            (f::STANDALONE, cues.standalone),
            (referrer, true),
            (f::PAID, cues.paid),
            (f::SCROLL_DEEP, cues.scroll_depth >= limits::DEEP_SCROLL),
            (f::SCROLL_FAST, cues.scroll_velocity >= limits::FAST_SCROLL),
            (f::REVERSALS, cues.reversals >= limits::REVERSALS),
            (f::LONG, cues.visible_ms >= limits::LONG_VISIT_MS),
            (f::END, cues.reached_end),
            (
                f::STORE_NEAR,
                cues.store_km.is_some_and(|k| k <= limits::NEAR_KM),
            ),
            (
                f::STORE_FAR,
                cues.store_km.is_some_and(|k| k > limits::FAR_KM),
            ),
            (store_state.unwrap_or(f::STORE_OPEN), store_state.is_some()),
            (f::NIGHT, hour.is_some_and(|h| !(6..22).contains(&h))),
            (
                f::WORKHOURS,
                hour.is_some_and(|h| (9..17).contains(&h)) && cues.weekday.is_some_and(|d| d < 5),
            ),
            (f::EVENING, hour.is_some_and(|h| (17..22).contains(&h))),
            (f::WEEKEND, cues.weekday.is_some_and(|d| d >= 5)),
            (f::RETURNING, cues.returning),
            (f::PAGES, cues.pages_seen >= limits::MANY_PAGES),
            (f::CLICK_GO, cues.clicked_go),
            (f::CLICK_BUY, cues.clicked_buy),
            (f::VIDEO, cues.played_video),
        ];
        for (feature, active) in on {
            if !active {
                continue;
            }
            let row = self.weights.row(feature);
            if row.iter().any(|w| *w != 0.0) {
                add(&mut logits, row);
                contributions.push(Contribution {
                    feature: features::name(feature).to_string(),
                    amounts: row.to_vec(),
                });
            }
        }

        for (name, value) in &cues.custom {
            let Some((_, row)) = self.weights.custom.iter().find(|(c, _)| c == name) else {
                continue;
            };
            let v = *value as f32;
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            let amounts: Vec<f32> = row.iter().map(|w| w * v).collect();
            add(&mut logits, &amounts);
            let mut feature = String::from("custom.");
            feature.push_str(name);
            contributions.push(Contribution { feature, amounts });
        }
        if let Some(ev) = &query {
            self.site_terms_lead(ev, &mut logits, &mut contributions);
        }
        scores_from(logits, contributions, query)
    }
}

/// The index and value of the largest entry (the first one on a tie).
pub fn argmax(values: &[f32]) -> Option<(usize, f32)> {
    let mut best: Option<(usize, f32)> = None;
    for (i, v) in values.iter().enumerate() {
        if best.is_none_or(|(_, b)| *v > b) {
            best = Some((i, *v));
        }
    }
    best
}

/// Scores from the summed logits: softmax probabilities attached.
fn scores_from(
    logits: Vec<f32>,
    contributions: Vec<Contribution>,
    query: Option<Evidence>,
) -> Scores {
    let probs = softmax(&logits);
    Scores {
        logits,
        probs,
        contributions,
        query,
    }
}

fn add(logits: &mut [f32], amounts: &[f32]) {
    for (l, a) in logits.iter_mut().zip(amounts) {
        *l += *a;
    }
}

/// Numerically stable softmax. Non-finite inputs count as very unlikely.
pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let clean = |x: f32| {
        if x.is_finite() {
            x.clamp(-60.0, 60.0)
        } else {
            -60.0
        }
    };
    let max = logits.iter().map(|x| clean(*x)).fold(-60.0f32, f32::max);
    let exps: Vec<f32> = logits
        .iter()
        .map(|x| crate::num::exp(f64::from(clean(*x) - max)) as f32)
        .collect();
    let sum: f32 = exps.iter().sum();
    if sum > 0.0 {
        exps.iter().map(|e| e / sum).collect()
    } else {
        vec![0.0; logits.len()]
    }
}

/// The decided moment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    /// The moment, or `None` while undecided.
    pub moment: Option<MomentId>,
    /// Probability of the decided moment (1 when forced; the top
    /// probability while undecided).
    pub confidence: f32,
}

/// Settings of the [`Decider`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DecideSettings {
    /// Minimum probability to decide a moment.
    pub threshold: f32,
    /// A challenger must lead the current moment by this much probability...
    pub margin: f32,
    /// ...for at least this long (ms) before the content switches.
    pub min_ms: f64,
}

impl Default for DecideSettings {
    fn default() -> Self {
        DecideSettings {
            threshold: 0.55,
            margin: 0.1,
            min_ms: 1500.0,
        }
    }
}

/// Turns a stream of scores into a calm decision: the first moment is
/// decided as soon as it reaches the threshold; after that, another moment
/// takes over only when it leads by the margin for the minimum time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decider {
    current: Option<MomentId>,
    challenger: Option<(MomentId, f64)>,
    forced: Option<MomentId>,
}

impl Decider {
    /// Forces `moment` (confidence 1) until [`Decider::force`] with `None`.
    pub fn force(&mut self, moment: Option<MomentId>) {
        self.forced = moment;
        self.challenger = None;
    }

    /// The forced moment, if any.
    pub fn forced(&self) -> Option<MomentId> {
        self.forced
    }

    /// Time (ms, same clock as `now_ms`) at which a pending challenger may
    /// take over, so the caller can re-decide then.
    pub fn pending_until(&self, s: &DecideSettings) -> Option<f64> {
        self.challenger.map(|(_, since)| since + s.min_ms)
    }

    /// Decides from `probs` at time `now_ms`.
    pub fn update(&mut self, probs: &[f32], now_ms: f64, s: &DecideSettings) -> Decision {
        if let Some(m) = self.forced {
            self.current = Some(m);
            return Decision {
                moment: Some(m),
                confidence: 1.0,
            };
        }
        let Some((top, p)) = argmax(probs) else {
            return Decision {
                moment: self.current,
                confidence: 0.0,
            };
        };
        match self.current {
            None => {
                if p >= s.threshold {
                    self.current = Some(top);
                }
            }
            Some(cur) if cur == top => self.challenger = None,
            Some(cur) => {
                let lead = p - probs.get(cur).copied().unwrap_or(0.0);
                if p >= s.threshold && lead >= s.margin {
                    match self.challenger {
                        Some((c, since)) if c == top => {
                            if now_ms - since >= s.min_ms {
                                self.current = Some(top);
                                self.challenger = None;
                            }
                        }
                        _ => {
                            if s.min_ms <= 0.0 {
                                self.current = Some(top);
                                self.challenger = None;
                            } else {
                                self.challenger = Some((top, now_ms));
                            }
                        }
                    }
                } else {
                    self.challenger = None;
                }
            }
        }
        let confidence = match self.current {
            Some(m) => probs.get(m).copied().unwrap_or(0.0),
            None => p,
        };
        Decision {
            moment: self.current,
            confidence,
        }
    }
}

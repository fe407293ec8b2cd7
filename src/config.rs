//! The site's configuration: every field read from a [`Value`] and checked.
//!
//! Reading never fails. A field with a wrong value keeps its default and
//! gives an [`Severity::Error`] problem that names the field by its path
//! (`$.stores[0].hours.mon`); an unknown field gives a
//! [`Severity::Warning`]. The browser and `micromoment check` print the same
//! problems.

use crate::features;
use crate::geo::{self, Store, WeekHours};
use crate::json::{self, Value};
use crate::moment::{self, MomentId, Moments, BUILTIN};
use alloc::{borrow::ToOwned, string::String, vec::Vec};

/// How bad a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The value was not used; the default applies instead.
    Error,
    /// The value is ignored but harmless, e.g. an unknown field.
    Warning,
}

/// One thing wrong with a config.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Where, as a path from the root `$`: `$.stores[0].hours.mon`.
    /// Keys that are not plain identifiers are quoted: `$.weights["device.mobile"]`.
    pub path: String,
    /// Short description of what was there: `-1`, `"abc"`, `an array`,
    /// `true`, `null`, `an object`, `nothing`. Strings are cut at 40
    /// characters.
    pub found: String,
    /// What would have been accepted.
    pub expected: &'static str,
    /// Error or warning.
    pub severity: Severity,
}

impl Problem {
    /// The problem as one line:
    /// `$.threshold: expected a number above 0, at most 1, found -1`.
    pub fn message(&self) -> String {
        let mut s = String::with_capacity(self.path.len() + self.expected.len() + 32);
        s.push_str(&self.path);
        s.push_str(": expected ");
        s.push_str(self.expected);
        s.push_str(", found ");
        s.push_str(&self.found);
        s
    }
}

/// True when any of `problems` is an [`Severity::Error`].
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(|p| p.severity == Severity::Error)
}

/// When the page may use the visitor's location.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Geolocation {
    /// Never.
    Off,
    /// Only when the visitor already granted permission; never prompts.
    #[default]
    Granted,
    /// May ask for permission.
    Ask,
}

/// Whether decisions are pushed to the dataLayer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DataLayer {
    /// Push when the dataLayer array already exists on the page.
    #[default]
    Auto,
    /// Always push (the array is created when missing).
    On,
    /// Never push.
    Off,
}

/// Switching rule between moments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hysteresis {
    /// Probability by which a new moment must beat the current one, 0 to 1.
    pub margin: f64,
    /// How long, in ms, it must keep that lead before the page switches.
    pub min_ms: u32,
}

impl Default for Hysteresis {
    fn default() -> Self {
        Hysteresis {
            margin: 0.1,
            min_ms: 1500,
        }
    }
}

/// Extra lexicon terms for one moment and language.
#[derive(Clone, Debug, PartialEq)]
pub struct Terms {
    /// The moment the terms point to (an id in [`Config::moments`]).
    pub moment: MomentId,
    /// Lower-case language tag (`da`, `nb-no`), or `*` for every language.
    pub lang: String,
    /// The terms, trimmed; a trailing `*` marks a prefix.
    pub terms: Vec<String>,
}

/// One override of the model's weight table.
#[derive(Clone, Debug, PartialEq)]
pub struct Weight {
    /// Feature name (see [`features::is_feature`]).
    pub feature: String,
    /// The moment (an id in [`Config::moments`]).
    pub moment: MomentId,
    /// The weight, −10 to 10.
    pub value: f64,
}

/// A checked site configuration; each field names its JSON field.
///
/// Terms, weights and priors given inside a `moments` entry are merged into
/// [`Config::terms`], [`Config::weights`] and [`Config::priors`] ahead of the
/// top-level ones; when the same pair appears twice the later entry wins.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Smallest probability of the top moment that makes a decision
    /// (`threshold`), above 0 and at most 1.
    pub threshold: f64,
    /// Lower-case language tag that overrides the page's `<html lang>`.
    pub lang: Option<String>,
    /// Names of the site-defined moments (`moments`), in order; their ids
    /// follow the built-in ones.
    pub custom_moments: Vec<String>,
    /// Extra lexicon terms (`terms` and `moments.*.terms`).
    pub terms: Vec<Terms>,
    /// Weight overrides (`weights` and `moments.*.weights`).
    pub weights: Vec<Weight>,
    /// Prior per moment, −10 to 10 (`priors` and `moments.*.prior`).
    pub priors: Vec<(MomentId, f64)>,
    /// Switching rule (`hysteresis`).
    pub hysteresis: Hysteresis,
    /// URL parameters that carry an on-site search (`searchParams`).
    pub search_params: Vec<String>,
    /// CSS selector of search inputs (`searchSelector`).
    pub search_selector: String,
    /// CSS selector of add-to-cart and checkout elements (`cartSelector`).
    pub cart_selector: String,
    /// Physical stores (`stores`).
    pub stores: Vec<Store>,
    /// Use of the visitor's location (`geolocation`).
    pub geolocation: Geolocation,
    /// The visitor consented to storage (`consent`); without it nothing is
    /// kept beyond the page.
    pub consent: bool,
    /// Share of visitors, 0 to 0.5, who always get the default content
    /// (`holdout`).
    pub holdout: f64,
    /// Longest time, in ms, a slot stays unseen while its template waits for
    /// data the tag's second part brings (the store's state, the journey);
    /// 0 shows the default content at once (`prehideMs`).
    pub prehide_ms: u32,
    /// dataLayer pushes (`dataLayer`).
    pub data_layer: DataLayer,
    /// Name of the dataLayer array on `window` (`dataLayerName`).
    pub data_layer_name: String,
    /// dataLayer event name; clicks use it plus `_click` (`eventName`).
    pub event_name: String,
    /// Debug overlay and console output (`debug`).
    pub debug: bool,
    /// Longest search text read, in characters (`maxQueryLength`).
    pub max_query_length: u32,
    /// Allow swapping a slot already in view after first paint (`swapInView`).
    pub swap_in_view: bool,
    /// How a query with no moment words (a bare topic, name or product) is
    /// read, per query source (`queryDefaults`).
    pub query_defaults: QueryDefaults,
    /// `stores` lists at least one store (also when only
    /// [`Config::quick`] read the config, which leaves out their details).
    pub has_stores: bool,
}

/// Where the visitor's search words came from, as far as reading a bare
/// query goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuerySource {
    /// The site's own search: its search box, its search URL parameters,
    /// or `setCue("query", …)`.
    Site,
    /// An ad's keyword (`utm_term`).
    Ad,
    /// A search engine's referrer.
    Search,
}

impl QuerySource {
    /// The config key: `site`, `ad` or `search`.
    pub fn key(self) -> &'static str {
        match self {
            QuerySource::Site => "site",
            QuerySource::Ad => "ad",
            QuerySource::Search => "search",
        }
    }

    /// The source class of a query from `query_source` (a [`crate::cues::Cues::query_source`]
    /// value), or `None` when a bare query from there should not be read
    /// as any moment: no query, or a place name from a maps referrer.
    pub fn of(query_source: &str, maps_referrer: bool) -> Option<QuerySource> {
        match query_source {
            "" => None,
            "utm_term" => Some(QuerySource::Ad),
            "referrer" if maps_referrer => None,
            "referrer" => Some(QuerySource::Search),
            _ => Some(QuerySource::Site),
        }
    }
}

/// The moment a bare query is read as, per [`QuerySource`]; `None` leaves
/// it to the other cues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueryDefaults {
    /// The site's own search. Default know (a shop sets `"site": "buy"`).
    pub site: Option<MomentId>,
    /// An ad's keyword. Default buy: advertisers bid on what they sell.
    pub ad: Option<MomentId>,
    /// A search engine's referrer. Default know: web searches for a bare
    /// topic are mostly looking for information.
    pub search: Option<MomentId>,
}

impl Default for QueryDefaults {
    fn default() -> Self {
        QueryDefaults {
            site: Some(crate::moment::KNOW),
            ad: Some(crate::moment::BUY),
            search: Some(crate::moment::KNOW),
        }
    }
}

impl QueryDefaults {
    /// The moment a bare query from `source` is read as.
    pub fn get(&self, source: QuerySource) -> Option<MomentId> {
        match source {
            QuerySource::Site => self.site,
            QuerySource::Ad => self.ad,
            QuerySource::Search => self.search,
        }
    }

    fn slot(&mut self, key: &str) -> Option<&mut Option<MomentId>> {
        match key {
            "site" => Some(&mut self.site),
            "ad" => Some(&mut self.ad),
            "search" => Some(&mut self.search),
            _ => None,
        }
    }
}

/// Default of [`Config::search_selector`].
pub const DEFAULT_SEARCH_SELECTOR: &str =
    "input[type=search], [role=search] input, input[name=q], input[name=s]";
/// Default of [`Config::cart_selector`].
pub const DEFAULT_CART_SELECTOR: &str =
    "[data-mm-cart], .add-to-cart, [name=add-to-cart], a[href*=checkout], a[href*=cart]";

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold: 0.55,
            lang: None,
            custom_moments: Vec::new(),
            terms: Vec::new(),
            weights: Vec::new(),
            priors: Vec::new(),
            hysteresis: Hysteresis::default(),
            search_params: ["q", "s", "query", "search", "k"]
                .map(String::from)
                .to_vec(),
            search_selector: DEFAULT_SEARCH_SELECTOR.into(),
            cart_selector: DEFAULT_CART_SELECTOR.into(),
            stores: Vec::new(),
            geolocation: Geolocation::Granted,
            consent: true,
            holdout: 0.0,
            prehide_ms: 1500,
            data_layer: DataLayer::Auto,
            data_layer_name: "dataLayer".into(),
            event_name: "micromoment".into(),
            debug: false,
            max_query_length: 200,
            swap_in_view: false,
            query_defaults: QueryDefaults::default(),
            has_stores: false,
        }
    }
}

/// Most site-defined moments.
pub const MAX_MOMENTS: usize = 12;
/// Most terms in one list.
pub const MAX_TERMS: usize = 200;
/// Most entries in `searchParams`.
pub const MAX_SEARCH_PARAMS: usize = 16;
/// Most stores.
pub const MAX_STORES: usize = 500;

const ROOT_FIELDS: &str = "a known field (threshold, lang, moments, terms, weights, priors, \
hysteresis, searchParams, queryDefaults, stores, geolocation, consent, holdout, prehideMs, \
dataLayer, eventName, debug, ...)";
const MOMENT_NAME: &str =
    "a new moment name: 1 to 32 lower-case letters, digits or -, not know, go, do or buy";
const KNOWN_MOMENT: &str = "a known moment: know, go, do, buy or one declared in moments";
const FEATURE: &str = "a feature such as query, device.mobile, store.open or custom.<name>";
const WEIGHT: Rule = Rule::Num(-10.0, 10.0, false);
const WEIGHT_TEXT: &str = "a number from -10 to 10";
const TERM: &str =
    "a term of 1 to 64 characters, not blank; * only at the end of a word of 3+ characters";
const FLAG: &str = "true or false";
const SELECTOR: &str = "a CSS selector of 1 to 512 characters";

/// How a single value is checked.
#[derive(Clone, Copy)]
enum Rule {
    /// A number from `lo` to `hi`; a whole number when the flag is set.
    Num(f64, f64, bool),
    /// `true` or `false`.
    Flag,
    /// `true`, `false` or `"auto"`.
    FlagOrAuto,
    /// A string that passes the check.
    Text(Check),
}

type Check = fn(&str) -> bool;

/// True when `v` satisfies `rule`.
fn fits(v: &Value, rule: Rule) -> bool {
    match (rule, v) {
        (Rule::Num(lo, hi, whole), Value::Number(n)) => {
            *n >= lo && *n <= hi && (!whole || crate::num::trunc(*n) == *n)
        }
        (Rule::Flag | Rule::FlagOrAuto, Value::Bool(_)) => true,
        (Rule::FlagOrAuto, Value::String(s)) => s == "auto",
        (Rule::Text(ok), Value::String(s)) => ok(s),
        _ => false,
    }
}

/// Root fields holding one value: JSON name and rule. The index is what
/// [`Config::set`] matches on, and [`SCALAR_EXPECTED`] holds the expected
/// text at the same index (kept apart so a build that never prints a
/// problem leaves the texts out).
const SCALARS: [(&str, Rule); 15] = [
    ("version", Rule::Num(1.0, 1.0, true)),
    ("threshold", Rule::Num(f64::MIN_POSITIVE, 1.0, false)),
    ("holdout", Rule::Num(0.0, 0.5, false)),
    ("maxQueryLength", Rule::Num(16.0, 1000.0, true)),
    ("consent", Rule::Flag),
    ("swapInView", Rule::Flag),
    ("lang", Rule::Text(valid_lang)),
    ("prehideMs", Rule::Num(0.0, 3000.0, true)),
    // The fields from here on only the tag's second part uses.
    ("debug", Rule::Flag),
    ("dataLayer", Rule::FlagOrAuto),
    ("geolocation", Rule::Text(valid_geolocation)),
    ("dataLayerName", Rule::Text(valid_js_name)),
    ("eventName", Rule::Text(valid_event_name)),
    ("searchSelector", Rule::Text(valid_selector)),
    ("cartSelector", Rule::Text(valid_selector)),
];

/// How many of [`SCALARS`] the first decision needs (they come first).
const FIRST_SCALARS: usize = 8;

/// What each of [`SCALARS`] expects, for problems.
const SCALAR_EXPECTED: [&str; 15] = [
    "1",
    "a number above 0, at most 1",
    "a number from 0 to 0.5",
    "a whole number from 16 to 1000",
    FLAG,
    FLAG,
    "a language tag like da, no or nb-NO",
    "a whole number from 0 to 3000",
    FLAG,
    "true, false or \"auto\"",
    "\"off\", \"granted\" or \"ask\"",
    "a JavaScript name of 1 to 64 characters, like dataLayer",
    "a name of 1 to 64 characters A-Z a-z 0-9 _",
    SELECTOR,
    SELECTOR,
];

/// Fields of `hysteresis`.
const HYSTERESIS: [(&str, Rule); 2] = [
    ("margin", Rule::Num(0.0, 1.0, false)),
    ("minMs", Rule::Num(0.0, 600_000.0, true)),
];

/// What each of [`HYSTERESIS`] expects.
const HYSTERESIS_EXPECTED: [&str; 2] = ["a number from 0 to 1", "a whole number from 0 to 600000"];

/// Fields of a store other than `hours`; the first three are required.
const STORE_FIELDS: [(&str, Rule); 7] = [
    ("name", Rule::Text(valid_store_name)),
    ("lat", Rule::Num(-90.0, 90.0, false)),
    ("lon", Rule::Num(-180.0, 180.0, false)),
    ("address", Rule::Text(valid_address)),
    ("url", Rule::Text(valid_url)),
    ("phone", Rule::Text(valid_phone)),
    ("timezone", Rule::Text(valid_zone)),
];

/// What each of [`STORE_FIELDS`] expects.
const STORE_EXPECTED: [&str; 7] = [
    "a store name of 1 to 120 characters (required)",
    "a latitude from -90 to 90 (required)",
    "a longitude from -180 to 180 (required)",
    "an address of 1 to 200 characters",
    "an http(s) or relative URL",
    "a phone number of at most 40 digits, spaces and + - ( ) .",
    "a time zone like Europe/Oslo",
];

/// The entry of `table` called `key`, with its index.
fn lookup<const N: usize>(table: &[(&'static str, Rule); N], key: &str) -> Option<(usize, Rule)> {
    table
        .iter()
        .enumerate()
        .find(|(_, f)| f.0 == key)
        .map(|(i, f)| (i, f.1))
}

/// The expected text at `i` of one of the `*_EXPECTED` tables.
fn expected<const N: usize>(table: &[&'static str; N], i: usize) -> &'static str {
    table.get(i).copied().unwrap_or("")
}

/// Where a value sits in the config: built on the stack while walking and
/// written out (`$.stores[0].hours.mon`) only when a problem is reported.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    /// The root, `$`.
    Root,
    /// A member of an object.
    Key(&'a Path<'a>, &'a str),
    /// An item of an array.
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The path as text: `$`, then `.key`, `["odd key"]` or `[i]` per step.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.write(&mut s);
        s
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => out.push('$'),
            Path::Key(parent, key) => {
                parent.write(out);
                let plain =
                    key.bytes().next().is_some_and(|c| !c.is_ascii_digit()) && word(key, 64, b"_$");
                if plain {
                    out.push('.');
                    out.push_str(key);
                } else {
                    out.push('[');
                    out.push_str(&quote(key));
                    out.push(']');
                }
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                json::write_uint(out, *i as u64);
                out.push(']');
            }
        }
    }
}

/// What was found where a problem is, described only when reported.
#[derive(Clone, Copy)]
pub enum Found<'a> {
    /// A value.
    Value(&'a Value),
    /// A key or name (shown quoted).
    Name(&'a str),
    /// An array with this many items.
    Items(usize),
    /// Nothing (a required field is missing).
    Nothing,
}

impl Found<'_> {
    /// A short description: `-1`, `"abc"`, `an array`, `an array of 3 items`, `nothing`.
    pub fn text(&self) -> String {
        match self {
            Found::Value(v) => describe(v),
            Found::Name(s) => quote(s),
            Found::Items(n) => {
                let mut found = String::from("an array of ");
                json::write_uint(&mut found, *n as u64);
                found.push_str(" items");
                found
            }
            Found::Nothing => "nothing".into(),
        }
    }
}

/// Receives the problems found while reading a config. The same walk
/// serves the full check (every problem, with its path and what was
/// expected: [`Problems`]) and the tag's quick read before first paint
/// ([`Verdict`], which only notes whether an error was seen, so none of the
/// message texts are in the code that runs before first paint).
pub trait Report {
    /// Problems held back while the moments are read first.
    type Held;
    /// One problem.
    fn problem(
        &mut self,
        path: &Path<'_>,
        found: Found<'_>,
        expected: &'static str,
        severity: Severity,
    );
    /// Takes the problems reported so far (to be put back later).
    fn hold(&mut self) -> Self::Held;
    /// Puts held problems back at the end.
    fn release(&mut self, held: Self::Held);
}

/// Every problem, in source order.
#[derive(Default)]
pub struct Problems(pub Vec<Problem>);

impl Report for Problems {
    type Held = Vec<Problem>;
    fn problem(
        &mut self,
        path: &Path<'_>,
        found: Found<'_>,
        expected: &'static str,
        severity: Severity,
    ) {
        self.0.push(Problem {
            path: path.text(),
            found: found.text(),
            expected,
            severity,
        });
    }
    fn hold(&mut self) -> Vec<Problem> {
        core::mem::take(&mut self.0)
    }
    fn release(&mut self, mut held: Vec<Problem>) {
        self.0.append(&mut held);
    }
}

/// Whether any error was seen (warnings do not count).
#[derive(Default)]
pub struct Verdict {
    /// An error was seen.
    pub error: bool,
}

impl Report for Verdict {
    type Held = ();
    #[inline(always)]
    fn problem(&mut self, _: &Path<'_>, _: Found<'_>, _: &'static str, severity: Severity) {
        self.error |= severity == Severity::Error;
    }
    fn hold(&mut self) {}
    fn release(&mut self, _: ()) {}
}

/// Everything needed while walking a config.
struct Walk<'r, R: Report> {
    c: Config,
    r: &'r mut R,
}

impl Config {
    /// Reads and checks a config. Never fails: every invalid field keeps its
    /// default and adds a problem. The root must be an object.
    pub fn from_value(v: &Value) -> (Config, Vec<Problem>) {
        let mut problems = Problems::default();
        let c = Config::read(v, &mut problems);
        (c, problems.0)
    }

    /// The fields the first decision needs, when they have no error, else
    /// `None`: the same reading as [`Config::from_value`], without building
    /// any message and without the fields only the tag's second part uses
    /// (the stores' details, selectors, dataLayer, geolocation, debug),
    /// which keep their defaults here ([`Config::has_stores`]
    /// says whether stores are listed). The tag's first part uses it before
    /// first paint; the second part's full check reports every problem.
    pub fn quick(v: &Value) -> Option<Config> {
        let mut verdict = Verdict::default();
        let c = Config::read_fields::<_, false>(v, &mut verdict);
        (!verdict.error).then_some(c)
    }

    /// Reads and checks a config, reporting every problem to `report`.
    pub fn read<R: Report>(v: &Value, report: &mut R) -> Config {
        Config::read_fields::<R, true>(v, report)
    }

    /// Reads every field (`ALL`), or only those the first decision needs.
    fn read_fields<R: Report, const ALL: bool>(v: &Value, report: &mut R) -> Config {
        let mut w = Walk {
            c: Config::default(),
            r: report,
        };
        let root = Path::Root;
        let Value::Object(fields) = v else {
            w.err(&root, v, "an object");
            return w.c;
        };
        // Moments first: terms, weights and priors may name them. Their
        // problems are put back in source order below.
        for (k, v) in fields {
            if k == "moments" {
                w.moments(v);
            }
        }
        let mut early = Some(w.r.hold());
        let moments = w.c.moments();
        for (k, v) in fields {
            let path = Path::Key(&root, k);
            if let Some((i, rule)) = lookup(&SCALARS, k) {
                if (ALL || i < FIRST_SCALARS) && w.ok(v, rule, &path, expected(&SCALAR_EXPECTED, i))
                {
                    w.c.set(i, v);
                }
                continue;
            }
            match k.as_str() {
                "moments" => {
                    if let Some(held) = early.take() {
                        w.r.release(held);
                    }
                }
                "terms" => {
                    for (m, langs) in
                        w.members(v, &path, "an object of moment: {language: [terms]}")
                    {
                        let mp = Path::Key(&path, m);
                        match moments.id(m) {
                            Some(id) => w.term_langs(id, langs, &mp),
                            None => w.err_str(&mp, m, KNOWN_MOMENT),
                        }
                    }
                }
                "weights" => {
                    for (f, per) in w.members(v, &path, "an object of feature: {moment: weight}") {
                        let fp = Path::Key(&path, f);
                        if features::is_feature(f) {
                            for (m, x) in w.members(per, &fp, "an object of moment: weight") {
                                let mp = Path::Key(&fp, m);
                                w.weight(f, moments.id(m), m, x, &mp);
                            }
                        } else {
                            w.err_str(&fp, f, FEATURE);
                        }
                    }
                }
                "priors" => {
                    for (m, x) in w.members(v, &path, "an object of moment: prior") {
                        let mp = Path::Key(&path, m);
                        w.prior(moments.id(m), m, x, &mp);
                    }
                }
                "hysteresis" => {
                    for (k, x) in w.members(v, &path, "an object with margin and minMs") {
                        let fp = Path::Key(&path, k);
                        match lookup(&HYSTERESIS, k) {
                            Some((i, rule)) => {
                                if w.ok(x, rule, &fp, expected(&HYSTERESIS_EXPECTED, i)) {
                                    let n = x.as_f64().unwrap_or_default();
                                    if i == 0 {
                                        w.c.hysteresis.margin = n;
                                    } else {
                                        w.c.hysteresis.min_ms = n as u32;
                                    }
                                }
                            }
                            None => w.unknown(&fp, k, "a known field (margin, minMs)"),
                        }
                    }
                }
                "queryDefaults" => {
                    for (k, x) in w.members(
                        v,
                        &path,
                        "an object of source (site, ad, search): moment or null",
                    ) {
                        let fp = Path::Key(&path, k);
                        let moment = match x {
                            Value::Null => Some(None),
                            Value::String(m) => moments.id(m).map(Some),
                            _ => None,
                        };
                        if w.c.query_defaults.slot(k).is_none() {
                            w.unknown(&fp, k, "a query source: site, ad or search");
                            continue;
                        }
                        match moment {
                            Some(m) => {
                                if let Some(slot) = w.c.query_defaults.slot(k) {
                                    *slot = m;
                                }
                            }
                            None => w.err(
                                &fp,
                                x,
                                "a known moment (know, go, do, buy or one declared in moments) or null",
                            ),
                        }
                    }
                }
                "searchParams" => {
                    const E: &str = "a parameter name of 1 to 32 characters A-Z a-z 0-9 _ . -";
                    let all = "an array of at most 16 parameter names";
                    if let Some(items) = w.list(v, &path, MAX_SEARCH_PARAMS, all) {
                        let mut out = Vec::new();
                        for (i, x) in items.iter().enumerate() {
                            if w.ok(x, Rule::Text(valid_param), &Path::Index(&path, i), E) {
                                out.push(x.as_str().unwrap_or_default().to_owned());
                            }
                        }
                        // Keep the default when no entry is usable.
                        if !out.is_empty() || items.is_empty() {
                            w.c.search_params = out;
                        }
                    }
                }
                "stores" if !ALL => {
                    w.c.has_stores = matches!(v, Value::Array(items) if !items.is_empty());
                }
                "stores" => {
                    let all = "an array of at most 500 stores";
                    if let Some(items) = w.list(v, &path, MAX_STORES, all) {
                        for (i, x) in items.iter().enumerate() {
                            if let Some(s) = w.store(x, &Path::Index(&path, i)) {
                                w.c.stores.push(s);
                            }
                        }
                    }
                }
                _ if ALL => w.unknown(&path, k, ROOT_FIELDS),
                _ => {}
            }
        }
        w.c.has_stores |= !w.c.stores.is_empty();
        w.c
    }

    /// Stores the checked value of `SCALARS[i]`.
    fn set(&mut self, i: usize, v: &Value) {
        let n = v.as_f64().unwrap_or_default();
        let b = matches!(v, Value::Bool(true));
        let s = v.as_str().unwrap_or_default();
        match i {
            1 => self.threshold = n,
            2 => self.holdout = n,
            3 => self.max_query_length = n as u32,
            4 => self.consent = b,
            5 => self.swap_in_view = b,
            6 => self.lang = Some(s.to_ascii_lowercase()),
            7 => self.prehide_ms = n as u32,
            8 => self.debug = b,
            9 => {
                self.data_layer = match v {
                    Value::Bool(true) => DataLayer::On,
                    Value::Bool(false) => DataLayer::Off,
                    _ => DataLayer::Auto,
                }
            }
            10 => {
                self.geolocation = match s {
                    "off" => Geolocation::Off,
                    "ask" => Geolocation::Ask,
                    _ => Geolocation::Granted,
                }
            }
            11 => self.data_layer_name = s.into(),
            12 => self.event_name = s.into(),
            13 => self.search_selector = s.into(),
            14 => self.cart_selector = s.into(),
            _ => {}
        }
    }

    /// The moments of this config: the built-in ones, then
    /// [`Config::custom_moments`]; the ids in [`Config::terms`],
    /// [`Config::weights`] and [`Config::priors`] index this list.
    pub fn moments(&self) -> Moments {
        Moments::with_custom(&self.custom_moments)
    }
}

impl<R: Report> Walk<'_, R> {
    fn err(&mut self, path: &Path<'_>, v: &Value, expected: &'static str) {
        self.r
            .problem(path, Found::Value(v), expected, Severity::Error);
    }

    fn err_str(&mut self, path: &Path<'_>, s: &str, expected: &'static str) {
        self.r
            .problem(path, Found::Name(s), expected, Severity::Error);
    }

    fn unknown(&mut self, path: &Path<'_>, key: &str, expected: &'static str) {
        self.r
            .problem(path, Found::Name(key), expected, Severity::Warning);
    }

    /// True when `v` satisfies `rule`; otherwise adds an error.
    fn ok(&mut self, v: &Value, rule: Rule, path: &Path<'_>, expected: &'static str) -> bool {
        let ok = fits(v, rule);
        if !ok {
            self.err(path, v, expected);
        }
        ok
    }

    /// An array; items past `max` are dropped with an error.
    fn list<'v>(
        &mut self,
        v: &'v Value,
        path: &Path<'_>,
        max: usize,
        expected: &'static str,
    ) -> Option<&'v [Value]> {
        match v {
            Value::Array(items) => {
                if items.len() > max {
                    self.r
                        .problem(path, Found::Items(items.len()), expected, Severity::Error);
                }
                items.get(..max).or(Some(items))
            }
            _ => {
                self.err(path, v, expected);
                None
            }
        }
    }

    /// The members of an object (none, and an error, for anything else).
    fn members<'v>(
        &mut self,
        v: &'v Value,
        path: &Path<'_>,
        expected: &'static str,
    ) -> &'v [(String, Value)] {
        match v {
            Value::Object(m) => m,
            _ => {
                self.err(path, v, expected);
                &[]
            }
        }
    }

    /// A number from -10 to 10 for `moment`, or an error naming it.
    fn number_for(
        &mut self,
        moment: Option<MomentId>,
        name: &str,
        v: &Value,
        path: &Path<'_>,
    ) -> Option<(MomentId, f64)> {
        match moment {
            Some(m) => {
                if self.ok(v, WEIGHT, path, WEIGHT_TEXT) {
                    return Some((m, v.as_f64().unwrap_or_default()));
                }
            }
            None => self.err_str(path, name, KNOWN_MOMENT),
        }
        None
    }

    fn weight(
        &mut self,
        feature: &str,
        moment: Option<MomentId>,
        name: &str,
        v: &Value,
        path: &Path<'_>,
    ) {
        if let Some((moment, value)) = self.number_for(moment, name, v, path) {
            self.c.weights.push(Weight {
                feature: feature.to_owned(),
                moment,
                value,
            });
        }
    }

    fn prior(&mut self, moment: Option<MomentId>, name: &str, v: &Value, path: &Path<'_>) {
        if let Some(p) = self.number_for(moment, name, v, path) {
            self.c.priors.push(p);
        }
    }

    fn moments(&mut self, v: &Value) {
        let e = "an object of name: {terms, weights, prior}";
        let root = Path::Root;
        let path = Path::Key(&root, "moments");
        for (name, def) in self.members(v, &path, e) {
            let mp = Path::Key(&path, name);
            if !moment::valid_name(name) || BUILTIN.contains(&name.as_str()) {
                self.err_str(&mp, name, MOMENT_NAME);
                continue;
            }
            if self.c.custom_moments.len() >= MAX_MOMENTS {
                self.err_str(&mp, name, "at most 12 moments");
                continue;
            }
            if self.c.custom_moments.iter().any(|m| m == name) {
                self.err_str(&mp, name, "each moment declared once");
                continue;
            }
            let Value::Object(fields) = def else {
                self.err(&mp, def, "an object with terms, weights and prior");
                continue;
            };
            self.c.custom_moments.push(name.to_owned());
            let id = BUILTIN.len() + self.c.custom_moments.len() - 1;
            for (k, x) in fields {
                let fp = Path::Key(&mp, k);
                match k.as_str() {
                    "terms" => self.term_langs(id, x, &fp),
                    "weights" => {
                        for (f, w) in self.members(x, &fp, "an object of feature: weight") {
                            let wp = Path::Key(&fp, f);
                            if features::is_feature(f) {
                                self.weight(f, Some(id), name, w, &wp);
                            } else {
                                self.err_str(&wp, f, FEATURE);
                            }
                        }
                    }
                    "prior" => self.prior(Some(id), name, x, &fp),
                    _ => self.unknown(&fp, k, "a known field (terms, weights, prior)"),
                }
            }
        }
    }

    /// `{lang: [terms]}` for moment `id`.
    fn term_langs(&mut self, id: MomentId, v: &Value, path: &Path<'_>) {
        for (lang, list) in self.members(v, path, "an object of language: [terms]") {
            let lp = Path::Key(path, lang);
            if lang != "*" && !valid_lang(lang) {
                self.err_str(&lp, lang, "a language tag like da, no or nb-NO, or *");
                continue;
            }
            if lang != "*" && !builtin_lang(lang) {
                self.unknown(
                    &lp,
                    lang,
                    "a language the tag reads (en, da, no, nb, nn, sv, de, nl, af, it, es, fr, pt, ru) or *; these terms are not used",
                );
            }
            let Some(items) = self.list(list, &lp, MAX_TERMS, "an array of at most 200 terms")
            else {
                continue;
            };
            let mut terms = Vec::new();
            for (i, t) in items.iter().enumerate() {
                if self.ok(t, Rule::Text(valid_term), &Path::Index(&lp, i), TERM) {
                    terms.push(t.as_str().unwrap_or_default().trim().to_owned());
                }
            }
            self.c.terms.push(Terms {
                moment: id,
                lang: lang.to_ascii_lowercase(),
                terms,
            });
        }
    }

    fn store(&mut self, v: &Value, path: &Path<'_>) -> Option<Store> {
        let Value::Object(fields) = v else {
            self.err(path, v, "a store object with name, lat and lon");
            return None;
        };
        let mut s = Store {
            name: String::new(),
            lat: 0.0,
            lon: 0.0,
            address: None,
            url: None,
            phone: None,
            hours: None,
            timezone: None,
        };
        let mut valid = 0u8;
        for (k, x) in fields {
            let fp = Path::Key(path, k);
            if k == "hours" {
                s.hours = self.hours(x, &fp);
                continue;
            }
            let Some((i, rule)) = lookup(&STORE_FIELDS, k) else {
                let e = "a known field (name, lat, lon, address, url, phone, hours, timezone)";
                self.unknown(&fp, k, e);
                continue;
            };
            if !self.ok(x, rule, &fp, expected(&STORE_EXPECTED, i)) {
                continue;
            }
            valid |= 1 << i;
            let n = x.as_f64().unwrap_or_default();
            let t = x.as_str().map(str::to_owned);
            match i {
                0 => s.name = t.unwrap_or_default(),
                1 => s.lat = n,
                2 => s.lon = n,
                3 => s.address = t,
                4 => s.url = t,
                5 => s.phone = t,
                _ => s.timezone = t,
            }
        }
        for (i, (key, _)) in STORE_FIELDS.iter().enumerate().take(3) {
            if valid & (1 << i) == 0 && !fields.iter().any(|(k, _)| k == key) {
                self.r.problem(
                    &Path::Key(path, key),
                    Found::Nothing,
                    expected(&STORE_EXPECTED, i),
                    Severity::Error,
                );
            }
        }
        (valid & 7 == 7).then_some(s)
    }

    /// `{mon: "09:00-18:00", ...}`; any bad day drops the whole week.
    fn hours(&mut self, v: &Value, path: &Path<'_>) -> Option<WeekHours> {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let mut week = WeekHours::default();
        let mut ok = matches!(v, Value::Object(_));
        for (k, x) in self.members(v, path, "an object with keys mon to sun") {
            let dp = Path::Key(path, k);
            let slot = DAYS
                .iter()
                .position(|d| *d == k)
                .and_then(|i| week.days.get_mut(i));
            match (slot, x) {
                (None, _) => {
                    self.err_str(&dp, k, "a day: mon, tue, wed, thu, fri, sat or sun");
                    ok = false;
                }
                (Some(slot), Value::String(s)) => match geo::parse_day_hours(s) {
                    Ok(h) => *slot = h,
                    Err(e) => {
                        self.err(&dp, x, e);
                        ok = false;
                    }
                },
                (Some(_), _) => {
                    self.err(&dp, x, "hours like \"09:00-18:00\" or \"closed\"");
                    ok = false;
                }
            }
        }
        ok.then_some(week)
    }
}

/// A short description of `v` for [`Problem::found`].
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Number(n) => {
            let mut s = String::new();
            json::write_num(&mut s, *n);
            s
        }
        Value::String(s) => quote(s),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `s` in double quotes, cut at 40 characters (then ending in `…`), with
/// `"`, `\` and control characters escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(48) + 2);
    out.push('"');
    for (i, c) in s.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ if c.is_control() => json::write_u_escape(&mut out, c),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn valid_address(s: &str) -> bool {
    len_in(s, 1, 200)
}

/// Number of characters in `s` (UTF-8 lead bytes).
fn chars(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

fn len_in(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&chars(s))
}

/// 1 to `max` ASCII letters, digits and `extra` bytes.
fn word(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
}

/// `da`, `nob`, `nb-NO`, `es-419`, `zh-Hant`: 2 or 3 letters, then
/// optionally `-` and 2 to 8 letters or digits.
fn valid_lang(s: &str) -> bool {
    let (primary, rest) = match s.split_once('-') {
        Some((p, r)) => (p, Some(r)),
        None => (s, None),
    };
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|c| c.is_ascii_alphabetic())
        && rest.is_none_or(|r| r.len() >= 2 && word(r, 8, b""))
}

/// True when the tag has a lexicon for the language of `tag` (`no` counts
/// as Norwegian).
fn builtin_lang(tag: &str) -> bool {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    primary == "no" || crate::lexicon::LANGS.contains(&primary.as_str())
}

/// 1 to 64 characters, not blank; `*` only ends a word, after at least 3
/// characters (a prefix).
fn valid_term(s: &str) -> bool {
    len_in(s, 1, 64)
        && !s.trim().is_empty()
        && s.split_whitespace().all(|w| {
            let stem = w.strip_suffix('*').unwrap_or(w);
            !stem.contains('*') && (stem.len() == w.len() || chars(stem) >= 3)
        })
}

fn valid_store_name(s: &str) -> bool {
    len_in(s, 1, 120)
}

fn valid_selector(s: &str) -> bool {
    len_in(s, 1, 512)
}

fn valid_geolocation(s: &str) -> bool {
    matches!(s, "off" | "granted" | "ask")
}

fn valid_event_name(s: &str) -> bool {
    word(s, 64, b"_")
}

fn valid_param(s: &str) -> bool {
    word(s, 32, b"_.-")
}

fn valid_js_name(s: &str) -> bool {
    s.bytes().next().is_some_and(|c| !c.is_ascii_digit()) && word(s, 64, b"_$")
}

fn valid_phone(s: &str) -> bool {
    len_in(s, 1, 40)
        && s.bytes().any(|c| c.is_ascii_digit())
        && s.bytes()
            .all(|c| c.is_ascii_digit() || b" +-().".contains(&c))
}

fn valid_zone(s: &str) -> bool {
    s.bytes().next().is_some_and(|c| c.is_ascii_alphabetic()) && word(s, 64, b"_+/-")
}

/// An absolute `http:`/`https:` URL or a relative one, with no spaces or
/// control characters.
fn valid_url(s: &str) -> bool {
    if !len_in(s, 1, 2048) || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    // A scheme is whatever comes before a `:` that precedes any `/ ? #`.
    let scheme = s
        .split(['/', '?', '#'])
        .next()
        .and_then(|head| head.split_once(':'));
    match scheme {
        None => true,
        Some((scheme, rest)) => {
            (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
                && rest.is_empty()
                && s.get(scheme.len() + 1..)
                    .is_some_and(|r| r.len() > 2 && r.starts_with("//"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_quotes() {
        let root = Path::Root;
        let stores = Path::Key(&root, "stores");
        assert_eq!(stores.text(), "$.stores");
        let weights = Path::Key(&root, "weights");
        assert_eq!(
            Path::Key(&weights, "device.mobile").text(),
            "$.weights[\"device.mobile\"]"
        );
        let terms = Path::Key(&root, "terms");
        let go = Path::Key(&terms, "go");
        assert_eq!(Path::Key(&go, "nb-NO").text(), "$.terms.go[\"nb-NO\"]");
        assert_eq!(Path::Index(&stores, 12).text(), "$.stores[12]");
        assert_eq!(quote("a\"b\nc"), "\"a\\\"b\\u000ac\"");
        assert_eq!(quote(&"x".repeat(50)), format!("\"{}…\"", "x".repeat(40)));
    }

    #[test]
    fn checks() {
        for ok in ["da", "no", "nb-NO", "es-419", "zh-Hant", "nob"] {
            assert!(valid_lang(ok), "{ok}");
        }
        for bad in ["", "d", "dani", "nb-", "nb-N", "nb_NO", "nb-NO-x", "1a"] {
            assert!(!valid_lang(bad), "{bad}");
        }
        for ok in [
            "https://a.dk/x",
            "HTTP://a.dk",
            "/store/1",
            "store?id=1",
            "//cdn.x/y",
            "a/b:c",
        ] {
            assert!(valid_url(ok), "{ok}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "https:x",
            "mailto:a@b",
            "http://a b",
            "https://",
        ] {
            assert!(!valid_url(bad), "{bad}");
        }
        assert!(valid_term("køb nu"));
        assert!(valid_term("bestil*"));
        assert!(!valid_term("ab*"));
        assert!(valid_term("book a table*"));
        assert!(!valid_term("a*b"));
        assert!(!valid_term("køb ab*"));
        assert!(!valid_term("bestil**"));
        assert!(!valid_term("   "));
        assert!(!valid_term(&"a".repeat(65)));
        assert!(valid_phone("+45 (33) 12-34.56"));
        assert!(!valid_phone("call us"));
        assert!(valid_js_name("$dl_2"));
        assert!(!valid_js_name("2dl"));
        assert!(valid_zone("America/Argentina/Buenos_Aires"));
        assert!(!valid_zone("/Oslo"));
    }
}

//! The running tag as plain data: what the browser layer hands in (the
//! page's load-time inputs, later cue readings, the templates of a slot)
//! and what it gets back (the decision, which template each slot shows,
//! rendered text, event details as JSON). Every decision the tag makes on
//! a page is made here; the browser layer only reads the page and applies
//! the answers. Nothing here touches the browser, so it is tested on the
//! host like the rest of the core.
//!
//! The state is split by concern: [`Deciding`] (model, scores, decision
//! and its calm switching), the [`Cues`], [`View`] (when a slot in view may
//! change), [`StoreView`] (what the page knows of the nearest store) and
//! the scroll and time [`Measure`].

use crate::arrival;
use crate::config::Config;
use crate::cues::{Cues, Device, ReferrerClass, StoreState};
use crate::json::{self, Value};
use crate::lexicon::Lexicon;
use crate::measure::{Measure, ScrollReading};
use crate::model::{DecideSettings, Decider, Decision, Model, Scores};
use crate::moment::MomentId;
use crate::render;
use crate::ua::{self, DeviceSignals};
use alloc::{string::String, string::ToString, vec::Vec};

/// Longest `<title>` / `<h1>` text read, in characters.
pub const MAX_PAGE_TEXT: usize = 160;
/// Holdout buckets: a visitor's bucket is 0..BUCKETS.
pub const BUCKETS: u32 = 10_000;
/// After an SPA navigation, slots in view may still switch for this long
/// (ms) beyond the hysteresis wait, so the new moment can settle even when
/// a busy page runs the re-decision timer late.
const NAV_GRACE_MS: f64 = 1000.0;

/// The page's load-time inputs, as the browser layer reads them.
#[derive(Clone, Copy, Debug, Default)]
pub struct PageInputs<'a> {
    /// `location.search`.
    pub search: &'a str,
    /// `location.host`.
    pub host: &'a str,
    /// `document.referrer`.
    pub referrer: &'a str,
    /// Device signals (Client Hints, User-Agent, screen, touch).
    pub device: DeviceSignals<'a>,
    /// `(pointer: coarse)`.
    pub coarse_pointer: bool,
    /// `(hover: none)`.
    pub hover_none: bool,
    /// `(display-mode: standalone)`.
    pub standalone: bool,
    /// `(prefers-reduced-motion: reduce)`.
    pub reduced_motion: bool,
    /// `innerWidth`, CSS px.
    pub viewport_width: u32,
    /// `navigator.connection.saveData`.
    pub save_data: bool,
    /// `navigator.connection.effectiveType`.
    pub effective_type: &'a str,
    /// `<html lang>`.
    pub html_lang: &'a str,
    /// `navigator.languages`, comma-separated, `navigator.language` first.
    pub languages: &'a str,
    /// Local hour, 0–23.
    pub hour: Option<u8>,
    /// Local weekday, 0 = Monday.
    pub weekday: Option<u8>,
    /// Global Privacy Control or Do Not Track is on.
    pub privacy: bool,
    /// A random number from 0 to [`BUCKETS`] − 1, for a new visitor's
    /// holdout bucket.
    pub random_bucket: u32,
    /// `performance.now()`.
    pub now: f64,
}

impl<'a> PageInputs<'a> {
    /// Reads the inputs from the JSON object the browser layer writes
    /// (keys as in the field names, camel-cased: `search`, `referrer`,
    /// `ua`, `chMobile`, …). Missing or mistyped values are left at their
    /// defaults.
    pub fn from_json(v: &'a Value) -> PageInputs<'a> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
        let n = |k: &str| v.get(k).and_then(Value::as_f64).filter(|x| x.is_finite());
        let u = |k: &str| n(k).map_or(0, |x| x.clamp(0.0, f64::from(u32::MAX)) as u32);
        let b = |k: &str| matches!(v.get(k), Some(Value::Bool(true)));
        let ob = |k: &str| match v.get(k) {
            Some(Value::Bool(x)) => Some(*x),
            _ => None,
        };
        let small = |k: &str, max: f64| n(k).filter(|x| *x >= 0.0 && *x <= max).map(|x| x as u8);
        PageInputs {
            search: s("search"),
            host: s("host"),
            referrer: s("referrer"),
            device: DeviceSignals {
                ua: s("ua"),
                ch_mobile: ob("chMobile"),
                ch_platform: s("chPlatform"),
                platform: s("platform"),
                max_touch_points: u("touchPoints"),
                screen_short: u("screenShort"),
                screen_long: u("screenLong"),
                coarse_pointer: ob("coarse"),
                hover_none: ob("hoverNone"),
                dpr: n("dpr").map_or(0.0, |x| x as f32),
            },
            coarse_pointer: b("coarse"),
            hover_none: b("hoverNone"),
            standalone: b("standalone"),
            reduced_motion: b("reducedMotion"),
            viewport_width: u("viewportWidth"),
            save_data: b("saveData"),
            effective_type: s("effectiveType"),
            html_lang: s("htmlLang"),
            languages: s("languages"),
            hour: small("hour", 23.0),
            weekday: small("weekday", 6.0),
            privacy: b("privacy"),
            random_bucket: u("bucket") % BUCKETS,
            now: n("now").unwrap_or(0.0),
        }
    }
}

/// The model and its decision, with the calm-switching state.
#[derive(Clone, Debug)]
pub struct Deciding {
    /// The model: lexicon, moments and weights.
    pub model: Model,
    /// Threshold and hysteresis.
    pub settings: DecideSettings,
    /// Calm switching between moments.
    pub decider: Decider,
    /// The latest scores.
    pub scores: Scores,
    /// The latest decision.
    pub decision: Decision,
    /// The moment last announced with `micromoment:change`.
    pub announced: Option<MomentId>,
}

/// When a slot the visitor is looking at may change.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct View {
    /// The first decision has been painted: from now on a slot in view
    /// keeps its content until it leaves the viewport.
    pub settled: bool,
    /// Until this time (ms), after an SPA navigation or `force()`, slots
    /// in view may switch.
    pub open_until: f64,
    /// A navigation or `force()` is being applied right now.
    pub navigating: bool,
}

/// What the page knows about the nearest store, supplied by the tag's
/// second part (which reads the stores, the position and the clock in the
/// store's time zone).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoreView {
    /// The store data has not arrived yet although the config has stores:
    /// templates that depend on it wait.
    pub pending: bool,
    /// Values of the `{{store.*}}` placeholders: name, distance,
    /// hours_today, phone, address, url, directions_url.
    pub vars: [String; 7],
    /// A distance the site set with `setCue("storeKm", …)`: it stands
    /// while the position is not known.
    pub site_km: Option<f32>,
}

/// Names of the `{{store.*}}` placeholders, in [`StoreView::vars`] order.
pub const STORE_VARS: [&str; 7] = [
    "name",
    "distance",
    "hours_today",
    "phone",
    "address",
    "url",
    "directions_url",
];

/// A template of a slot, as the browser layer describes it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TemplateInfo<'a> {
    /// `data-mm-moment`.
    pub moment: &'a str,
    /// `data-mm-when` (`""` when absent).
    pub when: &'a str,
    /// `data-mm-variant` (`""` when absent).
    pub variant: &'a str,
}

/// What a slot should show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The site's default content.
    Default,
    /// The template at this index (among the templates given), with the
    /// variant name reported for it.
    Template(usize, String),
    /// Keep the default content, reported as the holdout variant.
    Holdout,
    /// The right template depends on data that has not arrived yet (the
    /// nearest store, the journey): keep the slot unseen for now.
    Wait,
}

/// A cue value handed in by `setCue` or the tag's sensors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CueValue<'a> {
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A string.
    Text(&'a str),
    /// Anything else (`null`, an object, …).
    Other,
}

/// Why the tag could not start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartError {
    /// The config has an error; the full check says which.
    Config,
}

/// The running tag's state.
#[derive(Clone, Debug)]
pub struct Engine {
    /// The site's config.
    pub config: Config,
    /// Model and decision.
    pub deciding: Deciding,
    /// Every cue value.
    pub cues: Cues,
    /// The in-view rule's state.
    pub view: View,
    /// The nearest store, as far as known.
    pub store: StoreView,
    /// Scroll and time.
    pub measure: Measure,
    /// The journey (pages seen, returning) has arrived from storage.
    pub journey_known: bool,
    /// This visitor's holdout bucket, 0 to [`BUCKETS`] − 1.
    pub bucket: u32,
    /// This visitor always sees the default content.
    pub holdout: bool,
    /// Storage may be used (consent, no Global Privacy Control or Do Not
    /// Track).
    pub storage_allowed: bool,
    warnings: Vec<String>,
}

impl Engine {
    /// Starts the tag on a page: reads the config text (canonical JSON, as
    /// `JSON.stringify` writes it; empty for none), the load-time inputs,
    /// and decides. `lexicon` holds the languages available so far.
    pub fn start(
        config_text: &str,
        inputs: &PageInputs,
        lexicon: Lexicon,
    ) -> Result<Engine, StartError> {
        let config = if config_text.trim().is_empty() {
            Config::default()
        } else {
            let value = json::parse(config_text).map_err(|_| StartError::Config)?;
            Config::quick(&value).ok_or(StartError::Config)?
        };
        let model = Model::from_config_with(&config, lexicon);
        let settings = DecideSettings {
            threshold: config.threshold as f32,
            margin: config.hysteresis.margin as f32,
            min_ms: f64::from(config.hysteresis.min_ms),
        };
        let storage_allowed = config.consent && !inputs.privacy;
        let mut e = Engine {
            store: StoreView {
                pending: config.has_stores,
                ..StoreView::default()
            },
            deciding: Deciding {
                scores: model.score(&Cues::default()),
                model,
                settings,
                decider: Decider::default(),
                decision: Decision {
                    moment: None,
                    confidence: 0.0,
                },
                announced: None,
            },
            config,
            cues: Cues::default(),
            view: View::default(),
            measure: Measure::default(),
            journey_known: false,
            bucket: inputs.random_bucket,
            holdout: false,
            storage_allowed,
            warnings: Vec::new(),
        };
        e.holdout = e.in_holdout();
        e.read_page(inputs);
        if let Some(forced) = arrival::query_param(inputs.search, "mm_moment") {
            if !e.force(Some(&forced)) {
                e.warn_unknown_moment(&forced);
            }
        }
        e.decide(inputs.now);
        Ok(e)
    }

    /// Fills the load-time cues from `inputs`.
    fn read_page(&mut self, p: &PageInputs) {
        let c = &mut self.cues;
        c.referrer = arrival::classify_referrer(p.referrer, p.host);
        let reading = ua::classify_device(&p.device);
        c.device = reading.device;
        c.device_by = reading.by.as_str();
        c.coarse_pointer = p.coarse_pointer;
        c.hover_none = p.hover_none;
        c.standalone = p.standalone;
        c.reduced_motion = p.reduced_motion;
        c.viewport_width = p.viewport_width;
        c.save_data = p.save_data;
        c.slow_connection = matches!(p.effective_type, "slow-2g" | "2g" | "3g");
        let first_language = p.languages.split(',').next().unwrap_or("");
        let lang = match &self.config.lang {
            Some(l) => l.as_str(),
            None if !p.html_lang.trim().is_empty() => p.html_lang.trim(),
            None => first_language,
        };
        c.lang = lang.to_ascii_lowercase();
        c.region = p
            .languages
            .split(',')
            .find_map(region_of)
            .unwrap_or_default();
        c.hour = p.hour;
        c.weekday = p.weekday;
        self.read_url(p.search, p.referrer);
    }

    /// Reads the URL-derived cues: search text, campaign and paid arrival.
    /// At load and after every SPA navigation.
    pub fn read_url(&mut self, search: &str, referrer: &str) {
        let params: Vec<&str> = self
            .config
            .search_params
            .iter()
            .map(String::as_str)
            .collect();
        let a = arrival::read_arrival(
            search,
            referrer,
            &params,
            self.config.max_query_length as usize,
        );
        let c = &mut self.cues;
        c.query = a.query;
        c.query_source = a.query_source;
        c.paid = a.paid;
        c.campaign = a.campaign;
    }

    /// The landing page's words (path, `<title>`, `<h1>`: see
    /// [`arrival::page_text`]), which the tag's second part reads once the
    /// page is parsed and after every navigation.
    pub fn set_page_text(&mut self, text: &str) {
        self.cues.page_text = arrival::clean_text(text, 2 * MAX_PAGE_TEXT);
    }

    /// The URL changed in an SPA navigation at `now`: re-reads the URL
    /// cues; slots in view may switch until the new moment settles.
    pub fn navigate(&mut self, search: &str, referrer: &str, now: f64) {
        self.read_url(search, referrer);
        self.view.open_until = now + self.deciding.settings.min_ms + NAV_GRACE_MS;
    }

    /// The site's search box holds `text` (after the visitor paused
    /// typing): it becomes the query, from source `searchbox`; an emptied
    /// box gives the URL's query back.
    pub fn searched(&mut self, text: &str, search: &str, referrer: &str) {
        let q = arrival::clean_text(text, self.config.max_query_length as usize);
        if q.is_empty() {
            self.read_url(search, referrer);
        } else {
            self.cues.query = q;
            self.cues.query_source = String::from("searchbox");
        }
    }

    /// What the tag's second part needs to know, as JSON: `{bucket,
    /// storage, holdout}`.
    pub fn state_json(&self) -> String {
        let mut o = JsonObject::new();
        o.num("bucket", f64::from(self.bucket));
        o.bool("storage", self.storage_allowed);
        o.bool("holdout", self.holdout);
        o.end()
    }

    /// True when this visitor's bucket puts them in the holdout group.
    fn in_holdout(&self) -> bool {
        f64::from(self.bucket) < self.config.holdout * f64::from(BUCKETS)
    }

    /// The config asks for a holdout group, so the visitor's stored bucket
    /// matters before the first decision.
    pub fn wants_bucket(&self) -> bool {
        self.config.holdout > 0.0 && self.storage_allowed
    }

    /// The visitor's stored bucket (from the visitor record in storage)
    /// replaces the random one.
    pub fn set_bucket(&mut self, bucket: u32) {
        self.bucket = bucket % BUCKETS;
        self.holdout = self.in_holdout();
    }

    /// Re-scores and re-decides at time `now` (ms). Returns true when the
    /// decided moment differs from the one last announced.
    pub fn decide(&mut self, now: f64) -> bool {
        self.cues.visible_ms = self.measure.visible_ms(now).min(f64::from(u32::MAX)) as u32;
        self.cues.idle_ms = self.measure.idle_ms(now).min(f64::from(u32::MAX)) as u32;
        let d = &mut self.deciding;
        d.scores = d.model.score(&self.cues);
        d.decision = d.decider.update(&d.scores.probs, now, &d.settings);
        d.decision.moment != d.announced
    }

    /// Marks the current decision as announced (the change event was sent).
    pub fn announce(&mut self) {
        self.deciding.announced = self.deciding.decision.moment;
    }

    /// When a moment waiting for the hysteresis may take over (ms, same
    /// clock as `now`), so the browser layer can re-decide then.
    pub fn pending_until(&self) -> Option<f64> {
        self.deciding.decider.pending_until(&self.deciding.settings)
    }

    /// The decided moment's id.
    pub fn moment(&self) -> Option<MomentId> {
        self.deciding.decision.moment
    }

    /// The decided moment's name.
    pub fn moment_name(&self) -> Option<&str> {
        self.moment()
            .and_then(|m| self.deciding.model.moments.name(m))
    }

    /// Forces `moment` (confidence 1), or returns to inference with `None`.
    /// An unknown name changes nothing and gives false.
    pub fn force(&mut self, moment: Option<&str>) -> bool {
        let id = match moment {
            None => None,
            Some(name) => match self.deciding.model.moments.id(name) {
                Some(id) => Some(id),
                None => return false,
            },
        };
        self.deciding.decider.force(id);
        true
    }

    /// The warning for a forced moment the page does not know.
    pub fn warn_unknown_moment(&mut self, name: &str) {
        let mut msg = String::from("unknown moment \"");
        msg.push_str(name);
        msg.push_str("\"; expected know, go, do, buy or a moment declared in the config");
        self.warnings.push(msg);
    }

    /// Takes the warnings to log (each once).
    pub fn take_warnings(&mut self) -> Vec<String> {
        core::mem::take(&mut self.warnings)
    }

    /// True when the in-view rule holds now: the first decision is on the
    /// page, no navigation or `force()` is being applied, and the site did
    /// not allow swapping in view. A slot in view that would change then
    /// waits until it leaves the viewport.
    pub fn guards_view(&self, now: f64) -> bool {
        self.view.settled
            && !self.view.navigating
            && now >= self.view.open_until
            && !self.config.swap_in_view
    }

    /// Which of a slot's templates to show for the current decision.
    ///
    /// Among the templates for the decided moment, the one with the most
    /// `data-mm-when` conditions that all hold wins (`store-closing`
    /// counts twice: it implies `store-open`); else one without
    /// conditions; else the default content.
    pub fn pick(&self, templates: &[TemplateInfo]) -> Pick {
        let Some(moment) = self.moment_name() else {
            return Pick::Default;
        };
        if self.holdout {
            return Pick::Holdout;
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, t) in templates.iter().enumerate() {
            if t.moment != moment {
                continue;
            }
            match self.conditions_hold(t.when) {
                None => return Pick::Wait,
                Some(false) => continue,
                Some(true) => {}
            }
            let points = specificity(t.when);
            if best.is_none_or(|(s, _)| points > s) {
                best = Some((points, i));
            }
        }
        match best.and_then(|(_, i)| templates.get(i).map(|t| (i, t))) {
            None => Pick::Default,
            Some((i, t)) => {
                let variant = [t.variant, t.when, moment]
                    .into_iter()
                    .find(|v| !v.is_empty())
                    .unwrap_or("");
                Pick::Template(i, variant.to_string())
            }
        }
    }

    /// Whether every condition of a `data-mm-when` list holds: `None` when
    /// one depends on data not known yet.
    fn conditions_hold(&self, when: &str) -> Option<bool> {
        let store = self.cues.store_state;
        for cond in when.split_ascii_whitespace() {
            let holds = match cond {
                "mobile" | "tablet" | "desktop" | "other" => cond == self.cues.device.as_str(),
                "store-open" | "store-closing" | "store-closed" => {
                    if self.store.pending {
                        return None;
                    }
                    match cond {
                        "store-open" => {
                            matches!(store, Some(StoreState::Open | StoreState::Closing))
                        }
                        "store-closing" => store == Some(StoreState::Closing),
                        _ => store == Some(StoreState::Closed),
                    }
                }
                "returning" | "new" => {
                    if !self.journey_known {
                        return None;
                    }
                    self.cues.returning == (cond == "returning")
                }
                _ => false,
            };
            if !holds {
                return Some(false);
            }
        }
        Some(true)
    }

    /// The key a slot showing template `index` with content `html` carries
    /// (`t3`, or `t3:<fingerprint of the placeholder values>` when the
    /// template has placeholders, so it is drawn again when they change);
    /// `None` when its `{{store.*}}` placeholders wait for the store data.
    pub fn template_key(&self, index: usize, html: &str) -> Option<String> {
        let mut k = String::from("t");
        json::write_uint(&mut k, index as u64);
        if render::has_placeholders(html) {
            if self.store.pending && html.as_bytes().windows(8).any(|w| w == b"{{store.") {
                return None;
            }
            k.push(':');
            json::write_uint(&mut k, u64::from(self.vars_fingerprint()));
        }
        Some(k)
    }

    /// The value of placeholder `key`.
    pub fn var(&self, key: &str) -> Option<String> {
        match key {
            "query" => Some(self.cues.query.clone()),
            "moment" => self.moment_name().map(str::to_string),
            _ => {
                let k = key.strip_prefix("store.")?;
                let i = STORE_VARS.iter().position(|n| *n == k)?;
                self.store.vars.get(i).filter(|v| !v.is_empty()).cloned()
            }
        }
    }

    fn vars_fingerprint(&self) -> u32 {
        let mut h = 0x811c_9dc5u32;
        let mut add = |s: &str| {
            for b in s.bytes().chain([0xff]) {
                h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
            }
        };
        add(&self.cues.query);
        add(self.moment_name().unwrap_or(""));
        for v in &self.store.vars {
            add(v);
        }
        h
    }

    /// Text with its placeholders filled (always as text).
    pub fn render_text(&self, text: &str) -> String {
        render::render(text, &|k| self.var(k))
    }

    /// An attribute value with its placeholders filled, or `None` when the
    /// attribute must be removed: event handlers, `srcdoc` and `style`
    /// never take a placeholder, and a URL attribute must render to a safe
    /// URL. Values without placeholders come back unchanged.
    pub fn render_attribute(&self, name: &str, value: &str) -> Option<String> {
        if !render::has_placeholders(value) {
            return Some(value.to_string());
        }
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("on") || lower == "srcdoc" || lower == "style" {
            return None;
        }
        let out = self.render_text(value);
        (!is_url_attribute(&lower) || render::safe_url(&out)).then_some(out)
    }

    /// Sets a cue by its `setCue` name (a built-in cue, or any other name
    /// for a custom cue: a number or boolean). On a bad value nothing
    /// changes and the error says what was expected.
    pub fn set_cue(&mut self, name: &str, value: CueValue) -> Result<(), &'static str> {
        let c = &mut self.cues;
        let num = || match value {
            CueValue::Number(x) if x.is_finite() => Some(x),
            _ => None,
        };
        let flag = || match value {
            CueValue::Bool(b) => Some(b),
            CueValue::Number(x) if x.is_finite() => Some(x != 0.0),
            _ => None,
        };
        let text = || match value {
            CueValue::Text(s) => Some(s),
            _ => None,
        };
        match name {
            "device" => {
                c.device = text()
                    .and_then(Device::parse)
                    .ok_or("mobile, tablet, desktop or other")?;
                c.device_by = "site";
            }
            "referrer" => {
                c.referrer = text()
                    .and_then(ReferrerClass::parse)
                    .ok_or("search, maps, social, email, internal, direct or other")?
            }
            "query" => {
                let q = text().ok_or("a string")?;
                c.query = arrival::clean_text(q, self.config.max_query_length as usize);
                c.query_source = String::from("setCue");
            }
            "lang" => c.lang = text().ok_or("a string")?.to_ascii_lowercase(),
            "region" => {
                let r = text()
                    .filter(|r| {
                        r.len() <= 8 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
                    .ok_or("a region code such as DK")?;
                c.region = r.to_ascii_uppercase();
            }
            "paid" => c.paid = flag().ok_or("true or false")?,
            "returning" => c.returning = flag().ok_or("true or false")?,
            "clickedGo" => c.clicked_go = flag().ok_or("true or false")?,
            "clickedBuy" => c.clicked_buy = flag().ok_or("true or false")?,
            "playedVideo" => c.played_video = flag().ok_or("true or false")?,
            "storeKm" => {
                let km = num().filter(|x| *x >= 0.0).ok_or("a distance in km")? as f32;
                c.store_km = Some(km);
                self.store.site_km = Some(km);
            }
            "scrollDepth" => {
                c.scroll_depth = num()
                    .filter(|x| (0.0..=1.0).contains(x))
                    .ok_or("a number from 0 to 1")? as f32
            }
            "hour" => {
                c.hour = Some(
                    num()
                        .filter(|x| (0.0..24.0).contains(x))
                        .ok_or("an hour from 0 to 23")? as u8,
                )
            }
            "pagesSeen" => c.pages_seen = num().filter(|x| *x >= 0.0).ok_or("a count")? as u32,
            _ => {
                let x = match value {
                    CueValue::Number(x) if x.is_finite() => Some(x),
                    CueValue::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
                    _ => None,
                }
                .filter(|_| !name.is_empty() && name.len() <= crate::features::MAX_CUSTOM_NAME)
                .ok_or("a number or boolean for a custom cue (name of 1 to 64 characters)")?;
                c.set_custom(name, x);
            }
        }
        Ok(())
    }

    /// The journey read from storage: pages seen this session and whether
    /// the visitor was here before.
    pub fn set_journey(&mut self, pages_seen: u32, returning: bool) {
        self.cues.pages_seen = pages_seen;
        self.cues.returning = returning;
        self.journey_known = true;
    }

    /// The nearest store's distance (km) and state, and the values of the
    /// `{{store.*}}` placeholders ([`STORE_VARS`] order).
    pub fn set_store(&mut self, km: Option<f64>, state: Option<StoreState>, vars: [String; 7]) {
        self.cues.store_km = km.map(|k| k as f32).or(self.store.site_km);
        self.cues.store_state = state;
        self.store.pending = false;
        self.store.vars = vars;
    }

    /// Takes one scroll reading. Returns true when a scroll feature turned
    /// on or off (the caller re-decides then).
    pub fn scrolled(&mut self, r: &ScrollReading) -> bool {
        self.measure.scrolled(r, &mut self.cues)
    }

    /// The `detail` of `micromoment:change`: `{moment, confidence, scores,
    /// cues}`, as JSON.
    pub fn change_json(&self) -> String {
        let mut o = JsonObject::new();
        o.opt_str("moment", self.moment_name());
        o.num("confidence", f64::from(self.deciding.decision.confidence));
        o.raw("scores", &self.per_moment(&self.deciding.scores.probs));
        o.raw("cues", &self.cues_json());
        o.end()
    }

    /// Scores, each cue's contribution, the query's matched terms and every
    /// cue value, as JSON (the browser layer adds the journey).
    pub fn explain_json(&self) -> String {
        let s = &self.deciding.scores;
        let names = &self.deciding.model.moments;
        let mut moments = JsonObject::new();
        for (id, name) in names.iter() {
            let mut top = String::from("[");
            for (i, (cue, amount)) in s.top_contributions(id).into_iter().take(5).enumerate() {
                if i > 0 {
                    top.push(',');
                }
                let mut t = JsonObject::new();
                t.str("cue", cue);
                t.num("amount", f64::from(amount));
                top.push_str(&t.end());
            }
            top.push(']');
            let mut m = JsonObject::new();
            m.num(
                "probability",
                f64::from(s.probs.get(id).copied().unwrap_or(0.0)),
            );
            m.num("score", f64::from(s.logits.get(id).copied().unwrap_or(0.0)));
            m.raw("top", &top);
            moments.raw(name, &m.end());
        }
        let mut contributions = String::from("[");
        for (i, c) in s.contributions.iter().enumerate() {
            if i > 0 {
                contributions.push(',');
            }
            let mut o = JsonObject::new();
            o.str("cue", &c.feature);
            o.raw("amounts", &self.per_moment(&c.amounts));
            contributions.push_str(&o.end());
        }
        contributions.push(']');
        let mut terms = String::from("[");
        let mut lang = None;
        if let Some(ev) = &s.query {
            lang = ev.lang;
            for (i, h) in ev.hits.iter().enumerate() {
                if i > 0 {
                    terms.push(',');
                }
                let mut t = JsonObject::new();
                t.str("term", &h.term);
                t.opt_str("moment", names.name(h.moment));
                t.num("weight", f64::from(h.weight));
                terms.push_str(&t.end());
            }
        }
        terms.push(']');
        let mut query = JsonObject::new();
        query.str("text", &self.cues.query);
        query.str("source", &self.cues.query_source);
        query.opt_str("lang", lang);
        query.raw("terms", &terms);
        let mut o = JsonObject::new();
        o.opt_str("moment", self.moment_name());
        o.num("confidence", f64::from(self.deciding.decision.confidence));
        o.num("threshold", f64::from(self.deciding.settings.threshold));
        o.bool("forced", self.deciding.decider.forced().is_some());
        o.raw("scores", &self.per_moment(&s.probs));
        o.raw("moments", &moments.end());
        o.raw("contributions", &contributions);
        o.raw("query", &query.end());
        o.raw("cues", &self.cues_json());
        o.bool("holdout", self.holdout);
        o.end()
    }

    /// `{moment: value}` for every moment, as JSON.
    fn per_moment(&self, values: &[f32]) -> String {
        let mut o = JsonObject::new();
        for (id, name) in self.deciding.model.moments.iter() {
            o.num(name, f64::from(values.get(id).copied().unwrap_or(0.0)));
        }
        o.end()
    }

    /// Every cue value, as JSON (`explain().cues`).
    pub fn cues_json(&self) -> String {
        let c = &self.cues;
        let mut custom = JsonObject::new();
        for (k, v) in &c.custom {
            custom.num(k, *v);
        }
        let opt = |v: Option<f64>| {
            let mut s = String::new();
            match v {
                Some(x) => json::write_num(&mut s, x),
                None => s.push_str("null"),
            }
            s
        };
        let mut o = JsonObject::new();
        o.str("device", c.device.as_str());
        o.str("deviceBy", c.device_by);
        o.bool("coarsePointer", c.coarse_pointer);
        o.bool("hoverNone", c.hover_none);
        o.num("viewportWidth", f64::from(c.viewport_width));
        o.bool("saveData", c.save_data);
        o.bool("slowConnection", c.slow_connection);
        o.bool("standalone", c.standalone);
        o.bool("reducedMotion", c.reduced_motion);
        o.str("referrer", c.referrer.as_str());
        o.str("query", &c.query);
        o.str("querySource", &c.query_source);
        o.bool("paid", c.paid);
        o.str("campaign", &c.campaign);
        o.str("pageText", &c.page_text);
        o.str("lang", &c.lang);
        o.num("scrollDepth", f64::from(c.scroll_depth));
        o.num("scrollVelocity", f64::from(c.scroll_velocity));
        o.num("reversals", f64::from(c.reversals));
        o.num("visibleMs", f64::from(c.visible_ms));
        o.num("idleMs", f64::from(c.idle_ms));
        o.bool("reachedEnd", c.reached_end);
        o.raw("storeKm", &opt(c.store_km.map(f64::from)));
        o.opt_str("storeState", c.store_state.map(StoreState::as_str));
        o.raw("hour", &opt(c.hour.map(f64::from)));
        o.raw("weekday", &opt(c.weekday.map(f64::from)));
        o.opt_str("partOfDay", c.hour.map(part_of_day));
        o.str("timezone", &c.timezone);
        o.str("region", &c.region);
        o.bool("returning", c.returning);
        o.num("pagesSeen", f64::from(c.pages_seen));
        o.bool("clickedGo", c.clicked_go);
        o.bool("clickedBuy", c.clicked_buy);
        o.bool("playedVideo", c.played_video);
        o.raw("custom", &custom.end());
        o.end()
    }
}

/// How specific a `data-mm-when` list is: one point per condition, two for
/// `store-closing`, which implies `store-open`.
fn specificity(when: &str) -> usize {
    when.split_ascii_whitespace()
        .map(|c| if c == "store-closing" { 2 } else { 1 })
        .sum()
}

/// Attributes whose value is a URL: placeholders in them must render to a
/// safe URL, else the attribute is dropped.
fn is_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "action"
            | "formaction"
            | "poster"
            | "xlink:href"
            | "data"
            | "cite"
            | "background"
    )
}

/// `night` (22–6), `morning` (6–12), `afternoon` (12–17) or `evening` (17–22).
pub fn part_of_day(hour: u8) -> &'static str {
    match hour {
        6..=11 => "morning",
        12..=16 => "afternoon",
        17..=21 => "evening",
        _ => "night",
    }
}

/// `da-DK` → `DK`; `None` without a two-letter region.
fn region_of(tag: &str) -> Option<String> {
    tag.trim()
        .split(['-', '_'])
        .skip(1)
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// A JSON object written member by member.
struct JsonObject {
    s: String,
}

impl JsonObject {
    fn new() -> JsonObject {
        JsonObject {
            s: String::from("{"),
        }
    }

    fn key(&mut self, k: &str) {
        if self.s.len() > 1 {
            self.s.push(',');
        }
        json::write_str(&mut self.s, k);
        self.s.push(':');
    }

    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        json::write_str(&mut self.s, v);
    }

    fn opt_str(&mut self, k: &str, v: Option<&str>) {
        match v {
            Some(v) => self.str(k, v),
            None => self.raw(k, "null"),
        }
    }

    fn num(&mut self, k: &str, v: f64) {
        self.key(k);
        json::write_num(&mut self.s, v);
    }

    fn bool(&mut self, k: &str, v: bool) {
        self.raw(k, if v { "true" } else { "false" });
    }

    fn raw(&mut self, k: &str, v: &str) {
        self.key(k);
        self.s.push_str(v);
    }

    fn end(mut self) -> String {
        self.s.push('}');
        self.s
    }
}

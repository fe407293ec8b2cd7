//! The browser layer (wasm32 only): gathers cues, runs the core model and
//! applies its decision to the page. Everything here fails open: on any
//! error the page keeps its default content and one `console.warn` names
//! the problem.

mod dom;
mod handles;
mod heap;
mod journey;
mod jsconfig;
mod place;
mod read;
mod sensors;
mod slots;
mod types;

use crate::config::{self, Config, DataLayer, Severity};
use crate::cues::{Cues, Device, ReferrerClass};
use crate::model::{DecideSettings, Decider, Decision, Model, Scores};
use crate::moment::MomentId;
use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use core::cell::RefCell;
use dom::{warn, Obj};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[global_allocator]
static ALLOC: heap::Allocator = heap::Allocator::new();

/// Placeholder names whose values can change while a block is shown.
const PLACEHOLDERS: [&str; 9] = [
    "query",
    "moment",
    "store.name",
    "store.distance",
    "store.hours_today",
    "store.phone",
    "store.address",
    "store.url",
    "store.directions_url",
];

/// FNV-1a over strings: a cheap fingerprint of placeholder values.
struct Fnv(u32);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0x811c_9dc5)
    }
    fn add(&mut self, s: &str) {
        for b in s.bytes().chain([0xff]) {
            self.0 = (self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
}

/// Event fired on `document` when the decided moment changes.
const CHANGE_EVENT: &str = "micromoment:change";
/// Event fired on `document` when a slot's content changes.
const SWAP_EVENT: &str = "micromoment:swap";

/// The running tag: config, model, cues and decision state.
struct Tag {
    config: Config,
    model: Model,
    settings: DecideSettings,
    cues: Cues,
    decider: Decider,
    scores: Scores,
    decision: Decision,
    announced: Option<MomentId>,
    measure: sensors::Measure,
    sensors: Option<sensors::Sensors>,
    journey: journey::Journey,
    place: place::Place,
    geo_callbacks: Option<place::GeoCallbacks>,
    /// This visitor is in the holdout group: always default content.
    holdout: bool,
    /// The page has been painted since the tag started: from now on a slot
    /// in view keeps its content (the in-view rule).
    settled: bool,
    /// Slots new to the page (added by the parser or a framework), which
    /// may be filled even when in view.
    fresh: Vec<web_sys::Element>,
    /// Warnings already logged (bit set of `sensors::Warned`).
    warned: u32,
    /// Set during an SPA navigation or `force()`: slots in view may switch.
    navigated: bool,
    /// Until this time (ms) after an SPA navigation, slots in view may still
    /// switch: the new moment can take the hysteresis wait to settle.
    nav_until: f64,
    /// Watches for slots added later (SPA) .
    slot_watch: Option<handles::Mutations>,
    /// Slots and templates the tag has seen (see [`slots::fresh_slots`]).
    seen: js_sys::WeakSet,
    /// Slots whose change waits until they leave the viewport.
    view_watch: Option<handles::Visibility>,
}

/// State of the page's one thread. The tag's wasm has no threads (no
/// `atomics` target feature; checked below), so a static `RefCell` is only
/// ever reached from that thread; unlike `thread_local!` it needs no
/// standard library.
pub(crate) struct Local<T>(RefCell<T>);

#[cfg(target_feature = "atomics")]
compile_error!("the tag's state assumes a single-threaded wasm (no atomics)");

// SAFETY: wasm32 without the atomics feature runs one thread (see above).
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// A cell holding `value`.
    pub(crate) const fn new(value: T) -> Local<T> {
        Local(RefCell::new(value))
    }

    /// Runs `f` with the cell.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}

static TAG: Local<Option<Tag>> = Local::new(None);

/// Runs `f` on the running tag. Returns `None` when the tag is not running
/// or is busy (a re-entrant call from a site's event listener).
fn with_tag<R>(f: impl FnOnce(&mut Tag) -> R) -> Option<R> {
    TAG.with(|cell| {
        let mut guard = cell.try_borrow_mut().ok()?;
        guard.as_mut().map(f)
    })
}

/// An event to dispatch once the tag's state is released.
struct Pending {
    name: &'static str,
    detail: JsValue,
}

fn dispatch(events: Vec<Pending>) {
    let Some(doc) = dom::document() else { return };
    for e in events {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&e.detail);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(e.name, &init) {
            // A throwing site listener is reported by the browser and does
            // not stop the dispatch or the tag.
            let _ = doc.dispatch_event(&ev);
        }
    }
}

/// Parses and validates the config. Errors stop the tag (one warning
/// listing every problem); warnings are logged once and the tag goes on.
fn load_config(raw: &JsValue) -> Option<Config> {
    if raw.is_undefined() || raw.is_null() {
        return Some(Config::default());
    }
    let value = jsconfig::to_value(raw);
    let (config, problems) = Config::from_value(&value);
    if problems.is_empty() {
        return Some(config);
    }
    let fatal = config::has_errors(&problems);
    let mut msg = String::from(if fatal {
        "invalid config, showing default content: "
    } else {
        "config warnings: "
    });
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            msg.push_str("; ");
        }
        msg.push_str(&p.message());
        if !fatal && p.severity == Severity::Error {
            break;
        }
    }
    warn(&msg);
    (!fatal).then_some(config)
}

/// Starts the tag with a config object (the parsed `#micromoment-config`,
/// or `undefined` for defaults). Returns false when it did not start; the
/// reason has been logged.
#[wasm_bindgen]
pub fn start(config: JsValue) -> bool {
    let running = TAG.with(|c| c.try_borrow().map_or(true, |t| t.is_some()));
    if running {
        warn("the tag is already running on this page; the second start was ignored");
        return false;
    }
    let Some(config) = load_config(&config) else {
        return false;
    };
    if dom::document().is_none() {
        warn("no document: the tag only runs in a web page");
        return false;
    }
    let model = Model::from_config(&config);
    let settings = DecideSettings {
        threshold: config.threshold as f32,
        margin: config.hysteresis.margin as f32,
        min_ms: f64::from(config.hysteresis.min_ms),
    };
    let mut cues = Cues::default();
    read::read_load_cues(&config, &mut cues);
    let mut decider = Decider::default();
    let url = read::url();
    if let Some(forced) = crate::arrival::query_param(&url.search, "mm_moment") {
        match model.moments.id(&forced) {
            Some(id) => decider.force(Some(id)),
            None => warn_unknown_moment(&forced),
        }
    }
    let allowed = config.consent && !journey::storage_blocked_by_privacy();
    let first_touch = read::first_touch(&url.search);
    let (journey, storage_blocked) = journey::Journey::load(allowed, &first_touch);
    cues.pages_seen = journey.pages;
    cues.returning = journey.returning;
    let holdout = f64::from(journey.bucket) < config.holdout * f64::from(journey::BUCKETS);
    let mut place = place::Place::default();
    if config.stores.len() == 1 {
        place.store = Some(0);
    }
    let scores = model.score(&cues);
    let mut tag = Tag {
        config,
        model,
        settings,
        cues,
        decider,
        scores,
        decision: Decision {
            moment: None,
            confidence: 0.0,
        },
        announced: None,
        measure: sensors::Measure::default(),
        sensors: None,
        journey,
        place,
        geo_callbacks: None,
        holdout,
        settled: false,
        fresh: Vec::new(),
        warned: 0,
        navigated: false,
        nav_until: 0.0,
        slot_watch: None,
        seen: js_sys::WeakSet::new(),
        view_watch: None,
    };
    if storage_blocked {
        tag.warn_once(
            sensors::Warned::STORAGE,
            "the browser blocks storage; the visit is remembered in memory only",
        );
    }
    tag.update_store_cues();
    if let Some(doc) = dom::document() {
        let slots = slots::all_slots(&doc);
        slots::check_templates(&slots, &|m| tag.model.moments.id(m).is_some());
    }
    TAG.with(|c| {
        if let Ok(mut g) = c.try_borrow_mut() {
            *g = Some(tag);
        }
    });
    refresh();
    // Sensors and observers start after the first decision is on the page.
    with_tag(|t| {
        let now = dom::now_ms();
        let visible = dom::document().is_some_and(|d| !d.hidden());
        t.measure.start(now, visible);
        t.sensors = sensors::install(&t.config.search_selector, &t.config.cart_selector);
        t.arm_engagement(now);
        if let Some(doc) = dom::document() {
            // The slots on the page now had the first decision.
            slots::fresh_slots(&doc, &t.seen);
            if let Some(root) = doc.document_element() {
                t.slot_watch = handles::Mutations::observe(&root, on_mutations);
            }
        }
        t.view_watch = handles::Visibility::new(on_view_change);
        t.request_location();
    });
    after_first_paint();
    // A site listener may have called destroy() during the first decision.
    with_tag(|_| ()).is_some()
}

/// Marks the page as painted once a frame has been rendered after start
/// (a frame callback, then a task after it).
fn after_first_paint() {
    let Some(win) = dom::window() else { return };
    let mark = Closure::once_into_js(|| {
        with_tag(|t| t.settled = true);
    });
    let next_task = Closure::once_into_js(move || {
        if let Some(w) = dom::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(mark.unchecked_ref(), 0);
        }
    });
    let _ = win.request_animation_frame(next_task.unchecked_ref());
}

/// Slots added to the page later (by the parser while the page loads, or
/// by an SPA render), or templates added inside a slot, get the current
/// moment. They are new to the visitor, so the in-view rule does not hold
/// them back.
fn on_mutations() {
    // One look at the slots per batch of changes, however many nodes the
    // parser or a framework added: walking every added node from the wasm
    // cost tens of microseconds per node while a page loads.
    let Some(doc) = dom::document() else { return };
    slots::release_passed(&doc);
    let fresh = with_tag(|t| slots::fresh_slots(&doc, &t.seen)).unwrap_or_default();
    if !fresh.is_empty() {
        if let Some(events) = with_tag(|t| {
            t.fresh = fresh;
            let events = t.apply();
            t.fresh.clear();
            events
        }) {
            dispatch(events);
        }
    }
}

/// A deferred slot left (or entered) the viewport: apply what waits.
fn on_view_change(_entries: js_sys::Array) {
    apply_only();
}

/// Applies the current decision to the page without re-scoring.
fn apply_only() {
    if let Some(events) = with_tag(|t| t.apply()) {
        dispatch(events);
    }
}

/// Called by the loader once the document is parsed: a template that was
/// the last thing the parser added (nothing followed it) is complete now.
#[wasm_bindgen(js_name = documentParsed)]
pub fn document_parsed() {
    on_mutations();
}

/// Re-reads the URL cues after an SPA navigation (`pushState`,
/// `replaceState`, `popstate`) and re-decides. Slots in view may switch at
/// a navigation.
#[wasm_bindgen(js_name = urlChanged)]
pub fn url_changed() {
    let ok = with_tag(|t| {
        read::read_url_cues(&t.config, &mut t.cues);
        t.journey.note_query(&t.cues.query);
        t.navigated = true;
        t.nav_until = dom::now_ms() + t.settings.min_ms + 250.0;
    });
    if ok.is_some() {
        refresh();
        with_tag(|t| t.navigated = false);
    }
}

fn warn_unknown_moment(name: &str) {
    let mut msg = String::from("unknown moment \"");
    msg.push_str(name);
    msg.push_str("\"; expected know, go, do, buy or a moment declared in the config");
    warn(&msg);
}

/// Re-scores, re-decides and applies the result; dispatches events after.
fn refresh() {
    let events = with_tag(|t| {
        let now = dom::now_ms();
        t.cues.visible_ms = t.measure.visible_ms(now).min(f64::from(u32::MAX)) as u32;
        t.cues.idle_ms = t.measure.idle_ms(now).min(f64::from(u32::MAX)) as u32;
        t.update_store_cues();
        t.scores = t.model.score(&t.cues);
        t.decision = t.decider.update(&t.scores.probs, now, &t.settings);
        if let (Some(at), Some(s)) = (t.decider.pending_until(&t.settings), t.sensors.as_mut()) {
            s.decide.start(at - now + 5.0);
        }
        t.apply()
    });
    if let Some(events) = events {
        dispatch(events);
    }
}

impl Tag {
    fn moment_name(&self) -> Option<&str> {
        self.decision
            .moment
            .and_then(|m| self.model.moments.name(m))
    }

    /// Shows the decision on the page: `<html data-mm-moment>`, slots, and
    /// the events that report it. A slot in view keeps its content once the
    /// first decision is on the page, until it leaves the viewport or the
    /// visitor navigates (unless `swapInView`).
    fn apply(&mut self) -> Vec<Pending> {
        let mut events = Vec::new();
        let Some(doc) = dom::document() else {
            return events;
        };
        let name = self.moment_name().map(str::to_string);
        if let Some(html) = doc.document_element() {
            let _ = match (&name, self.holdout) {
                (Some(n), false) => html.set_attribute("data-mm-moment", n),
                _ => html.remove_attribute("data-mm-moment"),
            };
        }
        let mut swaps = Vec::new();
        if self.holdout {
            if name.is_some() && self.decision.moment != self.announced {
                for slot in slots::all_slots(&doc) {
                    swaps.push(slots::Shown {
                        slot: slot.get_attribute(slots::SLOT_ATTR).unwrap_or_default(),
                        variant: String::from("holdout"),
                    });
                }
            }
        } else {
            let vars = |key: &str| -> Option<String> {
                match key {
                    "query" => Some(self.cues.query.clone()),
                    "moment" => name.clone(),
                    _ => key.strip_prefix("store.").and_then(|k| self.store_var(k)),
                }
            };
            let mut sig = Fnv::new();
            for key in PLACEHOLDERS {
                sig.add(vars(key).as_deref().unwrap_or(""));
            }
            let choice = slots::Choice {
                moment: name.as_deref(),
                device: self.cues.device.as_str(),
                store: self.cues.store_state.map(|s| s.as_str()),
                returning: self.cues.returning,
                vars: &vars,
                vars_sig: sig.0,
            };
            let navigating = self.navigated || dom::now_ms() < self.nav_until;
            let guard_view = self.settled && !navigating && !self.config.swap_in_view;
            for slot in slots::all_slots(&doc) {
                let new_slot = self.fresh.iter().any(|f| f.is_same_node(Some(&slot)));
                if guard_view
                    && !new_slot
                    && slots::needs_change(&doc, &slot, &choice)
                    && slots::in_view(&slot)
                {
                    if let Some(v) = &self.view_watch {
                        v.observer.observe(&slot);
                    }
                    continue;
                }
                if let Some(v) = &self.view_watch {
                    v.observer.unobserve(&slot);
                }
                if let Some(shown) = slots::show(&doc, &slot, &choice) {
                    swaps.push(shown);
                }
                // While the parser is still inside a slot whose template for
                // the moment has not arrived, its default stays unseen.
                if name.is_some()
                    && !slot.has_attribute(slots::SHOWN_ATTR)
                    && slots::parser_inside(&doc, &slot)
                {
                    slots::hold(&slot);
                } else {
                    slots::release(&slot);
                }
            }
        }
        // Our own changes need no second look from the slot observer.
        if let Some(w) = &self.slot_watch {
            w.discard();
        }
        for shown in swaps {
            self.push_data_layer(&shown.slot, &shown.variant, false);
            let detail = Obj::new()
                .str("slot", &shown.slot)
                .opt_str("moment", name.as_deref())
                .str("variant", &shown.variant)
                .into_js();
            events.push(Pending {
                name: SWAP_EVENT,
                detail,
            });
        }
        if self.decision.moment != self.announced {
            self.announced = self.decision.moment;
            if let Some(n) = &name {
                self.journey.note_moment(n);
            }
            let detail = Obj::new()
                .opt_str("moment", name.as_deref())
                .num("confidence", f64::from(self.decision.confidence))
                .val("scores", &self.probs_js())
                .val("cues", &cues_js(&self.cues))
                .into_js();
            // The change event comes first, then the per-slot swaps.
            events.insert(
                0,
                Pending {
                    name: CHANGE_EVENT,
                    detail,
                },
            );
        }
        events
    }

    /// The page's dataLayer array, when pushes are on (created when the
    /// config says `"dataLayer": true` and there is none).
    fn data_layer(&mut self) -> Option<js_sys::Array> {
        if self.config.data_layer == DataLayer::Off {
            return None;
        }
        let win: JsValue = dom::window()?.into();
        let current = dom::get(&win, &self.config.data_layer_name);
        if js_sys::Array::is_array(&current) {
            return current.dyn_into().ok();
        }
        if current.is_undefined() || current.is_null() {
            if self.config.data_layer == DataLayer::On {
                let a = js_sys::Array::new();
                dom::set(&win, &self.config.data_layer_name, &a);
                return Some(a);
            }
            return None;
        }
        let mut msg = String::from("window.");
        msg.push_str(&self.config.data_layer_name);
        msg.push_str(" is not an array; nothing is pushed to it");
        self.warn_once(sensors::Warned::DATALAYER, &msg);
        None
    }

    /// Pushes a swap (or a click inside a swapped block) to the dataLayer.
    fn push_data_layer(&mut self, slot: &str, variant: &str, click: bool) {
        let Some(layer) = self.data_layer() else {
            return;
        };
        let mut event = self.config.event_name.clone();
        if click {
            event.push_str("_click");
        }
        let entry = Obj::new()
            .str("event", &event)
            .opt_str("mm_moment", self.moment_name())
            .num("mm_confidence", f64::from(self.decision.confidence))
            .str("mm_slot", slot)
            .str("mm_variant", variant)
            .into_js();
        // A site's wrapped push() may throw: it must not stop the tag.
        if let Ok(push) = dom::get(&layer, "push").dyn_into::<js_sys::Function>() {
            let _ = push.call1(&layer, &entry);
        }
    }

    /// Reports a click inside a swapped slot.
    fn push_click(&mut self, slot: &web_sys::Element) {
        let name = slot.get_attribute(slots::SLOT_ATTR).unwrap_or_default();
        let variant = slot.get_attribute(slots::VARIANT_ATTR).unwrap_or_default();
        self.push_data_layer(&name, &variant, true);
    }

    fn journey_js(&self) -> JsValue {
        let list = |items: &[String]| {
            let a = js_sys::Array::new();
            for i in items {
                a.push(&JsValue::from_str(i));
            }
            a
        };
        let j = &self.journey;
        Obj::new()
            .num("pagesSeen", f64::from(j.pages))
            .bool("returning", j.returning)
            .str("firstTouch", &j.first_touch)
            .val("queries", &list(&j.queries))
            .val("moments", &list(&j.moments))
            .bool("stored", j.allowed)
            .into_js()
    }

    fn per_moment(&self, values: &[f32]) -> JsValue {
        let o = Obj::new();
        for (id, name) in self.model.moments.iter() {
            dom::set(
                &o.0,
                name,
                &JsValue::from_f64(dom::round4(f64::from(
                    values.get(id).copied().unwrap_or(0.0),
                ))),
            );
        }
        o.into_js()
    }

    fn probs_js(&self) -> JsValue {
        self.per_moment(&self.scores.probs)
    }

    fn explain(&self) -> JsValue {
        let s: &Scores = &self.scores;
        let moments = Obj::new();
        for (id, name) in self.model.moments.iter() {
            let top = js_sys::Array::new();
            for (cue, amount) in s.top_contributions(id).into_iter().take(5) {
                top.push(
                    &Obj::new()
                        .str("cue", cue)
                        .num("amount", f64::from(amount))
                        .into_js(),
                );
            }
            let m = Obj::new()
                .num(
                    "probability",
                    f64::from(s.probs.get(id).copied().unwrap_or(0.0)),
                )
                .num("score", f64::from(s.logits.get(id).copied().unwrap_or(0.0)))
                .val("top", &top);
            dom::set(&moments.0, name, &m.into_js());
        }
        let contributions = js_sys::Array::new();
        for c in &s.contributions {
            contributions.push(
                &Obj::new()
                    .str("cue", &c.feature)
                    .val("amounts", &self.per_moment(&c.amounts))
                    .into_js(),
            );
        }
        let terms = js_sys::Array::new();
        let mut lang = None;
        if let Some(ev) = &s.query {
            lang = ev.lang.map(str::to_string);
            for h in &ev.hits {
                terms.push(
                    &Obj::new()
                        .str("term", &h.term)
                        .opt_str("moment", self.model.moments.name(h.moment))
                        .num("weight", f64::from(h.weight))
                        .into_js(),
                );
            }
        }
        let query = Obj::new()
            .str("text", &self.cues.query)
            .str("source", &self.cues.query_source)
            .opt_str("lang", lang.as_deref())
            .val("terms", &terms);
        Obj::new()
            .opt_str("moment", self.moment_name())
            .num("confidence", f64::from(self.decision.confidence))
            .num("threshold", f64::from(self.settings.threshold))
            .bool("forced", self.decider.forced().is_some())
            .val("scores", &self.probs_js())
            .val("moments", &moments.into_js())
            .val("contributions", &contributions)
            .val("query", &query.into_js())
            .val("cues", &cues_js(&self.cues))
            .val("journey", &self.journey_js())
            .bool("holdout", self.holdout)
            .num(
                "memoryBytes",
                (core::arch::wasm32::memory_size(0) as f64) * 65_536.0,
            )
            .into_js()
    }
}

fn opt_num<T: Into<f64>>(v: Option<T>) -> JsValue {
    v.map_or(JsValue::NULL, |x| JsValue::from_f64(dom::round4(x.into())))
}

/// `night` (22–6), `morning` (6–12), `afternoon` (12–17) or `evening` (17–22).
fn part_of_day(hour: u8) -> &'static str {
    match hour {
        6..=11 => "morning",
        12..=16 => "afternoon",
        17..=21 => "evening",
        _ => "night",
    }
}

/// Every cue value as a plain object (for events and `explain()`).
fn cues_js(c: &Cues) -> JsValue {
    let custom = Obj::new();
    for (k, v) in &c.custom {
        dom::set(&custom.0, k, &JsValue::from_f64(*v));
    }
    Obj::new()
        .str("device", c.device.as_str())
        .bool("coarsePointer", c.coarse_pointer)
        .bool("hoverNone", c.hover_none)
        .num("viewportWidth", f64::from(c.viewport_width))
        .bool("saveData", c.save_data)
        .bool("slowConnection", c.slow_connection)
        .bool("standalone", c.standalone)
        .bool("reducedMotion", c.reduced_motion)
        .str("referrer", c.referrer.as_str())
        .str("query", &c.query)
        .str("querySource", &c.query_source)
        .bool("paid", c.paid)
        .str("campaign", &c.campaign)
        .str("pageText", &c.page_text)
        .str("lang", &c.lang)
        .num("scrollDepth", f64::from(c.scroll_depth))
        .num("scrollVelocity", f64::from(c.scroll_velocity))
        .num("reversals", f64::from(c.reversals))
        .num("visibleMs", f64::from(c.visible_ms))
        .num("idleMs", f64::from(c.idle_ms))
        .bool("reachedEnd", c.reached_end)
        .val("storeKm", &opt_num(c.store_km))
        .opt_str("storeState", c.store_state.map(|s| s.as_str()))
        .val("hour", &opt_num(c.hour))
        .val("weekday", &opt_num(c.weekday))
        .opt_str("partOfDay", c.hour.map(part_of_day))
        .str("timezone", &c.timezone)
        .str("region", &c.region)
        .bool("returning", c.returning)
        .num("pagesSeen", f64::from(c.pages_seen))
        .bool("clickedGo", c.clicked_go)
        .bool("clickedBuy", c.clicked_buy)
        .bool("playedVideo", c.played_video)
        .val("custom", &custom.into_js())
        .into_js()
}

/// The page scrolled: the loader's scroll listener calls this at most once
/// per animation frame.
#[wasm_bindgen]
pub fn scrolled() {
    sensors::scrolled();
}

/// The decided moment's name, or `null` while undecided.
#[wasm_bindgen]
pub fn moment() -> JsValue {
    with_tag(|t| t.moment_name().map(JsValue::from_str))
        .flatten()
        .unwrap_or(JsValue::NULL)
}

/// Scores, each cue's contribution and the cue values behind the decision.
#[wasm_bindgen]
pub fn explain() -> JsValue {
    with_tag(|t| {
        if t.cues.timezone.is_empty() {
            t.cues.timezone = read::time_zone();
        }
        t.explain()
    })
    .unwrap_or(JsValue::NULL)
}

fn set_known_cue(c: &mut Cues, name: &str, v: &JsValue) -> Result<bool, &'static str> {
    let num = || v.as_f64().filter(|x| x.is_finite());
    let flag = || v.as_bool().or_else(|| num().map(|x| x != 0.0));
    macro_rules! need {
        ($e:expr, $what:expr) => {
            match $e {
                Some(x) => x,
                None => return Err($what),
            }
        };
    }
    match name {
        "device" => {
            c.device = need!(
                v.as_string().and_then(|s| Device::parse(&s)),
                "mobile, tablet, desktop or other"
            )
        }
        "referrer" => {
            c.referrer = need!(
                v.as_string().and_then(|s| ReferrerClass::parse(&s)),
                "search, maps, social, email, internal, direct or other"
            )
        }
        "query" => {
            let q = need!(v.as_string(), "a string");
            c.query = crate::arrival::clean_text(&q, 200);
            c.query_source = String::from("setCue");
        }
        "lang" => c.lang = need!(v.as_string(), "a string").to_ascii_lowercase(),
        "region" => {
            let r = need!(
                v.as_string()
                    .filter(|r| r.len() <= 8
                        && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')),
                "a region code such as DK"
            );
            c.region = r.to_ascii_uppercase();
        }
        "paid" => c.paid = need!(flag(), "true or false"),
        "returning" => c.returning = need!(flag(), "true or false"),
        "clickedGo" => c.clicked_go = need!(flag(), "true or false"),
        "clickedBuy" => c.clicked_buy = need!(flag(), "true or false"),
        "playedVideo" => c.played_video = need!(flag(), "true or false"),
        "storeKm" => {
            c.store_km = Some(need!(num().filter(|x| *x >= 0.0), "a distance in km") as f32)
        }
        "scrollDepth" => {
            c.scroll_depth = need!(
                num().filter(|x| (0.0..=1.0).contains(x)),
                "a number from 0 to 1"
            ) as f32
        }
        "hour" => {
            c.hour = Some(need!(
                num().filter(|x| (0.0..24.0).contains(x)),
                "an hour from 0 to 23"
            ) as u8)
        }
        "pagesSeen" => c.pages_seen = need!(num().filter(|x| *x >= 0.0), "a count") as u32,
        _ => return Ok(false),
    }
    Ok(true)
}

/// Sets a cue the site knows (a built-in cue such as `device` or `query`,
/// or any custom cue: a number or boolean, weighted by `weights["custom.NAME"]`)
/// and re-decides. Returns false (and warns) for a bad value.
#[wasm_bindgen(js_name = setCue)]
pub fn set_cue(name: &str, value: JsValue) -> bool {
    let result = with_tag(|t| match set_known_cue(&mut t.cues, name, &value) {
        Ok(true) => {
            if name == "storeKm" {
                t.place.km = t.cues.store_km.map(f64::from);
            }
            Ok(())
        }
        Ok(false) => {
            let v = value
                .as_f64()
                .or_else(|| value.as_bool().map(|b| if b { 1.0 } else { 0.0 }));
            match v {
                Some(x) if x.is_finite() && !name.is_empty() && name.len() <= 64 => {
                    t.cues.set_custom(name, x);
                    Ok(())
                }
                _ => Err("a number or boolean for a custom cue (name of 1 to 64 characters)"),
            }
        }
        Err(e) => Err(e),
    });
    match result {
        None => {
            warn("setCue called before the tag started or after destroy(); ignored");
            false
        }
        Some(Err(expected)) => {
            let mut msg = String::from("setCue(\"");
            msg.push_str(name);
            msg.push_str("\"): expected ");
            msg.push_str(expected);
            warn(&msg);
            false
        }
        Some(Ok(())) => {
            refresh();
            true
        }
    }
}

/// Forces a moment (confidence 1) — or, with `null`, returns to inference.
#[wasm_bindgen]
pub fn force(moment: JsValue) -> bool {
    let name = moment.as_string();
    let ok = with_tag(|t| match &name {
        None => {
            t.decider.force(None);
            true
        }
        Some(n) => match t.model.moments.id(n) {
            Some(id) => {
                t.decider.force(Some(id));
                true
            }
            None => false,
        },
    });
    match ok {
        Some(true) => {
            // A forced moment is shown at once, in view or not.
            with_tag(|t| t.navigated = true);
            refresh();
            with_tag(|t| t.navigated = false);
            true
        }
        Some(false) => {
            warn_unknown_moment(name.as_deref().unwrap_or(""));
            false
        }
        None => false,
    }
}

/// Allows (`true`) or forbids (`false`) storing the journey in
/// sessionStorage/localStorage from now on. `false` also erases it.
#[wasm_bindgen]
pub fn consent(allowed: bool) {
    let privacy = journey::storage_blocked_by_privacy();
    with_tag(|t| t.journey.set_allowed(allowed && !privacy));
}

/// Erases everything the tag stored in this browser; the journey goes on
/// in memory only until `consent(true)`.
#[wasm_bindgen]
pub fn forget() {
    journey::forget();
    with_tag(|t| t.journey.forgotten());
}

/// Stops the tag: restores every slot's default content, removes the
/// `<html data-mm-moment>` attribute and every listener. Safe to call twice.
#[wasm_bindgen]
pub fn destroy() {
    let tag = TAG.with(|c| c.try_borrow_mut().ok().and_then(|mut g| g.take()));
    if tag.is_none() {
        return;
    }
    if let Some(doc) = dom::document() {
        for slot in slots::all_slots(&doc) {
            slots::restore(&slot);
            slots::release(&slot);
        }
        if let Some(html) = doc.document_element() {
            let _ = html.remove_attribute("data-mm-moment");
        }
    }
    drop(tag);
}

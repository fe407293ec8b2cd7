//! Cues measured while the visitor is on the page: scrolling, visible and
//! idle time, the site's search box, clicks on go/buy elements and video
//! plays. Listeners are passive. The scroll listener is the loader's (plain
//! JS: most of a scroll event's cost is the browser's call into any
//! listener, and crossing into the wasm on every event added to it); the
//! loader calls [`scrolled`] at most once per animation frame, and the
//! scroll work allocates nothing.

use super::dom;
use super::handles::{Listener, Timer};
use super::{refresh, with_tag, Tag};
use crate::arrival;
use crate::model::limits;
use alloc::{string::String, string::ToString, vec::Vec};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

/// Delay after the last keystroke in the search box before re-deciding.
pub const SEARCH_DEBOUNCE_MS: f64 = 250.0;
/// Scroll moves shorter than this (px) don't count as a direction change.
const REVERSAL_MIN_PX: f64 = 40.0;
/// Weight of the newest sample in the smoothed scroll speed.
const SPEED_SMOOTHING: f64 = 0.3;
/// Links and elements that mean "I want to go".
pub const GO_SELECTOR: &str = "a[href^='tel:'],a[href^='mailto:'],a[href*='maps.google.'],a[href*='google.com/maps'],a[href*='maps.apple.com'],a[href*='goo.gl/maps'],a[href*='yandex.ru/maps'],a[href*='/directions'],[data-mm-go]";

/// Scroll and time measurements between frames.
#[derive(Default)]
pub struct Measure {
    last_y: f64,
    last_t: f64,
    /// Direction of the current run (1 down, −1 up, 0 none yet).
    dir: i8,
    /// Where the current run started.
    turn_y: f64,
    /// Where a possible turn began (the scroll moved against `dir`).
    turning_at: Option<f64>,
    speed: f64,
    visible_since: Option<f64>,
    visible_total: f64,
    last_input: f64,
    /// Search box text waiting for the debounce.
    pub pending_query: Option<String>,
    /// The page's `<main>` (looked up once), for "reached the end".
    main: Option<Option<web_sys::Element>>,
}

/// The listeners and timers of the sensors.
pub struct Sensors {
    _listeners: Vec<Listener>,
    /// Search box debounce.
    pub search: Timer,
    /// Re-decides when visible time crosses the engagement limit.
    pub engage: Timer,
    /// Re-decides when a pending challenger may take over.
    pub decide: Timer,
}

impl Measure {
    /// Starts the clocks at `now`.
    pub fn start(&mut self, now: f64, visible: bool) {
        self.last_t = now;
        self.last_input = now;
        self.visible_since = visible.then_some(now);
        self.last_y = dom::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
        self.turn_y = self.last_y;
    }

    /// Visible time so far, in ms.
    pub fn visible_ms(&self, now: f64) -> f64 {
        self.visible_total + self.visible_since.map_or(0.0, |s| (now - s).max(0.0))
    }

    /// Time since the last scroll, key or pointer input, in ms.
    pub fn idle_ms(&self, now: f64) -> f64 {
        (now - self.last_input).max(0.0)
    }
}

/// Installs every sensor listener on the page.
pub fn install(search_selector: &str, cart_selector: &str) -> Option<Sensors> {
    let win = dom::window()?;
    let doc = win.document()?;
    let w: &web_sys::EventTarget = win.as_ref();
    let d: &web_sys::EventTarget = doc.as_ref();
    let search_selector = search_selector.to_string();
    let cart_selector = cart_selector.to_string();
    let listeners = [
        Listener::plain(d, "visibilitychange", false, on_visibility),
        Listener::new(d, "input", true, move |e| on_input(&e, &search_selector)),
        Listener::new(d, "click", true, move |e| on_click(&e, &cart_selector)),
        Listener::plain(d, "play", true, on_play),
        Listener::plain(d, "keydown", true, on_activity),
        Listener::plain(d, "pointerdown", true, on_activity),
        Listener::plain(w, "popstate", false, super::url_changed),
    ];
    Some(Sensors {
        _listeners: listeners.into_iter().flatten().collect(),
        search: Timer::new(on_search_timer),
        engage: Timer::new(refresh),
        decide: Timer::new(refresh),
    })
}

fn on_activity() {
    let now = dom::now_ms();
    with_tag(|t| t.measure.last_input = now);
}

/// Reads the scroll position and updates the scroll cues (the loader calls
/// it once per animation frame in which the page scrolled). Re-decides only
/// when one of the scroll features turns on or off. Does nothing before
/// start or after destroy.
pub fn scrolled() {
    let changed = with_tag(|t| {
        if t.sensors.is_none() {
            return false;
        }
        let Some(win) = dom::window() else {
            return false;
        };
        let now = dom::now_ms();
        let y = win.scroll_y().unwrap_or(0.0);
        let view = win
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let doc_el = win.document().and_then(|d| d.document_element());
        let height = doc_el
            .as_ref()
            .map_or(0.0, |e| f64::from(e.scroll_height()));
        let m = &mut t.measure;
        let dy = y - m.last_y;
        let dt = now - m.last_t;
        if dt > 0.0 {
            let speed = dy.abs() / dt * 1000.0;
            m.speed = m.speed * (1.0 - SPEED_SMOOTHING) + speed * SPEED_SMOOTHING;
        }
        let dir: i8 = if dy > 1.0 {
            1
        } else if dy < -1.0 {
            -1
        } else {
            0
        };
        // A reversal is a run of at least REVERSAL_MIN_PX followed by a
        // move back of at least REVERSAL_MIN_PX; a short bounce is none.
        let mut reversals = t.cues.reversals;
        if dir != 0 {
            if m.dir == 0 {
                m.dir = dir;
                m.turn_y = m.last_y;
            } else if dir == m.dir {
                m.turning_at = None;
            } else {
                let at = *m.turning_at.get_or_insert(m.last_y);
                if (y - at).abs() >= REVERSAL_MIN_PX {
                    if (at - m.turn_y).abs() >= REVERSAL_MIN_PX {
                        reversals = reversals.saturating_add(1);
                    }
                    m.dir = dir;
                    m.turn_y = at;
                    m.turning_at = None;
                }
            }
        }
        m.last_y = y;
        m.last_t = now;
        m.last_input = now;
        let depth = if height > 0.0 {
            ((y + view) / height).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        let reached_end = t.cues.reached_end || depth >= 0.98 || {
            let main = m.main.get_or_insert_with(|| {
                dom::document().and_then(|d| d.query_selector("main,[role=main]").ok().flatten())
            });
            main.as_ref().is_some_and(|m| end_in_view(m, view))
        };
        let c = &mut t.cues;
        let before = scroll_features(c);
        c.scroll_depth = c.scroll_depth.max(depth);
        c.scroll_velocity = m.speed as f32;
        c.reversals = reversals;
        c.reached_end = reached_end;
        before != scroll_features(c)
    });
    if changed == Some(true) {
        refresh();
    }
}

fn scroll_features(c: &crate::cues::Cues) -> [bool; 4] {
    [
        c.scroll_depth >= limits::DEEP_SCROLL,
        c.scroll_velocity >= limits::FAST_SCROLL,
        c.reversals >= limits::REVERSALS,
        c.reached_end,
    ]
}

/// True when the bottom of `main` is in view.
fn end_in_view(main: &web_sys::Element, view: f64) -> bool {
    let r = main.get_bounding_client_rect();
    r.height() > 0.0 && r.bottom() <= view
}

fn on_visibility() {
    let now = dom::now_ms();
    let hidden = dom::document().is_some_and(|d| d.hidden());
    with_tag(|t| {
        let m = &mut t.measure;
        if hidden {
            m.visible_total = m.visible_ms(now);
            m.visible_since = None;
        } else if m.visible_since.is_none() {
            m.visible_since = Some(now);
        }
        t.arm_engagement(now);
    });
}

fn on_input(e: &Event, selector: &str) {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    match el.matches(selector) {
        Ok(true) => {}
        Ok(false) => return,
        Err(_) => {
            with_tag(|t| {
                t.warn_once(
                    Warned::SELECTOR,
                    "searchSelector is not a valid CSS selector; the search box is not read",
                )
            });
            return;
        }
    }
    let value = dom::get_str(el.as_ref(), "value").unwrap_or_default();
    with_tag(|t| {
        t.measure.pending_query = Some(value);
        if let Some(s) = t.sensors.as_mut() {
            s.search.start(SEARCH_DEBOUNCE_MS);
        }
    });
}

fn on_search_timer() {
    let updated = with_tag(|t| {
        let Some(q) = t.measure.pending_query.take() else {
            return false;
        };
        let q = arrival::clean_text(&q, t.config.max_query_length as usize);
        if q.is_empty() {
            super::read::read_url_cues(&t.config, &mut t.cues);
        } else {
            t.cues.query = q;
            t.cues.query_source = String::from("searchbox");
        }
        t.journey.note_query(&t.cues.query);
        true
    });
    if updated == Some(true) {
        refresh();
    }
}

fn on_click(e: &Event, cart_selector: &str) {
    let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let go = el.closest(GO_SELECTOR).ok().flatten().is_some();
    let buy = match el.closest(cart_selector) {
        Ok(found) => found.is_some(),
        Err(_) => {
            with_tag(|t| {
                t.warn_once(
                    Warned::SELECTOR,
                    "cartSelector is not a valid CSS selector; cart clicks are not read",
                )
            });
            false
        }
    };
    let slot = el.closest("[data-mm-slot][data-mm-shown]").ok().flatten();
    let changed = with_tag(|t| {
        if let Some(slot) = &slot {
            t.push_click(slot);
        }
        let before = (t.cues.clicked_go, t.cues.clicked_buy);
        t.cues.clicked_go |= go;
        t.cues.clicked_buy |= buy;
        before != (t.cues.clicked_go, t.cues.clicked_buy)
    });
    if changed == Some(true) {
        refresh();
    }
}

fn on_play() {
    let changed = with_tag(|t| !core::mem::replace(&mut t.cues.played_video, true));
    if changed == Some(true) {
        refresh();
    }
}

/// Warnings logged at most once per page.
pub struct Warned;

impl Warned {
    /// An invalid CSS selector in the config.
    pub const SELECTOR: u32 = 1;
    /// Storage threw.
    pub const STORAGE: u32 = 2;
    /// Location unavailable.
    pub const GEO: u32 = 4;
    /// dataLayer is not an array.
    pub const DATALAYER: u32 = 8;
    /// A store's time zone is not known to the browser.
    pub const TIMEZONE: u32 = 16;
}

impl Tag {
    /// Logs `message` unless a warning of the same kind was logged before.
    pub fn warn_once(&mut self, kind: u32, message: &str) {
        if self.warned & kind == 0 {
            self.warned |= kind;
            dom::warn(message);
        }
    }

    /// Re-arms the timer that turns `engagement.long` on once the page has
    /// been visible long enough.
    pub fn arm_engagement(&mut self, now: f64) {
        let remaining = f64::from(limits::LONG_VISIT_MS) - self.measure.visible_ms(now);
        let visible = self.measure.visible_since.is_some();
        if let Some(s) = self.sensors.as_mut() {
            if visible && remaining > 0.0 {
                s.engage.start(remaining + 10.0);
            } else {
                s.engage.clear();
            }
        }
    }
}

//! Reads the cues that exist at load time: URL, referrer, device, language
//! and local time.

use super::dom::{self, get, get_bool, get_f64, get_str};
use crate::arrival;
use crate::config::Config;
use crate::cues::Cues;
use crate::ua::{self, DeviceSignals};
use alloc::{string::String, vec::Vec};
use wasm_bindgen::{JsCast, JsValue};

/// Longest `<title>` / `<h1>` text read, in characters.
const MAX_PAGE_TEXT: usize = 160;

/// The parts of `location` the cues use.
pub struct Url {
    /// `location.search` (`?a=b`).
    pub search: String,
    /// `location.pathname`.
    pub path: String,
}

/// Reads `location.search` and `location.pathname`.
pub fn url() -> Url {
    let loc = dom::window().map(|w| w.location());
    Url {
        search: loc
            .as_ref()
            .and_then(|l| l.search().ok())
            .unwrap_or_default(),
        path: loc
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_default(),
    }
}

/// Fills the URL-derived cues: search text, campaign, paid arrival and
/// landing page text. Called at load and after SPA navigations.
pub fn read_url_cues(config: &Config, cues: &mut Cues) {
    let doc = dom::document();
    let u = url();
    let referrer = doc.as_ref().map(|d| d.referrer()).unwrap_or_default();
    let params: Vec<&str> = config.search_params.iter().map(String::as_str).collect();
    let a = arrival::read_arrival(
        &u.search,
        &referrer,
        &params,
        config.max_query_length as usize,
    );
    cues.query = a.query;
    cues.query_source = a.query_source;
    cues.paid = a.paid;
    cues.campaign = a.campaign;
    let title = doc.as_ref().map(|d| d.title()).unwrap_or_default();
    let h1 = doc
        .as_ref()
        .and_then(|d| d.query_selector("h1").ok().flatten())
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    let title = arrival::clean_text(&title, MAX_PAGE_TEXT);
    let h1 = arrival::clean_text(&h1, MAX_PAGE_TEXT);
    cues.page_text = arrival::page_text(&u.path, &title, &h1, 2 * MAX_PAGE_TEXT);
}

/// Fills every load-time cue.
pub fn read_load_cues(config: &Config, cues: &mut Cues) {
    let Some(win) = dom::window() else { return };
    let nav: JsValue = win.navigator().into();
    let doc = win.document();

    // Arrival.
    let host = win.location().host().unwrap_or_default();
    let referrer = doc.as_ref().map(|d| d.referrer()).unwrap_or_default();
    cues.referrer = arrival::classify_referrer(&referrer, &host);
    read_url_cues(config, cues);

    // Device.
    let ua_string = get_str(&nav, "userAgent").unwrap_or_default();
    let uad = get(&nav, "userAgentData");
    let ch_platform = get_str(&uad, "platform").unwrap_or_default();
    let platform = get_str(&nav, "platform").unwrap_or_default();
    let screen = get(&win.clone().into(), "screen");
    let sw = get_f64(&screen, "width").unwrap_or(0.0);
    let sh = get_f64(&screen, "height").unwrap_or(0.0);
    let signals = DeviceSignals {
        ua: &ua_string,
        ch_mobile: get_bool(&uad, "mobile"),
        ch_platform: &ch_platform,
        platform: &platform,
        max_touch_points: get_f64(&nav, "maxTouchPoints").unwrap_or(0.0).max(0.0) as u32,
        screen_width: sw.min(sh).max(0.0) as u32,
    };
    cues.device = ua::classify_device(&signals);
    cues.coarse_pointer = dom::media("(pointer: coarse)");
    cues.hover_none = dom::media("(hover: none)");
    cues.standalone = dom::media("(display-mode: standalone)");
    cues.reduced_motion = dom::media("(prefers-reduced-motion: reduce)");
    cues.viewport_width = win
        .inner_width()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
        .max(0.0) as u32;
    let conn = get(&nav, "connection");
    cues.save_data = get_bool(&conn, "saveData").unwrap_or(false);
    cues.slow_connection = matches!(
        get_str(&conn, "effectiveType").as_deref(),
        Some("slow-2g" | "2g" | "3g")
    );

    // Language: config, then <html lang>, then the browser's.
    let html_lang = doc
        .as_ref()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let lang = config
        .lang
        .clone()
        .or(html_lang.filter(|l| !l.is_empty()))
        .or_else(|| get_str(&nav, "language"))
        .unwrap_or_default();
    cues.lang = lang.to_ascii_lowercase();

    // Coarse region: a country from the visitor's languages, and the zone.
    let langs = get(&nav, "languages");
    if js_sys::Array::is_array(&langs) {
        let langs: js_sys::Array = langs.into();
        cues.region = langs
            .iter()
            .filter_map(|l| l.as_string())
            .find_map(|l| region_of(&l))
            .unwrap_or_default();
    }
    // The time zone needs Intl's first DateTimeFormat, which is slow to
    // create (tens of ms), and no feature uses it: `explain()` reads it.

    // Local time.
    let now = js_sys::Date::new_0();
    cues.hour = Some(now.get_hours() as u8);
    cues.weekday = Some(((now.get_day() + 6) % 7) as u8);
}

/// The campaign that brought the visitor (`source/medium/campaign`), or ""
/// when the URL carries none.
pub fn first_touch(search: &str) -> String {
    let mut out = String::new();
    for (i, key) in ["utm_source", "utm_medium", "utm_campaign"]
        .iter()
        .enumerate()
    {
        let v = arrival::query_param(search, key).unwrap_or_default();
        if i > 0 {
            out.push('/');
        }
        out.push_str(&arrival::clean_text(&v, 40));
    }
    if out.len() == 2 {
        out.clear();
    }
    out
}

/// `da-DK` → `DK`; `None` without a two-letter region.
fn region_of(tag: &str) -> Option<String> {
    tag.split(['-', '_'])
        .skip(1)
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase)
}

/// The browser's time zone (`Europe/Copenhagen`), from `Intl`; "" when
/// unknown. Slow the first time a page calls it: not on the start-up path.
pub fn time_zone() -> String {
    let intl = get(&js_sys::global(), "Intl");
    let Ok(ctor) = get(&intl, "DateTimeFormat").dyn_into::<js_sys::Function>() else {
        return String::new();
    };
    js_sys::Reflect::construct(&ctor, &js_sys::Array::new())
        .ok()
        .and_then(|fmt| {
            let f = get(&fmt, "resolvedOptions")
                .dyn_into::<js_sys::Function>()
                .ok()?;
            f.call0(&fmt).ok()
        })
        .and_then(|o| get_str(&o, "timeZone"))
        .unwrap_or_default()
}

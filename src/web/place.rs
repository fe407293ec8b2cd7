//! Location and stores: the visitor's coarse position (only with
//! permission), the nearest configured store, its distance and whether it
//! is open now in its own time zone.

use super::dom::{self, get, Obj};
use super::sensors::Warned;
use super::{refresh, with_tag, Tag};
use crate::config::Geolocation;
use crate::geo;
use alloc::{string::String, string::ToString, vec::Vec};
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the visitor is relative to the stores.
#[derive(Default)]
pub struct Place {
    /// Index of the nearest store (the only one when there is one store).
    pub store: Option<usize>,
    /// Distance to it in km, when the position is known (or the site set
    /// it with `setCue("storeKm", …)`).
    pub km: Option<f64>,
    /// Coarse position (≈1 km grid), when known.
    pub position: Option<(f64, f64)>,
}

/// Callbacks of a pending location request, dropped with the tag.
pub struct GeoCallbacks {
    _then: Closure<dyn FnMut(JsValue)>,
    _rejected: Closure<dyn FnMut(JsValue)>,
    _ok: Closure<dyn FnMut(JsValue)>,
    _err: Closure<dyn FnMut(JsValue)>,
}

/// Intl formatters by key (a store's time zone, or `km:` + language):
/// creating one is slow, using one is fast, and a page needs few.
static FORMATS: super::Local<Vec<(String, JsValue)>> = super::Local::new(Vec::new());

/// The formatter cached under `key`, made by `make` the first time.
fn cached(key: &str, make: impl FnOnce() -> Result<JsValue, ()>) -> Result<JsValue, ()> {
    if let Some(f) = FORMATS.with(|c| {
        c.try_borrow()
            .ok()
            .and_then(|v| v.iter().find(|(k, _)| k == key).map(|(_, f)| f.clone()))
    }) {
        return Ok(f);
    }
    let fmt = make()?;
    FORMATS.with(|c| {
        if let Ok(mut v) = c.try_borrow_mut() {
            if v.len() < 16 {
                v.push((key.to_string(), fmt.clone()));
            }
        }
    });
    Ok(fmt)
}

/// Constructs `new Intl[ctor](locale, options)`; `Err` when it throws.
fn intl(ctor: &str, locale: &JsValue, options: JsValue) -> Result<JsValue, ()> {
    let ctor: Function = get(&get(&js_sys::global(), "Intl"), ctor)
        .dyn_into()
        .map_err(|_| ())?;
    Reflect::construct(&ctor, &Array::of2(locale, &options)).map_err(|_| ())
}

/// A cached `Intl.DateTimeFormat` giving weekday, hour and minute in `tz`.
fn zone_format(tz: &str) -> Result<JsValue, ()> {
    cached(tz, || {
        let opts = Obj::new()
            .str("timeZone", tz)
            .str("weekday", "short")
            .str("hour", "numeric")
            .str("minute", "numeric")
            .str("hourCycle", "h23")
            .into_js();
        intl("DateTimeFormat", &JsValue::from_str("en-US"), opts)
    })
}

/// Weekday (0 = Monday) and minute of the day now, in time zone `tz`
/// (`None` = the browser's own). `Err` when the browser does not know `tz`.
pub fn zoned_now(tz: Option<&str>) -> Result<(u8, u16), ()> {
    let date = js_sys::Date::new_0();
    let Some(tz) = tz else {
        let wd = ((date.get_day() + 6) % 7) as u8;
        return Ok((wd, (date.get_hours() * 60 + date.get_minutes()) as u16));
    };
    let fmt = zone_format(tz)?;
    let to_parts: Function = get(&fmt, "formatToParts").dyn_into().map_err(|_| ())?;
    let parts: Array = to_parts
        .call1(&fmt, &date)
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    let (mut wd, mut hour, mut minute) = (None, None, None);
    for p in parts.iter() {
        let value = dom::get_str(&p, "value").unwrap_or_default();
        match dom::get_str(&p, "type").as_deref() {
            Some("weekday") => {
                wd = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
                    .iter()
                    .position(|d| *d == value)
            }
            Some("hour") => hour = crate::num::parse_u32(&value),
            Some("minute") => minute = crate::num::parse_u32(&value),
            _ => {}
        }
    }
    match (wd, hour, minute) {
        // At most 23 * 60 + 59: fits a u16.
        (Some(w), Some(h), Some(m)) => Ok((w as u8, ((h % 24) * 60 + m.min(59)) as u16)),
        _ => Err(()),
    }
}

impl Tag {
    /// Recomputes the store cues (distance, open state) from `self.place`.
    pub fn update_store_cues(&mut self) {
        // The distance comes from the position, or from the site (setCue).
        self.cues.store_km = self.place.km.map(|k| k as f32);
        let Some(store) = self.place.store.and_then(|i| self.config.stores.get(i)) else {
            self.cues.store_state = None;
            return;
        };
        let Some(hours) = &store.hours else {
            self.cues.store_state = None;
            return;
        };
        let (state, bad_zone) = match zoned_now(store.timezone.as_deref()) {
            Ok((wd, minute)) => (Some(geo::store_state(hours, wd, minute)), None),
            Err(()) => (
                zoned_now(None)
                    .ok()
                    .map(|(wd, m)| geo::store_state(hours, wd, m)),
                store.timezone.clone(),
            ),
        };
        self.cues.store_state = state;
        if let Some(zone) = bad_zone {
            let mut msg = String::from("the browser does not know the time zone \"");
            msg.push_str(&zone);
            msg.push_str("\"; opening hours use the visitor's local time");
            self.warn_once(Warned::TIMEZONE, &msg);
        }
    }

    /// The value of a `{{store.*}}` placeholder.
    pub fn store_var(&self, key: &str) -> Option<String> {
        let store = self.place.store.and_then(|i| self.config.stores.get(i))?;
        match key {
            "name" => Some(store.name.clone()),
            "address" => store.address.clone(),
            "phone" => store.phone.clone(),
            "url" => store.url.clone(),
            "distance" => self.place.km.map(|km| format_km(km, &self.cues.lang)),
            "hours_today" => {
                let hours = store.hours.as_ref()?;
                let (wd, _) = zoned_now(store.timezone.as_deref())
                    .or_else(|_| zoned_now(None))
                    .ok()?;
                let mut out = String::new();
                geo::hours_today(hours, wd, &mut out);
                Some(out)
            }
            "directions_url" => {
                let mut out = String::new();
                geo::directions_url(store, &mut out);
                Some(out)
            }
            "state" => self.cues.store_state.map(|s| String::from(s.as_str())),
            _ => None,
        }
    }

    /// Starts the location request if the config and permission allow it.
    pub fn request_location(&mut self) {
        if self.config.stores.is_empty() || self.config.geolocation == Geolocation::Off {
            return;
        }
        let Some(win) = dom::window() else { return };
        let nav: JsValue = win.navigator().into();
        let geolocation = get(&nav, "geolocation");
        if geolocation.is_undefined() {
            self.warn_once(
                Warned::GEO,
                "geolocation is not available in this browser; store distance is not used",
            );
            return;
        }
        let ok = Closure::<dyn FnMut(JsValue)>::new(|pos: JsValue| {
            let coords = get(&pos, "coords");
            if let (Some(lat), Some(lon)) = (
                dom::get_f64(&coords, "latitude"),
                dom::get_f64(&coords, "longitude"),
            ) {
                on_position(lat, lon);
            }
        });
        let err = Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
            let code = dom::get_f64(&e, "code").unwrap_or(0.0);
            let what = if code == 1.0 {
                "location permission was denied"
            } else if code == 3.0 {
                "the location request timed out"
            } else {
                "the location is not available"
            };
            let mut msg = String::from(what);
            msg.push_str("; store distance is not used");
            with_tag(|t| t.warn_once(Warned::GEO, &msg));
        });
        let ask = ok.as_ref().clone();
        let fail = err.as_ref().clone();
        let opts = Obj::new()
            .bool("enableHighAccuracy", false)
            .num("timeout", 10_000.0)
            .num("maximumAge", 600_000.0)
            .into_js();
        let get_position = move || {
            let geo = dom::window()
                .map(|w| get(&w.navigator().into(), "geolocation"))
                .unwrap_or(JsValue::UNDEFINED);
            if let Ok(f) = get(&geo, "getCurrentPosition").dyn_into::<Function>() {
                let _ = f.call3(&geo, &ask, &fail, &opts);
            }
        };
        let permissions = get(&nav, "permissions");
        let query: Option<Function> = get(&permissions, "query").dyn_into().ok();
        let mode = self.config.geolocation;
        let rejected = Closure::<dyn FnMut(JsValue)>::new(|_| {
            with_tag(|t| {
                t.warn_once(
                    Warned::GEO,
                    "the Permissions API failed; the location is not used",
                )
            });
        });
        let then = match (mode, query) {
            (Geolocation::Ask, _) => {
                get_position();
                Closure::<dyn FnMut(JsValue)>::new(|_| {})
            }
            (_, None) => {
                self.warn_once(
                    Warned::GEO,
                    "the Permissions API is missing, so the location is not used (set \"geolocation\": \"ask\" to ask for it)",
                );
                return;
            }
            (_, Some(query)) => {
                let mut get_position = Some(get_position);
                let then =
                    Closure::<dyn FnMut(JsValue)>::new(move |status: JsValue| match dom::get_str(
                        &status, "state",
                    )
                    .as_deref()
                    {
                        Some("granted") => {
                            if let Some(f) = get_position.take() {
                                f();
                            }
                        }
                        Some("denied") => {
                            with_tag(|t| {
                                t.warn_once(
                                    Warned::GEO,
                                    "location permission is denied; store distance is not used",
                                )
                            });
                        }
                        _ => {}
                    });
                let desc = Obj::new().str("name", "geolocation").into_js();
                match query
                    .call1(&permissions, &desc)
                    .map(|p| p.dyn_into::<js_sys::Promise>())
                {
                    Ok(Ok(p)) => {
                        let _ = p.then2(&then, &rejected);
                    }
                    _ => {
                        self.warn_once(
                            Warned::GEO,
                            "the Permissions API failed; the location is not used",
                        );
                    }
                }
                then
            }
        };
        self.geo_callbacks = Some(GeoCallbacks {
            _then: then,
            _rejected: rejected,
            _ok: ok,
            _err: err,
        });
    }
}

fn on_position(lat: f64, lon: f64) {
    let updated = with_tag(|t| {
        let (lat, lon) = geo::coarsen(lat, lon);
        t.place.position = Some((lat, lon));
        if let Some((i, km)) = geo::nearest(&t.config.stores, lat, lon) {
            t.place.store = Some(i);
            t.place.km = Some(km);
        }
        t.update_store_cues();
    });
    if updated.is_some() {
        refresh();
    }
}

/// "1.2 km" in the page's language (falls back to a plain format).
fn format_km(km: f64, lang: &str) -> String {
    let mut key = String::from("km:");
    key.push_str(lang);
    let formatted = cached(&key, || {
        let opts = Obj::new()
            .str("style", "unit")
            .str("unit", "kilometer")
            .num("maximumFractionDigits", 1.0)
            .into_js();
        let locale = if lang.is_empty() {
            JsValue::UNDEFINED
        } else {
            JsValue::from_str(lang)
        };
        intl("NumberFormat", &locale, opts)
    })
    .ok()
    .and_then(|fmt| {
        let f: Function = get(&fmt, "format").dyn_into().ok()?;
        f.call1(&fmt, &JsValue::from_f64(km)).ok()?.as_string()
    });
    formatted.unwrap_or_else(|| {
        let mut s = String::new();
        crate::json::write_num(&mut s, crate::num::round(km * 10.0) / 10.0);
        s.push_str(" km");
        s
    })
}

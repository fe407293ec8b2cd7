//! Small helpers over js-sys/web-sys used by the rest of the browser layer.

use alloc::string::String;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Logs one `console.warn` line starting with `micromoment: `.
pub fn warn(message: &str) {
    let mut s = String::with_capacity(message.len() + 13);
    s.push_str("micromoment: ");
    s.push_str(message);
    web_sys::console::warn_1(&JsValue::from_str(&s));
}

/// `target[key]`, or `undefined` when reading throws.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    if target.is_undefined() || target.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key]` as a string, when it is one.
pub fn get_str(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}

/// `target[key]` as a number, when it is one.
pub fn get_f64(target: &JsValue, key: &str) -> Option<f64> {
    get(target, key).as_f64()
}

/// `target[key]` as a boolean, when it is one.
pub fn get_bool(target: &JsValue, key: &str) -> Option<bool> {
    get(target, key).as_bool()
}

/// Sets `target[key] = value`, ignoring failures (frozen objects).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A plain object builder.
pub struct Obj(pub Object);

impl Obj {
    /// An empty `{}`.
    pub fn new() -> Obj {
        Obj(Object::new())
    }
    /// Adds a string property.
    pub fn str(self, key: &str, v: &str) -> Obj {
        set(&self.0, key, &JsValue::from_str(v));
        self
    }
    /// Adds a number property (rounded to 4 decimals for readability).
    pub fn num(self, key: &str, v: f64) -> Obj {
        set(&self.0, key, &JsValue::from_f64(round4(v)));
        self
    }
    /// Adds a boolean property.
    pub fn bool(self, key: &str, v: bool) -> Obj {
        set(&self.0, key, &JsValue::from_bool(v));
        self
    }
    /// Adds any value.
    pub fn val(self, key: &str, v: &JsValue) -> Obj {
        set(&self.0, key, v);
        self
    }
    /// Adds a string or `null`.
    pub fn opt_str(self, key: &str, v: Option<&str>) -> Obj {
        let v = v.map_or(JsValue::NULL, JsValue::from_str);
        set(&self.0, key, &v);
        self
    }
    /// The object as a `JsValue`.
    pub fn into_js(self) -> JsValue {
        self.0.into()
    }
}

/// Rounds to 4 decimals; non-finite values become 0.
pub fn round4(v: f64) -> f64 {
    if v.is_finite() {
        crate::num::round(v * 10_000.0) / 10_000.0
    } else {
        0.0
    }
}

/// The window, when there is one.
pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The document, when there is one.
pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// `window.matchMedia(query).matches`, false when unsupported.
pub fn media(query: &str) -> bool {
    window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Current time in ms from `performance.now()` (or 0).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

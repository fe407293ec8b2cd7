//! Converts the page's parsed config (`JSON.parse` output) into the core's
//! JSON value, so the core validates it exactly like the CLI does.

use crate::json::Value;
use alloc::vec::Vec;
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// Deepest nesting converted; deeper values become `null` (the validator
/// then reports them as the wrong type).
const MAX_DEPTH: usize = 32;
/// Most array items or object keys converted per container.
const MAX_ITEMS: u32 = 1000;

/// Converts `v` into a [`Value`]. Functions, symbols and other non-JSON
/// values become `null`.
pub fn to_value(v: &JsValue) -> Value {
    convert(v, 0)
}

fn convert(v: &JsValue, depth: usize) -> Value {
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = v.as_string() {
        return Value::String(s);
    }
    if depth >= MAX_DEPTH || !v.is_object() || v.is_function() {
        return Value::Null;
    }
    if Array::is_array(v) {
        let a: &Array = v.unchecked_ref();
        let n = a.length().min(MAX_ITEMS);
        return Value::Array((0..n).map(|i| convert(&a.get(i), depth + 1)).collect());
    }
    let o: &Object = v.unchecked_ref();
    let keys = Object::keys(o);
    let n = keys.length().min(MAX_ITEMS);
    let mut fields = Vec::with_capacity(n as usize);
    for i in 0..n {
        let k = keys.get(i);
        if let Some(name) = k.as_string() {
            let item = js_sys::Reflect::get(o, &k).unwrap_or(JsValue::NULL);
            fields.push((name, convert(&item, depth + 1)));
        }
    }
    Value::Object(fields)
}

//! Slots and templates: shows the content block for the decided moment and
//! keeps the site's default content so every swap can be undone.

use super::dom;
use crate::render;
use alloc::{
    string::{String, ToString},
    vec::Vec,
};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTemplateElement, Node};

/// Attribute naming a slot.
pub const SLOT_ATTR: &str = "data-mm-slot";
/// Marker on the `<template>` that keeps a slot's default content.
const DEFAULT_ATTR: &str = "data-mm-default";
/// Attribute set on a slot naming what it shows now.
pub const SHOWN_ATTR: &str = "data-mm-shown";
/// Attribute set on a slot naming the variant it shows (for CSS and clicks).
pub const VARIANT_ATTR: &str = "data-mm-variant";
/// Most slots handled in one pass; more are left with their default content.
pub const MAX_SLOTS: u32 = 200;

/// What decides which template a slot shows.
pub struct Choice<'a> {
    /// The decided moment's name, or `None` for the default content.
    pub moment: Option<&'a str>,
    /// Device class name (`mobile`, `tablet`, `desktop`, `other`).
    pub device: &'a str,
    /// Nearest store state (`open`, `closing`, `closed`), if known.
    pub store: Option<&'a str>,
    /// Seen before.
    pub returning: bool,
    /// Value of `{{name}}` placeholders.
    pub vars: &'a dyn Fn(&str) -> Option<String>,
    /// A fingerprint of the placeholder values: a template with
    /// placeholders is drawn again when it changes.
    pub vars_sig: u32,
}

/// Result of showing content in one slot.
pub struct Shown {
    /// The slot's name.
    pub slot: String,
    /// `default`, or the chosen template's variant name.
    pub variant: String,
}

/// How specific a `data-mm-when` list is: one point per condition, two for
/// `store-closing`, which implies `store-open`.
fn specificity(when: &str) -> usize {
    when.split_ascii_whitespace()
        .map(|c| if c == "store-closing" { 2 } else { 1 })
        .sum()
}

/// True when every condition of a `data-mm-when` list holds.
fn conditions_hold(when: &str, c: &Choice) -> bool {
    when.split_ascii_whitespace().all(|cond| match cond {
        "mobile" | "tablet" | "desktop" | "other" => cond == c.device,
        "store-open" => matches!(c.store, Some("open" | "closing")),
        "store-closing" => c.store == Some("closing"),
        "store-closed" => c.store == Some("closed"),
        "returning" => c.returning,
        "new" => !c.returning,
        _ => false,
    })
}

/// The templates directly inside `slot`, in document order.
fn templates(slot: &Element) -> Vec<HtmlTemplateElement> {
    let mut out = Vec::new();
    let kids = slot.children();
    for i in 0..kids.length() {
        if let Some(t) = kids
            .item(i)
            .and_then(|e| e.dyn_into::<HtmlTemplateElement>().ok())
        {
            out.push(t);
        }
    }
    out
}

/// Picks the template for `c.moment`: the most specific one whose
/// conditions hold, else one without conditions. Returns it with its index.
fn pick(doc: &Document, slot: &Element, c: &Choice) -> Option<(usize, HtmlTemplateElement)> {
    let moment = c.moment?;
    let mut best: Option<(usize, usize, HtmlTemplateElement)> = None;
    for (i, t) in templates(slot).into_iter().enumerate() {
        if t.get_attribute("data-mm-moment").as_deref() != Some(moment) {
            continue;
        }
        // A template the parser is still filling would show half its content.
        if parser_inside(doc, &t) {
            continue;
        }
        let when = t.get_attribute("data-mm-when").unwrap_or_default();
        if !conditions_hold(&when, c) {
            continue;
        }
        let points = specificity(&when);
        if best.as_ref().is_none_or(|(s, _, _)| points > *s) {
            best = Some((points, i, t));
        }
    }
    best.map(|(_, i, t)| (i, t))
}

/// Child nodes of `slot` that are its current content (not templates).
fn content_nodes(slot: &Element) -> Vec<Node> {
    let mut out = Vec::new();
    let kids = slot.child_nodes();
    for i in 0..kids.length() {
        if let Some(n) = kids.item(i) {
            let is_template = n
                .dyn_ref::<Element>()
                .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("template"));
            if !is_template {
                out.push(n);
            }
        }
    }
    out
}

fn default_holder(slot: &Element) -> Option<HtmlTemplateElement> {
    templates(slot)
        .into_iter()
        .find(|t| t.has_attribute(DEFAULT_ATTR))
}

/// First template child, before which content is inserted.
fn first_template(slot: &Element) -> Option<Node> {
    templates(slot).into_iter().next().map(Into::into)
}

/// The template `slot` should show for `c`, and the key naming it.
fn plan(
    doc: &Document,
    slot: &Element,
    c: &Choice,
) -> (String, Option<(usize, HtmlTemplateElement)>) {
    let picked = pick(doc, slot, c);
    let key = match &picked {
        Some((i, t)) => {
            let mut k = String::from("t");
            push_usize(&mut k, *i);
            if render::has_placeholders(&t.inner_html()) {
                k.push(':');
                push_usize(&mut k, c.vars_sig as usize);
            }
            k
        }
        None => String::from("default"),
    };
    (key, picked)
}

/// True when `slot` would change for `c`.
pub fn needs_change(doc: &Document, slot: &Element, c: &Choice) -> bool {
    let (key, picked) = plan(doc, slot, c);
    differs(slot, &key, picked.is_some())
}

/// True when `slot` shows something other than `key` (a slot showing its
/// default content has no key).
fn differs(slot: &Element, key: &str, picked: bool) -> bool {
    let current = slot.get_attribute(SHOWN_ATTR);
    !(current.as_deref() == Some(key) || (current.is_none() && !picked))
}

/// True when any part of `slot` is inside the viewport.
pub fn in_view(slot: &Element) -> bool {
    let r = slot.get_bounding_client_rect();
    let h = dom::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    r.bottom() > 0.0 && r.top() < h && (r.height() > 0.0 || r.width() > 0.0)
}

/// Shows the right content in `slot` for `c`. Returns what it shows now,
/// or `None` when nothing changed.
pub fn show(doc: &Document, slot: &Element, c: &Choice) -> Option<Shown> {
    let (key, picked) = plan(doc, slot, c);
    if !differs(slot, &key, picked.is_some()) {
        return None;
    }
    let name = slot.get_attribute(SLOT_ATTR).unwrap_or_default();
    match picked {
        None => {
            restore(slot);
            Some(Shown {
                slot: name,
                variant: String::from("default"),
            })
        }
        Some((_, template)) => {
            let fragment = template.content().clone_node_with_deep(true).ok()?;
            fill_placeholders(&fragment, c.vars);
            // Keep the default content the first time; drop earlier swaps.
            let nodes = content_nodes(slot);
            match default_holder(slot) {
                Some(_) => {
                    for n in &nodes {
                        let _ = slot.remove_child(n);
                    }
                }
                None => {
                    let holder = doc
                        .create_element("template")
                        .ok()?
                        .dyn_into::<HtmlTemplateElement>()
                        .ok()?;
                    let _ = holder.set_attribute(DEFAULT_ATTR, "");
                    let content = holder.content();
                    for n in &nodes {
                        let _ = content.append_child(n);
                    }
                    let _ = slot.append_child(&holder);
                }
            }
            let before = first_template(slot);
            let _ = slot.insert_before(&fragment, before.as_ref());
            let variant = template
                .get_attribute("data-mm-variant")
                .filter(|v| !v.is_empty())
                .or_else(|| {
                    template
                        .get_attribute("data-mm-when")
                        .filter(|v| !v.is_empty())
                })
                .or_else(|| c.moment.map(str::to_string))
                .unwrap_or_default();
            let _ = slot.set_attribute(SHOWN_ATTR, &key);
            let _ = slot.set_attribute(VARIANT_ATTR, &variant);
            Some(Shown {
                slot: name,
                variant,
            })
        }
    }
}

/// Forgets what `slot` showed when a framework replaced its children
/// (the kept default content is gone). Returns true when it did.
pub fn reset_if_rerendered(slot: &Element) -> bool {
    if slot.has_attribute(SHOWN_ATTR) && default_holder(slot).is_none() {
        let _ = slot.remove_attribute(SHOWN_ATTR);
        let _ = slot.remove_attribute(VARIANT_ATTR);
        return true;
    }
    false
}

/// Puts the default content back into `slot` (no-op when it shows it).
pub fn restore(slot: &Element) {
    let Some(holder) = default_holder(slot) else {
        let _ = slot.remove_attribute(SHOWN_ATTR);
        let _ = slot.remove_attribute(VARIANT_ATTR);
        return;
    };
    for n in content_nodes(slot) {
        let _ = slot.remove_child(&n);
    }
    let content = holder.content();
    let _ = slot.insert_before(&content, Some(&holder));
    let _ = slot.remove_child(&holder);
    let _ = slot.remove_attribute(SHOWN_ATTR);
    let _ = slot.remove_attribute(VARIANT_ATTR);
}

/// Attribute on a slot whose default content is kept unseen while the
/// parser is still inside it (see [`hold`]).
pub const PENDING_ATTR: &str = "data-mm-pending";

/// True while the document is being parsed and nothing follows `el` in
/// it yet: the parser is still adding `el`'s children (a slot's, or a
/// template's content).
pub fn parser_inside(doc: &Document, el: &Element) -> bool {
    if doc.ready_state() != "loading" {
        return false;
    }
    let mut node: Option<Node> = Some(el.clone().into());
    while let Some(n) = node {
        if n.next_sibling().is_some() {
            return false;
        }
        node = n.parent_node();
    }
    true
}

/// Keeps `slot`'s content unseen (`visibility: hidden`: its box keeps its
/// size, nothing moves) until [`release`].
pub fn hold(slot: &Element) {
    if let Some(el) = slot.dyn_ref::<web_sys::HtmlElement>() {
        if !slot.has_attribute(PENDING_ATTR) {
            let _ = slot.set_attribute(PENDING_ATTR, "");
            let _ = el.style().set_property("visibility", "hidden");
        }
    }
}

/// Shows `slot` again if [`hold`] hid it.
pub fn release(slot: &Element) {
    if slot.has_attribute(PENDING_ATTR) {
        let _ = slot.remove_attribute(PENDING_ATTR);
        if let Some(el) = slot.dyn_ref::<web_sys::HtmlElement>() {
            let _ = el.style().remove_property("visibility");
        }
    }
}

/// Releases every held slot the parser has left.
pub fn release_passed(doc: &Document) {
    for slot in select(doc, "[data-mm-pending]") {
        if !parser_inside(doc, &slot) {
            release(&slot);
        }
    }
}

/// The slots that are new to the tag since the last call, remembering
/// every slot and complete template in `seen`: a slot not seen before, a
/// slot with a template not seen before (the parser adds a slot's children
/// after the slot, and a template's content after the template; a
/// framework may render new templates), and a slot a framework re-rendered
/// ([`reset_if_rerendered`]).
pub fn fresh_slots(doc: &Document, seen: &js_sys::WeakSet) -> Vec<Element> {
    let mut out = Vec::new();
    for slot in all_slots(doc) {
        let mut fresh = !seen.has(&slot);
        seen.add(&slot);
        for t in templates(&slot) {
            // A template still being parsed counts once it is complete.
            if !t.has_attribute(DEFAULT_ATTR) && !seen.has(&t) && !parser_inside(doc, &t) {
                seen.add(&t);
                fresh = true;
            }
        }
        if reset_if_rerendered(&slot) {
            fresh = true;
        }
        if fresh {
            out.push(slot);
        }
    }
    out
}

/// All slots in the document, at most [`MAX_SLOTS`].
pub fn all_slots(doc: &Document) -> Vec<Element> {
    select(doc, "[data-mm-slot]")
}

/// The elements matching `selector`, at most [`MAX_SLOTS`].
fn select(doc: &Document, selector: &str) -> Vec<Element> {
    let mut out = Vec::new();
    if let Ok(list) = doc.query_selector_all(selector) {
        for i in 0..list.length().min(MAX_SLOTS) {
            if let Some(e) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                out.push(e);
            }
        }
    }
    out
}

/// Attributes whose value is a URL: placeholders in them must render to a
/// safe URL, else the attribute is dropped.
fn is_url_attr(name: &str) -> bool {
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

/// Replaces `{{placeholders}}` in text nodes and attributes below `node`,
/// always as text.
fn fill_placeholders(node: &Node, vars: &dyn Fn(&str) -> Option<String>) {
    let kids = node.child_nodes();
    for i in 0..kids.length() {
        let Some(child) = kids.item(i) else { continue };
        match child.node_type() {
            Node::TEXT_NODE => {
                if let Some(text) = child.node_value() {
                    if render::has_placeholders(&text) {
                        child.set_node_value(Some(&render::render(&text, vars)));
                    }
                }
            }
            Node::ELEMENT_NODE => {
                if let Some(el) = child.dyn_ref::<Element>() {
                    fill_attributes(el, vars);
                }
                fill_placeholders(&child, vars);
            }
            _ => {}
        }
    }
    if let Some(t) = node.dyn_ref::<HtmlTemplateElement>() {
        fill_placeholders(&t.content(), vars);
    }
}

fn fill_attributes(el: &Element, vars: &dyn Fn(&str) -> Option<String>) {
    let names = el.get_attribute_names();
    for i in 0..names.length() {
        let Some(name) = names.get(i).as_string() else {
            continue;
        };
        let Some(value) = el.get_attribute(&name) else {
            continue;
        };
        if !render::has_placeholders(&value) {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        // Values in event handlers, inline documents and styles would be
        // code, not text: such attributes never take a placeholder.
        if lower.starts_with("on") || lower == "srcdoc" || lower == "style" {
            let _ = el.remove_attribute(&name);
            continue;
        }
        let out = render::render(&value, vars);
        if is_url_attr(&lower) && !render::safe_url(&out) {
            let _ = el.remove_attribute(&name);
        } else {
            let _ = el.set_attribute(&name, &out);
        }
    }
}

/// Appends the decimal digits of `n`.
pub fn push_usize(out: &mut String, mut n: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(b) = buf.get_mut(i) {
            *b = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.push_str(core::str::from_utf8(buf.get(i..).unwrap_or(&[])).unwrap_or(""));
}

/// Logs a warning for each slot without templates and each template that
/// names a moment the page does not know.
pub fn check_templates(slots: &[Element], known: &dyn Fn(&str) -> bool) {
    for slot in slots {
        let list = templates(slot);
        if list.is_empty() {
            let mut msg = String::from("slot \"");
            msg.push_str(&slot.get_attribute(SLOT_ATTR).unwrap_or_default());
            msg.push_str(
                "\" has no <template data-mm-moment> inside; it keeps its default content",
            );
            dom::warn(&msg);
        }
        for t in list {
            if t.has_attribute(DEFAULT_ATTR) {
                continue;
            }
            let m = t.get_attribute("data-mm-moment").unwrap_or_default();
            if !known(&m) {
                let mut msg = String::from("slot \"");
                msg.push_str(&slot.get_attribute(SLOT_ATTR).unwrap_or_default());
                msg.push_str("\" has a template for the undeclared moment \"");
                msg.push_str(&m);
                msg.push_str("\"; declare it in the config's \"moments\" or fix data-mm-moment");
                dom::warn(&msg);
            }
        }
    }
}

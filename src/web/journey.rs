//! The visitor's journey across pages: pages and queries seen this session,
//! moments decided, the first-touch campaign, returning visitor and the
//! holdout bucket. Kept in sessionStorage/localStorage only where storage
//! is allowed (consent, no Global Privacy Control, no Do Not Track);
//! otherwise in memory only, for this page view.

use super::dom;
use alloc::{string::String, string::ToString, vec::Vec};
use wasm_bindgen::JsValue;
use web_sys::Storage;

/// sessionStorage key of the session record.
pub const SESSION_KEY: &str = "micromoment:session";
/// localStorage key of the visitor record.
pub const VISITOR_KEY: &str = "micromoment:visitor";
/// Most queries remembered per session.
pub const MAX_QUERIES: usize = 5;
/// Most moments remembered per session.
pub const MAX_MOMENTS: usize = 10;
/// Longest stored text value, in bytes.
const MAX_VALUE: usize = 120;
/// Holdout buckets: a visitor's bucket is 0..BUCKETS.
pub const BUCKETS: u32 = 10_000;

/// Journey state for this page view.
pub struct Journey {
    /// Storage may be used.
    pub allowed: bool,
    /// Pages seen this session, this one included.
    pub pages: u32,
    /// Seen before this session.
    pub returning: bool,
    /// First-touch campaign of the session (`source/medium/campaign`).
    pub first_touch: String,
    /// Recent queries of the session, newest last.
    pub queries: Vec<String>,
    /// Moments decided this session, newest last.
    pub moments: Vec<String>,
    /// Holdout bucket, 0 to [`BUCKETS`] − 1.
    pub bucket: u32,
    /// The visitor record in localStorage holds [`Journey::bucket`].
    visitor_saved: bool,
}

/// Why storage is not used, if it is not.
pub fn storage_blocked_by_privacy() -> bool {
    let nav: JsValue = match dom::window() {
        Some(w) => w.navigator().into(),
        None => return true,
    };
    let gpc = dom::get_bool(&nav, "globalPrivacyControl") == Some(true);
    let dnt = dom::get_str(&nav, "doNotTrack").as_deref() == Some("1");
    gpc || dnt
}

/// Opens one storage area; `Err` when the browser blocks it (it throws).
fn area(local: bool) -> Result<Option<Storage>, ()> {
    let w = dom::window().ok_or(())?;
    let s = if local {
        w.local_storage()
    } else {
        w.session_storage()
    };
    s.map_err(|_| ())
}

/// Reads `key` from one storage area; sets `blocked` when the browser
/// blocks the area.
fn read_item(local: bool, key: &str, blocked: &mut bool) -> Option<String> {
    match area(local) {
        Ok(s) => s.and_then(|s| s.get_item(key).ok().flatten()),
        Err(()) => {
            *blocked = true;
            None
        }
    }
}

fn clean(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.len() + c.len_utf8() > MAX_VALUE {
            break;
        }
        out.push(if c == '\n' || c == '\t' { ' ' } else { c });
    }
    out
}

fn push_capped(list: &mut Vec<String>, value: &str, cap: usize) {
    if value.is_empty() || list.last().is_some_and(|l| l == value) {
        return;
    }
    list.push(clean(value));
    if list.len() > cap {
        let extra = list.len() - cap;
        list.drain(..extra);
    }
}

fn random_bucket() -> u32 {
    (js_sys::Math::random() * f64::from(BUCKETS)) as u32 % BUCKETS
}

impl Journey {
    /// Loads the journey (when `allowed`) and counts this page. Returns the
    /// journey and whether storage threw (blocked by the browser).
    pub fn load(allowed: bool, first_touch: &str) -> (Journey, bool) {
        let mut j = Journey {
            allowed,
            pages: 1,
            returning: false,
            first_touch: clean(first_touch),
            queries: Vec::new(),
            moments: Vec::new(),
            bucket: random_bucket(),
            visitor_saved: false,
        };
        if !allowed {
            return (j, false);
        }
        let mut blocked = false;
        let session_record = read_item(false, SESSION_KEY, &mut blocked);
        let mut bucket_from_session = None;
        if let Some(rec) = &session_record {
            let mut lines = rec.split('\n');
            if lines.next() == Some("1") {
                j.pages = lines
                    .next()
                    .and_then(crate::num::parse_u32)
                    .unwrap_or(0)
                    .saturating_add(1);
                if let Some(ft) = lines.next().filter(|f| !f.is_empty()) {
                    j.first_touch = ft.to_string();
                }
                j.queries = split_list(lines.next());
                j.moments = split_list(lines.next());
                bucket_from_session = lines.next().and_then(crate::num::parse_u32);
                j.returning = lines.next() == Some("r");
            }
        }
        match bucket_from_session {
            // Later pages of a session: the session record holds the
            // bucket and whether the visitor is returning, and the visitor
            // record was written on the session's first page. localStorage
            // is not touched (its first use costs milliseconds).
            Some(b) => {
                j.bucket = b;
                j.visitor_saved = b < BUCKETS;
            }
            // The session's first page: the visitor record says whether
            // this browser was here before.
            None => {
                let visitor = read_item(true, VISITOR_KEY, &mut blocked);
                if let Some(bucket) = visitor.as_deref().and_then(parse_visitor) {
                    j.bucket = bucket;
                    j.returning |= session_record.is_none();
                    j.visitor_saved = bucket < BUCKETS;
                }
            }
        }
        j.bucket %= BUCKETS;
        j.save();
        (j, blocked)
    }

    /// Writes the journey to storage (no-op when not allowed): the session
    /// record, and the visitor record unless it is already stored.
    pub fn save(&mut self) {
        if !self.allowed {
            return;
        }
        if let Ok(Some(s)) = area(false) {
            let mut rec = String::from("1\n");
            push_num(&mut rec, self.pages);
            rec.push('\n');
            rec.push_str(&self.first_touch);
            rec.push('\n');
            push_list(&mut rec, &self.queries);
            rec.push('\n');
            push_list(&mut rec, &self.moments);
            rec.push('\n');
            push_num(&mut rec, self.bucket);
            rec.push('\n');
            rec.push_str(if self.returning { "r" } else { "n" });
            let _ = s.set_item(SESSION_KEY, &rec);
        }
        if self.visitor_saved {
            return;
        }
        if let Ok(Some(s)) = area(true) {
            let mut rec = String::from("1\n");
            push_num(&mut rec, self.bucket);
            self.visitor_saved = s.set_item(VISITOR_KEY, &rec).is_ok();
        }
    }

    /// Remembers a query the visitor searched for.
    pub fn note_query(&mut self, q: &str) {
        push_capped(&mut self.queries, q, MAX_QUERIES);
        self.save();
    }

    /// Remembers a decided moment.
    pub fn note_moment(&mut self, m: &str) {
        push_capped(&mut self.moments, m, MAX_MOMENTS);
        self.save();
    }

    /// Turns storage on or off at runtime; off also erases what is stored.
    pub fn set_allowed(&mut self, allowed: bool) {
        if allowed {
            self.allowed = true;
            self.save();
        } else {
            self.forgotten();
            forget();
        }
    }

    /// Storage was erased: keep the journey in memory only, and write
    /// both records again if storage is allowed later.
    pub fn forgotten(&mut self) {
        self.allowed = false;
        self.visitor_saved = false;
    }
}

/// Erases everything the tag stored.
pub fn forget() {
    if let Ok(Some(s)) = area(false) {
        let _ = s.remove_item(SESSION_KEY);
    }
    if let Ok(Some(s)) = area(true) {
        let _ = s.remove_item(VISITOR_KEY);
    }
}

fn parse_visitor(rec: &str) -> Option<u32> {
    let mut lines = rec.split('\n');
    (lines.next() == Some("1")).then_some(())?;
    crate::num::parse_u32(lines.next()?)
}

fn split_list(line: Option<&str>) -> Vec<String> {
    line.unwrap_or("")
        .split('\t')
        .filter(|s| !s.is_empty())
        .take(MAX_MOMENTS)
        .map(clean)
        .collect()
}

fn push_num(out: &mut String, n: u32) {
    super::slots::push_usize(out, n as usize);
}

/// Appends `items` separated by tabs.
fn push_list(out: &mut String, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        out.push_str(item);
    }
}

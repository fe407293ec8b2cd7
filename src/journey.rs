//! The visitor's journey across pages, as stored records: pages and
//! queries seen this session, moments decided, the first-touch campaign,
//! whether the visitor was here before, and the holdout bucket. The
//! browser layer reads and writes the two records
//! (`sessionStorage["micromoment:session"]`,
//! `localStorage["micromoment:visitor"]`) only where storage is allowed;
//! everything about their content is decided here.
//!
//! Session record: `1`, pages, first touch, queries (tab-separated),
//! moments (tab-separated), bucket, `r`/`n` (returning), one per line.
//! Visitor record: `1`, bucket.

use alloc::{string::String, string::ToString, vec::Vec};

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
pub const BUCKETS: u32 = crate::engine::BUCKETS;

/// Journey state for this page view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// The visitor record in storage holds [`Journey::bucket`].
    pub visitor_saved: bool,
}

/// What was read from storage at load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stored<'a> {
    /// The session record, if any.
    pub session: Option<&'a str>,
    /// The visitor record, if any (`None` also when it was not read: later
    /// pages of a session carry the bucket in the session record).
    pub visitor: Option<&'a str>,
}

/// The bucket in a visitor record.
pub fn parse_visitor(rec: &str) -> Option<u32> {
    let mut lines = rec.split('\n');
    (lines.next() == Some("1")).then_some(())?;
    crate::num::parse_u32(lines.next()?)
}

/// The bucket in a session record (later pages of a session read it there
/// and need not open localStorage).
pub fn session_bucket(rec: &str) -> Option<u32> {
    let mut lines = rec.split('\n');
    (lines.next() == Some("1")).then_some(())?;
    lines.nth(4).and_then(crate::num::parse_u32)
}

impl Journey {
    /// The journey of this page view: counts this page on top of what
    /// `stored` holds (when storage is `allowed`). `first_touch` is this
    /// page's campaign and `bucket` the holdout bucket the tag uses now
    /// (from storage, or new).
    pub fn load(allowed: bool, stored: Stored, first_touch: &str, bucket: u32) -> Journey {
        let mut j = Journey {
            allowed,
            pages: 1,
            first_touch: clean(first_touch),
            bucket: bucket % BUCKETS,
            ..Journey::default()
        };
        if !allowed {
            return j;
        }
        let mut from_session = None;
        if let Some(rec) = stored.session {
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
                from_session = lines.next().and_then(crate::num::parse_u32);
                j.returning = lines.next() == Some("r");
            }
        }
        match from_session {
            // Later pages of a session: the visitor record was written on
            // the session's first page.
            Some(b) => j.visitor_saved = b < BUCKETS,
            // The session's first page: a visitor record means this
            // browser was here before.
            None => {
                if stored.visitor.and_then(parse_visitor).is_some() {
                    j.returning |= stored.session.is_none();
                    j.visitor_saved = true;
                }
            }
        }
        j
    }

    /// The session record to write (`None` when storage is not allowed).
    pub fn session_record(&self) -> Option<String> {
        if !self.allowed {
            return None;
        }
        let mut rec = String::from("1\n");
        crate::json::write_uint(&mut rec, self.pages.into());
        rec.push('\n');
        rec.push_str(&self.first_touch);
        rec.push('\n');
        push_list(&mut rec, &self.queries);
        rec.push('\n');
        push_list(&mut rec, &self.moments);
        rec.push('\n');
        crate::json::write_uint(&mut rec, self.bucket.into());
        rec.push('\n');
        rec.push_str(if self.returning { "r" } else { "n" });
        Some(rec)
    }

    /// The visitor record to write, when storage is allowed and it is not
    /// stored yet. The caller calls [`Journey::visitor_written`] once it
    /// is.
    pub fn visitor_record(&self) -> Option<String> {
        if !self.allowed || self.visitor_saved {
            return None;
        }
        let mut rec = String::from("1\n");
        crate::json::write_uint(&mut rec, self.bucket.into());
        Some(rec)
    }

    /// The visitor record was written.
    pub fn visitor_written(&mut self) {
        self.visitor_saved = true;
    }

    /// Remembers a query the visitor searched for.
    pub fn note_query(&mut self, q: &str) {
        push_capped(&mut self.queries, q, MAX_QUERIES);
    }

    /// Remembers a decided moment.
    pub fn note_moment(&mut self, m: &str) {
        push_capped(&mut self.moments, m, MAX_MOMENTS);
    }

    /// Turns storage on or off; off also means what is stored is erased
    /// (the caller removes both records).
    pub fn set_allowed(&mut self, allowed: bool) {
        self.allowed = allowed;
        if !allowed {
            self.visitor_saved = false;
        }
    }
}

/// The campaign that brought the visitor (`source/medium/campaign`), or ""
/// when the URL carries none.
pub fn first_touch(search: &str) -> String {
    let mut out = String::new();
    for (i, key) in ["utm_source", "utm_medium", "utm_campaign"]
        .iter()
        .enumerate()
    {
        let v = crate::arrival::query_param(search, key).unwrap_or_default();
        if i > 0 {
            out.push('/');
        }
        out.push_str(&crate::arrival::clean_text(&v, 40));
    }
    if out.len() == 2 {
        out.clear();
    }
    out
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

fn split_list(line: Option<&str>) -> Vec<String> {
    line.unwrap_or("")
        .split('\t')
        .filter(|s| !s.is_empty())
        .take(MAX_MOMENTS)
        .map(clean)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_counts_pages_and_keeps_its_first_touch() {
        let first = Journey::load(true, Stored::default(), "google/cpc/shoes", 42);
        assert_eq!((first.pages, first.returning), (1, false));
        let rec = first.session_record().unwrap();
        let visitor = first.visitor_record().unwrap();
        assert_eq!(visitor, "1\n42");
        assert_eq!(session_bucket(&rec), Some(42));
        let mut second = Journey::load(
            true,
            Stored {
                session: Some(&rec),
                visitor: None,
            },
            "",
            session_bucket(&rec).unwrap(),
        );
        assert_eq!(second.pages, 2);
        assert_eq!(second.first_touch, "google/cpc/shoes");
        assert_eq!(second.visitor_record(), None);
        second.note_query("trail shoes");
        second.note_query("trail shoes");
        second.note_moment("buy");
        let rec2 = second.session_record().unwrap();
        assert!(rec2.contains("trail shoes\nbuy\n42\nn"), "{rec2:?}");
    }

    #[test]
    fn a_visitor_record_without_a_session_is_a_returning_visitor() {
        let j = Journey::load(
            true,
            Stored {
                session: None,
                visitor: Some("1\n7"),
            },
            "",
            parse_visitor("1\n7").unwrap(),
        );
        assert!(j.returning);
        assert_eq!(j.bucket, 7);
        assert_eq!(j.visitor_record(), None);
    }

    #[test]
    fn nothing_is_written_without_permission_and_bad_records_are_ignored() {
        let j = Journey::load(false, Stored::default(), "a/b/c", 1);
        assert_eq!(j.session_record(), None);
        assert_eq!(j.visitor_record(), None);
        let j = Journey::load(
            true,
            Stored {
                session: Some("garbage\n\n"),
                visitor: Some("2\nx"),
            },
            "",
            3,
        );
        assert_eq!((j.pages, j.returning), (1, false));
        assert_eq!(parse_visitor("1\n99999999999999"), None);
    }

    #[test]
    fn first_touch_reads_the_campaign() {
        assert_eq!(
            first_touch("?utm_source=news&utm_medium=email&utm_campaign=spring"),
            "news/email/spring"
        );
        assert_eq!(first_touch("?q=x"), "");
    }
}

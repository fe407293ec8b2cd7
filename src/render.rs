//! Placeholders in swapped content, and a check for links the content may
//! carry.
//!
//! Syntax: `{{name}}` or `{{name|fallback}}`. A name is one or more of
//! `a-z 0-9 _ .` (spaces around it are allowed: `{{ store.name }}`); the
//! fallback is any text up to `}}` with spaces around it trimmed. Anything
//! else that starts with `{{` is kept literally. The result is plain text:
//! the browser layer inserts it as text, never as HTML.

use alloc::string::String;

/// Longest output [`render`] produces, in bytes.
pub const MAX_OUTPUT: usize = 16 * 1024;

/// Longest text between `{{` and `}}` that can be a placeholder, in bytes.
const MAX_INNER: usize = 256;

/// A placeholder found in a template.
struct Placeholder<'t> {
    /// Byte offset just past the closing `}}`.
    end: usize,
    name: &'t str,
    fallback: &'t str,
}

/// Byte offset of the first doubled `c` (`{{` or `}}`) in `s`.
fn find2(s: &str, c: u8) -> Option<usize> {
    s.as_bytes().windows(2).position(|w| w == [c, c])
}

/// Parses a placeholder that starts at the `{{` at the start of `s`.
fn parse(s: &str) -> Option<Placeholder<'_>> {
    let body = s.strip_prefix("{{")?;
    let mut end = body.len().min(MAX_INNER + 2);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let window = body.get(..end).unwrap_or("");
    let close = find2(window, b'}')?;
    let inner = body.get(..close)?;
    let (name, fallback) = inner.split_once('|').unwrap_or((inner, ""));
    let name = crate::text::trim_spaces(name);
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'.');
    if !valid || find2(fallback, b'{').is_some() {
        return None;
    }
    Some(Placeholder {
        end: close + 4,
        name,
        fallback: crate::text::trim_spaces(fallback),
    })
}

/// Appends as much of `s` as fits in [`MAX_OUTPUT`], cut at a char
/// boundary. Returns false once the output is full.
fn push_bounded(out: &mut String, s: &str) -> bool {
    let room = MAX_OUTPUT.saturating_sub(out.len());
    if s.len() <= room {
        out.push_str(s);
        return true;
    }
    let mut cut = room;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    out.push_str(s.get(..cut).unwrap_or(""));
    false
}

/// Replaces the placeholders in `template` with values from `lookup`.
///
/// `lookup` gets the trimmed name (`store.name`) and returns its value, or
/// `None` when unknown. An unknown or empty value gives the fallback, else
/// `""`. Values are inserted verbatim and never scanned again, so a value
/// holding `{{x}}` or `<script>` stays literal text. Malformed placeholders
/// (`{{`, `{{}}`, `{{Bad Name}}`, no closing `}}`) are kept literally. The
/// output is at most [`MAX_OUTPUT`] bytes, cut at a char boundary.
pub fn render(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len().min(MAX_OUTPUT));
    let mut rest = template;
    while let Some(at) = find2(rest, b'{') {
        let text = rest.get(..at).unwrap_or("");
        let tail = rest.get(at..).unwrap_or("");
        if !push_bounded(&mut out, text) {
            return out;
        }
        match parse(tail) {
            Some(p) => {
                let value = lookup(p.name).filter(|v| !v.is_empty());
                let ok = match &value {
                    Some(v) => push_bounded(&mut out, v),
                    None => push_bounded(&mut out, p.fallback),
                };
                if !ok {
                    return out;
                }
                rest = tail.get(p.end..).unwrap_or("");
            }
            None => {
                // Keep one brace and look again from the next one, so that
                // `{{{name}}}` still finds `{{name}}`.
                if !push_bounded(&mut out, "{") {
                    return out;
                }
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    push_bounded(&mut out, rest);
    out
}

/// True when `s` holds at least one well-formed placeholder.
pub fn has_placeholders(s: &str) -> bool {
    let mut rest = s;
    while let Some(at) = find2(rest, b'{') {
        let tail = rest.get(at..).unwrap_or("");
        if parse(tail).is_some() {
            return true;
        }
        rest = tail.get(1..).unwrap_or("");
    }
    false
}

/// True when `url` is safe to put in an `href`: `http:`, `https:`, `tel:`,
/// `mailto:` (any case), or a relative URL.
///
/// Relative URLs include paths, `?query`, `#fragment` and protocol-relative
/// `//host/path` (which resolves to the page's own `http:` or `https:`).
/// As browsers do, leading and trailing spaces and control characters are
/// ignored and tabs and newlines are removed anywhere before the scheme is
/// read, so `java\tscript:` is still `javascript:`. A `:` before the first
/// `/`, `?` or `#` makes a scheme; any scheme not listed above (including
/// `javascript:`, `data:`, `vbscript:`, `file:`, `blob:`) is rejected. An
/// empty URL is rejected, and so is a `&` before the first `/` or `?`, so
/// the URL stays safe even if it ever lands in HTML source, where
/// `javascript&#58;` would decode to a scheme.
pub fn safe_url(url: &str) -> bool {
    let url = crate::text::trim_controls(url);
    if url.is_empty() {
        return false;
    }
    // The scheme as the browser reads it: up to the first ':' that comes
    // before any '/', '?' or '#', ignoring tabs and newlines.
    let mut scheme = [0u8; 8];
    let mut len = 0;
    let mut amp = false;
    for c in url.bytes() {
        match c {
            b'\t' | b'\n' | b'\r' => {}
            b'/' | b'?' => return !amp,
            b'#' if !amp => return true,
            b'&' => amp = true,
            b':' => {
                let s = scheme.get(..len).unwrap_or(&[]);
                return !amp
                    && [&b"http"[..], b"https", b"tel", b"mailto"]
                        .iter()
                        .any(|ok| s.eq_ignore_ascii_case(ok));
            }
            _ => {
                // A scheme longer than the buffer matches nothing allowed.
                if let Some(slot) = scheme.get_mut(len) {
                    *slot = c;
                }
                len += 1;
            }
        }
    }
    !amp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_bounds() {
        assert!(parse("{{a}}").is_some_and(|p| p.end == 5 && p.name == "a"));
        assert!(parse("{{ a | b }}x").is_some_and(|p| p.end == 11 && p.fallback == "b"));
        assert!(parse("{{}}").is_none());
        assert!(parse("{{a").is_none());
    }
}

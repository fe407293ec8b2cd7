//! Arrival cues: the landing URL's parameters, the referrer's class and
//! search text, campaign words and the landing page's own words.
//!
//! Host names are compared case-insensitively; [`host_of`] returns a slice
//! of its input and so keeps the original case.

use crate::cues::ReferrerClass;
use alloc::{string::String, vec::Vec};

/// Longest `utm_*` value and [`Arrival::campaign`] text kept, in chars.
pub const MAX_CAMPAIGN_CHARS: usize = 200;

/// Click ids that only a paid click adds to the landing URL.
const CLICK_IDS: &[&str] = &[
    "gclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "fbclid",
    "ttclid",
    "dclid",
    "li_fat_id",
    "twclid",
];

/// `utm_medium` values that mean paid traffic (compared case-insensitively).
const PAID_MEDIUMS: &[&str] = &[
    "cpc",
    "ppc",
    "paid",
    "paidsearch",
    "paid_search",
    "paid-search",
    "paid-social",
    "paid_social",
    "paidsocial",
    "cpm",
    "display",
];

/// Query parameters search engines put the search text in, most common first.
const REFERRER_QUERY_KEYS: &[&str] = &[
    "q",
    "p",
    "text",
    "wd",
    "word",
    "query",
    "search_query",
    "keyword",
    "kw",
];

/// Landing page file extensions dropped from path words.
const PAGE_EXTENSIONS: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "cfm", "cgi", "do", "action",
];

/// Android app referrers (`android-app://<package>/`): package → class.
const APP_PACKAGES: &[(&str, ReferrerClass)] = &[
    ("com.google.android.gm", ReferrerClass::Email),
    ("com.microsoft.office.outlook", ReferrerClass::Email),
    ("com.yahoo.mobile.client.android.mail", ReferrerClass::Email),
    (
        "com.google.android.googlequicksearchbox",
        ReferrerClass::Search,
    ),
    ("com.google.android.apps.maps", ReferrerClass::Maps),
    ("com.facebook.katana", ReferrerClass::Social),
    ("com.facebook.orca", ReferrerClass::Social),
    ("com.instagram.android", ReferrerClass::Social),
    ("com.twitter.android", ReferrerClass::Social),
    ("com.linkedin.android", ReferrerClass::Social),
    ("com.pinterest", ReferrerClass::Social),
    ("com.reddit.frontpage", ReferrerClass::Social),
    ("com.zhiliaoapp.musically", ReferrerClass::Social),
    ("com.ss.android.ugc.trill", ReferrerClass::Social),
    ("com.snapchat.android", ReferrerClass::Social),
    ("com.google.android.youtube", ReferrerClass::Social),
    ("org.telegram.messenger", ReferrerClass::Social),
];

/// Hosts (and their subdomains) of webmail services and mail link wrappers.
const EMAIL_DOMAINS: &[&str] = &[
    "mail.ru",
    "outlook.com",
    "safelinks.protection.outlook.com",
    "urldefense.com",
    "urldefense.proofpoint.com",
    "mimecast.com",
    "fastmail.com",
    "icloud.com",
    "web.de",
    "protonmail.com",
];

/// Hosts (and their subdomains) of maps services.
const MAPS_DOMAINS: &[&str] = &[
    "maps.app.goo.gl",
    "maps.apple.com",
    "waze.com",
    "here.com",
    "mapy.cz",
    "mapy.com",
    "openstreetmap.org",
    "2gis.ru",
];

/// Hosts (and their subdomains) of search engines.
const SEARCH_DOMAINS: &[&str] = &[
    "bing.com",
    "duckduckgo.com",
    "ya.ru",
    "ecosia.org",
    "seznam.cz",
    "search.naver.com",
    "qwant.com",
    "search.brave.com",
    "startpage.com",
    "ask.com",
    "search.aol.com",
    "go.mail.ru",
    "sogou.com",
    "kagi.com",
];

/// Hosts (and their subdomains) of social networks and messengers.
const SOCIAL_DOMAINS: &[&str] = &[
    "facebook.com",
    "fb.com",
    "fb.me",
    "messenger.com",
    "instagram.com",
    "threads.net",
    "threads.com",
    "t.co",
    "twitter.com",
    "x.com",
    "linkedin.com",
    "lnkd.in",
    "pin.it",
    "reddit.com",
    "redd.it",
    "tiktok.com",
    "youtube.com",
    "youtu.be",
    "vk.com",
    "vk.ru",
    "ok.ru",
    "snapchat.com",
    "t.me",
    "telegram.org",
    "telegram.me",
    "whatsapp.com",
    "wa.me",
    "tumblr.com",
    "bsky.app",
    "quora.com",
    "weibo.com",
];

/// What the landing URL and referrer say about how the visitor arrived.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// The visitor's search text, cleaned (may be empty).
    pub query: String,
    /// Where [`Arrival::query`] came from: the on-site search parameter's
    /// name (`q`, `s`, ...), `utm_term`, `referrer`, or `""` when none.
    pub query_source: String,
    /// The visit comes from a paid click (click id or paid `utm_medium`).
    pub paid: bool,
    /// `utm_campaign` and `utm_content` as words (`_ - + .` become spaces).
    pub campaign: String,
    /// `utm_source`, cleaned.
    pub utm_source: String,
    /// `utm_medium`, cleaned.
    pub utm_medium: String,
    /// `utm_campaign`, cleaned.
    pub utm_campaign: String,
    /// `utm_content`, cleaned.
    pub utm_content: String,
    /// `utm_term`, cleaned.
    pub utm_term: String,
    /// The first paid click id present (`gclid`, `msclkid`, ...), or `""`.
    pub click_id: &'static str,
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `s`. With `plus`, `+` becomes a space. Invalid escapes
/// stay as they are; invalid UTF-8 becomes U+FFFD.
fn decode(s: &str, plus: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hi = b.get(i + 1).copied().and_then(hex_val);
            let lo = b.get(i + 2).copied().and_then(hex_val);
            if let (Some(hi), Some(lo)) = (hi, lo) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(if plus && c == b'+' { b' ' } else { c });
        i += 1;
    }
    lossy(&out)
}

/// `bytes` as text, each invalid UTF-8 sequence replaced by one U+FFFD (as
/// `String::from_utf8_lossy` does, in less code).
fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match core::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
                out.push_str(core::str::from_utf8(good).unwrap_or_default());
                out.push('\u{fffd}');
                // `None`: the text ends inside a sequence.
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len());
                bytes = bytes.get(skip..).unwrap_or_default();
            }
        }
    }
}

/// The value of parameter `key` in a query string.
///
/// `search` may start with `?`; anything from `#` on is ignored. Names and
/// values are decoded (`+` is a space, `%XX` a byte; invalid escapes are
/// kept literally and invalid UTF-8 becomes U+FFFD) and the name must then
/// equal `key` exactly. The first occurrence wins, even when empty; a name
/// without `=` has the value `""`.
pub fn query_param(search: &str, key: &str) -> Option<String> {
    let s = search.strip_prefix('?').unwrap_or(search);
    let s = s.split('#').next().unwrap_or("");
    for pair in s.split('&') {
        if pair.is_empty() {
            continue;
        }
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let matches = if k.contains(['%', '+']) {
            decode(k, true) == key
        } else {
            k == key
        };
        if matches {
            return Some(decode(v, true));
        }
    }
    None
}

/// Byte offset of the first `n` in `h` (plain byte search, small code).
fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

fn valid_scheme(s: &str) -> bool {
    let mut b = s.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphabetic())
        && b.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// Splits an absolute (or protocol-relative) URL into scheme, host and
/// what follows the authority. Host is `""` when there is none.
fn split_url(url: &str) -> (&str, &str, &str) {
    let url = crate::text::trim_controls(url);
    let (scheme, rest) = match url.strip_prefix("//") {
        Some(r) => ("", r),
        None => {
            let at = find(url.as_bytes(), b"://");
            let s = at.and_then(|i| url.get(..i)).unwrap_or("");
            match at.and_then(|i| url.get(i + 3..)) {
                Some(r) if valid_scheme(s) => (s, r),
                _ => return ("", "", ""),
            }
        }
    };
    let auth_len = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let auth = rest.get(..auth_len).unwrap_or("");
    let after = rest.get(auth_len..).unwrap_or("");
    let auth = match auth.bytes().rposition(|c| c == b'@') {
        Some(i) => auth.get(i + 1..).unwrap_or(""),
        None => auth,
    };
    let host = if auth.starts_with('[') {
        auth.find(']').and_then(|i| auth.get(..=i)).unwrap_or("")
    } else {
        auth.split(':').next().unwrap_or("")
    };
    (scheme, host.strip_suffix('.').unwrap_or(host), after)
}

/// The host of an absolute or protocol-relative URL, as a slice of `url`.
///
/// Userinfo (`user:pw@`) and the port are left out and one trailing dot is
/// dropped; an IPv6 literal keeps its brackets (`[::1]`), as
/// `location.hostname` does. The case is kept as written: compare hosts
/// with `eq_ignore_ascii_case`. Returns `""` for relative URLs, bare words
/// and empty input.
pub fn host_of(url: &str) -> &str {
    split_url(url).1
}

/// `h` is `d` or a subdomain of it (on a label boundary).
fn in_domain(h: &str, d: &str) -> bool {
    h.strip_suffix(d)
        .is_some_and(|p| p.is_empty() || p.ends_with('.'))
}

fn in_any(h: &str, list: &[&str]) -> bool {
    list.iter().any(|d| in_domain(h, d))
}

/// A public suffix a brand's country sites use: `com`, `net`, `org`, a
/// two-letter country code, or `co.`/`com.`/... plus a country code.
fn brand_suffix(s: &str) -> bool {
    let cc = |x: &str| x.len() == 2 && x.bytes().all(|c| c.is_ascii_lowercase());
    match s.split_once('.') {
        None => cc(s) || matches!(s, "com" | "net" | "org"),
        Some((a, b)) => cc(b) && matches!(a, "co" | "com" | "ac" | "ne" | "or" | "net" | "org"),
    }
}

/// When `h` is `<prefix><brand>.<suffix>` with a brand suffix (see
/// [`brand_suffix`]) and `prefix` empty or ending in a dot, the prefix.
fn brand<'h>(h: &'h str, name: &str) -> Option<&'h str> {
    let mut start = 0;
    loop {
        let tail = h.get(start..)?;
        let suffix = tail.strip_prefix(name).and_then(|t| t.strip_prefix('.'));
        if suffix.is_some_and(brand_suffix) {
            return h.get(..start);
        }
        start += tail.find('.')? + 1;
    }
}

/// `after` (what follows the host) starts with path `/<seg>` as a whole segment.
fn path_starts(after: &str, seg: &str) -> bool {
    after
        .strip_prefix('/')
        .and_then(|p| {
            p.get(..seg.len())
                .filter(|s| s.eq_ignore_ascii_case(seg))
                .map(|_| p)
        })
        .and_then(|p| p.get(seg.len()..))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#', '@']))
}

/// `host` without the port and a leading `www.`.
fn site_key(host: &str) -> &str {
    let host = if find(host.as_bytes(), b"://").is_some() {
        host_of(host)
    } else if host.starts_with('[') {
        host.find(']').and_then(|i| host.get(..=i)).unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or("")
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    match host.get(..4) {
        Some(w) if w.eq_ignore_ascii_case("www.") => host.get(4..).unwrap_or(""),
        _ => host,
    }
}

fn classify_host(h: &str, after: &str) -> ReferrerClass {
    use ReferrerClass::*;
    if let Some((_, class)) = APP_PACKAGES.iter().find(|(p, _)| h == *p) {
        return *class;
    }
    let first = h.split('.').next().unwrap_or("");
    let google = brand(h, "google");
    let yahoo = brand(h, "yahoo");
    let yandex = brand(h, "yandex");
    if in_domain(h, "go.mail.ru") {
        return Search;
    }
    if matches!(first, "mail" | "webmail" | "email" | "outlook")
        || in_any(h, EMAIL_DOMAINS)
        || brand(h, "gmx").is_some()
        || h.split('.').any(|l| l == "zimbra")
        || [yahoo, yandex]
            .iter()
            .flatten()
            .any(|p| p.ends_with("mail."))
    {
        return Email;
    }
    let maps_path = path_starts(after, "maps");
    if in_any(h, MAPS_DOMAINS)
        || (in_domain(h, "goo.gl") && maps_path)
        || (in_domain(h, "bing.com") && maps_path)
        || [google, yandex]
            .iter()
            .flatten()
            .any(|p| maps_path || p.ends_with("maps."))
    {
        return Maps;
    }
    let home = |p: Option<&str>| matches!(p, Some("" | "www." | "m."));
    if home(google)
        || google == Some("images.")
        || yahoo.is_some_and(|p| p == "search." || p.ends_with(".search."))
        || home(yandex)
        || matches!(h, "baidu.com" | "www.baidu.com" | "m.baidu.com")
        || in_any(h, SEARCH_DOMAINS)
    {
        return Search;
    }
    if in_any(h, SOCIAL_DOMAINS) || brand(h, "pinterest").is_some() {
        return Social;
    }
    Other
}

/// Class of a referrer URL, as seen from a page on `page_host`.
///
/// `page_host` is the page's host (`location.hostname` or `location.host`;
/// a port or a full URL is tolerated). Same host, ignoring case and a leading `www.` on either
/// side, is [`ReferrerClass::Internal`]. Empty or unparseable referrers are
/// [`ReferrerClass::Direct`]. Known domains match only on label boundaries,
/// so `evilgoogle.com` and `google.com.evil.net` are not Google. Android app
/// referrers (`android-app://com.google.android.gm/`) are classed by app.
pub fn classify_referrer(referrer: &str, page_host: &str) -> ReferrerClass {
    let (_, host, after) = split_url(referrer);
    if host.is_empty() {
        return ReferrerClass::Direct;
    }
    let page = site_key(page_host);
    if !page.is_empty() && site_key(host).eq_ignore_ascii_case(page) {
        return ReferrerClass::Internal;
    }
    classify_host(&host.to_ascii_lowercase(), after)
}

/// Longest search text taken from a referrer, in chars.
const MAX_REFERRER_QUERY: usize = 200;

/// The search text a search engine, maps or social referrer still carries.
///
/// Looks at `q`, `p` (Yahoo), `text` (Yandex), `wd`/`word` (Baidu),
/// `query`, `search_query` (YouTube), `keyword` and `kw`, in that order,
/// skipping values that are only digits or are URLs (Google's `/url?q=`).
/// Google Maps paths `/maps/search/<text>` and `/maps/place/<name>` count
/// too. Most browsers send only the origin, so this is usually `None`.
pub fn referrer_query(referrer: &str) -> Option<String> {
    use ReferrerClass::*;
    if !matches!(classify_referrer(referrer, ""), Search | Maps | Social) {
        return None;
    }
    let (_, _, after) = split_url(referrer);
    let after = after.split('#').next().unwrap_or("");
    let (path, search) = after.split_once('?').unwrap_or((after, ""));
    for key in REFERRER_QUERY_KEYS {
        if let Some(v) = query_param(search, key) {
            let v = clean_text(&v, MAX_REFERRER_QUERY);
            let url = v.starts_with("http:") || v.starts_with("https:") || v.starts_with('/');
            if !v.is_empty() && !url && !v.bytes().all(|c| c.is_ascii_digit()) {
                return Some(v);
            }
        }
    }
    let mut segs = path.split('/').skip(1);
    if segs.next()? == "maps" && matches!(segs.next()?, "search" | "place") {
        let v = clean_text(&decode(segs.next()?, true), MAX_REFERRER_QUERY);
        if !v.is_empty() && !v.starts_with('@') {
            return Some(v);
        }
    }
    None
}

/// Reads the landing URL's query string (`location.search`) and the
/// referrer.
///
/// The query is the first non-empty of: the site's on-site search
/// parameters `search_params` in order (source = the parameter's name),
/// `utm_term` (source `utm_term`), the referrer's search text (source
/// `referrer`), cleaned with [`clean_text`] to `max_query_chars`. Paid
/// means a click id (`gclid`, `gbraid`, `wbraid`, `msclkid`, `fbclid`,
/// `ttclid`, `dclid`, `li_fat_id`, `twclid`) with a value, or a paid
/// `utm_medium` (`cpc`, `ppc`, `paid`, `paidsearch`, `paid_search`,
/// `paid-social`, `paid_social`, `cpm`, `display`; any case).
pub fn read_arrival(
    page_search: &str,
    referrer: &str,
    search_params: &[&str],
    max_query_chars: usize,
) -> Arrival {
    let utm = |k: &str| {
        query_param(page_search, k)
            .map(|v| clean_text(&v, MAX_CAMPAIGN_CHARS))
            .unwrap_or_default()
    };
    let mut a = Arrival {
        utm_source: utm("utm_source"),
        utm_medium: utm("utm_medium"),
        utm_campaign: utm("utm_campaign"),
        utm_content: utm("utm_content"),
        utm_term: utm("utm_term"),
        ..Arrival::default()
    };
    for p in search_params {
        let q = query_param(page_search, p).map(|v| clean_text(&v, max_query_chars));
        if let Some(q) = q.filter(|q| !q.is_empty()) {
            a.query = q;
            a.query_source = String::from(*p);
            break;
        }
    }
    if a.query.is_empty() {
        let term = clean_text(&a.utm_term, max_query_chars);
        if !term.is_empty() {
            a.query = term;
            a.query_source = String::from("utm_term");
        } else if let Some(q) = referrer_query(referrer) {
            a.query = clean_text(&q, max_query_chars);
            a.query_source = String::from("referrer");
        }
    }
    a.click_id = CLICK_IDS
        .iter()
        .find(|id| query_param(page_search, id).is_some_and(|v| !v.trim().is_empty()))
        .copied()
        .unwrap_or("");
    a.paid = !a.click_id.is_empty()
        || PAID_MEDIUMS
            .iter()
            .any(|m| a.utm_medium.eq_ignore_ascii_case(m));
    let mut words = String::with_capacity(a.utm_campaign.len() + a.utm_content.len() + 1);
    for part in [&a.utm_campaign, &a.utm_content] {
        words.extend(part.chars().map(|c| {
            if matches!(c, '_' | '-' | '+' | '.') {
                ' '
            } else {
                c
            }
        }));
        words.push(' ');
    }
    a.campaign = clean_text(&words, MAX_CAMPAIGN_CHARS);
    a
}

/// Path words that carry no meaning: numbers, hex ids and UUIDs, and codes
/// that are mostly digits (`p12345`).
fn id_like(w: &str) -> bool {
    let len = w.len();
    let digits = w.bytes().filter(u8::is_ascii_digit).count();
    let hexish = w.bytes().all(|c| c.is_ascii_hexdigit() || c == b'-');
    (digits > 0 && digits == len)
        || (hexish && digits > 0 && len >= 8)
        || (len >= 4 && digits * 2 > len)
}

/// The words of a landing page: path segments, then `title`, then `h1`.
///
/// The path (anything from `?` or `#` on is ignored) is percent-decoded
/// and split on `/ - _ . +`; page extensions (`.html`, `.php`, `.aspx`,
/// ...), numbers and id-like segments (hex ids, UUIDs, mostly-digit codes)
/// are dropped. Everything is joined with single spaces and cleaned with
/// [`clean_text`] to `max_chars`.
pub fn page_text(path: &str, title: &str, h1: &str, max_chars: usize) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut words = String::with_capacity(path.len() + title.len() + h1.len() + 2);
    for seg in path.split('/') {
        let seg = decode(seg, false);
        let stem = match seg.rsplit_once('.') {
            Some((stem, ext)) if PAGE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)) => {
                stem
            }
            _ => &seg,
        };
        if id_like(stem) {
            continue;
        }
        for w in stem.split(['-', '_', '.', '+', '/']) {
            if !w.is_empty() && !id_like(w) {
                words.push_str(w);
                words.push(' ');
            }
        }
    }
    for part in [title, h1] {
        words.push(' ');
        words.push_str(part);
    }
    clean_text(&words, max_chars)
}

/// Trims `s`, turns every run of whitespace and control characters (and
/// zero-width spaces) into one space, and keeps at most `max_chars` chars.
pub fn clean_text(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars.saturating_mul(4)));
    let mut n = 0;
    let mut gap = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}' {
            gap = true;
            continue;
        }
        let space = gap && n > 0;
        if n + 1 + usize::from(space) > max_chars {
            break;
        }
        if space {
            out.push(' ');
            n += 1;
        }
        out.push(c);
        n += 1;
        gap = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_matches_std_on_every_short_byte_sequence() {
        // All 1- and 2-byte sequences, and 3-byte ones built from bytes that
        // matter to UTF-8 (ASCII, continuation, lead bytes of each length,
        // never-valid bytes).
        let interesting = [
            0x00, 0x41, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
            0xf4, 0xf5, 0xff,
        ];
        let mut cases: Vec<Vec<u8>> = (0..=255u8).map(|a| vec![a]).collect();
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                cases.push(vec![a, b]);
            }
        }
        for a in interesting {
            for b in interesting {
                for c in interesting {
                    for d in [0x41, 0x80, 0xbf, 0xe2] {
                        cases.push(vec![a, b, c, d]);
                        cases.push(vec![a, b, c]);
                    }
                }
            }
        }
        cases.push(
            "r\u{f8}d \u{1f600} sm\u{f8}rrebr\u{f8}d"
                .as_bytes()
                .to_vec(),
        );
        for case in cases {
            assert_eq!(lossy(&case), String::from_utf8_lossy(&case), "{case:x?}");
        }
    }

    #[test]
    fn brand_needs_a_real_suffix() {
        assert_eq!(brand("www.google.co.uk", "google"), Some("www."));
        assert_eq!(brand("google.com.br", "google"), Some(""));
        assert_eq!(brand("google.com.evil.net", "google"), None);
        assert_eq!(brand("evilgoogle.com", "google"), None);
        assert_eq!(brand("maps.google.de", "google"), Some("maps."));
    }

    #[test]
    fn path_segment_match() {
        assert!(path_starts("/maps/place/x", "maps"));
        assert!(path_starts("/maps", "maps"));
        assert!(path_starts("/Maps?q=1", "maps"));
        assert!(!path_starts("/mapsearch", "maps"));
        assert!(!path_starts("", "maps"));
    }

    #[test]
    fn ids() {
        assert!(id_like("12345"));
        assert!(id_like("3f2a9c1e7b"));
        assert!(id_like("p12345"));
        assert!(!id_like("iphone15"));
        assert!(!id_like("deadbeef"));
        assert!(!id_like("shoes"));
    }
}

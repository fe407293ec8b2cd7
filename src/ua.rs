//! Device class from the User-Agent string, refined by Client Hints, touch
//! points and screen size when the browser offers them.
//!
//! Everything is plain byte-substring search over the UA: no regex, no
//! allocation. Rules run from the most specific to the most general, so a
//! Googlebot with an Android phone UA is still a bot and an iPad UA with a
//! `Mobile/` token is still a tablet.

use crate::cues::Device;

/// What the browser layer can tell about the device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceSignals<'a> {
    /// `navigator.userAgent`.
    pub ua: &'a str,
    /// `navigator.userAgentData.mobile` (low-entropy Client Hint), `None` if absent.
    pub ch_mobile: Option<bool>,
    /// `navigator.userAgentData.platform`, `""` if absent.
    pub ch_platform: &'a str,
    /// `navigator.platform`, `""` if absent.
    pub platform: &'a str,
    /// `navigator.maxTouchPoints`.
    pub max_touch_points: u32,
    /// `min(screen.width, screen.height)` in CSS px, 0 when not known.
    pub screen_width: u32,
}

/// Screens narrower than this (shorter side, CSS px) are phones when the UA
/// leaves the choice between phone and tablet open.
const PHONE_MAX_WIDTH: u32 = 600;

/// Crawlers, previews, test tools and HTTP libraries (matched case-insensitively).
/// The word `bot` is handled separately in [`is_bot`].
const BOTS: &[&str] = &[
    "crawl",
    "spider",
    "slurp",
    "headless",
    "lighthouse",
    "pagespeed",
    "gtmetrix",
    "curl/",
    "wget",
    "python",
    "httpclient",
    "okhttp",
    "go-http",
    "java/",
    "libwww",
    "axios/",
    "node-fetch",
    "scrapy",
    "phantomjs",
    "puppeteer",
    "playwright",
    "externalhit",
    "mediapartners",
    "inspectiontool",
    "feedfetcher",
    "ia_archiver",
    "preview",
    "whatsapp/",
    "postman",
];

/// TVs, set-top boxes, consoles, VR headsets and watches (case-insensitive).
const NOT_PERSONAL: &[&str] = &[
    "smart-tv",
    "smarttv",
    "smart tv",
    "googletv",
    "google tv",
    "android tv",
    "androidtv",
    "appletv",
    "apple tv",
    "tvos",
    "tv safari",
    "roku",
    "bravia",
    "web0s",
    "netcast",
    "hbbtv",
    "crkey",
    "philipstv",
    "vidaa",
    "viera",
    "opera tv",
    "playstation",
    "xbox",
    "nintendo",
    "oculus",
    "; quest",
    "watch",
    "wearable",
];

/// Phone-only platforms and browsers (case-sensitive).
const PHONES: &[&str] = &[
    "iPhone",
    "iPod",
    "BlackBerry",
    "BB10",
    "Opera Mini",
    "Opera Mobi",
    "KAIOS",
    "KaiOS",
    "MIDP",
    "CLDC",
    "UP.Browser",
    "Symbian",
    "Series40",
    "Series60",
    "Nokia",
    "NetFront",
    "Obigo",
    "Fennec",
    "webOS",
    "PalmOS",
];

/// Browsers that only exist on iOS; on a `Macintosh` UA they mean an iPad
/// (or an iPhone) asking for the desktop site.
const IOS_ONLY: &[&str] = &["Mobile/", "CriOS/", "FxiOS/", "EdgiOS/", "GSA/", "OPT/"];

/// Desktop operating systems (case-sensitive).
const DESKTOPS: &[&str] = &[
    "Macintosh",
    "Mac OS X",
    "X11",
    "CrOS",
    "Linux",
    "Ubuntu",
    "FreeBSD",
    "OpenBSD",
    "NetBSD",
    "SunOS",
];

/// True when `h` contains `n` (exact bytes).
fn has(h: &[u8], n: &str) -> bool {
    let n = n.as_bytes();
    !n.is_empty() && h.windows(n.len()).any(|w| w == n)
}

/// True when `h` contains `n`, ignoring ASCII case (`n` is lower-case).
fn has_ci(h: &[u8], n: &str) -> bool {
    let n = n.as_bytes();
    !n.is_empty() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn any(h: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| has(h, n))
}

fn any_ci(h: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| has_ci(h, n))
}

/// Crawler, link preview, headless browser or HTTP library.
fn is_bot(ua: &[u8]) -> bool {
    if any_ci(ua, BOTS) {
        return true;
    }
    // "bot" as the end of a word (Googlebot/, bingbot), but not the phone
    // brand Cubot and not words like "bottom".
    let mut i = 0;
    while let Some(w) = ua.get(i..i + 3) {
        if w.eq_ignore_ascii_case(b"bot") {
            let next_is_letter = ua.get(i + 3).is_some_and(|c| c.is_ascii_alphabetic());
            let cubot = i >= 2
                && ua
                    .get(i - 2..i)
                    .is_some_and(|p| p.eq_ignore_ascii_case(b"cu"));
            if !next_is_letter && !cubot {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Amazon Fire tablet model in an Android UA: `; KF` plus three or more
/// capital letters (`KFTUWI`, `KFMUWI`). Fire TV models start with `AFT`.
fn fire_tablet(ua: &[u8]) -> bool {
    ua.windows(4).enumerate().any(|(i, w)| {
        w == b"; KF"
            && ua
                .get(i + 4..)
                .map(|rest| rest.iter().take_while(|c| c.is_ascii_uppercase()).count() >= 3)
                .unwrap_or(false)
    })
}

/// The UA names a tablet outright (not merely "Android without Mobile").
fn says_tablet(ua: &[u8]) -> bool {
    any(ua, &["iPad", "Tablet", "Kindle", "Silk/", "PlayBook"]) && !has(ua, "Tablet PC")
        || fire_tablet(ua)
}

/// Device class from the User-Agent string alone.
///
/// Bots, TVs, consoles, VR headsets, watches, an empty UA and anything
/// unrecognised are [`Device::Other`]. A `Macintosh` UA is a desktop here;
/// use [`classify_device`] with touch points to catch iPads in desktop mode.
pub fn classify_ua(ua: &str) -> Device {
    let u = ua.trim().as_bytes();
    if u.is_empty() || is_bot(u) || any_ci(u, NOT_PERSONAL) || has(u, "; AFT") {
        return Device::Other;
    }
    if has(u, "iPad") {
        return Device::Tablet;
    }
    if any(
        u,
        &["Windows Phone", "IEMobile", "Windows Mobile", "Windows CE"],
    ) {
        return Device::Mobile;
    }
    if says_tablet(u) && !has(u, "Windows") {
        return Device::Tablet;
    }
    if has(u, "Windows") {
        // Touch laptops and 2-in-1s stay desktops.
        return Device::Desktop;
    }
    if any(u, PHONES) || has_ci(u, "kaios") {
        return Device::Mobile;
    }
    if has(u, "Android") {
        // Phones send "Mobile" (Chrome: "Mobile Safari", Firefox: "; Mobile;");
        // tablets leave it out or say "Tablet".
        return if has(u, "Mobi") && !has(u, "Tablet") {
            Device::Mobile
        } else {
            Device::Tablet
        };
    }
    if has(u, "Macintosh") {
        return if any(u, IOS_ONLY) {
            Device::Tablet
        } else {
            Device::Desktop
        };
    }
    if has(u, "Mobi") {
        return Device::Mobile;
    }
    if any(u, DESKTOPS) {
        return Device::Desktop;
    }
    Device::Other
}

/// A phone or a tablet, judged by the shorter screen side.
fn by_screen(screen_width: u32) -> Device {
    if screen_width > 0 && screen_width < PHONE_MAX_WIDTH {
        Device::Mobile
    } else {
        Device::Tablet
    }
}

/// Device class from every signal the browser offers.
///
/// Starts from [`classify_ua`], then:
/// - Client Hint `mobile: true` → mobile, unless the UA names a tablet;
/// - `mobile: false` on Android → tablet (a phone asking for the desktop
///   site has a short screen side and stays mobile); on a desktop platform
///   → desktop;
/// - `navigator.platform` `iPhone`/`iPad` decides directly;
/// - a `Macintosh` UA with more than one touch point is an iPad (or an
///   iPhone, when the screen is narrow) in desktop mode;
/// - a desktop Linux UA on an ARM platform with touch is an Android device
///   in desktop mode.
///
/// Windows with touch stays a desktop; bots and TVs stay [`Device::Other`].
pub fn classify_device(s: &DeviceSignals) -> Device {
    let u = s.ua.as_bytes();
    let base = classify_ua(s.ua);
    if base == Device::Other {
        return base;
    }
    let touch = s.max_touch_points > 1;
    let android = has(u, "Android") || s.ch_platform.eq_ignore_ascii_case("android");
    match s.ch_mobile {
        Some(true) => {
            return if base == Device::Tablet && says_tablet(u) {
                Device::Tablet
            } else {
                Device::Mobile
            };
        }
        Some(false) => {
            if android {
                return if base == Device::Desktop {
                    by_screen(s.screen_width)
                } else {
                    Device::Tablet
                };
            }
            let p = s.ch_platform.as_bytes();
            if any_ci(
                p,
                &["windows", "macos", "linux", "chrome os", "chromium os"],
            ) {
                return Device::Desktop;
            }
        }
        None => {}
    }
    let p = s.platform.as_bytes();
    if has(p, "iPhone") || has(p, "iPod") {
        return Device::Mobile;
    }
    if has(p, "iPad") {
        return Device::Tablet;
    }
    if base == Device::Desktop && touch {
        if has(u, "Macintosh") {
            return by_screen(s.screen_width);
        }
        let arm = has(p, "arm") || has(p, "aarch64");
        if arm && has(u, "Linux") && !has(u, "CrOS") {
            return by_screen(s.screen_width);
        }
    }
    base
}

/// Names the app whose built-in browser shows the page, from its UA token.
///
/// Returns `facebook`, `messenger`, `instagram`, `threads`, `tiktok`,
/// `snapchat`, `line`, `wechat`, `linkedin`, `pinterest`, `twitter`,
/// `google` (the Google Search app, `GSA/`), `kakaotalk`, `naver`, `weibo`, `reddit`, or
/// `webview` for an unnamed app's web view (Android `; wv)`, or an iOS UA
/// without a `Safari/` token). `None` for ordinary browsers.
pub fn in_app_browser(ua: &str) -> Option<&'static str> {
    const APPS: &[(&str, &str)] = &[
        ("Instagram", "instagram"),
        ("Barcelona", "threads"),
        ("MessengerForiOS", "messenger"),
        ("MessengerLite", "messenger"),
        ("Orca-Android", "messenger"),
        ("FBAN/", "facebook"),
        ("FBAV/", "facebook"),
        ("FB_IAB", "facebook"),
        ("FBIOS", "facebook"),
        ("musical_ly", "tiktok"),
        ("TikTok", "tiktok"),
        ("BytedanceWebview", "tiktok"),
        ("trill_", "tiktok"),
        ("Snapchat", "snapchat"),
        (" Line/", "line"),
        ("MicroMessenger", "wechat"),
        ("LinkedInApp", "linkedin"),
        ("Pinterest", "pinterest"),
        ("Twitter", "twitter"),
        ("GSA/", "google"),
        ("KAKAOTALK", "kakaotalk"),
        ("NAVER(inapp", "naver"),
        ("Weibo", "weibo"),
        ("Reddit/", "reddit"),
    ];
    let u = ua.as_bytes();
    if let Some((_, name)) = APPS.iter().find(|(token, _)| has(u, token)) {
        return Some(name);
    }
    // iOS web views leave out the `Safari/` token that Safari and the
    // other iOS browsers send.
    let ios_view = (has(u, "iPhone") || has(u, "iPad"))
        && has(u, "Mobile/")
        && !any(u, &["Safari/", "CriOS/", "FxiOS/", "EdgiOS/", "OPT/"]);
    if has(u, "; wv)") || ios_view {
        return Some("webview");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubot_phone_is_not_a_bot() {
        let ua = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
        assert_eq!(classify_ua(ua), Device::Mobile);
        assert_eq!(
            classify_ua("Googlebot/2.1 (+http://www.google.com/bot.html)"),
            Device::Other
        );
    }

    #[test]
    fn fire_model_needs_three_capitals() {
        assert!(fire_tablet(b"Android 11; KFTUWI) x"));
        assert!(!fire_tablet(b"Android 11; KF1) x"));
        assert!(!fire_tablet(b"; KF"));
    }
}

//! Device class of the visitor: phone, tablet, desktop or other.
//!
//! In the browser the page's own signals decide first ([`classify_device`]):
//! Client Hints where the browser sends them, then the screen size with
//! touch, pointer and hover. The User-Agent string is the fallback, and the
//! only input of [`classify_ua`] (the CLI, and browsers that offer nothing
//! else).
//!
//! Everything is plain byte search over the UA: no regex, no allocation, no
//! indexing that can panic. The UA rules run from the most specific to the
//! most general, so a Googlebot with an Android phone UA is still a bot and
//! an iPad UA with a `Mobile/` token is still a tablet. `docs/device.md`
//! says which families each rule covers and where the UA alone cannot tell.

use crate::cues::Device;

/// What the browser layer can tell about the device. Every field has a
/// "not known" value, so a browser that offers only the UA still fits.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DeviceSignals<'a> {
    /// `navigator.userAgent`.
    pub ua: &'a str,
    /// `navigator.userAgentData.mobile` (low-entropy Client Hint), `None` if absent.
    pub ch_mobile: Option<bool>,
    /// `navigator.userAgentData.platform`, `""` if absent.
    pub ch_platform: &'a str,
    /// `navigator.platform`, `""` if absent.
    pub platform: &'a str,
    /// `navigator.maxTouchPoints` (0 when absent).
    pub max_touch_points: u32,
    /// `min(screen.width, screen.height)` in CSS px, 0 when not known.
    pub screen_short: u32,
    /// `max(screen.width, screen.height)` in CSS px, 0 when not known.
    pub screen_long: u32,
    /// `matchMedia('(pointer: coarse)').matches`, `None` when not known.
    pub coarse_pointer: Option<bool>,
    /// `matchMedia('(hover: none)').matches`, `None` when not known.
    pub hover_none: Option<bool>,
    /// `devicePixelRatio`, 0 when not known.
    pub dpr: f32,
}

/// Which signal decided the device class (it goes into `explain().cues`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeviceSource {
    /// `navigator.userAgentData.mobile` and `.platform`.
    ClientHints,
    /// Screen size with touch points, pointer and hover.
    Screen,
    /// The User-Agent string (and `navigator.platform`).
    #[default]
    UserAgent,
}

impl DeviceSource {
    /// `client-hints`, `screen` or `user-agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceSource::ClientHints => "client-hints",
            DeviceSource::Screen => "screen",
            DeviceSource::UserAgent => "user-agent",
        }
    }
}

/// The device class and the signal that decided it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeviceReading {
    /// Phone, tablet, desktop or other.
    pub device: Device,
    /// The signal that decided.
    pub by: DeviceSource,
}

/// A touch screen whose shorter side is at least this many CSS px is a
/// tablet; a shorter one is a phone. Android draws its own tablet layouts
/// from the same width (`sw600dp`), and CSS px match Android's dp.
const TABLET_MIN_SHORT: u32 = 600;

// The word lists below are `|`-separated patterns, read by [`pat`]. Marks
// around a word: a leading `~` ignores case (the word is lower-case), `^`
// wants the word at the start of a word of the UA (no letter or digit
// before it), `!` no capital before it, `%` a digit before it; a trailing
// `#` wants a digit or `-` after it, `$` no letter after it, `@` a capital
// after it.

/// Not a person's phone, tablet or computer: crawlers, test tools and
/// HTTP libraries (`bot` ends a word in Googlebot/, bingbot, AdsBot-, and
/// any URL in a UA is a crawler's contact page), consoles, VR headsets,
/// watches and Samsung wearables (`SM-R`), car browsers, TVs and set-top
/// boxes (`TV` as a token of its own: `SmartTV`, `Android TV`, `HbbTV/`,
/// `AppleTV5,3`, but not `STV100`; Fire TV `AFTKA`; Echo Show `AEOBC`), and
/// media players (iPod touch, Galaxy Player, Zune HD, Sonos, FiiO).
const OTHER: &str = "~bot$|://|~crawl|~spider|~slurp|~headless|~lighthouse|~pagespeed|~gtmetrix|\
~mediapartners|~inspectiontool|~preview|~ptst/|~python|~curl/|~wget|~okhttp|~go-http|~java/|~libwww|\
~httpclient|~axios|~fetch|~scrapy|~phantomjs|~puppeteer|~playwright|~playstation|~xbox|~nintendo|\
~ouya|~oculus|Quest|Pico| VR |~watch|~wearable|^SM-R#|Glass |Tesla|~carbrowser|!TV$|~tvos|~roku|\
~crkey|~web0s|~bravia|~netcast|~vidaa|~viera|^AFT@|^AEO@|Nexus Player|Chromecast|iPod|YP-G|ZuneHD|\
~sonos|FiiO";

/// Computers that run Android apps or say they are desktops.
const DESKTOP_FIRST: &str = "CrOS|Chromebook|Chromebox|Pixelbook|Desktop";

/// Tablets and e-readers, named anywhere in the UA (Amazon Fire models are
/// `KF` and capitals: `KFTUWI`).
const TABLETS: &str = "~tablet|iPad|Kindle|Silk/|PlayBook|Kobo|NOOK|PocketBook|^KF@";

/// Tablet models inside the Android comment: a word ending in `Tab` or
/// `Pad` (Galaxy Tab, MatePad, MI PAD 4, but not OPPO's phone `PADM00`);
/// model codes of the big makers: Samsung Galaxy Tab (`SM-T`, `SM-P`,
/// `SM-X`, `GT-P`, Note 8/10.1), Lenovo (`TB-X606F`, `TB128FU`,
/// `YT-X705F`), Huawei MediaPad and MatePad families (and every Huawei or
/// Honor Wi-Fi model, `-W09`: their phones never carry the `W`), Sony
/// Xperia Tablet (`SGP`), OPPO and OnePlus Pad (`OPD`), realme Pad (`RMP`),
/// vivo Pad (`PA2`), Asus ZenPad and MeMO Pad (`P0`, `K0`), LG G Pad (`LG-V`,
/// `VK`, `LM-T`), Motorola Xoom (`MZ6`), Xiaomi and Redmi Pad (`RP` inside a
/// numeric code: `23043RP34G`); and tablet names.
const TABLET_MODELS: &str = "~tab$|~pad$|^SM-T#|^SM-P#|^SM-X#|^GT-P#|^GT-N5#|^GT-N8#|^SCH-I8#|\
^SGH-T8#|^TB#|^YT#|^AGS#|^AGR#|^BAH#|^BTV#|^CMR#|^DBY#|^JDN#|^KOB#|^MRX#|^SCM#|^SHT#|^BG2#|^KRJ#|\
^VRD#|^GOT#|^BTK#|^T1-|^M2-|-W09|-W19|-W29|-W00|-W10|^SGP#|^OPD#|^RMP#|^PA2#|^P0#|^K0#|^LG-V#|^VK#|\
^LM-T#|^MZ6#|%RP|%CRP|%BRP|2105118|2208128|M2105K81|Nexus 7|Nexus 9|Nexus 10|^Pixel C$|Xoom|\
Transformer|Venue|Teclast|iPlay|Nokia T";

/// Phone models, for Android UAs without the `Mobile` token (apps' HTTP
/// clients and web views): Samsung Galaxy S/Note/A/M/Z/J and older,
/// OPPO (`CPH`), realme (`RMX`), Motorola (`XT`), vivo (`V2`), and names.
const PHONE_MODELS: &str = "^SM-G#|^SM-N#|^SM-A#|^SM-S#|^SM-M#|^SM-F#|^SM-J#|^GT-I#|^GT-S#|\
^CPH#|^RMX#|^XT#|^V2#|Pixel|Nexus|Redmi|POCO|moto|Galaxy";

/// Phone-only platforms and browsers, feature phones included.
const PHONES: &str = "iPhone|like Mac OS X|Windows Phone|IEMobile|Windows Mobile|Windows CE|\
BlackBerry|BB10|Opera Mini|Opera Mobi|~kaios|MIDP|CLDC|J2ME|UP.Browser|Symbian|SymbOS|Series40|\
Series60|Nokia|NetFront|Obigo|Teleca|BREW|Bada|Fennec|Maemo|webOS|Palm|SonyEricsson|SAMSUNG-SGH|\
MOT-|DoCoMo";

/// Windows desktops, old and new, and desktop apps that name their
/// platform the way Node does (`win32`).
const WINDOWS: &str = "~windows|~win9|~winnt|~win32|~win64|~win 9x";

/// Browsers that only exist on iOS; on a `Macintosh` UA they mean an iPad
/// (or an iPhone) asking for the desktop site.
const IOS_ONLY: &str = "Mobile/|CriOS/|FxiOS/|EdgiOS/|GSA/|OPT/";

/// Mac desktops, their apps (`darwin` as Node names it) and old Mac OS.
const MACS: &str = "Macintosh|Mac OS|Mac_P|macOS|MacOS|OSX|PowerMac|MacBook|iMac|darwin";

/// Desktop operating systems not caught before.
const DESKTOPS: &str =
    "X11|Linux|Ubuntu|Fedora|BSD|SunOS|Solaris|Haiku|BeOS|OS/2|AmigaOS|RISC OS|IRIX|HP-UX|AIX";

/// Where `n` starts in `h`, from `from` on; `ci` ignores ASCII case (`n`
/// is then lower-case).
fn find(h: &[u8], n: &[u8], from: usize, ci: bool) -> Option<usize> {
    if n.is_empty() {
        return None;
    }
    let mut i = from;
    while let Some(w) = h.get(i..i + n.len()) {
        if if ci {
            w.eq_ignore_ascii_case(n)
        } else {
            w == n
        } {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// True when `h` matches a pattern of the `|`-separated `list` (marks
/// above the lists).
fn pat(h: &[u8], list: &str) -> bool {
    list.as_bytes().split(|&c| c == b'|').any(|p| {
        let mut p = p;
        let mut lead = 0;
        if let Some((&c, rest)) = p.split_first() {
            if matches!(c, b'~' | b'^' | b'!' | b'%') {
                lead = c;
                p = rest;
            }
        }
        let mut tail = 0;
        if let Some((&c, rest)) = p.split_last() {
            if matches!(c, b'#' | b'$' | b'@') {
                tail = c;
                p = rest;
            }
        }
        let mut from = 0;
        while let Some(i) = find(h, p, from, lead == b'~') {
            let prev = i
                .checked_sub(1)
                .and_then(|j| h.get(j))
                .copied()
                .unwrap_or(b' ');
            let next = h.get(i + p.len()).copied().unwrap_or(b' ');
            let before = match lead {
                b'^' => !prev.is_ascii_alphanumeric(),
                b'!' => !prev.is_ascii_uppercase(),
                b'%' => prev.is_ascii_digit(),
                _ => true,
            };
            let after = match tail {
                b'#' => next.is_ascii_digit() || next == b'-',
                b'$' => !next.is_ascii_alphabetic(),
                b'@' => next.is_ascii_uppercase(),
                _ => true,
            };
            if before && after {
                return true;
            }
            from = i + 1;
        }
        false
    })
}

/// The parenthesised comment that holds `Android`, where the model sits,
/// up to the build id (`Build/OPD3.170816.012` is no model code).
fn android_comment(ua: &[u8]) -> &[u8] {
    let Some(i) = find(ua, b"Android", 0, false) else {
        return &[];
    };
    let start = ua
        .get(..i)
        .and_then(|h| h.iter().rposition(|&c| c == b'('))
        .unwrap_or(0);
    let end = find(ua, b")", i, false).unwrap_or(ua.len());
    let c = ua.get(start..end).unwrap_or(&[]);
    c.get(..find(c, b"Build", 0, false).unwrap_or(c.len()))
        .unwrap_or(c)
}

/// Android: TV boxes, Android PCs, tablets and phones.
fn android(u: &[u8]) -> Device {
    let c = android_comment(u);
    let mobile = pat(u, "Mobi");
    if pat(c, "~box") {
        return Device::Other;
    }
    if pat(c, "~x86") && !mobile {
        return Device::Desktop;
    }
    if pat(u, TABLETS) || pat(c, TABLET_MODELS) {
        return Device::Tablet;
    }
    if mobile || pat(u, PHONES) || pat(c, PHONE_MODELS) {
        return Device::Mobile;
    }
    // Android 3 ran on tablets only. Browsers on Android send "Mobile" on
    // phones and leave it out on tablets; apps' own HTTP clients never
    // send it, and most of them run on phones.
    if pat(u, "Android 3.|AppleWebKit|Gecko/") {
        Device::Tablet
    } else {
        Device::Mobile
    }
}

/// Device class from the User-Agent string alone.
///
/// Bots, HTTP libraries, TVs, set-top boxes, consoles, VR headsets,
/// watches, car browsers, media players (iPod touch included), an empty UA
/// and anything unrecognised are [`Device::Other`]. A `Macintosh` UA is a
/// desktop here unless an iOS-only browser token gives the iPad away; use
/// [`classify_device`] with touch points to catch iPads in desktop mode.
pub fn classify_ua(ua: &str) -> Device {
    let u = ua.as_bytes().trim_ascii();
    // A second "(compatible; ...)" comment after the browser's own is a
    // crawler's (Googlebot on a phone UA).
    let appended = match (find(u, b"compatible", 0, false), find(u, b")", 0, false)) {
        (Some(c), Some(p)) => c > p,
        _ => false,
    };
    if u.is_empty() || appended || (pat(u, OTHER) && !pat(u, "~cubot")) {
        return Device::Other;
    }
    if pat(u, DESKTOP_FIRST) {
        return Device::Desktop;
    }
    if pat(u, "iPad") {
        return Device::Tablet;
    }
    if pat(u, "Android") {
        return android(u);
    }
    if pat(u, PHONES) {
        return Device::Mobile;
    }
    if pat(u, WINDOWS) {
        // Touch laptops and 2-in-1s (`Touch`, `Tablet PC`) stay desktops.
        return Device::Desktop;
    }
    if pat(u, TABLETS) || (pat(u, "Macintosh") && pat(u, IOS_ONLY)) {
        return Device::Tablet;
    }
    if pat(u, MACS) {
        return Device::Desktop;
    }
    if pat(u, "Darwin/") {
        // Apps' own HTTP client (CFNetwork): macOS names its processor.
        return if pat(u, "x86_64|i386|arm64|Mac") {
            Device::Desktop
        } else {
            Device::Mobile
        };
    }
    if pat(u, "Mobi|iOS") {
        return Device::Mobile;
    }
    if pat(u, DESKTOPS) {
        return Device::Desktop;
    }
    Device::Other
}

/// Device class from every signal the browser offers, and which one decided.
///
/// In order:
/// 1. a UA that names a bot, TV, console, headset, watch, car or media
///    player (or none at all) gives [`Device::Other`], whatever else the
///    page sees;
/// 2. `navigator.platform` `iPhone`/`iPod`/`iPad` names the device;
/// 3. Client Hints: `mobile: true` is a phone, unless the touch screen's
///    shorter side is ≥ 600 CSS px (a tablet whose browser says mobile);
///    `mobile: false` on Android is a tablet (a phone-sized touch screen:
///    a phone asking for the desktop site; no touch at all: an Android PC,
///    or a TV box when nothing can hover); `mobile: false` on a desktop
///    platform is a desktop;
/// 4. a phone, tablet or desktop-mode iPad/Android UA with touch: the
///    shorter screen side decides (≥ 600 CSS px tablet, else phone);
/// 5. otherwise the UA ([`classify_ua`]).
///
/// Windows, ChromeOS and x86 Linux stay desktops with touch: touch
/// laptops and 2-in-1s cannot be told from a tablet in use.
pub fn classify_device(s: &DeviceSignals) -> DeviceReading {
    use Device::{Desktop, Mobile, Other, Tablet};
    use DeviceSource::{ClientHints, Screen, UserAgent};
    let read = |device, by| DeviceReading { device, by };
    let u = s.ua.as_bytes();
    let base = classify_ua(s.ua);
    if base == Other {
        return read(Other, UserAgent);
    }
    let p = s.platform.as_bytes();
    if pat(p, "iPhone|iPod") {
        return read(Mobile, UserAgent);
    }
    if pat(p, "iPad") {
        return read(Tablet, UserAgent);
    }
    let touch = s.max_touch_points > 0 || s.coarse_pointer == Some(true);
    let short = s.screen_short;
    let by_screen = if short >= TABLET_MIN_SHORT {
        Tablet
    } else {
        Mobile
    };
    let chp = s.ch_platform.as_bytes();
    let android = pat(u, "Android") || chp.eq_ignore_ascii_case(b"android");
    // No touch, no pointer that can hover: a TV or set-top box.
    let remote = !touch && s.coarse_pointer == Some(false) && s.hover_none == Some(true);
    match s.ch_mobile {
        Some(true) => {
            return if touch && short >= TABLET_MIN_SHORT {
                read(Tablet, Screen)
            } else if short == 0 && base == Tablet {
                read(Tablet, UserAgent)
            } else {
                read(Mobile, ClientHints)
            };
        }
        Some(false) if android => {
            return if touch && short > 0 {
                read(by_screen, Screen)
            } else if touch {
                read(Tablet, ClientHints)
            } else if remote {
                read(Other, Screen)
            } else {
                read(Desktop, ClientHints)
            };
        }
        Some(false) if !chp.is_empty() => {
            // A phone asking for the desktop site may name Linux.
            return if touch && short > 0 && short < TABLET_MIN_SHORT && pat(chp, "Linux") {
                read(Mobile, Screen)
            } else {
                read(Desktop, ClientHints)
            };
        }
        _ => {}
    }
    // A desktop UA from an iPad (Macintosh with touch points: Macs have
    // none) or from an Android device (Linux on ARM with touch).
    let desktop_mode = base == Desktop
        && ((pat(u, "Macintosh") && s.max_touch_points > 1)
            || (touch
                && pat(u, "Linux")
                && !pat(u, "CrOS")
                && (android || pat(p, "arm|aarch64"))
                && s.coarse_pointer != Some(false)));
    if (base == Mobile || base == Tablet || desktop_mode) && touch {
        if short > 0 {
            return read(by_screen, Screen);
        }
        if desktop_mode {
            return read(Tablet, Screen);
        }
    }
    if base == Tablet && android && remote {
        return read(Other, Screen);
    }
    read(base, UserAgent)
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
    if let Some((_, name)) = APPS.iter().find(|(token, _)| pat(u, token)) {
        return Some(name);
    }
    // iOS web views leave out the `Safari/` token that Safari and the
    // other iOS browsers send.
    let ios_view =
        pat(u, "iPhone|iPad") && pat(u, "Mobile/") && !pat(u, "Safari/|CriOS/|FxiOS/|EdgiOS/|OPT/");
    if pat(u, "; wv)") || ios_view {
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
    fn pattern_marks() {
        // `^` word start, `#` digit or dash after.
        assert!(pat(b"; SM-T870)", TABLET_MODELS));
        assert!(pat(b"; TB-X606F)", TABLET_MODELS));
        assert!(pat(b"; TB128FU)", TABLET_MODELS));
        assert!(!pat(b"; XSM-T870)", "^SM-T#"));
        assert!(!pat(b"; SM-TX)", "^SM-T#"));
        assert!(!pat(b"SM-T", "^SM-T#"));
        assert!(!pat(b"; M2101K6G)", TABLET_MODELS));
        assert!(pat(b"; M2-A01L)", TABLET_MODELS));
        // `~` any case, `$` no letter after.
        assert!(pat(b"Galaxy Tab S9", "~tab$"));
        assert!(pat(b"MI PAD 4", "~pad$"));
        assert!(pat(b"MatePad", "~pad$"));
        assert!(!pat(b"PADM00", "~pad$"));
        assert!(!pat(b"Portable", "~tab$"));
        // `!` no capital before.
        assert!(pat(b"SmartTV", "!TV$"));
        assert!(pat(b"(TV; rv:44.0)", "!TV$"));
        assert!(pat(b"AppleTV5,3/9.1.1", "!TV$"));
        assert!(!pat(b"STV100-1", "!TV$"));
        assert!(!pat(b"TVision", "!TV$"));
        // `@` a capital after, `%` a digit before.
        assert!(pat(b"; KFTUWI)", "^KF@"));
        assert!(!pat(b"; KF1)", "^KF@"));
        assert!(pat(b"; 23043RP34G)", "%RP"));
        assert!(pat(b"; 2405CRPFDG)", "%CRP"));
        assert!(!pat(b"; SHARP)", "%RP"));
        // Marks alone and empty words match nothing.
        assert!(!pat(b"abc", "~|^|#|"));
    }
}

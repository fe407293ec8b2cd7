//! The cue values the model reads. Plain data: the browser layer and the CLI
//! fill a [`Cues`], the model turns it into scores. Nothing here touches the
//! browser.

use alloc::{string::String, string::ToString, vec::Vec};

/// Device class of the visitor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Device {
    /// A phone.
    Mobile,
    /// A tablet (iPad, Android tablet, Kindle, ...).
    Tablet,
    /// A desktop or laptop computer.
    Desktop,
    /// Anything else: TV, console, wearable, bot, or not known.
    #[default]
    Other,
}

impl Device {
    /// The lower-case name used in the CLI, `explain()` and `data-mm-when`.
    pub fn as_str(self) -> &'static str {
        match self {
            Device::Mobile => "mobile",
            Device::Tablet => "tablet",
            Device::Desktop => "desktop",
            Device::Other => "other",
        }
    }

    /// Parses a name produced by [`Device::as_str`] (also accepts `phone`).
    pub fn parse(s: &str) -> Option<Device> {
        match s {
            "mobile" | "phone" => Some(Device::Mobile),
            "tablet" => Some(Device::Tablet),
            "desktop" => Some(Device::Desktop),
            "other" => Some(Device::Other),
            _ => None,
        }
    }
}

/// Where the visitor came from, judged by the referrer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReferrerClass {
    /// No referrer (typed URL, bookmark, app, or stripped by policy).
    #[default]
    Direct,
    /// A web search engine.
    Search,
    /// A maps service (Google Maps, Apple Maps, Yandex Maps, ...).
    Maps,
    /// A social network.
    Social,
    /// Webmail or an e-mail client's link wrapper.
    Email,
    /// Another page of the same site.
    Internal,
    /// Any other site.
    Other,
}

impl ReferrerClass {
    /// The lower-case name used in `explain()` and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferrerClass::Direct => "direct",
            ReferrerClass::Search => "search",
            ReferrerClass::Maps => "maps",
            ReferrerClass::Social => "social",
            ReferrerClass::Email => "email",
            ReferrerClass::Internal => "internal",
            ReferrerClass::Other => "other",
        }
    }

    /// Parses a name produced by [`ReferrerClass::as_str`].
    pub fn parse(s: &str) -> Option<ReferrerClass> {
        Some(match s {
            "direct" => ReferrerClass::Direct,
            "search" => ReferrerClass::Search,
            "maps" => ReferrerClass::Maps,
            "social" => ReferrerClass::Social,
            "email" => ReferrerClass::Email,
            "internal" => ReferrerClass::Internal,
            "other" => ReferrerClass::Other,
            _ => return None,
        })
    }
}

/// Opening state of the nearest store at the visitor's current time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreState {
    /// Open, and not closing within the next 60 minutes.
    Open,
    /// Open, but closes within 60 minutes.
    Closing,
    /// Closed now.
    Closed,
}

impl StoreState {
    /// `open`, `closing` or `closed`.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreState::Open => "open",
            StoreState::Closing => "closing",
            StoreState::Closed => "closed",
        }
    }
}

/// Everything the model may read about the current visit.
///
/// Every field has a neutral default, so a sensor that cannot measure its
/// cue simply leaves it alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cues {
    // --- device ---
    /// Device class, from Client Hints, the screen or the User-Agent string.
    pub device: Device,
    /// Which signal decided [`Cues::device`]: `client-hints`, `screen`,
    /// `user-agent`, or `site` (`setCue`); `""` when not read.
    pub device_by: &'static str,
    /// `(pointer: coarse)` matches: touch is the primary input.
    pub coarse_pointer: bool,
    /// `(hover: none)` matches.
    pub hover_none: bool,
    /// Viewport width in CSS pixels (0 = not known).
    pub viewport_width: u32,
    /// `navigator.connection.saveData` is on.
    pub save_data: bool,
    /// `navigator.connection.effectiveType` is `slow-2g`, `2g` or `3g`.
    pub slow_connection: bool,
    /// Runs as an installed app (`display-mode: standalone`).
    pub standalone: bool,
    /// `prefers-reduced-motion: reduce`.
    pub reduced_motion: bool,

    // --- search and arrival ---
    /// Class of the referrer.
    pub referrer: ReferrerClass,
    /// The visitor's search text (search box, on-site search parameter,
    /// `utm_term` or the referrer's query, in that order of preference).
    pub query: String,
    /// Where [`Cues::query`] came from (`searchbox`, `q`, `utm_term`, `referrer`, ...).
    pub query_source: String,
    /// Arrived through a paid click (`gclid`, `msclkid`, ... or `utm_medium=cpc`).
    pub paid: bool,
    /// Campaign words (`utm_campaign`, `utm_content`), classified weakly.
    pub campaign: String,
    /// Landing page text: path segments, `<title>` and `<h1>`, classified weakly.
    pub page_text: String,
    /// Language of the page or visitor (`da`, `nb`, `ru`, ...), lower-case.
    pub lang: String,

    // --- scroll and engagement ---
    /// Deepest scroll position reached, 0.0 to 1.0 of the document.
    pub scroll_depth: f32,
    /// Smoothed scroll speed in px/s.
    pub scroll_velocity: f32,
    /// Number of scroll direction reversals (back-and-forth reading).
    pub reversals: u32,
    /// Time the page was visible, in milliseconds.
    pub visible_ms: u32,
    /// Time since the last interaction, in milliseconds.
    pub idle_ms: u32,
    /// The end of the main content has been reached.
    pub reached_end: bool,

    // --- location and time ---
    /// Distance to the nearest configured store, in km.
    pub store_km: Option<f32>,
    /// Opening state of the nearest store.
    pub store_state: Option<StoreState>,
    /// Local hour, 0 to 23.
    pub hour: Option<u8>,
    /// Local weekday, 0 = Monday to 6 = Sunday.
    pub weekday: Option<u8>,
    /// The browser's time zone (`Europe/Copenhagen`), from `Intl`.
    pub timezone: String,
    /// Coarse region: a country code from the visitor's languages
    /// (`da-DK` → `DK`) or set by the site with `setCue("region", …)`.
    pub region: String,

    // --- journey and interaction ---
    /// Seen before on this site (a value was found in localStorage).
    pub returning: bool,
    /// Pages seen in this session, this one included.
    pub pages_seen: u32,
    /// Clicked a `tel:`, `mailto:` or map/directions link.
    pub clicked_go: bool,
    /// Clicked an add-to-cart or checkout element.
    pub clicked_buy: bool,
    /// Started a video.
    pub played_video: bool,

    /// Values the site set with `setCue(name, value)`, in insertion order.
    pub custom: Vec<(String, f64)>,
}

impl Cues {
    /// Sets custom cue `name` to `value`, replacing an earlier value.
    pub fn set_custom(&mut self, name: &str, value: f64) {
        match self.custom.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.custom.push((name.to_string(), value)),
        }
    }
}

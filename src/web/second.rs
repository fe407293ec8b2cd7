//! The second part's exports, loaded after first paint: the full config
//! check, the stores (nearest store, opening state, placeholder values) and
//! the journey records. Its answers go to the first part through the
//! loader (`js/tag-more.js`).

use super::{arg, ret, Local};
use crate::config::{self, Config, DataLayer, Geolocation, Severity};
use crate::journey::{self, Journey, Stored};
use crate::json;
use crate::place::{self, Nearest};
use alloc::string::String;

/// What the second part keeps between calls.
struct More {
    config: Config,
    journey: Journey,
    nearest: Nearest,
}

static MORE: Local<Option<More>> = Local::new(None);

fn with_more<R>(f: impl FnOnce(&mut More) -> R) -> Option<R> {
    MORE.with(|m| m.as_mut().map(f)).flatten()
}

/// Separator of fields in strings that carry lists.
const UNIT: char = '\u{1f}';

/// Checks the config (canonical JSON) and keeps it. Returns `""` when it
/// is fine, else `E` (an error: the tag shows the default content) or `W`
/// (warnings only), then the message to log: every problem with its JSON
/// path, what was found and what was expected.
#[no_mangle]
pub extern "C" fn check(p: usize, n: usize, c: usize) -> usize {
    let config = &arg(p, n, c);
    ret(check_text(config))
}

fn check_text(config: &str) -> String {
    let (c, problems) = if config.trim().is_empty() {
        (Config::default(), alloc::vec::Vec::new())
    } else {
        match json::parse(config) {
            Ok(v) => Config::from_value(&v),
            Err(e) => {
                let mut msg = String::from("Einvalid config, showing default content: ");
                msg.push_str(e.message);
                return msg;
            }
        }
    };
    MORE.with(|m| {
        *m = Some(More {
            config: c,
            journey: Journey::default(),
            nearest: Nearest::default(),
        })
    });
    if problems.is_empty() {
        return String::new();
    }
    let fatal = config::has_errors(&problems);
    let mut msg = String::from(if fatal {
        "Einvalid config, showing default content: "
    } else {
        "Wconfig warnings: "
    });
    for (i, p) in problems.iter().enumerate() {
        if i > 0 {
            msg.push_str("; ");
        }
        msg.push_str(&p.message());
        if !fatal && p.severity == Severity::Error {
            break;
        }
    }
    msg
}

/// True when `name` is a moment of the page (built-in or declared in the
/// config).
#[no_mangle]
pub extern "C" fn known(p: usize, n: usize, c: usize) -> bool {
    let name = arg(p, n, c);
    with_more(|m| m.config.moments().id(&name).is_some()).unwrap_or(false)
}

/// The landing page's words from `path␟title␟h1` (see
/// [`crate::arrival::page_text`]).
#[no_mangle]
pub extern "C" fn page_text(p: usize, n: usize, c: usize) -> usize {
    let page = arg(p, n, c);
    let mut f = page.split(UNIT);
    let [path, title, h1] = [(); 3].map(|_| f.next().unwrap_or(""));
    let max = crate::engine::MAX_PAGE_TEXT;
    let title = crate::arrival::clean_text(title, max);
    let h1 = crate::arrival::clean_text(h1, max);
    ret(crate::arrival::page_text(path, &title, &h1, 2 * max))
}

/// The settings the second part's loader needs, as JSON: `{stores,
/// geolocation, searchSelector, cartSelector, dataLayer, dataLayerName,
/// eventName, debug}`.
#[no_mangle]
pub extern "C" fn settings() -> usize {
    ret(settings_json())
}

fn settings_json() -> String {
    with_more(|m| {
        let c = &m.config;
        let mut s = String::from("{\"stores\":");
        json::write_uint(&mut s, c.stores.len() as u64);
        s.push_str(",\"geolocation\":");
        json::write_str(
            &mut s,
            match c.geolocation {
                Geolocation::Off => "off",
                Geolocation::Granted => "granted",
                Geolocation::Ask => "ask",
            },
        );
        for (k, v) in [
            ("searchSelector", &c.search_selector),
            ("cartSelector", &c.cart_selector),
            ("dataLayerName", &c.data_layer_name),
            ("eventName", &c.event_name),
        ] {
            s.push_str(",\"");
            s.push_str(k);
            s.push_str("\":");
            json::write_str(&mut s, v);
        }
        s.push_str(",\"dataLayer\":");
        s.push_str(match c.data_layer {
            DataLayer::On => "true",
            DataLayer::Off => "false",
            DataLayer::Auto => "\"auto\"",
        });
        s.push_str(",\"debug\":");
        s.push_str(if c.debug { "true" } else { "false" });
        s.push('}');
        s
    })
    .unwrap_or_default()
}

/// The visitor's coarse position (NaN when unknown): picks the store to
/// show.
#[no_mangle]
pub extern "C" fn locate(lat: f64, lon: f64) {
    with_more(|m| {
        let position = (lat.is_finite() && lon.is_finite()).then_some((lat, lon));
        m.nearest = place::nearest(&m.config.stores, position);
    });
}

/// The time zone of the store to show (`""` for none or the visitor's
/// own), so the loader can read the clock there.
#[no_mangle]
pub extern "C" fn zone() -> usize {
    ret(zone_name())
}

fn zone_name() -> String {
    with_more(|m| {
        m.nearest
            .store
            .and_then(|i| m.config.stores.get(i))
            .and_then(|s| s.timezone.clone())
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// Distance to the store to show, km (NaN when unknown).
#[no_mangle]
pub extern "C" fn km() -> f64 {
    with_more(|m| m.nearest.km).flatten().unwrap_or(f64::NAN)
}

/// A distance as plain text (`1.2 km`), when the browser cannot format it.
#[no_mangle]
pub extern "C" fn plain_km(km: f64) -> usize {
    ret(place::plain_km(km))
}

/// The store to show at the store's local `weekday` (0 = Monday) and
/// `minute`: `state␟name␟distance␟hours␟phone␟address␟url␟directions`
/// (state: 0 none, 1 open, 2 closing, 3 closed), for the first part's
/// `store()`; empty when there is no store to show.
#[no_mangle]
pub extern "C" fn place(weekday: u32, minute: u32, p: usize, n: usize, c: usize) -> usize {
    let distance = arg(p, n, c);
    ret(place_text(weekday, minute, &distance))
}

fn place_text(weekday: u32, minute: u32, distance: &str) -> String {
    with_more(|m| {
        let store = m.nearest.store.and_then(|i| m.config.stores.get(i))?;
        let weekday = (weekday % 7) as u8;
        let minute = minute.min(1439) as u16;
        let state = match place::state(store, weekday, minute) {
            None => '0',
            Some(crate::cues::StoreState::Open) => '1',
            Some(crate::cues::StoreState::Closing) => '2',
            Some(crate::cues::StoreState::Closed) => '3',
        };
        let mut s = String::new();
        s.push(state);
        for v in place::vars(store, weekday, distance) {
            s.push(UNIT);
            s.push_str(&v);
        }
        Some(s)
    })
    .flatten()
    .unwrap_or_default()
}

/// Loads the journey from the stored records (`allowed`: storage may be
/// used) and counts this page. `search` is the landing URL's query string
/// (for the first-touch campaign), `bucket` the holdout bucket the first
/// part uses. Returns `pages␟returning(0/1)`.
#[no_mangle]
pub extern "C" fn visit(
    allowed: bool,
    sp: usize,
    sn: usize,
    sc: usize,
    vp: usize,
    vn: usize,
    vc: usize,
    qp: usize,
    qn: usize,
    qc: usize,
    bucket: u32,
) -> usize {
    let session = &arg(sp, sn, sc);
    let visitor = &arg(vp, vn, vc);
    let search = &arg(qp, qn, qc);
    let stored = Stored {
        session: (!session.is_empty()).then_some(session),
        visitor: (!visitor.is_empty()).then_some(visitor),
    };
    let j = Journey::load(allowed, stored, &journey::first_touch(search), bucket);
    let mut out = String::new();
    json::write_uint(&mut out, j.pages.into());
    out.push(UNIT);
    out.push(if j.returning { '1' } else { '0' });
    with_more(|m| m.journey = j);
    ret(out)
}

/// Notes a query (`kind` 0) or a decided moment (`kind` 1) in the journey.
#[no_mangle]
pub extern "C" fn note(kind: u32, p: usize, n: usize, c: usize) {
    let text = &arg(p, n, c);
    with_more(|m| {
        if kind == 0 {
            m.journey.note_query(text);
        } else {
            m.journey.note_moment(text);
        }
    });
}

/// The records to write: `session␟visitor` (a part is empty when there is
/// nothing to write). Call [`written`] once the visitor record is stored.
#[no_mangle]
pub extern "C" fn records() -> usize {
    ret(records_text())
}

fn records_text() -> String {
    with_more(|m| {
        let mut s = m.journey.session_record().unwrap_or_default();
        s.push(UNIT);
        s.push_str(&m.journey.visitor_record().unwrap_or_default());
        s
    })
    .unwrap_or_default()
}

/// The visitor record was stored.
#[no_mangle]
pub extern "C" fn written() {
    with_more(|m| m.journey.visitor_written());
}

/// Storage allowed (`true`) or not from now on.
#[no_mangle]
pub extern "C" fn allow(allowed: bool) {
    with_more(|m| m.journey.set_allowed(allowed));
}

/// `explain().journey` as JSON.
#[no_mangle]
pub extern "C" fn trip() -> usize {
    ret(journey_text())
}

fn journey_text() -> String {
    with_more(|m| {
        let j = &m.journey;
        let list = |items: &[String]| {
            let mut s = String::from("[");
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                json::write_str(&mut s, x);
            }
            s.push(']');
            s
        };
        let mut s = String::from("{\"pagesSeen\":");
        json::write_uint(&mut s, j.pages.into());
        s.push_str(",\"returning\":");
        s.push_str(if j.returning { "true" } else { "false" });
        s.push_str(",\"firstTouch\":");
        json::write_str(&mut s, &j.first_touch);
        s.push_str(",\"queries\":");
        s.push_str(&list(&j.queries));
        s.push_str(",\"moments\":");
        s.push_str(&list(&j.moments));
        s.push_str(",\"stored\":");
        s.push_str(if j.allowed { "true" } else { "false" });
        s.push('}');
        s
    })
    .unwrap_or_default()
}

/// Drops the second part's state.
#[no_mangle]
pub extern "C" fn end() {
    MORE.with(|m| *m = None);
}

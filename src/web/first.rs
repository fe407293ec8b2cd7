//! The first part's exports: everything the first decision needs, and the
//! state every later decision updates. The loader (`js/tag.js`) calls
//! these. A string argument is three numbers (pointer, length, capacity;
//! see [`super::arg`]); a returned string is its length, its bytes at
//! [`super::mm_out`].

use super::{arg, ret, Local};
use crate::cues::StoreState;
use crate::engine::{CueValue, Engine, PageInputs, Pick, StartError, TemplateInfo};
use crate::json;
use crate::lexicon::Lexicon;
use crate::measure::ScrollReading;
use alloc::{string::String, vec::Vec};

/// Languages handed in before the tag starts.
static LANGUAGES: Local<Option<Lexicon>> = Local::new(None);
/// The running tag.
static TAG: Local<Option<Engine>> = Local::new(None);

/// Runs `f` on the running tag; `None` before start, after [`stop`], or
/// on a re-entrant call.
fn with_tag<R>(f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
    TAG.with(|t| t.as_mut().map(f)).flatten()
}

/// Separator of fields in strings that carry lists.
const UNIT: char = '\u{1f}';
/// Separator of records in strings that carry lists.
const RECORD: char = '\u{1e}';

/// The two `␟`-separated URL fields the loader sends after a navigation:
/// `location.search` and `document.referrer`.
fn fields(url: &str) -> (&str, &str) {
    url.split_once(UNIT).unwrap_or((url, ""))
}

/// Adds languages' lexicon data (blobs separated by `␞`), before or after
/// start. False when a blob is malformed (the others are added).
#[no_mangle]
pub extern "C" fn language(p: usize, n: usize, c: usize) -> bool {
    let blobs = arg(p, n, c);
    let list = blobs.split(RECORD).filter(|b| !b.is_empty());
    let running = with_tag(|t| t.deciding.model.lexicon.add_blobs(list.clone()).is_ok());
    match running {
        Some(ok) => ok,
        None => LANGUAGES
            .with(|l| l.get_or_insert_with(Lexicon::empty).add_blobs(list).is_ok())
            .unwrap_or(false),
    }
}

/// Result bit of [`start`]: the tag runs.
pub const RUNNING: u32 = 1;
/// Result bit of [`start`]: the config has an error (the second part's
/// full check reports it).
pub const CONFIG_ERROR: u32 = 2;
/// Result bit of [`start`]: the config asks for a holdout group, so the
/// visitor's stored bucket should be handed in with [`bucket`].
pub const WANTS_BUCKET: u32 = 4;
/// Result bit of [`start`]: the tag was already running.
pub const ALREADY: u32 = 8;

/// Starts the tag: `inputs` is the JSON object of the page's load-time
/// inputs (see [`PageInputs::from_json`]) and `config` the config as
/// canonical JSON (empty for none). Returns [`RUNNING`] and the other
/// result bits.
#[no_mangle]
pub extern "C" fn start(ip: usize, in_: usize, ic: usize, cp: usize, cn: usize, cc: usize) -> u32 {
    let inputs = &arg(ip, in_, ic);
    let config = &arg(cp, cn, cc);
    if with_tag(|_| ()).is_some() {
        return ALREADY;
    }
    let value = json::parse(inputs).unwrap_or(json::Value::Null);
    let page = PageInputs::from_json(&value);
    let lexicon = LANGUAGES.with(Option::take).flatten().unwrap_or_default();
    match Engine::start(config, &page, lexicon) {
        Ok(engine) => {
            let wants = engine.wants_bucket();
            TAG.with(|t| *t = Some(engine));
            RUNNING | if wants { WANTS_BUCKET } else { 0 }
        }
        Err(StartError::Config) => CONFIG_ERROR,
    }
}

/// The visitor's stored records (either may be empty): the holdout bucket
/// they hold replaces the random one.
#[no_mangle]
pub extern "C" fn bucket(sp: usize, sn: usize, sc: usize, vp: usize, vn: usize, vc: usize) {
    let session = &arg(sp, sn, sc);
    let visitor = &arg(vp, vn, vc);
    let stored =
        crate::journey::session_bucket(session).or_else(|| crate::journey::parse_visitor(visitor));
    if let Some(b) = stored {
        with_tag(|t| t.set_bucket(b));
    }
}

/// How long (ms) a slot may stay unseen while its template waits for the
/// second part's data (`prehideMs`).
#[no_mangle]
pub extern "C" fn wait_ms() -> u32 {
    with_tag(|t| t.config.prehide_ms).unwrap_or(0)
}

/// Warnings to log, one per line (empty when none).
#[no_mangle]
pub extern "C" fn warnings() -> usize {
    let mut out = String::new();
    for w in with_tag(Engine::take_warnings).unwrap_or_default() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&w);
    }
    ret(out)
}

/// Re-scores and re-decides at `now` (ms). True when the decided moment
/// differs from the one last announced.
#[no_mangle]
pub extern "C" fn decide(now: f64) -> bool {
    with_tag(|t| t.decide(now)).unwrap_or(false)
}

/// The current decision has been announced.
#[no_mangle]
pub extern "C" fn announce() {
    with_tag(Engine::announce);
}

/// The decided moment's name (empty while undecided).
#[no_mangle]
pub extern "C" fn moment() -> usize {
    ret(with_tag(|t| String::from(t.moment_name().unwrap_or(""))).unwrap_or_default())
}

/// Which of a slot's templates to show. `templates` lists them as
/// `moment␟when␟variant` records separated by `␞`; a template that must not
/// be chosen (still being parsed) has an empty moment. Returns `d` (the
/// default), `h` (the holdout group's default), `w` (wait for data not
/// known yet), or `t<index>␟<variant>`.
#[no_mangle]
pub extern "C" fn pick(p: usize, n: usize, c: usize) -> usize {
    let templates = &arg(p, n, c);
    let records = if templates.is_empty() { "" } else { templates };
    let list: Vec<TemplateInfo> = records
        .split(RECORD)
        .filter(|_| !records.is_empty())
        .map(|rec| {
            let mut f = rec.split(UNIT);
            TemplateInfo {
                moment: f.next().unwrap_or(""),
                when: f.next().unwrap_or(""),
                variant: f.next().unwrap_or(""),
            }
        })
        .collect();
    let pick = with_tag(|t| t.pick(&list)).unwrap_or(Pick::Default);
    ret(match pick {
        Pick::Default => String::from("d"),
        Pick::Holdout => String::from("h"),
        Pick::Wait => String::from("w"),
        Pick::Template(i, variant) => {
            let mut s = String::from("t");
            json::write_uint(&mut s, i as u64);
            s.push(UNIT);
            s.push_str(&variant);
            s
        }
    })
}

/// The key of a slot showing template `index` with content `html` (empty
/// while its placeholders wait for the store data).
#[no_mangle]
pub extern "C" fn key(index: u32, p: usize, n: usize, c: usize) -> usize {
    let html = &arg(p, n, c);
    ret(with_tag(|t| t.template_key(index as usize, html))
        .flatten()
        .unwrap_or_default())
}

/// Text with its placeholders filled.
#[no_mangle]
pub extern "C" fn text(p: usize, n: usize, c: usize) -> usize {
    let s = arg(p, n, c);
    ret(with_tag(|t| t.render_text(&s)).unwrap_or(s))
}

/// An attribute value with its placeholders filled; `undefined` when the
/// attribute must be removed.
#[no_mangle]
pub extern "C" fn attr(np: usize, nn: usize, nc: usize, vp: usize, vn: usize, vc: usize) -> isize {
    let name = &arg(np, nn, nc);
    let value = &arg(vp, vn, vc);
    match with_tag(|t| t.render_attribute(name, value)).flatten() {
        Some(s) => ret(s) as isize,
        None => -1,
    }
}

/// The `detail` of `micromoment:change`, as JSON.
#[no_mangle]
pub extern "C" fn change() -> usize {
    ret(with_tag(|t| t.change_json()).unwrap_or_default())
}

/// `explain()`'s data (without the journey), as JSON; empty when the tag
/// is not running.
#[no_mangle]
pub extern "C" fn explain() -> usize {
    ret(with_tag(|t| t.explain_json()).unwrap_or_default())
}

/// True when a slot in view that would change must wait (the in-view
/// rule).
#[no_mangle]
pub extern "C" fn guard(now: f64) -> bool {
    with_tag(|t| t.guards_view(now)).unwrap_or(false)
}

/// The first decision has been painted (`settled`), and a navigation or
/// `force()` is being applied (`navigating`); `width` is the viewport's
/// width in CSS pixels, read after the first paint (reading it earlier
/// would force a layout before the page's first paint), 0 when unknown.
#[no_mangle]
pub extern "C" fn view(settled: bool, navigating: bool, width: f64) {
    with_tag(|t| {
        t.view.settled |= settled;
        t.view.navigating = navigating;
        if width >= 1.0 {
            t.cues.viewport_width = width as u32;
        }
    });
}

/// Sets a cue: `kind` 0 = number `num`, 1 = boolean (`num` ≠ 0), 2 =
/// string `text`, 3 = anything else. Returns what was expected when the
/// value is refused, else an empty string.
#[no_mangle]
pub extern "C" fn cue(
    np: usize,
    nn: usize,
    nc: usize,
    kind: u32,
    num: f64,
    tp: usize,
    tn: usize,
    tc: usize,
) -> usize {
    let name = &arg(np, nn, nc);
    let text = &arg(tp, tn, tc);
    let value = match kind {
        0 => CueValue::Number(num),
        1 => CueValue::Bool(num != 0.0),
        2 => CueValue::Text(text),
        _ => CueValue::Other,
    };
    ret(match with_tag(|t| t.set_cue(name, value)) {
        Some(Ok(())) => String::new(),
        Some(Err(expected)) => String::from(expected),
        None => String::from("a running tag"),
    })
}

/// Forces a moment (`None` returns to inference). False for a name the
/// page does not know.
#[no_mangle]
pub extern "C" fn force(clear: bool, p: usize, n: usize, c: usize) -> bool {
    let name = arg(p, n, c);
    let name = (!clear).then_some(name.as_str());
    with_tag(|t| t.force(name)).unwrap_or(false)
}

/// The URL changed (an SPA navigation): re-reads the URL cues.
#[no_mangle]
pub extern "C" fn navigate(p: usize, n: usize, c: usize, now: f64) {
    let url = arg(p, n, c);
    let (search, referrer) = fields(&url);
    with_tag(|t| t.navigate(search, referrer, now));
}

/// The site's search box holds `text` (after the visitor paused typing):
/// it becomes the query; an emptied box gives the URL's query back.
#[no_mangle]
pub extern "C" fn searched(tp: usize, tn: usize, tc: usize, p: usize, n: usize, c: usize) {
    let text = &arg(tp, tn, tc);
    let url = arg(p, n, c);
    let (search, referrer) = fields(&url);
    with_tag(|t| t.searched(text, search, referrer));
}

/// The landing page's words, as the second part reads them.
#[no_mangle]
pub extern "C" fn page(p: usize, n: usize, c: usize) {
    let text = arg(p, n, c);
    with_tag(|t| t.set_page_text(&text));
}

/// The language the query is read in (the `lang` cue).
#[no_mangle]
pub extern "C" fn lang() -> usize {
    ret(with_tag(|t| t.cues.lang.clone()).unwrap_or_default())
}

/// The query, for the journey (empty when none).
#[no_mangle]
pub extern "C" fn query() -> usize {
    ret(with_tag(|t| t.cues.query.clone()).unwrap_or_default())
}

/// One scroll reading. True when a scroll feature turned on or off.
#[no_mangle]
pub extern "C" fn scroll(now: f64, y: f64, view: f64, height: f64, main_end_in_view: bool) -> bool {
    let r = ScrollReading {
        now,
        y,
        view,
        height,
        main_end_in_view,
    };
    with_tag(|t| t.scrolled(&r)).unwrap_or(false)
}

/// Starts the scroll and time measures (the second part's sensors).
#[no_mangle]
pub extern "C" fn measure(now: f64, y: f64, visible: bool) {
    with_tag(|t| t.measure.start(now, y, visible));
}

/// A key or pointer input.
#[no_mangle]
pub extern "C" fn input(now: f64) {
    with_tag(|t| t.measure.input(now));
}

/// The page was hidden or shown.
#[no_mangle]
pub extern "C" fn visibility(hidden: bool, now: f64) {
    with_tag(|t| t.measure.visibility(hidden, now));
}

/// Milliseconds until the next timed re-decision (long engagement, or a
/// moment waiting out the hysteresis); −1 when none.
#[no_mangle]
pub extern "C" fn waits(now: f64) -> f64 {
    with_tag(|t| {
        let engaged = t.measure.until_engaged(now);
        let pending = t.pending_until().map(|at| (at - now).max(0.0));
        match (engaged, pending) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => -1.0,
        }
    })
    .unwrap_or(-1.0)
}

/// The journey from storage: pages seen this session, returning visitor.
#[no_mangle]
pub extern "C" fn journey(pages: u32, returning: bool) {
    with_tag(|t| t.set_journey(pages, returning));
}

/// The nearest store: distance in km (NaN when unknown), state (0 none,
/// 1 open, 2 closing, 3 closed) and the `{{store.*}}` values separated by
/// `␟`.
#[no_mangle]
pub extern "C" fn store(km: f64, state: u32, p: usize, n: usize, c: usize) {
    let vars = &arg(p, n, c);
    let state = match state {
        1 => Some(StoreState::Open),
        2 => Some(StoreState::Closing),
        3 => Some(StoreState::Closed),
        _ => None,
    };
    let mut values: [String; 7] = Default::default();
    for (slot, v) in values.iter_mut().zip(vars.split(UNIT)) {
        *slot = String::from(v);
    }
    with_tag(|t| t.set_store(km.is_finite().then_some(km), state, values));
}

/// The browser's time zone, read when `explain()` is first called.
#[no_mangle]
pub extern "C" fn timezone(p: usize, n: usize, c: usize) {
    let zone = arg(p, n, c);
    with_tag(|t| t.cues.timezone = zone);
}

/// What the second part needs to know, as JSON: `{bucket, storage,
/// holdout}`.
#[no_mangle]
pub extern "C" fn state() -> usize {
    ret(with_tag(|t| t.state_json()).unwrap_or_default())
}

/// Stops the tag: its state is dropped.
#[no_mangle]
pub extern "C" fn stop() {
    TAG.with(|t| *t = None);
}

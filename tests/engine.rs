//! The running tag's decisions on the host: the page's inputs, template
//! choice with `data-mm-when`, waiting for the second part's data, the
//! holdout group, placeholders and attribute safety, `setCue` validation,
//! the in-view rule and the event details.

use micromoment::cues::{Device, StoreState};
use micromoment::engine::{CueValue, Engine, PageInputs, Pick, StartError, TemplateInfo};
use micromoment::json::{self, Value};
use micromoment::lexicon::Lexicon;
use micromoment::ua::DeviceSignals;

const DESKTOP: &str =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";

fn inputs<'a>(search: &'a str, ua: &'a str) -> PageInputs<'a> {
    PageInputs {
        search,
        host: "shop.example",
        device: DeviceSignals {
            ua,
            ..DeviceSignals::default()
        },
        html_lang: "en",
        hour: Some(12),
        weekday: Some(2),
        random_bucket: 9_999,
        ..PageInputs::default()
    }
}

fn start(config: &str, search: &str) -> Engine {
    start_with(config, &inputs(search, DESKTOP))
}

fn start_with(config: &str, inputs: &PageInputs) -> Engine {
    match Engine::start(config, inputs, Lexicon::builtin()) {
        Ok(e) => e,
        Err(e) => panic!("start failed: {e:?}"),
    }
}

fn t<'a>(moment: &'a str, when: &'a str) -> TemplateInfo<'a> {
    TemplateInfo {
        moment,
        when,
        variant: "",
    }
}

#[test]
fn the_first_decision_comes_from_the_url() {
    let e = start("", "?utm_term=buy+running+shoes");
    assert_eq!(e.moment_name(), Some("buy"));
    assert_eq!(e.cues.query, "buy running shoes");
    assert_eq!(e.cues.query_source, "utm_term");
    assert_eq!(e.cues.device, Device::Desktop);
    assert_eq!(e.cues.device_by, "user-agent");
    let e = start("", "");
    assert_eq!(e.moment_name(), None, "no cue, no decision");
}

#[test]
fn a_config_error_stops_the_start_and_a_forced_moment_wins() {
    assert!(matches!(
        Engine::start(
            "{\"threshold\": -1}",
            &inputs("", DESKTOP),
            Lexicon::builtin()
        ),
        Err(StartError::Config)
    ));
    assert!(matches!(
        Engine::start("[1", &inputs("", DESKTOP), Lexicon::builtin()),
        Err(StartError::Config)
    ));
    let mut e = start("", "?mm_moment=go&utm_term=buy+shoes");
    assert_eq!(e.moment_name(), Some("go"));
    assert_eq!(e.deciding.decision.confidence, 1.0);
    let mut e2 = start("", "?mm_moment=nope");
    assert_eq!(e2.moment_name(), None);
    assert_eq!(e2.take_warnings().len(), 1);
    assert!(e.take_warnings().is_empty());
}

#[test]
fn the_most_specific_template_whose_conditions_hold_wins() {
    let e = start("", "?utm_term=shoe+store+near+me");
    assert_eq!(e.moment_name(), Some("go"));
    let list = [
        t("buy", ""),
        t("go", ""),
        t("go", "mobile"),
        t("go", "desktop"),
        t("go", "desktop tablet"),
    ];
    assert_eq!(e.pick(&list), Pick::Template(3, "desktop".into()));
    let phone = start_with("", &inputs("?utm_term=shoe+store+near+me", PHONE));
    assert_eq!(phone.pick(&list), Pick::Template(2, "mobile".into()));
    // An unknown condition never holds; no template for the moment: default.
    assert_eq!(e.pick(&[t("go", "sometimes")]), Pick::Default);
    assert_eq!(e.pick(&[t("buy", "")]), Pick::Default);
    // The variant name: data-mm-variant, else data-mm-when, else the moment.
    let named = TemplateInfo {
        moment: "go",
        when: "desktop",
        variant: "visit-b",
    };
    assert_eq!(e.pick(&[named]), Pick::Template(0, "visit-b".into()));
    assert_eq!(e.pick(&[t("go", "")]), Pick::Template(0, "go".into()));
}

#[test]
fn store_and_journey_conditions_wait_for_the_second_part() {
    let config = r#"{"stores":[{"name":"A","lat":55.68,"lon":12.55}]}"#;
    let mut e = start(config, "?utm_term=shoe+store+near+me");
    let list = [t("go", "store-open"), t("go", "")];
    assert_eq!(
        e.pick(&list),
        Pick::Wait,
        "the store's state is not known yet"
    );
    assert_eq!(e.pick(&[t("go", "returning")]), Pick::Wait);
    let vars: [String; 7] = Default::default();
    e.set_store(Some(1.2), Some(StoreState::Closing), vars);
    assert_eq!(e.pick(&list), Pick::Template(0, "store-open".into()));
    assert_eq!(
        e.pick(&[t("go", "store-open"), t("go", "store-closing")]),
        Pick::Template(1, "store-closing".into()),
        "store-closing implies store-open and counts twice"
    );
    e.set_journey(3, true);
    assert_eq!(
        e.pick(&[t("go", "new"), t("go", "returning")]),
        Pick::Template(1, "returning".into())
    );
    // Without stores in the config, store conditions are known at once.
    let plain = start("", "?utm_term=shoe+store+near+me");
    assert_eq!(plain.pick(&list), Pick::Template(1, "go".into()));
}

#[test]
fn the_holdout_group_keeps_the_default_and_is_sticky() {
    let mut i = inputs("?utm_term=buy+running+shoes", DESKTOP);
    i.random_bucket = 100;
    let mut e = start_with(r#"{"holdout": 0.1}"#, &i);
    assert!(e.wants_bucket());
    assert!(e.holdout);
    assert_eq!(e.pick(&[t("buy", "")]), Pick::Holdout);
    // The stored bucket wins over the random one.
    e.set_bucket(5_000);
    assert!(!e.holdout);
    assert_eq!(e.pick(&[t("buy", "")]), Pick::Template(0, "buy".into()));
    // Without consent nothing is read from storage.
    let e = start_with(r#"{"holdout": 0.1, "consent": false}"#, &i);
    assert!(!e.wants_bucket());
}

#[test]
fn placeholders_are_text_and_unsafe_attributes_are_dropped() {
    let mut e = start("", "?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(
        e.render_text("You searched “{{query}}”"),
        "You searched “<script>alert(1)</script>”"
    );
    assert_eq!(e.render_text("{{store.name|our store}}"), "our store");
    assert_eq!(
        e.render_attribute("href", "/search?q=x"),
        Some("/search?q=x".into()),
        "no placeholder, unchanged"
    );
    assert_eq!(e.render_attribute("onclick", "{{query}}"), None);
    assert_eq!(e.render_attribute("style", "color: {{query}}"), None);
    assert!(e
        .set_cue("query", CueValue::Text("javascript:alert(1)"))
        .is_ok());
    assert_eq!(e.render_attribute("HREF", "{{query}}"), None);
    assert!(e
        .set_cue("query", CueValue::Text("https://example.com/x"))
        .is_ok());
    assert_eq!(
        e.render_attribute("href", "{{query}}"),
        Some("https://example.com/x".into())
    );
    assert_eq!(
        e.render_attribute("title", "{{query}}"),
        Some("https://example.com/x".into())
    );
}

#[test]
fn a_template_key_changes_with_the_placeholder_values_and_waits_for_store_values() {
    let config = r#"{"stores":[{"name":"A","lat":55.68,"lon":12.55}]}"#;
    let mut e = start(config, "?utm_term=buy+shoes");
    assert_eq!(e.template_key(2, "<p>plain</p>").as_deref(), Some("t2"));
    let a = e.template_key(2, "<p>{{query}}</p>");
    assert!(a.as_deref().is_some_and(|k| k.starts_with("t2:")));
    assert_eq!(
        e.template_key(2, "<p>{{store.name}}</p>"),
        None,
        "store values not there yet"
    );
    let _ = e.set_cue("query", CueValue::Text("other words"));
    assert_ne!(e.template_key(2, "<p>{{query}}</p>"), a);
    let mut vars: [String; 7] = Default::default();
    vars[0] = "Nørrebro".into();
    e.set_store(None, None, vars);
    assert!(e.template_key(2, "<p>{{store.name}}</p>").is_some());
    assert_eq!(e.render_text("{{store.name}}"), "Nørrebro");
}

#[test]
fn set_cue_checks_every_value_and_changes_nothing_on_a_bad_one() {
    let mut e = start("", "");
    let bad = [
        ("device", CueValue::Text("phablet")),
        ("referrer", CueValue::Number(1.0)),
        ("query", CueValue::Bool(true)),
        ("scrollDepth", CueValue::Number(1.5)),
        ("hour", CueValue::Number(24.0)),
        ("storeKm", CueValue::Number(-1.0)),
        ("pagesSeen", CueValue::Number(-3.0)),
        ("region", CueValue::Text("not a region")),
        ("custom", CueValue::Text("x")),
        ("", CueValue::Number(1.0)),
        ("paid", CueValue::Other),
    ];
    let before = e.cues.clone();
    for (name, value) in bad {
        assert!(e.set_cue(name, value).is_err(), "{name} {value:?}");
    }
    assert_eq!(e.cues, before);
    assert!(e.set_cue("device", CueValue::Text("tablet")).is_ok());
    assert_eq!((e.cues.device, e.cues.device_by), (Device::Tablet, "site"));
    assert!(e.set_cue("loggedIn", CueValue::Bool(true)).is_ok());
    assert_eq!(e.cues.custom, vec![("loggedIn".to_string(), 1.0)]);
    assert!(e.set_cue("region", CueValue::Text("dk")).is_ok());
    assert_eq!(e.cues.region, "DK");
}

#[test]
fn a_site_set_distance_stands_until_the_position_is_known() {
    let config = r#"{"stores":[{"name":"A","lat":55.68,"lon":12.55}]}"#;
    let mut e = start(config, "");
    assert!(e.set_cue("storeKm", CueValue::Number(0.6)).is_ok());
    e.set_store(None, Some(StoreState::Open), Default::default());
    assert_eq!(e.cues.store_km, Some(0.6));
    e.set_store(Some(3.0), Some(StoreState::Open), Default::default());
    assert_eq!(e.cues.store_km, Some(3.0));
}

#[test]
fn the_in_view_rule_holds_after_the_first_paint_except_while_navigating() {
    let mut e = start("", "?utm_term=buy+shoes");
    assert!(
        !e.guards_view(10.0),
        "before the first paint everything may change"
    );
    e.view.settled = true;
    assert!(e.guards_view(10.0));
    e.navigate("?utm_term=how+to+clean+suede", "", 100.0);
    assert!(!e.guards_view(200.0), "right after a navigation");
    assert!(
        e.guards_view(100.0 + 1500.0 + 1001.0),
        "once the new moment had time to settle"
    );
    e.view.navigating = true;
    assert!(!e.guards_view(1e9));
    let swap = start(r#"{"swapInView": true}"#, "");
    let mut swap = swap;
    swap.view.settled = true;
    assert!(!swap.guards_view(10.0));
}

#[test]
fn a_new_moment_takes_over_only_after_the_hysteresis() {
    let mut e = start("", "?utm_term=buy+running+shoes");
    e.announce();
    let _ = e.set_cue("query", CueValue::Text("how to clean suede shoes"));
    assert!(!e.decide(100.0), "the challenger waits");
    assert_eq!(e.moment_name(), Some("buy"));
    let until = e.pending_until();
    assert_eq!(until, Some(100.0 + 1500.0));
    assert!(e.decide(1700.0));
    assert_eq!(e.moment_name(), Some("do"));
}

#[test]
fn the_change_detail_and_explanation_follow_the_contract() {
    let e = start("", "?utm_term=buy+running+shoes&gclid=abc");
    let change = json::parse(&e.change_json()).unwrap_or(Value::Null);
    assert_eq!(change.get("moment").and_then(Value::as_str), Some("buy"));
    let scores = change.get("scores");
    let names: Vec<&str> = match scores {
        Some(Value::Object(m)) => m.iter().map(|(k, _)| k.as_str()).collect(),
        _ => vec![],
    };
    assert_eq!(names, ["know", "go", "do", "buy"]);
    let cues = change.get("cues");
    for key in [
        "device",
        "deviceBy",
        "query",
        "querySource",
        "paid",
        "storeKm",
        "custom",
        "partOfDay",
    ] {
        assert!(cues.and_then(|c| c.get(key)).is_some(), "cues.{key}");
    }
    assert_eq!(cues.and_then(|c| c.get("paid")), Some(&Value::Bool(true)));
    let ex = json::parse(&e.explain_json()).unwrap_or(Value::Null);
    let buy = ex.get("moments").and_then(|m| m.get("buy"));
    let top = buy.and_then(|b| b.get("top"));
    let first = match top {
        Some(Value::Array(items)) => items.first(),
        _ => None,
    };
    assert_eq!(
        first.and_then(|t| t.get("cue")).and_then(Value::as_str),
        Some("query")
    );
    assert_eq!(ex.get("threshold").and_then(Value::as_f64), Some(0.55));
    assert_eq!(ex.get("forced"), Some(&Value::Bool(false)));
    let terms = ex.get("query").and_then(|q| q.get("terms"));
    assert!(matches!(terms, Some(Value::Array(t)) if !t.is_empty()));
}

#[test]
fn page_inputs_are_read_from_json_and_bad_values_stay_at_their_defaults() {
    let text = r#"{"search":"?q=x","ua":"UA","chMobile":true,"touchPoints":5,"screenShort":-3,
        "hour":25,"weekday":3,"bucket":123456,"coarse":true,"dpr":2.5,"privacy":"yes"}"#;
    let v = json::parse(text).unwrap_or(Value::Null);
    let p = PageInputs::from_json(&v);
    assert_eq!(p.search, "?q=x");
    assert_eq!(p.device.ch_mobile, Some(true));
    assert_eq!(p.device.max_touch_points, 5);
    assert_eq!(p.device.screen_short, 0);
    assert_eq!(p.device.coarse_pointer, Some(true));
    assert_eq!(p.device.dpr, 2.5);
    assert_eq!(p.hour, None);
    assert_eq!(p.weekday, Some(3));
    assert!(p.random_bucket < 10_000);
    assert!(!p.privacy);
}

#[test]
fn the_language_comes_from_the_config_then_the_page_then_the_browser() {
    let mut i = inputs("", DESKTOP);
    i.html_lang = "";
    i.languages = "da-DK,en";
    let e = start_with("", &i);
    assert_eq!(e.cues.lang, "da-dk");
    assert_eq!(e.cues.region, "DK");
    i.html_lang = "nb";
    assert_eq!(start_with("", &i).cues.lang, "nb");
    assert_eq!(start_with(r#"{"lang":"it"}"#, &i).cues.lang, "it");
}

use micromoment::config::{
    has_errors, Config, DataLayer, Geolocation, Problem, Severity, DEFAULT_CART_SELECTOR,
    DEFAULT_SEARCH_SELECTOR,
};
use micromoment::geo::parse_day_hours;
use micromoment::json::{self, JsonError, Value};
use micromoment::moment::{BUY, GO, KNOW};

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/configs/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(text: &str) -> (Config, Vec<Problem>) {
    let v = json::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    Config::from_value(&v)
}

/// The single problem a one-field config produces.
fn only_problem(text: &str) -> Problem {
    let (_, p) = read(text);
    assert_eq!(p.len(), 1, "{text}: {:#?}", p);
    p.into_iter().next().unwrap()
}

fn messages(p: &[Problem]) -> Vec<String> {
    p.iter().map(Problem::message).collect()
}

#[test]
fn full_config_reads_every_field() {
    let (c, p) = read(&data("full.json"));
    assert!(p.is_empty(), "{:#?}", messages(&p));
    assert_eq!(c.threshold, 0.6);
    assert_eq!(c.lang.as_deref(), Some("nb-no"));
    assert_eq!(c.custom_moments, ["compare", "support"]);
    let m = c.moments();
    assert_eq!(m.len(), 6);
    let (compare, support) = (m.id("compare").unwrap(), m.id("support").unwrap());

    let terms: Vec<(usize, &str, Vec<&str>)> = c
        .terms
        .iter()
        .map(|t| {
            (
                t.moment,
                t.lang.as_str(),
                t.terms.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            (compare, "en", vec!["vs", "versus", "compare*"]),
            (compare, "*", vec!["sammenlign*"]),
            (BUY, "da", vec!["køb", "tilbud*"]),
            (BUY, "nb-no", vec!["kjøp"]),
            (support, "en", vec!["help", "warranty"]),
        ]
    );
    let weights: Vec<(&str, usize, f64)> = c
        .weights
        .iter()
        .map(|w| (w.feature.as_str(), w.moment, w.value))
        .collect();
    assert_eq!(
        weights,
        [
            ("query", compare, 1.5),
            ("scroll.reversals", compare, 0.8),
            ("device.mobile", GO, 0.9),
            ("device.mobile", compare, -0.2),
            ("custom.loyalty", BUY, 2.0),
        ]
    );
    assert_eq!(
        c.priors,
        [
            (compare, -0.5),
            (support, -1.0),
            (KNOW, 0.25),
            (support, -2.0)
        ]
    );
    assert_eq!((c.hysteresis.margin, c.hysteresis.min_ms), (0.15, 2000));
    assert_eq!(c.search_params, ["q", "search_query"]);
    assert_eq!(c.search_selector, "#search");
    assert_eq!(c.cart_selector, ".buy-button");

    assert_eq!(c.stores.len(), 2);
    let cph = &c.stores[0];
    assert_eq!(cph.name, "Copenhagen Flagship");
    assert_eq!((cph.lat, cph.lon), (55.6761, 12.5683));
    assert_eq!(cph.address.as_deref(), Some("Strøget 1, 1160 København K"));
    assert_eq!(cph.url.as_deref(), Some("https://example.com/stores/cph"));
    assert_eq!(cph.phone.as_deref(), Some("+45 33 12 34 56"));
    assert_eq!(cph.timezone.as_deref(), Some("Europe/Copenhagen"));
    let hours = cph.hours.unwrap();
    assert_eq!(hours.days[0], parse_day_hours("10:00-19:00").unwrap());
    assert_eq!(hours.days[3].intervals(), &[(600, 1200)]);
    assert_eq!(hours.days[5].intervals(), &[(600, 720), (780, 1020)]);
    assert!(hours.days[6].is_closed());
    let oslo = &c.stores[1];
    assert_eq!(oslo.url.as_deref(), Some("/stores/oslo"));
    assert_eq!(
        (oslo.address.clone(), oslo.hours, oslo.phone.clone()),
        (None, None, None)
    );

    assert_eq!(c.geolocation, Geolocation::Ask);
    assert!(!c.consent);
    assert_eq!(c.holdout, 0.1);
    assert_eq!(c.prehide_ms, 300);
    assert_eq!(c.data_layer, DataLayer::On);
    assert_eq!(c.data_layer_name, "dl");
    assert_eq!(c.event_name, "mm_event");
    assert!(c.debug);
    assert_eq!(c.max_query_length, 120);
    assert!(c.swap_in_view);
}

#[test]
fn defaults_when_absent() {
    let (c, p) = read(&data("minimal.json"));
    assert!(p.is_empty());
    assert_eq!(c, Config::default());
    assert_eq!(c.threshold, 0.55);
    assert_eq!(c.lang, None);
    assert!(c.custom_moments.is_empty() && c.terms.is_empty() && c.weights.is_empty());
    assert!(c.priors.is_empty() && c.stores.is_empty());
    assert_eq!((c.hysteresis.margin, c.hysteresis.min_ms), (0.1, 1500));
    assert_eq!(c.search_params, ["q", "s", "query", "search", "k"]);
    assert_eq!(c.search_selector, DEFAULT_SEARCH_SELECTOR);
    assert_eq!(c.cart_selector, DEFAULT_CART_SELECTOR);
    assert_eq!(c.geolocation, Geolocation::Granted);
    assert!(c.consent);
    assert_eq!(c.holdout, 0.0);
    assert_eq!(c.prehide_ms, 1500);
    assert_eq!(c.data_layer, DataLayer::Auto);
    assert_eq!(c.data_layer_name, "dataLayer");
    assert_eq!(c.event_name, "micromoment");
    assert!(!c.debug && !c.swap_in_view);
    assert_eq!(c.max_query_length, 200);
    assert_eq!(c.moments().len(), 4);
}

#[test]
fn root_must_be_an_object() {
    for (text, found) in [
        ("[]", "an array"),
        ("null", "null"),
        ("1.5", "1.5"),
        ("\"x\"", "\"x\""),
        ("true", "true"),
    ] {
        let p = only_problem(text);
        assert_eq!(p.path, "$");
        assert_eq!(p.found, found);
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(p.message(), format!("$: expected an object, found {found}"));
    }
}

/// (config text, path, start of the expected text, found)
const WRONG: &[(&str, &str, &str, &str)] = &[
    (r#"{"version": 2}"#, "$.version", "1", "2"),
    (r#"{"version": "1"}"#, "$.version", "1", "\"1\""),
    (
        r#"{"threshold": -1}"#,
        "$.threshold",
        "a number above 0",
        "-1",
    ),
    (
        r#"{"threshold": 0}"#,
        "$.threshold",
        "a number above 0",
        "0",
    ),
    (
        r#"{"threshold": 1.01}"#,
        "$.threshold",
        "a number above 0",
        "1.01",
    ),
    (
        r#"{"threshold": "0.5"}"#,
        "$.threshold",
        "a number above 0",
        "\"0.5\"",
    ),
    (
        r#"{"lang": "english"}"#,
        "$.lang",
        "a language tag",
        "\"english\"",
    ),
    (r#"{"lang": 47}"#, "$.lang", "a language tag", "47"),
    (
        r#"{"lang": "nb_NO"}"#,
        "$.lang",
        "a language tag",
        "\"nb_NO\"",
    ),
    (
        r#"{"moments": []}"#,
        "$.moments",
        "an object of name",
        "an array",
    ),
    (
        r#"{"moments": {"Buy Now": {}}}"#,
        "$.moments[\"Buy Now\"]",
        "a new moment name",
        "\"Buy Now\"",
    ),
    (
        r#"{"moments": {"go": {}}}"#,
        "$.moments.go",
        "a new moment name",
        "\"go\"",
    ),
    (
        r#"{"moments": {"x": 1}}"#,
        "$.moments.x",
        "an object with terms",
        "1",
    ),
    (
        r#"{"moments": {"x": {"prior": 10.5}}}"#,
        "$.moments.x.prior",
        "a number from -10 to 10",
        "10.5",
    ),
    (
        r#"{"moments": {"x": {"weights": {"nope": 1}}}}"#,
        "$.moments.x.weights.nope",
        "a feature",
        "\"nope\"",
    ),
    (
        r#"{"moments": {"x": {"weights": {"query": true}}}}"#,
        "$.moments.x.weights.query",
        "a number from -10",
        "true",
    ),
    (
        r#"{"moments": {"x": {"weights": []}}}"#,
        "$.moments.x.weights",
        "an object of feature",
        "an array",
    ),
    (
        r#"{"moments": {"x": {"terms": {"da": "køb"}}}}"#,
        "$.moments.x.terms.da",
        "an array of at most 200",
        "\"køb\"",
    ),
    (
        r#"{"terms": []}"#,
        "$.terms",
        "an object of moment",
        "an array",
    ),
    (
        r#"{"terms": {"sell": {}}}"#,
        "$.terms.sell",
        "a known moment",
        "\"sell\"",
    ),
    (
        r#"{"terms": {"go": []}}"#,
        "$.terms.go",
        "an object of language",
        "an array",
    ),
    (
        r#"{"terms": {"go": {"english": ["x"]}}}"#,
        "$.terms.go.english",
        "a language tag",
        "\"english\"",
    ),
    (
        r#"{"terms": {"go": {"da": [""]}}}"#,
        "$.terms.go.da[0]",
        "a term of 1 to 64",
        "\"\"",
    ),
    (
        r#"{"terms": {"go": {"da": ["  "]}}}"#,
        "$.terms.go.da[0]",
        "a term of 1 to 64",
        "\"  \"",
    ),
    (
        r#"{"terms": {"go": {"da": ["ab*"]}}}"#,
        "$.terms.go.da[0]",
        "a term of 1 to 64",
        "\"ab*\"",
    ),
    (
        r#"{"terms": {"go": {"da": [null]}}}"#,
        "$.terms.go.da[0]",
        "a term of 1 to 64",
        "null",
    ),
    (
        r#"{"terms": {"go": {"nb-NO": [1]}}}"#,
        "$.terms.go[\"nb-NO\"][0]",
        "a term",
        "1",
    ),
    (
        r#"{"weights": {"device.phone": {"go": 1}}}"#,
        "$.weights[\"device.phone\"]",
        "a feature",
        "\"device.phone\"",
    ),
    (
        r#"{"weights": {"custom.": {"go": 1}}}"#,
        "$.weights[\"custom.\"]",
        "a feature",
        "\"custom.\"",
    ),
    (
        r#"{"weights": {"query": {"sell": 1}}}"#,
        "$.weights.query.sell",
        "a known moment",
        "\"sell\"",
    ),
    (
        r#"{"weights": {"query": {"go": -11}}}"#,
        "$.weights.query.go",
        "a number from -10 to 10",
        "-11",
    ),
    (
        r#"{"weights": {"query": 1}}"#,
        "$.weights.query",
        "an object of moment",
        "1",
    ),
    (
        r#"{"weights": 1}"#,
        "$.weights",
        "an object of feature",
        "1",
    ),
    (
        r#"{"priors": {"go": "high"}}"#,
        "$.priors.go",
        "a number from -10 to 10",
        "\"high\"",
    ),
    (
        r#"{"priors": {"sell": 1}}"#,
        "$.priors.sell",
        "a known moment",
        "\"sell\"",
    ),
    (
        r#"{"priors": [1]}"#,
        "$.priors",
        "an object of moment",
        "an array",
    ),
    (
        r#"{"hysteresis": 0.1}"#,
        "$.hysteresis",
        "an object with margin",
        "0.1",
    ),
    (
        r#"{"hysteresis": {"margin": 1.5}}"#,
        "$.hysteresis.margin",
        "a number from 0 to 1",
        "1.5",
    ),
    (
        r#"{"hysteresis": {"minMs": 600001}}"#,
        "$.hysteresis.minMs",
        "a whole number from 0 to 600000",
        "600001",
    ),
    (
        r#"{"hysteresis": {"minMs": 2.5}}"#,
        "$.hysteresis.minMs",
        "a whole number",
        "2.5",
    ),
    (
        r#"{"searchParams": "q"}"#,
        "$.searchParams",
        "an array of at most 16",
        "\"q\"",
    ),
    (
        r#"{"searchParams": ["q", "a b"]}"#,
        "$.searchParams[1]",
        "a parameter name",
        "\"a b\"",
    ),
    (
        r#"{"searchParams": [""]}"#,
        "$.searchParams[0]",
        "a parameter name",
        "\"\"",
    ),
    (
        r#"{"searchSelector": ""}"#,
        "$.searchSelector",
        "a CSS selector",
        "\"\"",
    ),
    (
        r#"{"cartSelector": false}"#,
        "$.cartSelector",
        "a CSS selector",
        "false",
    ),
    (
        r#"{"stores": {}}"#,
        "$.stores",
        "an array of at most 500",
        "an object",
    ),
    (
        r#"{"stores": ["x"]}"#,
        "$.stores[0]",
        "a store object",
        "\"x\"",
    ),
    (
        r#"{"geolocation": "always"}"#,
        "$.geolocation",
        "\"off\", \"granted\" or \"ask\"",
        "\"always\"",
    ),
    (
        r#"{"geolocation": true}"#,
        "$.geolocation",
        "\"off\"",
        "true",
    ),
    (
        r#"{"consent": "yes"}"#,
        "$.consent",
        "true or false",
        "\"yes\"",
    ),
    (r#"{"consent": 1}"#, "$.consent", "true or false", "1"),
    (
        r#"{"holdout": 0.51}"#,
        "$.holdout",
        "a number from 0 to 0.5",
        "0.51",
    ),
    (
        r#"{"holdout": -0.1}"#,
        "$.holdout",
        "a number from 0 to 0.5",
        "-0.1",
    ),
    (
        r#"{"prehideMs": -1}"#,
        "$.prehideMs",
        "a whole number from 0 to 3000",
        "-1",
    ),
    (
        r#"{"prehideMs": 3001}"#,
        "$.prehideMs",
        "a whole number from 0 to 3000",
        "3001",
    ),
    (
        r#"{"prehideMs": 150.5}"#,
        "$.prehideMs",
        "a whole number",
        "150.5",
    ),
    (
        r#"{"dataLayer": "yes"}"#,
        "$.dataLayer",
        "true, false or \"auto\"",
        "\"yes\"",
    ),
    (
        r#"{"dataLayer": null}"#,
        "$.dataLayer",
        "true, false",
        "null",
    ),
    (
        r#"{"dataLayerName": "2fast"}"#,
        "$.dataLayerName",
        "a JavaScript name",
        "\"2fast\"",
    ),
    (
        r#"{"dataLayerName": "data-layer"}"#,
        "$.dataLayerName",
        "a JavaScript name",
        "\"data-layer\"",
    ),
    (
        r#"{"dataLayerName": ""}"#,
        "$.dataLayerName",
        "a JavaScript name",
        "\"\"",
    ),
    (
        r#"{"eventName": "my-event"}"#,
        "$.eventName",
        "a name of 1 to 64",
        "\"my-event\"",
    ),
    (
        r#"{"eventName": []}"#,
        "$.eventName",
        "a name of 1 to 64",
        "an array",
    ),
    (r#"{"debug": null}"#, "$.debug", "true or false", "null"),
    (
        r#"{"maxQueryLength": 15}"#,
        "$.maxQueryLength",
        "a whole number from 16 to 1000",
        "15",
    ),
    (
        r#"{"maxQueryLength": 1001}"#,
        "$.maxQueryLength",
        "a whole number from 16",
        "1001",
    ),
    (
        r#"{"swapInView": {}}"#,
        "$.swapInView",
        "true or false",
        "an object",
    ),
];

#[test]
fn wrong_values_name_the_field_and_keep_the_default() {
    for &(text, path, expected, found) in WRONG {
        let (c, p) = read(text);
        assert_eq!(p.len(), 1, "{text}: {:#?}", messages(&p));
        let p = &p[0];
        assert_eq!(p.path, path, "{text}");
        assert!(p.expected.starts_with(expected), "{text}: {}", p.expected);
        assert_eq!(p.found, found, "{text}");
        assert_eq!(p.severity, Severity::Error, "{text}");
        assert_eq!(
            p.message(),
            format!("{path}: expected {}, found {found}", p.expected)
        );
        // The rejected value changed nothing but what could be kept.
        let d = Config::default();
        assert_eq!(c.threshold, d.threshold, "{text}");
        assert!(!c.search_params.is_empty(), "{text}");
        assert_eq!(c.hysteresis, d.hysteresis, "{text}");
        assert_eq!(
            (c.consent, c.debug, c.geolocation, c.data_layer),
            (d.consent, d.debug, d.geolocation, d.data_layer),
            "{text}"
        );
        assert!(c.stores.is_empty(), "{text}");
        assert!(c.weights.is_empty() && c.priors.is_empty(), "{text}");
    }
}

#[test]
fn problems_file_lists_everything_in_source_order() {
    let (c, p) = read(&data("problems.json"));
    assert!(has_errors(&p));
    let paths: Vec<&str> = p.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "$.threshold",
            "$.lang",
            "$.treshold",
            "$.moments[\"Buy Now\"]",
            "$.moments.buy",
            "$.moments.compare.prior",
            "$.moments.compare.colour",
            "$.terms.sell",
            "$.terms.compare.da[0]",
            "$.terms.compare.da[1]",
            "$.weights[\"device.phone\"]",
            "$.weights.query.nope",
            "$.weights.query.go",
            "$.hysteresis.margin",
            "$.hysteresis.minMs",
            "$.searchParams[1]",
            "$.searchParams[2]",
            "$.stores[0].lat",
            "$.stores[0].lon",
            "$.stores[1].hours.mon",
            "$.stores[1].hours.funday",
            "$.stores[1].fax",
            "$.stores[2]",
            "$.geolocation",
            "$.consent",
            "$.holdout",
            "$.prehideMs",
            "$.dataLayer",
            "$.dataLayerName",
            "$.eventName",
            "$.debug",
            "$.maxQueryLength",
            "$.swapInView",
            "$.version",
        ]
    );
    let warnings: Vec<&str> = p
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        warnings,
        ["$.treshold", "$.moments.compare.colour", "$.stores[1].fax"]
    );
    // What was valid is kept.
    assert_eq!(c.custom_moments, ["compare"]);
    assert_eq!(c.search_params, ["q"]);
    assert_eq!(c.terms.len(), 1);
    assert_eq!(c.terms[0].terms, ["ok"]);
    // The store with bad hours stays, without hours; the one without a
    // position is dropped.
    assert_eq!(c.stores.len(), 1);
    assert_eq!(c.stores[0].name, "Bad hours");
    assert_eq!(c.stores[0].hours, None);
}

#[test]
fn stores_drop_bad_required_fields_and_bad_optional_fields() {
    let (c, p) = read(
        r#"{"stores": [
            {"name": "", "lat": 1, "lon": 1},
            {"name": "North", "lat": 91, "lon": 1},
            {"name": "East", "lat": 1, "lon": 180.5},
            {"lat": 1, "lon": 1},
            {"name": "Kept", "lat": -90, "lon": 180,
             "address": "", "url": "javascript:alert(1)", "phone": "call us",
             "timezone": "Europe Oslo", "hours": {"mon": 9}},
            {"name": "Also kept", "lat": 0, "lon": -180, "url": "https://x.example/a?b=c",
             "phone": "(+47) 22-00.00 00", "timezone": "America/Argentina/Buenos_Aires",
             "hours": {"sun": "24h"}}
        ]}"#,
    );
    let found: Vec<(&str, &str)> = p
        .iter()
        .map(|p| (p.path.as_str(), p.found.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("$.stores[0].name", "\"\""),
            ("$.stores[1].lat", "91"),
            ("$.stores[2].lon", "180.5"),
            ("$.stores[3].name", "nothing"),
            ("$.stores[4].address", "\"\""),
            ("$.stores[4].url", "\"javascript:alert(1)\""),
            ("$.stores[4].phone", "\"call us\""),
            ("$.stores[4].timezone", "\"Europe Oslo\""),
            ("$.stores[4].hours.mon", "9"),
        ]
    );
    assert!(p.iter().all(|p| p.severity == Severity::Error));
    let names: Vec<&str> = c.stores.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Kept", "Also kept"]);
    let kept = &c.stores[0];
    assert_eq!((kept.lat, kept.lon), (-90.0, 180.0));
    assert!(kept.address.is_none() && kept.url.is_none() && kept.phone.is_none());
    assert!(kept.timezone.is_none() && kept.hours.is_none());
    let also = &c.stores[1];
    assert!(also.url.is_some() && also.phone.is_some() && also.timezone.is_some());
    assert_eq!(also.hours.unwrap().days[6].intervals(), &[(0, 1440)]);
    assert!(
        also.hours.unwrap().days[0].is_closed(),
        "missing days are closed"
    );
}

#[test]
fn unknown_fields_are_warnings_at_every_level() {
    let cases = [
        (
            r#"{"colour": "red"}"#,
            "$.colour",
            "a known field (threshold",
        ),
        (
            r#"{"Threshold": 0.5}"#,
            "$.Threshold",
            "a known field (threshold",
        ),
        (
            r#"{"moments": {"x": {"boost": 1}}}"#,
            "$.moments.x.boost",
            "a known field (terms, weights, prior)",
        ),
        (
            r#"{"hysteresis": {"delay": 1}}"#,
            "$.hysteresis.delay",
            "a known field (margin, minMs)",
        ),
        (
            r#"{"stores": [{"name": "A", "lat": 1, "lon": 1, "email": "a@b"}]}"#,
            "$.stores[0].email",
            "a known field (name, lat",
        ),
        (r#"{"has space": 1}"#, "$[\"has space\"]", "a known field"),
    ];
    for (text, path, expected) in cases {
        let (c, p) = read(text);
        assert_eq!(p.len(), 1, "{text}");
        assert_eq!(p[0].path, path);
        assert_eq!(p[0].severity, Severity::Warning);
        assert!(p[0].expected.starts_with(expected), "{}", p[0].expected);
        assert!(!has_errors(&p));
        // The rest of the config still applies.
        assert_eq!(c.stores.len(), usize::from(text.contains("stores")));
    }
    let p = only_problem(r#"{"colour": "red"}"#);
    assert_eq!(p.found, "\"colour\"");
}

#[test]
fn limits_on_lists() {
    let many_moments: Vec<String> = (0..14).map(|i| format!("\"m{i}\": {{}}")).collect();
    let (c, p) = read(&format!("{{\"moments\": {{{}}}}}", many_moments.join(",")));
    assert_eq!(c.custom_moments.len(), 12);
    assert_eq!(c.moments().len(), 16);
    assert_eq!(
        messages(&p),
        [
            "$.moments.m12: expected at most 12 moments, found \"m12\"",
            "$.moments.m13: expected at most 12 moments, found \"m13\"",
        ]
    );

    let params: Vec<String> = (0..20).map(|i| format!("\"p{i}\"")).collect();
    let (c, p) = read(&format!("{{\"searchParams\": [{}]}}", params.join(",")));
    assert_eq!(c.search_params.len(), 16);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].found, "an array of 20 items");

    let terms: Vec<String> = (0..201).map(|i| format!("\"term{i}\"")).collect();
    let (c, p) = read(&format!(
        "{{\"terms\": {{\"go\": {{\"*\": [{}]}}}}}}",
        terms.join(",")
    ));
    assert_eq!(c.terms[0].terms.len(), 200);
    assert_eq!(p[0].path, "$.terms.go[\"*\"]");

    let store = r#"{"name": "S", "lat": 1, "lon": 2}"#;
    let stores = vec![store; 501].join(",");
    let (c, p) = read(&format!("{{\"stores\": [{stores}]}}"));
    assert_eq!(c.stores.len(), 500);
    assert_eq!(
        messages(&p),
        ["$.stores: expected an array of at most 500 stores, found an array of 501 items"]
    );

    let long = "x".repeat(65);
    let p = only_problem(&format!(
        "{{\"terms\": {{\"go\": {{\"en\": [\"{long}\"]}}}}}}"
    ));
    assert_eq!(
        p.found,
        format!("\"{}…\"", "x".repeat(40)),
        "found strings are cut"
    );
}

#[test]
fn moment_names_declared_later_in_the_file_still_count() {
    let (c, p) = read(
        r#"{"terms": {"compare": {"en": ["vs"]}}, "priors": {"compare": 1},
            "moments": {"compare": {}}}"#,
    );
    assert!(p.is_empty(), "{:?}", messages(&p));
    assert_eq!(c.terms[0].moment, 4);
    assert_eq!(c.priors, [(4, 1.0)]);
}

#[test]
fn values_at_the_edges_are_accepted() {
    let (c, p) = read(
        r#"{"threshold": 1, "holdout": 0.5, "prehideMs": 0, "maxQueryLength": 16,
            "hysteresis": {"margin": 0, "minMs": 600000}, "lang": "no",
            "dataLayer": "auto", "dataLayerName": "$_dl9", "eventName": "A_1",
            "searchParams": [], "geolocation": "off",
            "weights": {"custom.x": {"know": -10}}, "priors": {"do": 10},
            "stores": [{"name": "Pole", "lat": 90, "lon": -180}]}"#,
    );
    assert!(p.is_empty(), "{:?}", messages(&p));
    assert_eq!(c.threshold, 1.0);
    assert_eq!(c.prehide_ms, 0);
    assert!(c.search_params.is_empty());
    assert_eq!(c.geolocation, Geolocation::Off);
    assert_eq!(c.data_layer, DataLayer::Auto);
    assert_eq!(c.hysteresis.min_ms, 600_000);
    let (c, _) = read(r#"{"dataLayer": false}"#);
    assert_eq!(c.data_layer, DataLayer::Off);
}

fn parse_err(text: &str) -> JsonError {
    match json::parse(text) {
        Ok(v) => panic!("{text:?} parsed as {v:?}"),
        Err(e) => e,
    }
}

#[test]
fn parser_errors_have_line_and_column() {
    let cases: &[(&str, usize, usize, &str)] = &[
        ("", 1, 1, "unexpected end of input"),
        ("   ", 1, 4, "unexpected end of input"),
        ("{", 1, 2, "unexpected end of input"),
        ("[1, 2,]", 1, 6, "trailing comma"),
        ("{\"a\": 1,\n}", 1, 8, "trailing comma"),
        ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("{\"a\" 1}", 1, 6, "expected ':'"),
        ("{a: 1}", 1, 2, "expected a string key"),
        (
            "{\n  // note\n  \"a\": 1\n}",
            2,
            3,
            "comments are not allowed in JSON",
        ),
        ("[1] /* x */", 1, 5, "unexpected text after the value"),
        ("{} {}", 1, 4, "unexpected text after the value"),
        ("'x'", 1, 1, "expected a value"),
        ("[tru]", 1, 2, "expected a value"),
        ("[NaN]", 1, 2, "expected a value"),
        ("[01]", 1, 3, "expected ',' or ']'"),
        ("[1.]", 1, 2, "invalid number"),
        ("[.5]", 1, 2, "expected a value"),
        ("[-]", 1, 2, "invalid number"),
        ("[1e]", 1, 2, "invalid number"),
        ("[+1]", 1, 2, "expected a value"),
        ("[1e999]", 1, 2, "number out of range"),
        ("\"abc", 1, 5, "unterminated string"),
        ("\"a\tb\"", 1, 3, "control character in string"),
        ("\"a\nb\"", 1, 3, "control character in string"),
        ("\"\\x\"", 1, 2, "invalid escape in string"),
        ("\"\\u12G4\"", 1, 6, "invalid \\u escape in string"),
        ("\"é\\q\"", 1, 3, "invalid escape in string"),
        ("{\"ø\": [1,\n\n   }", 3, 4, "expected a value"),
    ];
    for &(text, line, column, message) in cases {
        let e = parse_err(text);
        assert_eq!(
            (e.line, e.column, e.message),
            (line, column, message),
            "{text:?}"
        );
        assert_eq!(
            e.to_string(),
            format!("line {line}, column {column}: {message}")
        );
    }
}

#[test]
fn parser_accepts_strict_json() {
    let v = json::parse(
        "\u{feff} {\"a\": [1, -0.5, 2e3, 1E-2, true, false, null, \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"], \"b\": {}}\r\n",
    )
    .unwrap();
    assert_eq!(
        v,
        Value::Object(vec![
            (
                "a".into(),
                Value::Array(vec![
                    Value::Number(1.0),
                    Value::Number(-0.5),
                    Value::Number(2000.0),
                    Value::Number(0.01),
                    Value::Bool(true),
                    Value::Bool(false),
                    Value::Null,
                    Value::String("\"\\/\u{8}\u{c}\n\r\té😀".into()),
                ])
            ),
            ("b".into(), Value::Object(vec![])),
        ])
    );
    // A lone surrogate becomes U+FFFD instead of failing.
    assert_eq!(
        json::parse("\"\\ud800x\\udc00\""),
        Ok(Value::String("\u{fffd}x\u{fffd}".into()))
    );
    assert_eq!(json::parse("\u{feff}[]"), Ok(Value::Array(vec![])));
    let (c, p) = read(&data("bom.json"));
    assert!(p.is_empty() && c.debug);
    assert_eq!(
        parse_err(&data("trailing_comma.json")).message,
        "trailing comma"
    );
    let e = parse_err(&data("comment.json"));
    assert_eq!((e.line, e.column), (3, 3));
}

#[test]
fn parser_bounds_on_depth_and_size() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(json::parse(&nested(64)).is_ok());
    let e = parse_err(&nested(65));
    assert_eq!(
        (e.line, e.column, e.message),
        (1, 65, "nested deeper than 64 levels")
    );
    // Far deeper input fails the same way instead of overflowing the stack.
    assert_eq!(
        parse_err(&nested(100_000)).message,
        "nested deeper than 64 levels"
    );
    let objects = format!("{}1{}", "{\"a\":".repeat(65), "}".repeat(65));
    assert_eq!(parse_err(&objects).message, "nested deeper than 64 levels");

    // A big but legal config parses; one byte over 1 MB does not.
    let mut big = String::from("[");
    while big.len() < json::MAX_SIZE - 20 {
        big.push_str("\"abcdefghij\",");
    }
    big.push_str("1]");
    assert!(big.len() <= json::MAX_SIZE);
    assert!(json::parse(&big).is_ok());
    let over = format!("{}{}", " ".repeat(json::MAX_SIZE - 1), "[1]");
    assert_eq!(parse_err(&over).message, "input larger than 1 MB");
}

#[test]
fn written_json_reads_back() {
    let mut s = String::new();
    json::write_str(&mut s, "</script><!-- & \u{2028} \"quoted\" \\ \u{0}");
    assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
    assert_eq!(
        json::parse(&s),
        Ok(Value::String(
            "</script><!-- & \u{2028} \"quoted\" \\ \u{0}".into()
        ))
    );
    for n in [0.0, 1.0, -1.0, 0.5, 0.1234, -98765.4321, 1e-4, 3e15] {
        let mut s = String::new();
        json::write_num(&mut s, n);
        assert_eq!(json::parse(&s), Ok(Value::Number(n)), "{s}");
    }
    let mut s = String::new();
    json::write_num(&mut s, 2.0 / 3.0);
    assert_eq!(s, "0.6667");
}

/// A tiny deterministic generator (xorshift) for config-shaped values.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    fn key(&mut self) -> String {
        const KEYS: &[&str] = &[
            "version",
            "threshold",
            "lang",
            "moments",
            "terms",
            "weights",
            "priors",
            "hysteresis",
            "margin",
            "minMs",
            "searchParams",
            "searchSelector",
            "cartSelector",
            "stores",
            "name",
            "lat",
            "lon",
            "address",
            "url",
            "phone",
            "hours",
            "timezone",
            "mon",
            "sun",
            "geolocation",
            "consent",
            "holdout",
            "prehideMs",
            "dataLayer",
            "dataLayerName",
            "eventName",
            "debug",
            "maxQueryLength",
            "swapInView",
            "prior",
            "know",
            "go",
            "do",
            "buy",
            "compare",
            "query",
            "device.mobile",
            "custom.x",
            "da",
            "nb-NO",
            "*",
            "",
            "\u{0}",
            "é",
            "a\"b",
        ];
        self.pick(KEYS).to_string()
    }

    fn value(&mut self, depth: u32) -> Value {
        const STRINGS: &[&str] = &[
            "",
            " ",
            "auto",
            "ask",
            "off",
            "granted",
            "09:00-18:00",
            "22:00-02:00",
            "25:00",
            "closed",
            "24h",
            "da",
            "nb-NO",
            "x*",
            "abc*",
            "Europe/Oslo",
            "https://a.b/c",
            "javascript:x",
            "+45 1234",
            "q",
            "\u{2028}",
            "ø\u{0}",
            "😀😀😀",
            "00:00-00:00, 01:00-02:00",
            "9:00–17:30, 18:00-19:00, 20:00-21:00, 22:00-23:00",
        ];
        let leaf = depth >= 5 || self.next() % 3 == 0;
        match self.next() % if leaf { 4 } else { 6 } {
            0 => Value::Null,
            1 => Value::Bool(self.next() % 2 == 0),
            2 => {
                let n = match self.next() % 8 {
                    0 => 0.0,
                    1 => 1.0,
                    2 => -1.0,
                    3 => 1e300,
                    4 => -1e-300,
                    5 => (self.next() % 2000) as f64 - 1000.0,
                    6 => f64::NAN,
                    _ => (self.next() % 10_000) as f64 / 7.0,
                };
                Value::Number(n)
            }
            3 => Value::String(self.pick(STRINGS).to_string()),
            4 => {
                let n = self.next() % 6;
                Value::Array((0..n).map(|_| self.value(depth + 1)).collect())
            }
            _ => {
                let n = self.next() % 7;
                Value::Object(
                    (0..n)
                        .map(|_| (self.key(), self.value(depth + 1)))
                        .collect(),
                )
            }
        }
    }
}

/// `c` with the fields only the tag's second part reads at their
/// defaults, as [`Config::quick`] leaves them.
fn first_decision_fields(c: &Config) -> Config {
    let d = Config::default();
    Config {
        stores: Vec::new(),
        prehide_ms: d.prehide_ms,
        debug: d.debug,
        data_layer: d.data_layer,
        geolocation: d.geolocation,
        data_layer_name: d.data_layer_name.clone(),
        event_name: d.event_name.clone(),
        search_selector: d.search_selector.clone(),
        cart_selector: d.cart_selector.clone(),
        ..c.clone()
    }
}

#[test]
fn the_quick_read_skips_only_the_second_parts_fields() {
    // An error in a field the first decision reads stops the quick read;
    // one in a field only the second part reads is left to the full check.
    let bad_threshold = json::parse(r#"{"threshold": 2, "stores": []}"#).unwrap();
    assert!(Config::quick(&bad_threshold).is_none());
    let bad_store =
        json::parse(r#"{"threshold": 0.6, "stores": [{"name": "A"}], "eventName": "a b"}"#)
            .unwrap();
    let quick = Config::quick(&bad_store).expect("the first decision's fields are fine");
    assert_eq!(quick.threshold, 0.6);
    assert!(quick.has_stores && quick.stores.is_empty());
    let (_, problems) = Config::from_value(&bad_store);
    assert_eq!(problems.len(), 3, "{:?}", messages(&problems));
}

#[test]
fn arbitrary_values_never_panic() {
    let mut g = Gen(0x9e37_79b9_7f4a_7c15);
    let mut errors = 0;
    for i in 0..600 {
        // Mostly objects at the root, so the walker goes deep.
        let v = match g.value(0) {
            Value::Object(m) if i % 5 != 0 => Value::Object(m),
            other if i % 5 == 0 => other,
            _ => {
                let n = g.next() % 8 + 1;
                Value::Object((0..n).map(|_| (g.key(), g.value(1))).collect())
            }
        };
        let (c, p) = Config::from_value(&v);
        errors += usize::from(has_errors(&p));
        // The quick read before first paint agrees with the full check on
        // the fields the first decision needs: an error it sees is one the
        // full check reports, and without errors it reads the same values.
        match Config::quick(&v) {
            Some(quick) => {
                if !has_errors(&p) {
                    assert_eq!(quick, first_decision_fields(&c));
                }
            }
            None => assert!(has_errors(&p)),
        }
        for p in &p {
            assert!(p.path.starts_with('$'));
            assert!(p.found.chars().count() <= 44, "{}", p.found);
            assert!(!p.message().is_empty());
        }
        assert!(c.threshold > 0.0 && c.threshold <= 1.0);
        assert!(c.holdout >= 0.0 && c.holdout <= 0.5);
        assert!(c.custom_moments.len() <= 12 && c.stores.len() <= 500);
        assert!(c
            .stores
            .iter()
            .all(|s| s.lat.abs() <= 90.0 && s.lon.abs() <= 180.0));
        // Every id the config hands out exists in its moment list.
        let moments = c.moments();
        assert!(c.terms.iter().all(|t| moments.name(t.moment).is_some()));
        assert!(c.weights.iter().all(|w| moments.name(w.moment).is_some()));
        assert!(c
            .priors
            .iter()
            .all(|(m, x)| moments.name(*m).is_some() && x.abs() <= 10.0));
    }
    assert!(
        errors > 100,
        "the generator reaches invalid configs ({errors})"
    );
}

#[test]
fn arbitrary_text_never_panics() {
    let mut g = Gen(42);
    let pieces = [
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\\",
        "\\u",
        "d8",
        "00",
        "1",
        "-",
        ".",
        "e",
        "+",
        "true",
        "nul",
        " ",
        "\n",
        "é",
        "😀",
        "\u{0}",
        "/",
        "\"threshold\"",
    ];
    for _ in 0..3000 {
        let n = g.next() % 24;
        let text: String = (0..n).map(|_| g.pick(&pieces)).collect();
        if let Ok(v) = json::parse(&text) {
            let _ = Config::from_value(&v);
        } else if let Err(e) = json::parse(&text) {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(e.column <= text.chars().count() + 1);
        }
    }
}

#[test]
fn terms_for_a_language_without_a_lexicon_are_a_warning() {
    let v = micromoment::json::parse(
        r#"{"terms": {"buy": {"pl": ["kupić"], "nb-NO": ["kjøp"], "*": ["deal"]}}}"#,
    )
    .expect("valid JSON");
    let (c, problems) = micromoment::config::Config::from_value(&v);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "$.terms.buy.pl");
    assert_eq!(problems[0].severity, micromoment::config::Severity::Warning);
    assert!(problems[0].message().contains("these terms are not used"));
    assert_eq!(c.terms.len(), 3);
}

#[test]
fn the_warning_for_an_unknown_term_language_lists_the_built_in_languages() {
    let (_, problems) = read(r#"{"terms": {"buy": {"pl": ["kupić"]}}}"#);
    let text = problems.first().map(|p| p.expected).unwrap_or("");
    let listed = text
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(list, _)| list)
        .unwrap_or("");
    let mut listed: Vec<&str> = listed.split(", ").collect();
    listed.sort_unstable();
    let mut langs: Vec<&str> = micromoment::lexicon::LANGS
        .iter()
        .copied()
        .chain(["no"])
        .collect();
    langs.sort_unstable();
    assert_eq!(listed, langs, "{text}");
}

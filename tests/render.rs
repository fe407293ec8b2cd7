//! Placeholder rendering and link checks.

use micromoment::render::{has_placeholders, render, safe_url, MAX_OUTPUT};

fn values(name: &str) -> Option<String> {
    match name {
        "store.name" => Some("Nørrebro".to_string()),
        "store.distance_km" => Some("1.2".to_string()),
        "query" => Some("red shoes".to_string()),
        "empty" => Some(String::new()),
        "evil" => Some("<script>alert(1)</script>{{query}}".to_string()),
        "braces" => Some("{{".to_string()),
        _ => None,
    }
}

fn r(t: &str) -> String {
    render(t, &values)
}

#[test]
fn replaces_names() {
    assert_eq!(r("Visit {{store.name}} today"), "Visit Nørrebro today");
    assert_eq!(
        r("{{ store.name }}, {{store.distance_km}} km"),
        "Nørrebro, 1.2 km"
    );
    assert_eq!(r("{{query}}{{query}}"), "red shoesred shoes");
    assert_eq!(r("no placeholders"), "no placeholders");
    assert_eq!(r(""), "");
}

#[test]
fn fallbacks() {
    assert_eq!(r("Hi {{user.name|friend}}!"), "Hi friend!");
    assert_eq!(r("Hi {{ user.name | dear friend }}!"), "Hi dear friend!");
    assert_eq!(r("Hi {{user.name}}!"), "Hi !");
    assert_eq!(r("[{{empty|none}}]"), "[none]");
    assert_eq!(r("[{{empty}}]"), "[]");
    assert_eq!(r("{{store.name|elsewhere}}"), "Nørrebro");
    assert_eq!(r("{{x|a|b}}"), "a|b");
    assert_eq!(r("{{x|<b>}}"), "<b>");
    assert_eq!(r("{{x|}}"), "");
}

#[test]
fn values_are_never_rescanned() {
    assert_eq!(r("{{evil}}"), "<script>alert(1)</script>{{query}}");
    assert_eq!(r("{{braces}}query}}"), "{{query}}");
    assert_eq!(r("{{x|{{query}}}}"), "{{x|red shoes}}");
}

#[test]
fn malformed_is_literal() {
    for t in [
        "{{",
        "}}",
        "{{}}",
        "{{ }}",
        "{{bad name}}",
        "{{Upper}}",
        "{{na-me}}",
        "{{name",
        "{{name|fallback",
        "{ {name}}",
        "{{|fallback}}",
        "{{naïve}}",
        "text {{ and more text",
    ] {
        assert_eq!(r(t), t, "{t}");
        assert!(!has_placeholders(t), "{t}");
    }
    // A valid placeholder after a malformed one is still found.
    assert_eq!(r("{{bad name}} {{query}}"), "{{bad name}} red shoes");
    assert_eq!(r("{{{query}}}"), "{red shoes}");
    assert_eq!(r("{{a {{query}}"), "{{a red shoes");
}

#[test]
fn detects_placeholders() {
    assert!(has_placeholders("a {{b}} c"));
    assert!(has_placeholders("{{ store.name | x }}"));
    assert!(has_placeholders("{{bad name}} {{ok}}"));
    assert!(!has_placeholders("plain"));
    assert!(!has_placeholders(""));
}

#[test]
fn output_is_bounded() {
    let big = "é".repeat(20_000);
    let out = render(&big, &values);
    assert!(out.len() <= MAX_OUTPUT);
    assert!(out.chars().all(|c| c == 'é'));
    let huge_value = |_: &str| Some("€".repeat(10_000));
    let out = render("{{a}}{{b}}{{c}}", &huge_value);
    assert!(out.len() <= MAX_OUTPUT && out.len() > MAX_OUTPUT - 4);
    // Many malformed openers stay bounded and fast.
    let t = "{{".repeat(200_000);
    let out = render(&t, &values);
    assert_eq!(out.len(), MAX_OUTPUT);
    let t = "{{x ".repeat(100_000) + "}}";
    assert!(render(&t, &values).len() <= MAX_OUTPUT);
    // Only the last "{{x }}" is well-formed.
    assert!(has_placeholders(&t));
    // A placeholder body longer than the limit is not a placeholder.
    let long_name = format!("{{{{{}}}}}", "a".repeat(300));
    assert_eq!(r(&long_name), long_name);
}

#[test]
fn safe_urls_accepted() {
    for u in [
        "https://example.com/",
        "http://example.com/path?q=1#x",
        "HTTPS://EXAMPLE.COM",
        "HtTp://example.com",
        "tel:+4512345678",
        "TEL:+45 12 34 56 78",
        "mailto:shop@example.com?subject=Hi",
        "/stores/copenhagen",
        "stores/copenhagen",
        "./x",
        "../x",
        "?q=1",
        "#directions",
        "//cdn.example.com/x",
        "  https://example.com  ",
        "\thttps://example.com\n",
        "/path/with:colon",
        "?next=javascript:alert(1)",
        "#javascript:x",
        "javascript%3Aalert(1)",
        "ht\ttps://example.com",
        "page.html",
        "/search?a=1&b=2",
        "?a=1&b=javascript:x",
        "#a&b:c",
    ] {
        assert!(safe_url(u), "should accept {u:?}");
    }
}

#[test]
fn unsafe_urls_rejected() {
    for u in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "\u{0}javascript:alert(1)",
        "\u{1f}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\r\nscript:alert(1)",
        "javascript\t:alert(1)",
        "\n\tjavascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "blob:https://example.com/uuid",
        "ftp://example.com/",
        "about:blank",
        "intent://scan/#Intent;scheme=zxing;end",
        "sms:+4512345678",
        "\u{a0}javascript:alert(1)",
        "java script:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "a&b/c",
        "",
        "   ",
        "\u{0}",
        "x:y",
        "mailto2:x",
        "https\u{0}:x",
    ] {
        assert!(!safe_url(u), "should reject {u:?}");
    }
}

/// Small deterministic generator for random inputs.
fn random_strings(seed: u64, count: usize) -> Vec<String> {
    const PARTS: &[&str] = &[
        "{{",
        "}}",
        "{",
        "}",
        "|",
        " ",
        "a",
        "z",
        ".",
        "_",
        "9",
        "A",
        "é",
        "€",
        "😀",
        ":",
        "/",
        "?",
        "#",
        "&",
        "\t",
        "\n",
        "\u{0}",
        "%",
        "javascript",
        "http",
        "tel",
        "mailto",
    ];
    let mut x = seed;
    (0..count)
        .map(|_| {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for _ in 0..(x % 40) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(PARTS[(x % PARTS.len() as u64) as usize]);
            }
            s
        })
        .collect()
}

#[test]
fn random_input_never_panics() {
    let echo = |n: &str| Some(n.to_string());
    for s in random_strings(0x9e37_79b9_7f4a_7c15, 20_000) {
        let out = render(&s, &echo);
        assert!(out.len() <= MAX_OUTPUT);
        if !has_placeholders(&s) {
            assert_eq!(out, s);
        }
        let _ = safe_url(&s);
    }
}

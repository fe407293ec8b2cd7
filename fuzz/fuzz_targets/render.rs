//! Placeholder rendering and URL checks on arbitrary templates and values:
//! never panics, output bounded, values never re-scanned.
#![no_main]
use libfuzzer_sys::fuzz_target;
use micromoment::render;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (template, value) = text.split_once('\u{1}').unwrap_or((&text, "{{query}}<script>"));
    let value = value.to_string();
    let out = render::render(template, &|_| Some(value.clone()));
    assert!(out.len() <= render::MAX_OUTPUT);
    let _ = render::has_placeholders(template);
    if render::safe_url(&out) {
        let lower = out.trim().to_ascii_lowercase();
        assert!(!lower.starts_with("javascript:") && !lower.starts_with("data:"));
    }
});

//! User-Agent, referrer and URL parsing on arbitrary input: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use micromoment::{arrival, ua};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = ua::classify_ua(&text);
    let _ = ua::in_app_browser(&text);
    let signals = ua::DeviceSignals {
        ua: &text,
        ch_mobile: data.first().map(|b| b & 1 == 1),
        ch_platform: &text,
        platform: "",
        max_touch_points: data.len() as u32 % 11,
        screen_short: data.len() as u32,
        coarse_pointer: data.get(1).map(|b| b & 1 == 1),
        ..Default::default()
    };
    let _ = ua::classify_device(&signals);
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    let (a, b) = text.split_at(mid);
    let _ = arrival::classify_referrer(a, b);
    let _ = arrival::referrer_query(&text);
    let _ = arrival::host_of(&text);
    let _ = arrival::read_arrival(a, b, &["q", "s"], 200);
    let page = arrival::page_text(a, b, &text, 300);
    assert!(page.chars().count() <= 300);
    let clean = arrival::clean_text(&text, 50);
    assert!(clean.chars().count() <= 50);
});

//! Times the model on the host: `Model::score` on a realistic set of cues
//! (a phone, a search-engine arrival with "buy running shoes near me", some
//! scrolling, a nearby open store and one site cue) and `Model::classify`
//! on the same query. Prints nanoseconds per call and calls per second.
//!
//! Run with `cargo run --release --example bench_infer`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use micromoment::cues::{Cues, Device, ReferrerClass, StoreState};
use micromoment::model::Model;

const QUERY: &str = "buy running shoes near me";

/// The cues a phone visitor arriving from a search engine might produce a
/// few seconds into the visit.
fn realistic_cues() -> Cues {
    let mut cues = Cues {
        device: Device::Mobile,
        coarse_pointer: true,
        hover_none: true,
        viewport_width: 390,
        referrer: ReferrerClass::Search,
        query: QUERY.to_string(),
        query_source: "referrer".to_string(),
        page_text: "running shoes trail road".to_string(),
        lang: "en".to_string(),
        scroll_depth: 0.35,
        scroll_velocity: 620.0,
        reversals: 2,
        visible_ms: 8_000,
        idle_ms: 1_200,
        store_km: Some(2.4),
        store_state: Some(StoreState::Open),
        hour: Some(17),
        weekday: Some(4),
        timezone: "Europe/Copenhagen".to_string(),
        region: "DK".to_string(),
        pages_seen: 2,
        ..Cues::default()
    };
    cues.set_custom("logged_in", 1.0);
    cues
}

/// Runs `f` for at least `min` (after a warm-up) and returns ns per call.
fn time<F: FnMut() -> f32>(min: Duration, mut f: F) -> (f64, u64) {
    let mut sink = 0.0f32;
    for _ in 0..1_000 {
        sink += f();
    }
    let mut calls = 0u64;
    let mut batch = 1_000u64;
    let start = Instant::now();
    loop {
        for _ in 0..batch {
            sink += f();
        }
        calls += batch;
        let elapsed = start.elapsed();
        if elapsed >= min {
            black_box(sink);
            return (elapsed.as_secs_f64() * 1e9 / calls as f64, calls);
        }
        batch = batch.saturating_mul(2).min(1_000_000);
    }
}

fn report(name: &str, ns: f64, calls: u64) {
    println!(
        "{name:<44} {ns:>10.0} ns/op {:>12.0} ops/s  ({calls} calls)",
        1e9 / ns
    );
}

fn main() {
    let mut model = Model::default();
    // The site gives its own cue a little weight towards "buy".
    if let Some(buy) = model.moments.id("buy") {
        model.weights.set("custom.logged_in", buy, 0.3);
    }
    let cues = realistic_cues();

    let scores = model.score(&cues);
    let top = scores
        .top()
        .and_then(|(m, p)| model.moments.name(m).map(|n| format!("{n} ({p:.2})")))
        .unwrap_or_else(|| "none".to_string());
    println!(
        "cues: mobile, referrer search, query {QUERY:?}, scroll 35%, store 2.4 km open, custom.logged_in → {top}"
    );

    let min = Duration::from_millis(1_500);
    let (ns, calls) = time(min, || {
        let s = model.score(black_box(&cues));
        s.probs.first().copied().unwrap_or(0.0)
    });
    report("Model::score (all cues)", ns, calls);

    let (ns, calls) = time(min, || {
        let s = model.classify(black_box(QUERY), black_box(Some("en")));
        s.probs.first().copied().unwrap_or(0.0)
    });
    report("Model::classify (query, lang en)", ns, calls);

    let (ns, calls) = time(min, || {
        let s = model.classify(black_box(QUERY), None);
        s.probs.first().copied().unwrap_or(0.0)
    });
    report("Model::classify (query, no lang)", ns, calls);

    let (ns, calls) = time(min, || {
        let m = Model::default();
        m.moments.len() as f32
    });
    report("Model::default (build the model)", ns, calls);
}

//! Query classification and the full model on arbitrary text: never panics,
//! and probabilities stay a distribution.
#![no_main]
use libfuzzer_sys::fuzz_target;
use micromoment::cues::Cues;
use micromoment::model::Model;
use std::sync::OnceLock;

static MODEL: OnceLock<Model> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let model = MODEL.get_or_init(Model::default);
    let (lang, query) = text.split_once('\t').unwrap_or(("", &text));
    let scores = model.classify(query, (!lang.is_empty()).then_some(lang));
    let sum: f32 = scores.probs.iter().sum();
    assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
    let cues = Cues {
        query: query.to_string(),
        page_text: lang.to_string(),
        campaign: query.chars().rev().collect(),
        lang: lang.to_string(),
        ..Cues::default()
    };
    let s = model.score(&cues);
    assert!(s.probs.iter().all(|p| p.is_finite()));
});

//! Config text → JSON → validated config: never panics, and every problem
//! names a JSON path.
#![no_main]
use libfuzzer_sys::fuzz_target;
use micromoment::config::Config;
use micromoment::model::Model;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(value) = micromoment::json::parse(text) else { return };
    let (config, problems) = Config::from_value(&value);
    for p in &problems {
        assert!(p.path.starts_with('$'));
        let _ = p.message();
    }
    // Whatever the config holds, building the model from it must not fail.
    let model = Model::from_config(&config);
    let _ = model.classify("buy shoes near me", config.lang.as_deref());
});

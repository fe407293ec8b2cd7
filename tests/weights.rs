//! The shipped weights (`src/intent_weights.rs`) are what the training
//! tool writes from the data in the repository (`make train`).
#![cfg(feature = "builtin-lexicon")]

#[allow(dead_code)]
#[path = "../train/src/fit.rs"]
mod fit;

#[test]
fn shipped_weights_are_what_training_writes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let q = fit::train(root).expect("training data");
    assert_eq!(
        q.as_slice(),
        &micromoment::intent::WEIGHTS[..],
        "src/intent_weights.rs is stale: run `make train`"
    );
}

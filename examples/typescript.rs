//! Prints the TypeScript union of the model's built-in feature names (from
//! `src/features.rs`), which the build writes into the package's types.
//!
//! `cargo run --example typescript`

fn main() {
    let names: Vec<String> = micromoment::features::NAMES
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect();
    println!("{}", names.join(" | "));
}

//! Writes each built-in language's lexicon data (the blob the tag hands to
//! its core at run time) to `DIR/<code>.txt`, for the build to put into the
//! tag's files.
//!
//! `cargo run --example blobs -- DIR`

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: blobs DIR");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{dir}: {e}");
        return ExitCode::FAILURE;
    }
    for code in micromoment::lexicon::LANGS {
        let Some(blob) = micromoment::lexicon::builtin_blob(code) else {
            eprintln!("no built-in data for {code}");
            return ExitCode::FAILURE;
        };
        let path = format!("{dir}/{code}.txt");
        if let Err(e) = std::fs::write(&path, blob) {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

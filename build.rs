//! Compiles each built-in lexicon file (`src/lexicon/<code>.txt`) into a
//! self-contained per-language blob (see `src/lexfile.rs`): folded and
//! checked, so the browser does not fold and check the terms on every page
//! view, and so the page can load the languages it needs one by one.

// The library's modules name `alloc` (they also build without std).
extern crate alloc;

#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "src/lexfile.rs"]
mod lexfile;

fn main() {
    println!("cargo:rerun-if-changed=src/text.rs");
    println!("cargo:rerun-if-changed=src/lexfile.rs");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    for lang in lexfile::LANGS {
        let path = format!("src/lexicon/{lang}.txt");
        println!("cargo:rerun-if-changed={path}");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => panic!("cannot read {path}: {e}"),
        };
        let Some((blob, skipped)) = lexfile::compile_blob(lang, &text) else {
            panic!("{lang} is not a built-in language");
        };
        if skipped > 0 {
            panic!("{path} has {skipped} malformed line(s)");
        }
        if let Err(e) = lexfile::blob_terms(&blob, |_, _, _, _| {}) {
            panic!("{path}: compiled blob does not read back: {e}");
        }
        let dest = std::path::Path::new(&out).join(format!("{lang}.lex"));
        if let Err(e) = std::fs::write(&dest, blob) {
            panic!("cannot write {}: {e}", dest.display());
        }
    }
}

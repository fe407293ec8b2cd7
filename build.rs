//! Compiles the built-in lexicon files (`src/lexicon/*.txt`) into the
//! folded, checked form the library indexes at start (see `src/lexfile.rs`),
//! so the browser does not fold and check some two thousand terms on every
//! page view.

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
    let mut files = Vec::new();
    for lang in lexfile::LANGS {
        let path = format!("src/lexicon/{lang}.txt");
        println!("cargo:rerun-if-changed={path}");
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(text),
            Err(e) => panic!("cannot read {path}: {e}"),
        }
    }
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (compiled, skipped) = lexfile::compile(&refs);
    for (lang, n) in lexfile::LANGS.iter().zip(skipped) {
        if n > 0 {
            panic!("src/lexicon/{lang}.txt has {n} malformed line(s)");
        }
    }
    let out = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    let path = std::path::Path::new(&out).join("lexicon.txt");
    if let Err(e) = std::fs::write(&path, compiled) {
        panic!("cannot write {}: {e}", path.display());
    }
}

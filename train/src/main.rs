//! `micromoment-train`: learns the query scorer's weights and writes
//! `src/intent_weights.rs`.
//!
//! ```text
//! cargo run --release --manifest-path train/Cargo.toml            # write the weights
//! cargo run --release --manifest-path train/Cargo.toml -- --check # compare only
//! cargo run --release --manifest-path train/Cargo.toml -- --cv    # 5-fold cross-validation
//! ```
//!
//! Training data: the train-split rows of `tests/data/intent_dev.tsv` and
//! the project's own queries in `tests/data/train/*.tsv`. The weights are
//! learned for the lexicon as it is built (`src/lexicon/*.txt`), so run
//! this again after changing a data file.

mod fit;

use micromoment::lexicon::Lexicon;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let rows = match fit::load_rows(&root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let l2 = args
        .iter()
        .position(|a| a == "--l2")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(fit::L2);
    let lex = Lexicon::builtin();
    if args.iter().any(|a| a == "--cv") {
        cross_validate(&lex, &rows, l2);
        return ExitCode::SUCCESS;
    }
    let w = fit::fit_with(&lex, &rows, l2);
    let q = fit::quantize(&w);
    report(&lex, &rows, &q);
    let text = fit::weights_file(&q);
    let path = root.join("src/intent_weights.rs");
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    if args.iter().any(|a| a == "--check") {
        if old == text {
            println!("src/intent_weights.rs is up to date");
            return ExitCode::SUCCESS;
        }
        eprintln!("src/intent_weights.rs differs from what training writes: run `make train`");
        return ExitCode::from(1);
    }
    if old != text {
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("{}: {e}", path.display());
            return ExitCode::from(2);
        }
        println!("wrote src/intent_weights.rs");
    } else {
        println!("src/intent_weights.rs unchanged");
    }
    ExitCode::SUCCESS
}

/// Probability of each moment under quantized weights `q`.
fn predict(lex: &Lexicon, q: &[[i8; 4]], query: &str, lang: &str) -> [f64; 4] {
    let x = lex.features(query, Some(lang));
    let mut z = [0.0f64; 4];
    for (i, &v) in x.iter().enumerate() {
        for k in 0..4 {
            z[k] += f64::from(v) * f64::from(q[i][k]) / 16.0;
        }
    }
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e = z.map(|v| (v - max).exp());
    let s: f64 = e.iter().sum();
    e.map(|v| v / s)
}

/// Accuracy (undecided = wrong, threshold 0.5) and undecided share per
/// file.
fn report(lex: &Lexicon, rows: &[fit::Row], q: &[[i8; 4]]) {
    let mut files: Vec<(String, u32, u32, u32)> = Vec::new();
    for r in rows {
        let p = predict(lex, q, &r.query, &r.lang);
        let (best, pb) = p
            .iter()
            .enumerate()
            .fold((0, 0.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b });
        let i = match files.iter().position(|f| f.0 == r.file) {
            Some(i) => i,
            None => {
                files.push((r.file.clone(), 0, 0, 0));
                files.len() - 1
            }
        };
        files[i].1 += 1;
        if pb < 0.5 {
            files[i].3 += 1;
        } else if best == r.moment {
            files[i].2 += 1;
        }
    }
    println!("{:<24} {:>6} {:>9} {:>9}", "training file", "rows", "accuracy", "undecided");
    for (f, n, ok, und) in files {
        println!(
            "{:<24} {:>6} {:>9.3} {:>9.3}",
            f,
            n,
            f64::from(ok) / f64::from(n),
            f64::from(und) / f64::from(n)
        );
    }
}

/// 5-fold cross-validation over the project's own rows (the public rows
/// always train): accuracy and undecided share of the held-out folds.
fn cross_validate(lex: &Lexicon, rows: &[fit::Row], l2: f64) {
    let (mut ok, mut und, mut n) = (0u32, 0u32, 0u32);
    for fold in 0..5 {
        let is_test = |i: usize, r: &fit::Row| r.file != "intent_dev.tsv" && i % 5 == fold;
        let train: Vec<fit::Row> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| !is_test(*i, r))
            .map(|(_, r)| r.clone())
            .collect();
        let q = fit::quantize(&fit::fit_with(lex, &train, l2));
        for (i, r) in rows.iter().enumerate() {
            if !is_test(i, r) {
                continue;
            }
            let p = predict(lex, &q, &r.query, &r.lang);
            let (best, pb) = p
                .iter()
                .enumerate()
                .fold((0, 0.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b });
            n += 1;
            if pb < 0.5 {
                und += 1;
            } else if best == r.moment {
                ok += 1;
            }
        }
    }
    println!(
        "l2 {l2}: cross-validated accuracy {:.3}, undecided {:.3} ({n} rows)",
        f64::from(ok) / f64::from(n.max(1)),
        f64::from(und) / f64::from(n.max(1))
    );
}

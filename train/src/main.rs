//! `micromoment-train`: learns the query scorer's weights and writes
//! `src/intent_weights.rs`.
//!
//! ```text
//! cargo run --release --manifest-path train/Cargo.toml                  # write the weights
//! cargo run --release --manifest-path train/Cargo.toml -- --check       # compare only
//! cargo run --release --manifest-path train/Cargo.toml -- --cv          # cross-validation
//! cargo run --release --manifest-path train/Cargo.toml -- --eval F.tsv  # figures on a labelled file
//! cargo run --release --manifest-path train/Cargo.toml -- --dump F.tsv  # one line per query
//! ```
//!
//! Training data: the train-split rows of `tests/data/intent_dev.tsv` and
//! the project's own queries in `tests/data/train/*.tsv`. The weights are
//! learned for the lexicon as it is built (`src/lexicon/*.txt`), so run
//! this again after changing a data file.
//!
//! `--cv` fits on four fifths of the project's own rows (and all public
//! train rows) and scores the fifth left out, five times over: accuracy,
//! precision when decided, undecided share, log-loss and a calibration
//! table (top probability bucket → accuracy). `--eval` and `--dump` fit on
//! every training row and read a labelled file they never train on (the
//! public file's train splits are left out of it).

mod fit;

use fit::Row;
use micromoment::eval::Report;
use micromoment::intent::f;
use micromoment::lexicon::Lexicon;
use micromoment::moment::{Moments, BUY, GO, KNOW};
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
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let mut opts = fit::Options::default();
    if let Some(v) = value("--l2").and_then(|v| v.parse().ok()) {
        opts.l2 = v;
    }
    if let Some(v) = value("--scale").and_then(|v| v.parse().ok()) {
        opts.scale = v;
    }
    if let Some(v) = value("--bare-scale").and_then(|v| v.parse().ok()) {
        opts.bare_scale = v;
    }
    let shop_box = args.iter().any(|a| a == "--shop-box");
    let lex = Lexicon::builtin();
    if args.iter().any(|a| a == "--cv") {
        let folds = value("--folds").and_then(|v| v.parse().ok()).unwrap_or(5);
        let dump = args.iter().any(|a| a == "--dump");
        cross_validate(&lex, &rows, &opts, folds, dump, shop_box);
        return ExitCode::SUCCESS;
    }
    let q = fit::train_rows(&lex, &rows, &opts);
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--")
                && args
                    .get(i.wrapping_sub(1))
                    .is_some_and(|p| p == "--eval" || p == "--dump")
        })
        .map(|(_, a)| a)
        .collect();
    if !files.is_empty() {
        let dump = args.iter().any(|a| a == "--dump");
        for path in files {
            let rows = match fit::read_labelled(Path::new(path)) {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(2);
                }
            };
            let preds: Vec<[f64; 4]> = rows
                .iter()
                .map(|r| fit::predict(&lex, &q, &r.query, &r.lang, shop_box && r.context == "shop"))
                .collect();
            if dump {
                for (r, p) in rows.iter().zip(&preds) {
                    dump_row(&lex, r, p);
                }
            } else {
                println!("== {path} ({} rows)", rows.len());
                print!("{}", figures(&rows, &preds));
            }
        }
        return ExitCode::SUCCESS;
    }
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

/// The top moment and its probability.
fn top(p: &[f64; 4]) -> (usize, f64) {
    p.iter()
        .enumerate()
        .fold((0, 0.0), |b, (i, &v)| if v > b.1 { (i, v) } else { b })
}

/// The decision at threshold 0.5 (`None`: undecided).
fn decision(p: &[f64; 4]) -> Option<usize> {
    let (best, pb) = top(p);
    (pb >= 0.5).then_some(best)
}

const NAMES: [&str; 4] = ["know", "go", "do", "buy"];

/// One line per query: gold, decision, probabilities, active features.
fn dump_row(lex: &Lexicon, r: &Row, p: &[f64; 4]) {
    let x = lex.features(&r.query, Some(&r.lang));
    let (best, pb) = top(p);
    let mark = match decision(p) {
        Some(m) if m == r.moment => "ok ",
        Some(_) => "ERR",
        None => "und",
    };
    let feats: Vec<String> = x
        .iter()
        .enumerate()
        .filter(|(_, v)| **v != 0)
        .filter(|(i, _)| *i != f::INTERCEPT)
        .map(|(i, v)| {
            let n = fit::feature_name(i);
            if *v > 1 {
                format!("{n}×{v}")
            } else {
                n
            }
        })
        .collect();
    let hits: Vec<String> = lex
        .classify(&r.query, Some(&r.lang))
        .hits
        .iter()
        .map(|h| h.term.clone())
        .collect();
    println!(
        "{mark} {} {:<4} {:<4} {:.2}  {:<5} {:<9} {}  [{}] {{{}}}",
        r.lang,
        NAMES[r.moment],
        NAMES[best],
        pb,
        r.context,
        r.shape,
        r.query,
        feats.join(" "),
        hits.join("|")
    );
}

/// Accuracy (undecided = wrong, threshold 0.5) and undecided share per
/// file.
fn report(lex: &Lexicon, rows: &[Row], q: &[[i8; 4]]) {
    let mut files: Vec<(String, u32, u32, u32)> = Vec::new();
    for r in rows {
        let p = fit::predict(lex, q, &r.query, &r.lang, false);
        let i = match files.iter().position(|f| f.0 == r.file) {
            Some(i) => i,
            None => {
                files.push((r.file.clone(), 0, 0, 0));
                files.len() - 1
            }
        };
        files[i].1 += 1;
        match decision(&p) {
            None => files[i].3 += 1,
            Some(m) if m == r.moment => files[i].2 += 1,
            Some(_) => {}
        }
    }
    println!(
        "{:<24} {:>6} {:>9} {:>9}",
        "training file", "rows", "accuracy", "undecided"
    );
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

/// Upper ends of the calibration buckets of the top probability.
const BUCKETS: [f64; 9] = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01];

/// The figures for `rows` with probabilities `preds`: overall, per
/// language and context, per-row log-loss, and the calibration table.
fn figures(rows: &[Row], preds: &[[f64; 4]]) -> String {
    let moments = Moments::default();
    let mut rep = Report::new(&moments);
    let mut cal = [(0u32, 0u32, 0.0f64); BUCKETS.len()];
    let mut loss = 0.0;
    for (r, p) in rows.iter().zip(preds) {
        let ctx = if r.context.is_empty() {
            "-"
        } else {
            r.context.as_str()
        };
        rep.add_tagged(&r.lang, r.moment, decision(p), &[("context", ctx)]);
        let (best, pb) = top(p);
        let b = BUCKETS.iter().position(|&u| pb < u).unwrap_or(0);
        cal[b].0 += 1;
        cal[b].1 += u32::from(best == r.moment);
        cal[b].2 += pb;
        loss -= p[r.moment].max(1e-12).ln();
    }
    let mut out = String::new();
    let en = rep.lang("en");
    out.push_str(&format!(
        "all: rows {}  accuracy {:.3}  macro-F1 {:.3}  precision when decided {:.3}  undecided {:.3}  log-loss {:.3}\n",
        rep.total(),
        rep.accuracy(),
        rep.macro_f1(),
        rep.decided_precision(),
        rep.undecided_share(),
        loss / rows.len().max(1) as f64
    ));
    if let Some(en) = en {
        out.push_str(&format!(
            "en:  rows {}  accuracy {:.3}  macro-F1 {:.3}  precision when decided {:.3}  undecided {:.3}  know→go/buy {:.3}\n",
            en.total(),
            en.accuracy(),
            en.macro_f1(),
            en.decided_precision(),
            en.undecided_share(),
            en.know_as_go_or_buy()
        ));
    }
    out.push_str(
        "\ncalibration: top probability → rows, accuracy of the top moment, mean top probability\n",
    );
    let mut lo = 0.25;
    for (u, (n, ok, s)) in BUCKETS.iter().zip(cal) {
        if n > 0 {
            out.push_str(&format!(
                "  [{lo:.2}, {:.2})  {n:>5}  {:.3}  {:.3}\n",
                u.min(1.0),
                f64::from(ok) / f64::from(n),
                s / f64::from(n)
            ));
        }
        lo = *u;
    }
    out.push_str(&format!(
        "\n{:<8} {:>5} {:>6} {:>6} {:>6} {:>6} {:>9}\n",
        "lang", "rows", "acc", "F1", "dec-P", "undec", "know→g/b"
    ));
    let langs: Vec<String> = rep.langs().map(str::to_string).collect();
    for l in &langs {
        if let Some(r) = rep.lang(l) {
            out.push_str(&format!(
                "{:<8} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>9.3}\n",
                l,
                r.total(),
                r.accuracy(),
                r.macro_f1(),
                r.decided_precision(),
                r.undecided_share(),
                r.know_as_go_or_buy()
            ));
        }
    }
    if let Some(g) = rep.group("context") {
        for (c, r) in g {
            out.push_str(&format!(
                "ctx {:<4} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>9.3}\n",
                c,
                r.total(),
                r.accuracy(),
                r.macro_f1(),
                r.decided_precision(),
                r.undecided_share(),
                r.know_as_go_or_buy()
            ));
        }
    }
    let k = rep.support(KNOW);
    out.push_str(&format!(
        "know read as go {} / buy {} of {k}\n",
        rep.confusion(KNOW, Some(GO)),
        rep.confusion(KNOW, Some(BUY))
    ));
    out
}

/// Cross-validation over the project's own rows (the public train rows
/// always train): `folds` folds by row index.
fn cross_validate(
    lex: &Lexicon,
    rows: &[Row],
    opts: &fit::Options,
    folds: usize,
    dump: bool,
    shop_box: bool,
) {
    let folds = folds.max(2);
    let mut held: Vec<Row> = Vec::new();
    let mut preds: Vec<[f64; 4]> = Vec::new();
    for fold in 0..folds {
        let is_test = |i: usize, r: &Row| r.file != "intent_dev.tsv" && i % folds == fold;
        let train: Vec<Row> = rows
            .iter()
            .enumerate()
            .filter(|(i, r)| !is_test(*i, r))
            .map(|(_, r)| r.clone())
            .collect();
        let q = fit::train_rows(lex, &train, opts);
        for (i, r) in rows.iter().enumerate() {
            if is_test(i, r) {
                let shop = shop_box && r.context == "shop";
                preds.push(fit::predict(lex, &q, &r.query, &r.lang, shop));
                held.push(r.clone());
            }
        }
    }
    if dump {
        for (r, p) in held.iter().zip(&preds) {
            dump_row(lex, r, p);
        }
        return;
    }
    println!(
        "{folds}-fold cross-validation over the project's own rows (l2 {}, scale {}, bare scale {}{})",
        opts.l2,
        opts.scale,
        opts.bare_scale,
        if shop_box { ", shop boxes read bare queries as buy" } else { "" }
    );
    print!("{}", figures(&held, &preds));
}

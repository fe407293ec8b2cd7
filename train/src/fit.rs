//! Fits the query scorer's weights: a multinomial logistic regression over
//! the lexicon's features ([`micromoment::intent`]), by Newton's method
//! with an L2 penalty that pulls each weight towards a prior. Shared by the
//! training tool (`train/src/main.rs`) and the test that checks the
//! shipped weights are what training writes (`tests/weights.rs`).
//!
//! Everything here is deterministic: the rows are read in a fixed order,
//! identical feature vectors are merged in sorted order, and the
//! arithmetic is plain `f64`, so a debug and a release build write the
//! same weights.

use micromoment::intent::{self, f, N_FEATURES, WEIGHT_SCALE};
use micromoment::lexicon::Lexicon;
use std::collections::BTreeMap;
use std::path::Path;

/// Number of moments the scorer has weights for.
const K: usize = 4;
/// Number of parameters.
const P: usize = N_FEATURES * K;

/// Weight of a row of the public development set, relative to a row of
/// the project's own training queries (the public rows are voice-assistant
/// requests, many near-duplicates of each other).
pub const PUBLIC_ROW_WEIGHT: f64 = 0.25;
/// Strength of the L2 penalty (towards [`prior`]).
pub const L2: f64 = 1.0;
/// Temperature of the shipped logits: see [`Options::scale`].
pub const SCALE: f64 = 0.8;
/// Extra temperature of a bare query's intercept: see
/// [`Options::bare_scale`].
pub const BARE_SCALE: f64 = 1.0;
/// Sources of the public development set that are train splits.
const PUBLIC_TRAIN_SOURCES: [&str; 2] = ["slurp-train", "clinc150-train"];

/// One labelled training query.
#[derive(Clone, Debug)]
pub struct Row {
    /// The query.
    pub query: String,
    /// Its language code (the lexicon's hint).
    pub lang: String,
    /// Gold moment id (know 0, go 1, do 2, buy 3).
    pub moment: usize,
    /// Where the query comes from (`web`, `ad`, `shop`, `voice`).
    pub context: String,
    /// Its shape (`entity`, `howto`, ...; may be empty).
    pub shape: String,
    /// The file it was read from.
    pub file: String,
    /// Weight in the fit.
    pub weight: f64,
}

fn moment_id(name: &str) -> Option<usize> {
    ["know", "go", "do", "buy"].iter().position(|m| *m == name)
}

/// Reads the training rows under `root` (the repository): the train-split
/// rows of `tests/data/intent_dev.tsv` and every `tests/data/train/*.tsv`.
pub fn load_rows(root: &Path) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    let dev = root.join("tests/data/intent_dev.tsv");
    let text = std::fs::read_to_string(&dev).map_err(|e| format!("{}: {e}", dev.display()))?;
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let (Some(q), Some(l), Some(m), Some(src)) = (c.first(), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        if !PUBLIC_TRAIN_SOURCES.contains(src) {
            continue;
        }
        if let Some(moment) = moment_id(m) {
            rows.push(Row {
                query: q.to_string(),
                lang: l.to_string(),
                moment,
                context: "voice".into(),
                shape: String::new(),
                file: "intent_dev.tsv".into(),
                weight: PUBLIC_ROW_WEIGHT,
            });
        }
    }
    let dir = root.join("tests/data/train");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("query\t") {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            let (Some(q), Some(l), Some(m), Some(ctx)) = (c.first(), c.get(1), c.get(2), c.get(3))
            else {
                return Err(format!(
                    "{name}:{}: needs query, lang, moment, context",
                    n + 1
                ));
            };
            let moment =
                moment_id(m).ok_or_else(|| format!("{name}:{}: unknown moment {m}", n + 1))?;
            rows.push(Row {
                query: q.to_string(),
                lang: l.to_string(),
                moment,
                context: ctx.to_string(),
                shape: c.get(4).map_or(String::new(), |s| s.to_string()),
                file: name.clone(),
                weight: 1.0,
            });
        }
    }
    Ok(rows)
}

/// The prior each weight is pulled towards: a tier `t` term of moment `m`
/// is worth `t / 2` for `m` (what the tiers meant before they were
/// learned); everything else 0.
pub fn prior() -> Vec<f64> {
    let mut w = vec![0.0; P];
    for m in 0..K {
        for t in 1..=9u8 {
            let i = f::TIER + 9 * m + usize::from(t) - 1;
            w[i * K + m] = f64::from(t) * 0.5;
        }
    }
    w
}

/// Identical feature vectors merged: the vector and the summed row
/// weight per gold moment.
type Patterns = Vec<([u8; N_FEATURES], [f64; K])>;

fn patterns(lex: &Lexicon, rows: &[Row]) -> Patterns {
    let mut map: BTreeMap<[u8; N_FEATURES], [f64; K]> = BTreeMap::new();
    for r in rows {
        let mut x = lex.features(&r.query, Some(&r.lang));
        if r.context == "shop" && intent::bare(&x) {
            // A bare product typed into a shop's own search box means buy,
            // the built-in default (learned from search and voice) know:
            // these rows learn the intercept a site uses for its own box
            // instead (`Evidence::read_bare_as`).
            x[..f::SHAPE].fill(0);
            x[f::SHOP_BARE] = 1;
        }
        map.entry(x).or_insert([0.0; K])[r.moment] += r.weight;
    }
    map.into_iter().collect()
}

fn probs(x: &[u8; N_FEATURES], w: &[f64]) -> [f64; K] {
    let mut z = [0.0; K];
    for (i, &v) in x.iter().enumerate() {
        if v != 0 {
            for (k, zk) in z.iter_mut().enumerate() {
                *zk += f64::from(v) * w[i * K + k];
            }
        }
    }
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for zk in z.iter_mut() {
        *zk = (*zk - max).exp();
        sum += *zk;
    }
    z.map(|e| e / sum)
}

/// Penalized negative log-likelihood.
fn objective(pats: &Patterns, w: &[f64], w0: &[f64], l2: f64) -> f64 {
    let mut obj = 0.0;
    for (x, c) in pats {
        let p = probs(x, w);
        for k in 0..K {
            if c[k] > 0.0 {
                obj -= c[k] * p[k].max(1e-300).ln();
            }
        }
    }
    obj + 0.5
        * l2
        * w.iter()
            .zip(w0)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
}

/// Solves `h x = g` for a symmetric positive definite `h` (Cholesky).
fn solve(mut h: Vec<f64>, g: &[f64]) -> Vec<f64> {
    let n = g.len();
    for j in 0..n {
        let mut d = h[j * n + j];
        for k in 0..j {
            d -= h[j * n + k] * h[j * n + k];
        }
        let d = d.max(1e-12).sqrt();
        h[j * n + j] = d;
        for i in j + 1..n {
            let mut s = h[i * n + j];
            for k in 0..j {
                s -= h[i * n + k] * h[j * n + k];
            }
            h[i * n + j] = s / d;
        }
    }
    let mut y = g.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= h[i * n + k] * y[k];
        }
        y[i] /= h[i * n + i];
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= h[k * n + i] * y[k];
        }
        y[i] /= h[i * n + i];
    }
    y
}

/// Fits the weights (in logits) on `rows` with penalty `l2`.
pub fn fit_with(lex: &Lexicon, rows: &[Row], l2: f64) -> Vec<f64> {
    let pats = patterns(lex, rows);
    let w0 = prior();
    let mut w = w0.clone();
    let mut obj = objective(&pats, &w, &w0, l2);
    if std::env::var_os("TRAIN_DEBUG").is_some() {
        for (x, c) in &pats {
            let p = probs(x, &w);
            if p.iter().any(|v| v.is_nan()) {
                eprintln!("nan at {x:?} {c:?}");
                break;
            }
        }
    }
    for _ in 0..100 {
        let mut g: Vec<f64> = w.iter().zip(&w0).map(|(a, b)| l2 * (a - b)).collect();
        let mut h = vec![0.0; P * P];
        for i in 0..P {
            h[i * P + i] = l2;
        }
        for (x, c) in &pats {
            let p = probs(x, &w);
            let n: f64 = c.iter().sum();
            let active: Vec<(usize, f64)> = x
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0)
                .map(|(i, v)| (i, f64::from(*v)))
                .collect();
            for &(i, vi) in &active {
                for k in 0..K {
                    g[i * K + k] += vi * (n * p[k] - c[k]);
                }
                for &(j, vj) in &active {
                    for k in 0..K {
                        for l in 0..K {
                            let d = if k == l { 1.0 } else { 0.0 };
                            h[(i * K + k) * P + j * K + l] += n * vi * vj * p[k] * (d - p[l]);
                        }
                    }
                }
            }
        }
        let step = solve(h, &g);
        if std::env::var_os("TRAIN_DEBUG").is_some() {
            let gn: f64 = g.iter().map(|v| v * v).sum();
            let sn: f64 = step.iter().map(|v| v * v).sum();
            eprintln!("start objective {obj} |g|^2 {gn} |step|^2 {sn}");
        }
        let mut t = 1.0;
        let mut next;
        loop {
            next = w
                .iter()
                .zip(&step)
                .map(|(a, s)| a - t * s)
                .collect::<Vec<f64>>();
            let o = objective(&pats, &next, &w0, l2);
            if o <= obj || t < 1e-6 {
                obj = o;
                break;
            }
            t *= 0.5;
        }
        let moved = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
        if std::env::var_os("TRAIN_DEBUG").is_some() {
            eprintln!("objective {obj:.6} step {t} moved {moved:e}");
        }
        w = next;
        if moved < 1e-9 {
            break;
        }
    }
    w
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct Options {
    /// Strength of the L2 penalty.
    pub l2: f64,
    /// Every learned logit is multiplied by this after the fit (a
    /// temperature of `1 / scale`), except the shop-box intercept.
    pub scale: f64,
    /// The logits of a bare query's intercept are multiplied by this on
    /// top of [`Options::scale`].
    pub bare_scale: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            l2: L2,
            scale: SCALE,
            bare_scale: BARE_SCALE,
        }
    }
}

/// Tempers fitted logits `w` (see [`Options::scale`] and
/// [`Options::bare_scale`]).
pub fn temper(w: &mut [f64], opts: &Options) {
    for (i, row) in w.chunks_mut(K).enumerate() {
        if i != f::SHOP_BARE {
            row.iter_mut().for_each(|v| *v *= opts.scale);
        }
    }
    for b in 0..f::LEN1 - f::BARE {
        for k in 0..K {
            let total =
                w[f::INTERCEPT * K + k] + w[(f::LEN1 + b) * K + k] + w[(f::BARE + b) * K + k];
            w[(f::BARE + b) * K + k] += (opts.bare_scale - 1.0) * total;
        }
    }
}

/// Fits, tempers and quantizes the weights on `rows`.
pub fn train_rows(lex: &Lexicon, rows: &[Row], opts: &Options) -> Vec<[i8; 4]> {
    let mut w = fit_with(lex, rows, opts.l2);
    temper(&mut w, opts);
    quantize(&w)
}

/// Probability of each moment under quantized weights `q`. `shop_box`:
/// the query was typed into a site's own search box that reads bare
/// queries as buy (`Evidence::read_bare_as`).
pub fn predict(lex: &Lexicon, q: &[[i8; 4]], query: &str, lang: &str, shop_box: bool) -> [f64; 4] {
    let mut x = lex.features(query, Some(lang));
    if shop_box && intent::bare(&x) {
        x[..f::SHAPE].fill(0);
        x[f::SHOP_BARE] = 1;
    }
    let mut z = [0.0f64; 4];
    for (i, &v) in x.iter().enumerate() {
        for (k, zk) in z.iter_mut().enumerate() {
            *zk += f64::from(v) * f64::from(q[i][k]) * f64::from(WEIGHT_SCALE);
        }
    }
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e = z.map(|v| (v - max).exp());
    let s: f64 = e.iter().sum();
    e.map(|v| v / s)
}

/// Reads a labelled file for evaluation (never for training): a header
/// line, then `query, lang, moment` and optional columns named `context`,
/// `shape` and `source` in the header. Rows of the public file's train
/// splits are left out (they are training rows).
pub fn read_labelled(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (ctx, shape, source) = (col("context"), col("shape"), col("source"));
    let name = path
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let mut rows = Vec::new();
    for line in lines {
        let c: Vec<&str> = line.split('\t').collect();
        let (Some(q), Some(l), Some(m)) = (c.first(), c.get(1), c.get(2)) else {
            continue;
        };
        let get = |i: Option<usize>| i.and_then(|i| c.get(i)).map_or("", |v| v.trim());
        if PUBLIC_TRAIN_SOURCES.contains(&get(source)) {
            continue;
        }
        let Some(moment) = moment_id(m.trim()) else {
            continue;
        };
        rows.push(Row {
            query: q.to_string(),
            lang: l.trim().to_string(),
            moment,
            context: get(ctx).to_string(),
            shape: get(shape).to_string(),
            file: name.clone(),
            weight: 1.0,
        });
    }
    Ok(rows)
}

/// Rounds weights in logits to the shipped form: sixteenths in an `i8`.
pub fn quantize(w: &[f64]) -> Vec<[i8; 4]> {
    let scale = 1.0 / f64::from(WEIGHT_SCALE);
    w.chunks(K)
        .map(|row| {
            let mut q = [0i8; 4];
            for (d, v) in q.iter_mut().zip(row) {
                *d = (v * scale).round().clamp(-128.0, 127.0) as i8;
            }
            q
        })
        .collect()
}

/// The shipped weights: trained on every row under `root` with the
/// built-in lexicon, quantized.
#[allow(dead_code)] // the test of the shipped weights uses it
pub fn train(root: &Path) -> Result<Vec<[i8; 4]>, String> {
    let rows = load_rows(root)?;
    let lex = Lexicon::builtin();
    Ok(train_rows(&lex, &rows, &Options::default()))
}

/// The text of `src/intent_weights.rs` for weights `q`.
pub fn weights_file(q: &[[i8; 4]]) -> String {
    let mut out = String::from(
        "//! Learned weights of the query scorer, one row per feature of\n\
         //! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.\n\
         //!\n\
         //! Written by the training tool (`make train`); do not edit by hand.\n\
         \n\
         /// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.\n\
         pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [\n",
    );
    // Comments aligned as rustfmt aligns them, so the file is formatted.
    let rows: Vec<String> = q
        .iter()
        .map(|r| format!("[{}, {}, {}, {}],", r[0], r[1], r[2], r[3]))
        .collect();
    let width = rows.iter().map(String::len).max().unwrap_or(0);
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&format!("    {r:<width$} // {}\n", feature_name(i)));
    }
    out.push_str("];\n");
    out
}

/// A readable name of feature `i`.
pub fn feature_name(i: usize) -> String {
    match micromoment::intent::NAMES.get(i) {
        Some(n) => n.to_string(),
        None => {
            let t = i - f::TIER;
            format!("{} tier {}", ["know", "go", "do", "buy"][t / 9], t % 9 + 1)
        }
    }
}

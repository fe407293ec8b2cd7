//! `micromoment`: the host command line for site owners. It runs the same
//! core as the browser tag.
//!
//! ```text
//! micromoment classify [--lang xx] [--config site.json] [--source site|ad|search]
//!                                                         queries on stdin → JSON lines
//! micromoment device                                      User-Agents on stdin → JSON lines
//! micromoment check CONFIG.json                           validate a config file
//! micromoment eval FILE.tsv [--config site.json]          accuracy on labelled queries
//! ```

use micromoment::config::{self, Config, QuerySource, Severity};
use micromoment::json;
use micromoment::model::{DecideSettings, Decider, Model};
use micromoment::ua;
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage:
  micromoment classify [--lang xx] [--config CONFIG.json] [--source site|ad|search]
      reads queries from stdin, one per line (a line may be lang<TAB>query),
      prints {\"query\",\"moment\",\"confidence\",\"scores\"} per line;
      --source: where the queries come from (the site's own search, an ad's
      keyword, a search engine; default search), which decides how a query
      with no moment words is read (the config's queryDefaults)
  micromoment device
      reads User-Agent strings from stdin, prints {\"device\"} per line
  micromoment check CONFIG.json
      validates a config file: prints ok (exit 0) or each problem (exit 1)
  micromoment eval FILE.tsv [--config CONFIG.json] [--site-box CONTEXT]
      FILE.tsv has columns query<TAB>lang<TAB>moment, and may have a header
      line and more columns; prints accuracy, precision/recall/F1, precision
      when decided, the undecided share and the confusion matrix, overall,
      per language, and per `context` and `shape` when the header names
      those columns; --site-box CONTEXT: rows whose `context` is CONTEXT
      were typed into a shop's own search box, which reads bare queries as
      buy (as a site configures its box)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("classify") => classify(&args[1..]),
        Some("device") => device(),
        Some("check") => return check(&args[1..]),
        Some("eval") => eval(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

/// Reads `--name value` from `args`.
fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|v| Some(v.as_str()))
            .ok_or_else(|| format!("{name} needs a value")),
    }
}

fn check_args(args: &[String], allowed: &[&str], positional: usize) -> Result<(), String> {
    let mut i = 0;
    let mut seen = 0;
    while let Some(a) = args.get(i) {
        if a.starts_with("--") {
            if !allowed.contains(&a.as_str()) {
                return Err(format!("unknown option {a}\n{USAGE}"));
            }
            i += 2;
        } else {
            seen += 1;
            i += 1;
        }
    }
    if seen != positional {
        return Err(USAGE.to_string());
    }
    Ok(())
}

/// Loads the model from an optional config file. Config errors stop the
/// command, like they stop the tag in the browser.
fn load_model(path: Option<&str>) -> Result<(Model, DecideSettings), String> {
    let Some(path) = path else {
        return Ok((Model::default(), DecideSettings::default()));
    };
    let (config, problems) = read_config(path)?;
    if config::has_errors(&problems) {
        let mut msg = format!("{path}: invalid config");
        for p in &problems {
            msg.push_str("\n  ");
            msg.push_str(&p.message());
        }
        return Err(msg);
    }
    let settings = DecideSettings {
        threshold: config.threshold as f32,
        margin: config.hysteresis.margin as f32,
        min_ms: f64::from(config.hysteresis.min_ms),
    };
    Ok((Model::from_config(&config), settings))
}

fn read_config(path: &str) -> Result<(Config, Vec<config::Problem>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Duplicate keys keep the first position and the last value, as in the
    // browser's JSON.parse (serde_json's preserve_order map).
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{path}: {e}"))?;
    Ok(Config::from_value(&to_value(value)))
}

/// A serde_json value as the core's JSON value (numbers as `f64`).
fn to_value(v: serde_json::Value) -> json::Value {
    match v {
        serde_json::Value::Null => json::Value::Null,
        serde_json::Value::Bool(b) => json::Value::Bool(b),
        serde_json::Value::Number(n) => json::Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => json::Value::String(s),
        serde_json::Value::Array(a) => json::Value::Array(a.into_iter().map(to_value).collect()),
        serde_json::Value::Object(m) => {
            json::Value::Object(m.into_iter().map(|(k, v)| (k, to_value(v))).collect())
        }
    }
}

fn classify(args: &[String]) -> Result<(), String> {
    check_args(args, &["--lang", "--config", "--source"], 0)?;
    let lang = option(args, "--lang")?;
    let source = match option(args, "--source")? {
        None | Some("search") => QuerySource::Search,
        Some("site") => QuerySource::Site,
        Some("ad") => QuerySource::Ad,
        Some(other) => return Err(format!("--source {other}: expected site, ad or search")),
    };
    let (model, settings) = load_model(option(args, "--config")?)?;
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("stdin: {e}"))?;
        let (line_lang, query) = match line.split_once('\t') {
            Some((l, q)) => (Some(l.trim()), q),
            None => (lang, line.as_str()),
        };
        let scores = model.classify_from(query, line_lang, Some(source));
        let decision = Decider::default().update(&scores.probs, 0.0, &settings);
        let mut s = String::from("{\"query\":");
        json::write_str(&mut s, query);
        s.push_str(",\"moment\":");
        match decision.moment.and_then(|m| model.moments.name(m)) {
            Some(name) => json::write_str(&mut s, name),
            None => s.push_str("null"),
        }
        s.push_str(",\"confidence\":");
        json::write_num(&mut s, f64::from(decision.confidence));
        s.push_str(",\"scores\":{");
        for (id, name) in model.moments.iter() {
            if id > 0 {
                s.push(',');
            }
            json::write_str(&mut s, name);
            s.push(':');
            json::write_num(
                &mut s,
                f64::from(scores.probs.get(id).copied().unwrap_or(0.0)),
            );
        }
        s.push_str("}}");
        writeln!(out, "{s}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn device() -> Result<(), String> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| format!("stdin: {e}"))?;
        // A TSV line (a labelled fixture) carries the UA in its first column.
        let line = line.trim_end_matches('\r');
        let d = ua::classify_ua(line.split('\t').next().unwrap_or(line));
        writeln!(out, "{{\"device\":\"{}\"}}", d.as_str()).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn check(args: &[String]) -> ExitCode {
    let [path] = args else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match read_config(path) {
        Err(e) => {
            println!("{e}");
            ExitCode::from(1)
        }
        Ok((_, problems)) => {
            for p in &problems {
                let kind = match p.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                println!("{kind}: {}", p.message());
            }
            if config::has_errors(&problems) {
                ExitCode::from(1)
            } else {
                println!("ok");
                ExitCode::SUCCESS
            }
        }
    }
}

/// Reads a bare search query as a shop's own search box does
/// (`Evidence::read_bare_as(BUY)`): the query's intercept changes, scaled
/// by the model's `query` weights.
fn read_bare_as_buy(model: &Model, scores: &mut micromoment::model::Scores) {
    let Some(ev) = scores.query.as_ref().filter(|ev| ev.bare) else {
        return;
    };
    let mut boxed = ev.clone();
    boxed.read_bare_as(micromoment::moment::BUY);
    for (m, l) in scores.logits.iter_mut().enumerate() {
        let (new, old) = (
            boxed.base.get(m).copied().unwrap_or(0.0),
            ev.base.get(m).copied().unwrap_or(0.0),
        );
        *l += (new - old) * model.weights.get("query", m);
    }
    scores.probs = micromoment::model::softmax(&scores.logits);
}

fn eval(args: &[String]) -> Result<(), String> {
    check_args(args, &["--config", "--site-box"], 1)?;
    let site_box = option(args, "--site-box")?;
    let path = args
        .iter()
        .enumerate()
        .find(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0
                    || args
                        .get(i - 1)
                        .is_none_or(|p| p != "--config" && p != "--site-box"))
        })
        .map(|(_, a)| a.as_str())
        .ok_or_else(|| USAGE.to_string())?;
    let (model, settings) = load_model(option(args, "--config")?)?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    // A header line names the columns; the first three are always query,
    // lang and moment, and the `context` and `shape` columns, when there
    // are any, get figures of their own.
    let mut lines = text.lines().enumerate().peekable();
    let mut tagged: Vec<(usize, String)> = Vec::new();
    let mut context_col = None;
    if let Some((_, first)) = lines.peek() {
        let cols: Vec<&str> = first.split('\t').collect();
        let is_header = cols
            .get(2)
            .is_some_and(|m| model.moments.id(m.trim()).is_none());
        if is_header {
            for (i, c) in cols.iter().enumerate().skip(3) {
                if matches!(c.trim(), "context" | "shape") {
                    tagged.push((i, c.trim().to_string()));
                }
                if c.trim() == "context" {
                    context_col = Some(i);
                }
            }
            lines.next();
        }
    }
    let mut report = micromoment::eval::Report::new(&model.moments);
    let mut rows = 0;
    for (n, line) in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(query), Some(lang), Some(gold)) = (cols.first(), cols.get(1), cols.get(2)) else {
            if !line.trim().is_empty() {
                eprintln!("{path}:{}: skipped: needs query<TAB>lang<TAB>moment", n + 1);
            }
            continue;
        };
        let Some(gold) = model.moments.id(gold.trim()) else {
            eprintln!("{path}:{}: skipped: unknown moment {gold:?}", n + 1);
            continue;
        };
        let mut scores = model.classify(query, Some(lang.trim()));
        let in_box = site_box.is_some_and(|b| {
            context_col
                .and_then(|i| cols.get(i))
                .is_some_and(|c| c.trim() == b)
        });
        if in_box {
            read_bare_as_buy(&model, &mut scores);
        }
        let decision = Decider::default().update(&scores.probs, 0.0, &settings);
        let tags: Vec<(&str, &str)> = tagged
            .iter()
            .map(|(i, name)| (name.as_str(), cols.get(*i).map_or("", |v| v.trim())))
            .collect();
        report.add_tagged(lang.trim(), gold, decision.moment, &tags);
        rows += 1;
    }
    if rows == 0 {
        return Err(format!("{path}: no labelled rows"));
    }
    print!("{}", report.table());
    Ok(())
}

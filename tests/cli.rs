//! The command-line tool as a site owner runs it: classify (with a query
//! source), check (a config file, JSON errors, repeated keys), device and
//! eval.

use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_micromoment"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tool starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("the tool ends");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let path = std::env::temp_dir().join(format!("micromoment-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text).expect("write temp file");
    path.to_string_lossy().into_owned()
}

fn moment(line: &str) -> serde_json::Value {
    let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
    v["moment"].clone()
}

#[test]
fn classify_reads_a_bare_query_by_its_source() {
    let (code, out, _) = run(&["classify"], "buy running shoes\nnike pegasus 41\n");
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(moment(lines[0]), "buy");
    assert_eq!(
        moment(lines[1]),
        "know",
        "a bare query from a search engine"
    );
    let (_, out, _) = run(&["classify", "--source", "ad"], "nike pegasus 41\n");
    assert_eq!(moment(out.trim()), "buy", "an ad's keyword");
    let shop = temp_file("shop.json", r#"{"queryDefaults": {"site": "buy"}}"#);
    let (_, out, _) = run(
        &["classify", "--source", "site", "--config", &shop],
        "nike pegasus 41\n",
    );
    assert_eq!(moment(out.trim()), "buy", "a shop's own search box");
    let (code, _, err) = run(&["classify", "--source", "email"], "");
    assert_eq!(code, 2);
    assert!(err.contains("expected site, ad or search"), "{err}");
}

#[test]
fn classify_takes_a_language_per_line() {
    let (_, out, _) = run(
        &["classify"],
        "da\tkøb løbesko\nnb\thvordan vaske joggesko\n",
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(moment(lines[0]), "buy");
    assert_eq!(moment(lines[1]), "do");
}

#[test]
fn check_reports_every_problem_and_json_errors_with_their_place() {
    let good = temp_file("good.json", "\u{feff}{\"threshold\": 0.6}");
    let (code, out, _) = run(&["check", &good], "");
    assert_eq!((code, out.trim()), (0, "ok"));
    let bad = temp_file("bad.json", r#"{"threshold": -1, "consent": "yes"}"#);
    let (code, out, _) = run(&["check", &bad], "");
    assert_eq!(code, 1);
    assert!(
        out.contains("$.threshold: expected a number above 0, at most 1, found -1"),
        "{out}"
    );
    assert!(
        out.contains("$.consent: expected true or false, found \"yes\""),
        "{out}"
    );
    let broken = temp_file("broken.json", "{\n  \"threshold\": 0.5,,\n}");
    let (code, out, err) = run(&["check", &broken], "");
    assert_ne!(code, 0);
    assert!((out + &err).contains("line 2 column 20"));
}

#[test]
fn check_keeps_a_repeated_key_like_the_browser() {
    // JSON.parse keeps the last value of a repeated key: so does the tool.
    let twice = temp_file("twice.json", r#"{"threshold": -1, "threshold": 0.7}"#);
    let (code, out, _) = run(&["check", &twice], "");
    assert_eq!((code, out.trim()), (0, "ok"));
}

#[test]
fn device_and_eval() {
    let (_, out, _) = run(
        &["device"],
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1\n",
    );
    assert!(out.contains("\"tablet\""), "{out}");
    let data = temp_file(
        "eval.tsv",
        "query\tlang\tmoment\nbuy running shoes\ten\tbuy\npizza near me\ten\tgo\nhow to tie a tie\ten\tdo\n",
    );
    let (code, out, _) = run(&["eval", &data], "");
    assert_eq!(code, 0);
    assert!(out.contains("rows 3"), "{out}");
    assert!(out.contains("precision when decided"), "{out}");
}

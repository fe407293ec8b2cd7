//! A small JSON value type, a strict text parser, and writers for JSON
//! string and number literals.
//!
//! The tag's wasm parses with [`parse`] the text its loader writes with
//! `JSON.stringify` (the page's config after `JSON.parse`, and the page's
//! inputs), which never repeats a key; [`parse`] keeps members as written,
//! and [`Value::get`] finds the last one of a name. The command-line tool
//! reads config files with `serde_json` instead, which keeps a repeated key
//! at its first position with its last value, as `JSON.parse` does.

use alloc::{string::String, vec::Vec};
use core::fmt;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in source order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member called `key` of an object (the last one if repeated), or
    /// `None` for a missing key or a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number of a number value.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Largest JSON text [`parse`] accepts, in bytes.
pub const MAX_SIZE: usize = 1 << 20;

/// Deepest nesting of arrays and objects [`parse`] accepts.
pub const MAX_DEPTH: usize = 64;

/// Why a JSON text could not be parsed, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column of the problem in characters, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl core::error::Error for JsonError {}

const EOF: &str = "unexpected end of input";
const COMMENT: &str = "comments are not allowed in JSON";

type Fail = (usize, &'static str);

/// Parses `text` as strict JSON (RFC 8259): no comments, no trailing
/// commas, nothing after the value but whitespace. A leading byte order mark
/// is skipped. Texts over [`MAX_SIZE`] bytes or nested deeper than
/// [`MAX_DEPTH`] are refused, and so are numbers too large for an `f64`.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = Parser {
        s: text,
        pos: 0,
        depth: 0,
    };
    let result = if text.len() > MAX_SIZE {
        Err((0, "input larger than 1 MB"))
    } else {
        p.value().and_then(|v| {
            p.ws();
            if p.pos < text.len() {
                Err((p.pos, "unexpected text after the value"))
            } else {
                Ok(v)
            }
        })
    };
    result.map_err(|(pos, message)| {
        let (mut line, mut column) = (1, 1);
        for (i, c) in text.char_indices() {
            if i >= pos {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        JsonError {
            line,
            column,
            message,
        }
    })
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Value, Fail> {
        self.ws();
        let at = self.pos;
        match self.peek() {
            None => Err((at, EOF)),
            Some(b'{') => self.nested(true),
            Some(b'[') => self.nested(false),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'/') => Err((at, COMMENT)),
            Some(_) => {
                for (word, v) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    if self
                        .s
                        .as_bytes()
                        .get(at..)
                        .is_some_and(|r| r.starts_with(word.as_bytes()))
                    {
                        self.pos += word.len();
                        return Ok(v);
                    }
                }
                Err((at, "expected a value"))
            }
        }
    }

    /// An object (`obj`) or an array; the opening bracket is at `pos`.
    fn nested(&mut self, obj: bool) -> Result<Value, Fail> {
        if self.depth >= MAX_DEPTH {
            return Err((self.pos, "nested deeper than 64 levels"));
        }
        self.depth += 1;
        self.pos += 1;
        let close = if obj { b'}' } else { b']' };
        let mut members = Vec::new();
        let mut items = Vec::new();
        self.ws();
        if self.peek() == Some(close) {
            self.pos += 1;
        } else {
            loop {
                if obj {
                    self.ws();
                    match self.peek() {
                        Some(b'"') => {}
                        None => return Err((self.pos, EOF)),
                        Some(b'/') => return Err((self.pos, COMMENT)),
                        Some(_) => return Err((self.pos, "expected a string key")),
                    }
                    let key = self.string()?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err((self.pos, "expected ':'"));
                    }
                    self.pos += 1;
                    members.push((key, self.value()?));
                } else {
                    items.push(self.value()?);
                }
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        let comma = self.pos;
                        self.pos += 1;
                        self.ws();
                        if self.peek() == Some(close) {
                            return Err((comma, "trailing comma"));
                        }
                    }
                    Some(c) if c == close => {
                        self.pos += 1;
                        break;
                    }
                    None => return Err((self.pos, EOF)),
                    Some(_) if obj => return Err((self.pos, "expected ',' or '}'")),
                    Some(_) => return Err((self.pos, "expected ',' or ']'")),
                }
            }
        }
        self.depth -= 1;
        Ok(if obj {
            Value::Object(members)
        } else {
            Value::Array(items)
        })
    }

    /// A string literal; the opening quote is at `pos`.
    fn string(&mut self) -> Result<String, Fail> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while let Some(c) = self.peek() {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Both ends sit next to ASCII bytes, so this is a char boundary.
            out.push_str(self.s.get(start..self.pos).unwrap_or_default());
            let at = self.pos;
            match self.peek() {
                None => return Err((at, "unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {}
                Some(_) => return Err((at, "control character in string")),
            }
            let esc = self.s.as_bytes().get(at + 1).copied();
            self.pos = at + 2;
            out.push(match esc {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    let hi = self.hex4()?;
                    let mut code = hi;
                    if (0xD800..0xDC00).contains(&hi)
                        && self.s.as_bytes().get(self.pos..self.pos + 2) == Some(b"\\u")
                    {
                        let save = self.pos;
                        self.pos += 2;
                        let lo = self.hex4()?;
                        if (0xDC00..0xE000).contains(&lo) {
                            code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        } else {
                            self.pos = save;
                        }
                    }
                    // A lone surrogate cannot be held in a Rust string.
                    char::from_u32(code).unwrap_or('\u{fffd}')
                }
                None => return Err((at, "unterminated string")),
                Some(_) => return Err((at, "invalid escape in string")),
            });
        }
    }

    fn hex4(&mut self) -> Result<u32, Fail> {
        let mut n = 0;
        for _ in 0..4 {
            let d = self.peek().and_then(|c| (c as char).to_digit(16));
            match d {
                Some(d) => n = n * 16 + d,
                None => return Err((self.pos, "invalid \\u escape in string")),
            }
            self.pos += 1;
        }
        Ok(n)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, Fail> {
        let start = self.pos;
        let bad = Err((start, "invalid number"));
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return bad,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return bad;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return bad;
            }
        }
        match self.s.get(start..self.pos).and_then(parse_number) {
            Some(n) if n.is_finite() => Ok(Value::Number(n)),
            Some(_) => Err((start, "number out of range")),
            None => bad,
        }
    }
}

/// Powers of ten that are exact in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads a JSON number (already checked for its syntax). Numbers of up to
/// 15 significant digits with a decimal exponent within ±22 — every number
/// a config holds in practice — are exact, as `str::parse` gives them (one
/// correctly rounded multiplication or division of exact values); longer
/// ones are within a few units in the last place. Written here because the
/// standard library's float parser is several kilobytes of wasm.
pub fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let negative = b.first() == Some(&b'-');
    if negative {
        i += 1;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut exp10: i32 = 0;
    let mut seen = false;
    let mut frac = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                seen = true;
                if mantissa == 0 && c == b'0' {
                    // Leading zeros are not significant digits.
                } else if digits < 19 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    digits += 1;
                } else if !frac {
                    exp10 += 1;
                }
                if frac && (digits < 19 || mantissa == 0) {
                    exp10 -= 1;
                }
            }
            b'.' if !frac => frac = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let minus = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let mut e: i32 = 0;
        let mut any = false;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            e = e.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            any = true;
            i += 1;
        }
        if !any {
            return None;
        }
        exp10 = exp10.saturating_add(if minus { -e } else { e });
    }
    if i != b.len() {
        return None;
    }
    let m = mantissa as f64;
    let v = if mantissa == 0 {
        0.0
    } else if mantissa < (1 << 53) && exp10.unsigned_abs() <= 22 {
        let p = POW10
            .get(exp10.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        if exp10 < 0 {
            m / p
        } else {
            m * p
        }
    } else {
        let mut v = m;
        let mut e = exp10;
        while e > 22 && v.is_finite() {
            v *= 1e22;
            e -= 22;
        }
        while e < -22 && v != 0.0 {
            v /= 1e22;
            e += 22;
        }
        let p = POW10.get(e.unsigned_abs() as usize).copied().unwrap_or(1.0);
        if e < 0 {
            v / p
        } else {
            v * p
        }
    };
    Some(if negative { -v } else { v })
}

/// Appends `s` as a JSON string literal. Besides `"` and `\`, control
/// characters, `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX`
/// escapes, so the result can be embedded in HTML and in `<script>`.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0'..='\x1f' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => write_u_escape(out, c),
            _ => out.push(c),
        }
    }
    out.push('"');
}

/// Appends `\uXXXX` for a character of the Basic Multilingual Plane.
pub(crate) fn write_u_escape(out: &mut String, c: char) {
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(char::from_digit((c as u32 >> shift) & 15, 16).unwrap_or('0'));
    }
}

/// Appends `n` as a JSON number with at most 4 decimals and no trailing
/// zeros (`1.5`, `-0.3333`, `42`); non-finite numbers become `null`.
pub fn write_num(out: &mut String, n: f64) {
    write_decimal(out, n, 4, true);
}

/// Appends `n` rounded to `decimals` (at most 9) decimals; with `trim`,
/// trailing zeros and a bare decimal point are left out. Non-finite numbers
/// become `null`; very large ones are written with an exponent.
pub(crate) fn write_decimal(out: &mut String, n: f64, decimals: u32, trim: bool) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    let decimals = decimals.min(9);
    let unit = 10u64.pow(decimals);
    let mut a = n.abs();
    let mut exp = 0u32;
    // Keep the scaled value an exact integer well inside u64.
    while a * unit as f64 >= 9e15 {
        a /= 10.0;
        exp += 1;
    }
    let mut v = if exp > 0 {
        crate::num::round(a) as u64
    } else {
        crate::num::round(a * unit as f64) as u64
    };
    if n < 0.0 && v != 0 {
        out.push('-');
    }
    if exp > 0 {
        while v != 0 && v % 10 == 0 {
            v /= 10;
            exp += 1;
        }
        write_uint(out, v);
        out.push('e');
        write_uint(out, exp.into());
        return;
    }
    write_uint(out, v / unit);
    let mut frac = v % unit;
    let mut width = decimals;
    if trim {
        while width > 0 && frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
    }
    if width > 0 {
        out.push('.');
        let start = out.len();
        write_uint(out, frac);
        let pad = width as usize - (out.len() - start);
        for _ in 0..pad {
            out.insert(start, '0');
        }
    }
}

/// Appends the decimal digits of `n`.
pub(crate) fn write_uint(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or_default() {
        out.push(b as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: f64) -> String {
        let mut s = String::new();
        write_num(&mut s, n);
        s
    }

    #[test]
    fn numbers() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(-2.0), "-2");
        assert_eq!(num(1.0 / 3.0), "0.3333");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(0.00004), "0");
        assert_eq!(num(-0.00004), "0");
        assert_eq!(num(0.05), "0.05");
        assert_eq!(num(123456.78901), "123456.789");
        assert_eq!(num(1e20), "1e20");
        assert_eq!(num(-1.5e300), "-15e299");
        assert_eq!(num(f64::NAN), "null");
        assert_eq!(num(f64::INFINITY), "null");
        let mut s = String::new();
        write_decimal(&mut s, 55.6761, 5, false);
        assert_eq!(s, "55.67610");
        s.clear();
        write_decimal(&mut s, -0.00001, 5, false);
        assert_eq!(s, "-0.00001");
        s.clear();
        write_decimal(&mut s, 3.0, 2, false);
        assert_eq!(s, "3.00");
        for n in [0.5, 1.25, -7.125, 1234.5678, 99999999.0] {
            assert_eq!(parse(&num(n)), Ok(Value::Number(n)));
        }
    }

    #[test]
    fn strings() {
        let mut s = String::new();
        write_str(&mut s, "a\"b\\c\n</script>&\u{2028}é\u{1}");
        assert_eq!(
            s,
            "\"a\\\"b\\\\c\\u000a\\u003c/script\\u003e\\u0026\\u2028é\\u0001\""
        );
        assert_eq!(
            parse(&s),
            Ok(Value::String("a\"b\\c\n</script>&\u{2028}é\u{1}".into()))
        );
    }

    #[test]
    fn numbers_read_like_the_standard_parser() {
        // Exact for up to 15 significant digits and exponents within ±22.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 15 + 1) as u32;
            let m = x % 10u64.pow(digits);
            let scale = ((x >> 20) % 16) as usize;
            let text = if scale == 0 {
                m.to_string()
            } else {
                let s = format!("{m:0>width$}", width = scale + 1);
                format!("{}.{}", &s[..s.len() - scale], &s[s.len() - scale..])
            };
            for t in [
                text.clone(),
                format!("-{text}"),
                format!("{text}e-3"),
                format!("{text}E+5"),
            ] {
                assert_eq!(parse_number(&t), t.parse::<f64>().ok(), "{t}");
            }
        }
        for t in [
            "0",
            "-0",
            "0.5",
            "55.6872",
            "-180",
            "1e308",
            "1e-320",
            "123456789012345678901234",
        ] {
            let ours = parse_number(t).unwrap();
            let std = t.parse::<f64>().unwrap();
            assert!(
                (ours - std).abs() <= std.abs() * 1e-15,
                "{t}: {ours} vs {std}"
            );
        }
        assert_eq!(parse_number("1e400"), Some(f64::INFINITY));
        for bad in ["", "-", "1e", "1.2.3", "abc", "1x"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}

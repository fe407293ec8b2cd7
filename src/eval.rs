//! Evaluation metrics for moment predictions: accuracy, per-moment
//! precision / recall / F1, macro-F1, precision when decided, the
//! undecided share, a confusion matrix, and the same figures per language
//! and per any other column (the query's context and shape). Used by
//! `micromoment eval` and the tests; host-side only.

use crate::moment::{MomentId, Moments};
use alloc::{format, string::String, string::ToString, vec, vec::Vec};

/// The decision rule used for evaluation: softmax over `scores`, and the
/// top moment when its probability is at least `threshold` (first one wins
/// a tie); `None` (undecided) otherwise or when `scores` is empty.
pub fn decide(scores: &[f32], threshold: f32) -> Option<MomentId> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if !max.is_finite() {
        return None;
    }
    let sum: f32 = scores
        .iter()
        .map(|s| crate::num::exp(f64::from(s - max)) as f32)
        .sum();
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = i;
        }
    }
    // exp(best - max) == 1 because the best score is the maximum.
    (1.0 / sum >= threshold).then_some(best)
}

/// Evaluation results for a set of `(language, gold, predicted)` rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    names: Vec<String>,
    /// `confusion[gold][predicted]`; the last column counts undecided rows.
    confusion: Vec<Vec<u32>>,
    langs: Vec<(String, Report)>,
    /// Per other column (name, then one report per value).
    groups: Vec<(String, Vec<(String, Report)>)>,
}

impl Report {
    /// An empty report over the moments of `moments`.
    pub fn new(moments: &Moments) -> Report {
        let names: Vec<String> = moments.iter().map(|(_, n)| n.to_string()).collect();
        let n = names.len();
        Report {
            names,
            confusion: vec![vec![0; n + 1]; n],
            langs: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// A report over `rows` of `(language, gold, predicted)`.
    pub fn from_rows<'a, I>(moments: &Moments, rows: I) -> Report
    where
        I: IntoIterator<Item = (&'a str, MomentId, Option<MomentId>)>,
    {
        let mut r = Report::new(moments);
        for (lang, gold, predicted) in rows {
            r.add(lang, gold, predicted);
        }
        r
    }

    /// Counts one row. `predicted = None` means undecided (always wrong).
    /// Ids beyond the moment list get a placeholder name.
    pub fn add(&mut self, lang: &str, gold: MomentId, predicted: Option<MomentId>) {
        self.add_tagged(lang, gold, predicted, &[]);
    }

    /// Counts one row that also has values in other columns: `tags` are
    /// `(column, value)` pairs, such as `("context", "web")`.
    pub fn add_tagged(
        &mut self,
        lang: &str,
        gold: MomentId,
        predicted: Option<MomentId>,
        tags: &[(&str, &str)],
    ) {
        self.count(gold, predicted);
        let fresh = |names: &[String]| Report {
            names: names.to_vec(),
            confusion: vec![vec![0; names.len() + 1]; names.len()],
            langs: Vec::new(),
            groups: Vec::new(),
        };
        let i = match self.langs.iter().position(|(l, _)| l == lang) {
            Some(i) => i,
            None => {
                self.langs.push((lang.to_string(), fresh(&self.names)));
                self.langs.len() - 1
            }
        };
        self.langs[i].1.count(gold, predicted);
        for (column, value) in tags {
            let g = match self.groups.iter().position(|(c, _)| c == column) {
                Some(g) => g,
                None => {
                    self.groups.push((column.to_string(), Vec::new()));
                    self.groups.len() - 1
                }
            };
            let names = self.names.clone();
            let values = &mut self.groups[g].1;
            let v = match values.iter().position(|(v, _)| v == value) {
                Some(v) => v,
                None => {
                    values.push((value.to_string(), fresh(&names)));
                    values.len() - 1
                }
            };
            values[v].1.count(gold, predicted);
        }
    }

    fn grow(&mut self, id: MomentId) {
        while self.names.len() <= id {
            let n = self.names.len();
            self.names.push(format!("#{n}"));
            for row in &mut self.confusion {
                row.insert(n, 0);
            }
            self.confusion.push(vec![0; n + 2]);
        }
    }

    fn count(&mut self, gold: MomentId, predicted: Option<MomentId>) {
        self.grow(gold.max(predicted.unwrap_or(0)));
        let n = self.names.len();
        let col = predicted.unwrap_or(n);
        self.confusion[gold][col] += 1;
        for (_, sub) in &mut self.langs {
            sub.grow(n - 1);
        }
        for (_, values) in &mut self.groups {
            for (_, sub) in values {
                sub.grow(n - 1);
            }
        }
    }

    /// Names of the moments, indexed by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Number of rows counted.
    pub fn total(&self) -> u32 {
        self.confusion.iter().flatten().sum()
    }

    /// Number of rows predicted correctly.
    pub fn correct(&self) -> u32 {
        (0..self.names.len()).map(|m| self.confusion[m][m]).sum()
    }

    /// Share of rows predicted correctly (0 when there are none).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct(), self.total())
    }

    /// Rows whose gold moment is `m`.
    pub fn support(&self, m: MomentId) -> u32 {
        self.confusion.get(m).map_or(0, |r| r.iter().sum())
    }

    /// Rows predicted as `m`.
    pub fn predicted(&self, m: MomentId) -> u32 {
        self.confusion.iter().filter_map(|r| r.get(m)).sum()
    }

    /// Rows left undecided.
    pub fn undecided(&self) -> u32 {
        let n = self.names.len();
        self.confusion.iter().map(|r| r[n]).sum()
    }

    /// Rows decided (not undecided).
    pub fn decided(&self) -> u32 {
        self.total() - self.undecided()
    }

    /// Share of decided rows that are right (0 when none was decided).
    pub fn decided_precision(&self) -> f64 {
        ratio(self.correct(), self.decided())
    }

    /// Share of rows left undecided (0 when there are none).
    pub fn undecided_share(&self) -> f64 {
        ratio(self.undecided(), self.total())
    }

    /// Share of the know rows predicted as go or buy: the costly mistake
    /// of showing a store or a price to someone who wants information (0
    /// when there are no know rows).
    pub fn know_as_go_or_buy(&self) -> f64 {
        use crate::moment::{BUY, GO, KNOW};
        ratio(
            self.confusion(KNOW, Some(GO)) + self.confusion(KNOW, Some(BUY)),
            self.support(KNOW),
        )
    }

    /// Values seen in column `column` (in order of first appearance) with
    /// their reports.
    pub fn group(&self, column: &str) -> Option<&[(String, Report)]> {
        self.groups
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_slice())
    }

    /// Rows with gold moment `gold` predicted as `predicted` (`None` =
    /// undecided).
    pub fn confusion(&self, gold: MomentId, predicted: Option<MomentId>) -> u32 {
        let col = predicted.unwrap_or(self.names.len());
        match predicted {
            Some(p) if p >= self.names.len() => 0,
            _ => self
                .confusion
                .get(gold)
                .and_then(|r| r.get(col))
                .copied()
                .unwrap_or(0),
        }
    }

    /// Precision for moment `m` (0 when nothing was predicted as `m`).
    pub fn precision(&self, m: MomentId) -> f64 {
        ratio(self.confusion(m, Some(m)), self.predicted(m))
    }

    /// Recall for moment `m` (0 when no row has gold `m`).
    pub fn recall(&self, m: MomentId) -> f64 {
        ratio(self.confusion(m, Some(m)), self.support(m))
    }

    /// F1 for moment `m`.
    pub fn f1(&self, m: MomentId) -> f64 {
        let (p, r) = (self.precision(m), self.recall(m));
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Mean F1 over the moments that occur as gold (0 when there are none).
    pub fn macro_f1(&self) -> f64 {
        let present: Vec<MomentId> = (0..self.names.len())
            .filter(|m| self.support(*m) > 0)
            .collect();
        if present.is_empty() {
            return 0.0;
        }
        present.iter().map(|m| self.f1(*m)).sum::<f64>() / present.len() as f64
    }

    /// Languages seen, in order of first appearance.
    pub fn langs(&self) -> impl Iterator<Item = &str> {
        self.langs.iter().map(|(l, _)| l.as_str())
    }

    /// The report restricted to rows of language `lang`.
    pub fn lang(&self, lang: &str) -> Option<&Report> {
        self.langs.iter().find(|(l, _)| l == lang).map(|(_, r)| r)
    }

    /// The report as a plain-text table.
    pub fn table(&self) -> String {
        let mut out = String::new();
        self.write_table(&mut out);
        out
    }

    /// Appends the report as a plain-text table to `out`: totals, one line
    /// per moment, the confusion matrix, and one line per language and per
    /// value of every other column.
    pub fn write_table(&self, out: &mut String) {
        let n = self.names.len();
        let w = self.names.iter().map(String::len).max().unwrap_or(4).max(9);
        out.push_str(&format!(
            "rows {}  accuracy {:.3}  macro-F1 {:.3}  precision when decided {:.3}  undecided {} ({:.1}%)\n\n",
            self.total(),
            self.accuracy(),
            self.macro_f1(),
            self.decided_precision(),
            self.undecided(),
            100.0 * self.undecided_share()
        ));
        out.push_str(&format!(
            "{:<w$} {:>6} {:>6} {:>9} {:>6} {:>6}\n",
            "moment", "gold", "pred", "precision", "recall", "f1"
        ));
        for (m, name) in self.names.iter().enumerate() {
            if self.support(m) == 0 && self.predicted(m) == 0 {
                continue;
            }
            out.push_str(&format!(
                "{:<w$} {:>6} {:>6} {:>9.3} {:>6.3} {:>6.3}\n",
                name,
                self.support(m),
                self.predicted(m),
                self.precision(m),
                self.recall(m),
                self.f1(m)
            ));
        }
        out.push_str("\nconfusion (rows gold, columns predicted)\n");
        out.push_str(&format!("{:<w$}", ""));
        for name in &self.names {
            out.push_str(&format!(" {:>w$}", name));
        }
        out.push_str(&format!(" {:>w$}\n", "undecided"));
        for (g, name) in self.names.iter().enumerate() {
            if self.support(g) == 0 {
                continue;
            }
            out.push_str(&format!("{:<w$}", name));
            for p in 0..=n {
                out.push_str(&format!(" {:>w$}", self.confusion[g][p]));
            }
            out.push('\n');
        }
        if !self.langs.is_empty() {
            write_groups(out, "language", &self.langs);
        }
        for (column, values) in &self.groups {
            write_groups(out, column, values);
        }
    }
}

/// One line per value: rows, accuracy, macro-F1, precision when decided,
/// undecided share and the share of know rows read as go or buy.
fn write_groups(out: &mut String, column: &str, values: &[(String, Report)]) {
    let w = values
        .iter()
        .map(|(v, _)| v.len())
        .max()
        .unwrap_or(0)
        .max(column.len())
        .max(8);
    out.push_str(&format!(
        "\n{:<w$} {:>6} {:>9} {:>9} {:>9} {:>9} {:>12}\n",
        column, "rows", "accuracy", "macro-F1", "decided-P", "undecided", "know→go/buy"
    ));
    for (value, r) in values {
        out.push_str(&format!(
            "{:<w$} {:>6} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>12.3}\n",
            value,
            r.total(),
            r.accuracy(),
            r.macro_f1(),
            r.decided_precision(),
            r.undecided_share(),
            r.know_as_go_or_buy()
        ));
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moment::{BUY, DO, GO, KNOW};

    #[test]
    fn figures() {
        let m = Moments::default();
        let r = Report::from_rows(
            &m,
            [
                ("en", KNOW, Some(KNOW)),
                ("en", KNOW, Some(GO)),
                ("en", GO, Some(GO)),
                ("da", KNOW, None),
                ("da", BUY, Some(BUY)),
            ],
        );
        assert_eq!(r.total(), 5);
        assert!((r.accuracy() - 0.6).abs() < 1e-9);
        assert!((r.precision(GO) - 0.5).abs() < 1e-9);
        assert!((r.recall(KNOW) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.confusion(KNOW, None), 1);
        assert_eq!(r.undecided(), 1);
        // know f1 = 0.5, go f1 = 2/3, buy f1 = 1; do absent from gold.
        assert!((r.macro_f1() - (0.5 + 2.0 / 3.0 + 1.0) / 3.0).abs() < 1e-9);
        assert_eq!(r.support(DO), 0);
        let da = r.lang("da").unwrap();
        assert_eq!(da.total(), 2);
        assert!((da.accuracy() - 0.5).abs() < 1e-9);
        assert_eq!(r.langs().collect::<Vec<_>>(), ["en", "da"]);
        assert_eq!(r.decided(), 4);
        assert!((r.decided_precision() - 0.75).abs() < 1e-9);
        assert!((r.undecided_share() - 0.2).abs() < 1e-9);
        // 3 know rows, one read as go.
        assert!((r.know_as_go_or_buy() - 1.0 / 3.0).abs() < 1e-9);
        let t = r.table();
        assert!(t.contains("accuracy 0.600"), "{t}");
        assert!(t.contains("precision when decided 0.750"), "{t}");
        assert!(t.contains("undecided"));
    }

    #[test]
    fn figures_per_column() {
        let m = Moments::default();
        let mut r = Report::new(&m);
        r.add_tagged(
            "en",
            KNOW,
            Some(KNOW),
            &[("context", "web"), ("shape", "entity")],
        );
        r.add_tagged("en", BUY, None, &[("context", "shop"), ("shape", "entity")]);
        r.add_tagged(
            "da",
            BUY,
            Some(BUY),
            &[("context", "shop"), ("shape", "facet")],
        );
        let ctx = r.group("context").unwrap();
        assert_eq!(ctx.len(), 2);
        assert_eq!(ctx[1].0, "shop");
        assert_eq!(ctx[1].1.total(), 2);
        assert!((ctx[1].1.undecided_share() - 0.5).abs() < 1e-9);
        let shape = r.group("shape").unwrap();
        assert_eq!(shape[0].1.total(), 2);
        assert!(r.group("nope").is_none());
        let t = r.table();
        assert!(t.contains("context") && t.contains("facet"), "{t}");
    }

    #[test]
    fn custom_and_unknown_ids() {
        let m = Moments::with_custom(["compare"]);
        let mut r = Report::new(&m);
        r.add("en", 4, Some(4));
        r.add("en", 6, Some(4));
        assert_eq!(r.names().len(), 7);
        assert_eq!(r.confusion(6, Some(4)), 1);
        assert!(r.table().contains("compare"));
        assert_eq!(r.lang("en").unwrap().total(), 2);
    }

    #[test]
    fn decision_rule() {
        assert_eq!(decide(&[2.0, 0.0, 0.0, 0.0], 0.5), Some(KNOW));
        assert_eq!(decide(&[1.0, 0.0, 0.0, 0.0], 0.5), None);
        assert_eq!(decide(&[0.0, 0.0, 0.0, 0.0], 0.5), None);
        assert_eq!(decide(&[], 0.5), None);
    }
}

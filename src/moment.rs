//! Moment names: the four built-in micro-moments plus any the site declares.

use alloc::{string::String, string::ToString, vec::Vec};

/// Index of a moment in a [`Moments`] list. The built-in moments always come
/// first, in the order of [`BUILTIN`].
pub type MomentId = usize;

/// "I want to know".
pub const KNOW: MomentId = 0;
/// "I want to go".
pub const GO: MomentId = 1;
/// "I want to do".
pub const DO: MomentId = 2;
/// "I want to buy".
pub const BUY: MomentId = 3;

/// Names of the built-in moments, indexed by their [`MomentId`].
pub const BUILTIN: [&str; 4] = ["know", "go", "do", "buy"];

/// Longest moment name a site may declare, in bytes.
pub const MAX_NAME_LEN: usize = 32;

/// The moments a page knows about: the four built-in ones, then the
/// site-defined ones from the config, in declaration order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moments {
    custom: Vec<String>,
}

impl Moments {
    /// A list with the built-in moments and `custom` after them.
    /// Names that are not valid ([`valid_name`]) or already present are skipped.
    pub fn with_custom<I, S>(custom: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut m = Moments::default();
        for name in custom {
            let name = name.as_ref();
            if valid_name(name) && m.id(name).is_none() {
                m.custom.push(name.to_string());
            }
        }
        m
    }

    /// Number of moments, built-in included.
    pub fn len(&self) -> usize {
        BUILTIN.len() + self.custom.len()
    }

    /// Always false: the built-in moments are always there.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The name of moment `id`, or `None` when out of range.
    pub fn name(&self, id: MomentId) -> Option<&str> {
        match BUILTIN.get(id) {
            Some(n) => Some(n),
            None => self.custom.get(id - BUILTIN.len()).map(String::as_str),
        }
    }

    /// The id of the moment called `name` (exact, lower-case match).
    pub fn id(&self, name: &str) -> Option<MomentId> {
        BUILTIN.iter().position(|b| *b == name).or_else(|| {
            self.custom
                .iter()
                .position(|c| c == name)
                .map(|i| i + BUILTIN.len())
        })
    }

    /// Iterates over `(id, name)` pairs, built-in moments first.
    pub fn iter(&self) -> impl Iterator<Item = (MomentId, &str)> {
        BUILTIN
            .iter()
            .copied()
            .chain(self.custom.iter().map(String::as_str))
            .enumerate()
    }
}

/// True when `name` can be a moment name: 1 to [`MAX_NAME_LEN`] bytes of
/// lower-case ASCII letters, digits and `-`, starting with a letter.
pub fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_NAME_LEN
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_then_custom() {
        let m = Moments::with_custom(["compare", "buy", "Bad Name", "support"]);
        assert_eq!(m.len(), 6);
        assert_eq!(m.id("buy"), Some(BUY));
        assert_eq!(m.id("compare"), Some(4));
        assert_eq!(m.name(5), Some("support"));
        assert_eq!(m.name(6), None);
        assert_eq!(m.id("Bad Name"), None);
    }

    #[test]
    fn names() {
        assert!(valid_name("after-sale"));
        assert!(!valid_name(""));
        assert!(!valid_name("9x"));
        assert!(!valid_name("Buy"));
        assert!(!valid_name(&"a".repeat(33)));
    }
}

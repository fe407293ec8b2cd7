//! The model's cue features: one table from which the feature names (the
//! keys of the config's `weights`), the default weights and the index
//! constants are all made. The TypeScript union of feature names is written
//! from [`NAMES`] by the build (`examples/typescript.rs`), so a feature
//! added here appears everywhere at once.

/// Declares the feature table: `CONST = "name" [know, go, do, buy];` per
/// feature, in order. Defines [`NAMES`], [`DEFAULTS`] and an index constant
/// per feature in [`id`].
macro_rules! features {
    ($($id:ident = $name:literal [$k:expr, $g:expr, $d:expr, $b:expr];)*) => {
        /// Index of each feature in [`NAMES`] and [`DEFAULTS`].
        pub mod id {
            features!(@index 0usize; $($id)*);
        }
        /// Names of the model's features, the keys of the config's
        /// `weights` table. Custom cues set with `setCue(name, …)` are the
        /// features `custom.<name>`.
        pub const NAMES: &[&str] = &[$($name),*];
        /// Default weights of the built-in moments, one row per feature;
        /// columns are know, go, do, buy. The three text features
        /// (`query`, `campaign`, `page`) scale the query evidence instead of
        /// adding a fixed amount.
        pub const DEFAULTS: &[[f32; 4]] = &[$([$k, $g, $d, $b]),*];
    };
    (@index $n:expr; $first:ident $($rest:ident)*) => {
        #[doc = "Index of a feature."]
        pub const $first: usize = $n;
        features!(@index $n + 1usize; $($rest)*);
    };
    (@index $n:expr;) => {
        /// Number of features.
        pub const COUNT: usize = $n;
    };
}

features! {
    QUERY = "query" [1.0, 1.0, 1.0, 1.0];
    CAMPAIGN = "campaign" [0.25, 0.25, 0.25, 0.25];
    PAGE = "page" [0.2, 0.2, 0.2, 0.2];
    DEVICE_MOBILE = "device.mobile" [0.0, 0.4, 0.0, 0.1];
    DEVICE_TABLET = "device.tablet" [0.1, 0.0, 0.2, 0.0];
    DEVICE_DESKTOP = "device.desktop" [0.2, 0.0, 0.1, 0.0];
    DEVICE_OTHER = "device.other" [0.0, 0.0, 0.0, 0.0];
    POINTER_COARSE = "pointer.coarse" [0.0, 0.1, 0.0, 0.0];
    SLOW = "connection.slow" [0.0, 0.2, 0.0, 0.0];
    SAVE_DATA = "connection.savedata" [0.0, 0.0, 0.0, 0.0];
    STANDALONE = "app.standalone" [0.0, 0.0, 0.0, 0.3];
    REFERRER_SEARCH = "referrer.search" [0.2, 0.0, 0.0, 0.0];
    REFERRER_MAPS = "referrer.maps" [0.0, 2.5, 0.0, 0.0];
    REFERRER_SOCIAL = "referrer.social" [0.2, 0.0, 0.0, 0.2];
    REFERRER_EMAIL = "referrer.email" [0.0, 0.0, 0.0, 0.5];
    REFERRER_INTERNAL = "referrer.internal" [0.0, 0.0, 0.0, 0.0];
    REFERRER_DIRECT = "referrer.direct" [0.0, 0.0, 0.0, 0.1];
    REFERRER_OTHER = "referrer.other" [0.1, 0.0, 0.0, 0.0];
    PAID = "arrival.paid" [0.0, 0.0, 0.0, 0.6];
    SCROLL_DEEP = "scroll.deep" [0.4, 0.0, 0.3, 0.0];
    SCROLL_FAST = "scroll.fast" [-0.2, 0.0, 0.0, 0.1];
    REVERSALS = "scroll.reversals" [0.3, 0.0, 0.0, 0.2];
    LONG = "engagement.long" [0.3, 0.0, 0.4, 0.0];
    END = "content.end" [0.3, 0.0, 0.0, 0.0];
    STORE_NEAR = "store.near" [0.0, 0.8, 0.0, 0.0];
    STORE_FAR = "store.far" [0.0, -0.3, 0.0, 0.0];
    STORE_OPEN = "store.open" [0.0, 0.3, 0.0, 0.0];
    STORE_CLOSING = "store.closing" [0.0, 0.2, 0.0, 0.0];
    STORE_CLOSED = "store.closed" [0.0, -0.5, 0.0, 0.0];
    NIGHT = "time.night" [0.1, -0.3, 0.0, 0.0];
    WORKHOURS = "time.workhours" [0.0, 0.0, 0.0, 0.0];
    EVENING = "time.evening" [0.0, 0.0, 0.1, 0.1];
    WEEKEND = "time.weekend" [0.0, 0.2, 0.1, 0.0];
    RETURNING = "journey.returning" [0.0, 0.0, 0.0, 0.4];
    PAGES = "journey.pages" [0.1, 0.0, 0.0, 0.3];
    CLICK_GO = "click.go" [0.0, 2.0, 0.0, 0.0];
    CLICK_BUY = "click.buy" [0.0, 0.0, 0.0, 2.0];
    VIDEO = "video.play" [0.0, 0.0, 1.5, 0.0];
}

/// Longest custom cue name (`custom.<name>`), in bytes.
pub const MAX_CUSTOM_NAME: usize = 64;

/// True when `name` is a feature the config's `weights` may name: one of
/// [`NAMES`] or `custom.<name>` with a name of 1 to [`MAX_CUSTOM_NAME`]
/// bytes.
pub fn is_feature(name: &str) -> bool {
    index(name).is_some()
        || name
            .strip_prefix("custom.")
            .is_some_and(|rest| !rest.is_empty() && rest.len() <= MAX_CUSTOM_NAME)
}

/// The index of the built-in feature called `name`.
pub fn index(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| *n == name)
}

/// The name of feature `i` (`""` when out of range).
pub fn name(i: usize) -> &'static str {
    NAMES.get(i).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        assert_eq!(NAMES.len(), id::COUNT);
        assert_eq!(DEFAULTS.len(), id::COUNT);
        assert_eq!(name(id::REFERRER_MAPS), "referrer.maps");
        assert_eq!(name(id::VIDEO), "video.play");
        assert_eq!(index("store.closed"), Some(id::STORE_CLOSED));
        assert!(is_feature("custom.cart"));
        assert!(!is_feature("custom."));
        assert!(!is_feature("device.phone"));
    }
}

//! Where the visitor is relative to the site's stores: the nearest store,
//! its distance and whether it is open now in its own time zone, and the
//! values of the `{{store.*}}` placeholders. The browser layer supplies the
//! (coarsened) position, if the visitor allowed it, and the clock read in
//! the store's time zone.

use crate::cues::StoreState;
use crate::geo::{self, Store};
use alloc::string::String;

/// The nearest store and how far it is.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Nearest {
    /// Index of the store in the config (the only one when there is one).
    pub store: Option<usize>,
    /// Distance in km, when the position is known.
    pub km: Option<f64>,
}

/// The store to show: the nearest one to `position` (coarsened to ≈1 km
/// first), or the only store when there is one and no position.
pub fn nearest(stores: &[Store], position: Option<(f64, f64)>) -> Nearest {
    if let Some((lat, lon)) = position {
        let (lat, lon) = geo::coarsen(lat, lon);
        if let Some((i, km)) = geo::nearest(stores, lat, lon) {
            return Nearest {
                store: Some(i),
                km: Some(km),
            };
        }
    }
    Nearest {
        store: (stores.len() == 1).then_some(0),
        km: None,
    }
}

/// The state of `store` at local `weekday` (0 = Monday) and `minute` of the
/// day in its time zone; `None` when it has no opening hours.
pub fn state(store: &Store, weekday: u8, minute: u16) -> Option<StoreState> {
    store
        .hours
        .as_ref()
        .map(|h| geo::store_state(h, weekday, minute))
}

/// The `{{store.*}}` values of `store` in [`crate::engine::STORE_VARS`]
/// order; the distance is written by the caller (in the page's language).
pub fn vars(store: &Store, weekday: u8, distance: &str) -> [String; 7] {
    let mut hours = String::new();
    if let Some(h) = &store.hours {
        geo::hours_today(h, weekday, &mut hours);
    }
    let mut directions = String::new();
    geo::directions_url(store, &mut directions);
    [
        store.name.clone(),
        String::from(distance),
        hours,
        store.phone.clone().unwrap_or_default(),
        store.address.clone().unwrap_or_default(),
        store.url.clone().unwrap_or_default(),
        directions,
    ]
}

/// A distance as text when the browser cannot format it: one decimal and
/// `km` (`1.2 km`).
pub fn plain_km(km: f64) -> String {
    let mut s = String::new();
    crate::json::write_num(&mut s, crate::num::round(km * 10.0) / 10.0);
    s.push_str(" km");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::parse_day_hours;

    fn store(name: &str, lat: f64, lon: f64) -> Store {
        Store {
            name: name.into(),
            lat,
            lon,
            address: None,
            url: None,
            phone: Some("+45 1".into()),
            hours: None,
            timezone: None,
        }
    }

    #[test]
    fn the_only_store_needs_no_position_and_the_nearest_needs_one() {
        let one = [store("A", 55.68, 12.55)];
        assert_eq!(nearest(&one, None).store, Some(0));
        let two = [store("A", 55.68, 12.55), store("B", 56.15, 10.2)];
        assert_eq!(nearest(&two, None), Nearest::default());
        let n = nearest(&two, Some((56.1534, 10.2123)));
        assert_eq!(n.store, Some(1));
        assert!(n.km.is_some_and(|k| k < 2.0));
    }

    #[test]
    fn state_and_vars() {
        let mut s = store("A", 55.68, 12.55);
        assert_eq!(state(&s, 0, 600), None);
        let mut h = crate::geo::WeekHours::default();
        h.days[0] = parse_day_hours("09:00-18:00").unwrap();
        s.hours = Some(h);
        assert_eq!(state(&s, 0, 600), Some(StoreState::Open));
        assert_eq!(state(&s, 0, 1030), Some(StoreState::Closing));
        assert_eq!(state(&s, 1, 600), Some(StoreState::Closed));
        let v = vars(&s, 0, "1.2 km");
        assert_eq!(v[0], "A");
        assert_eq!(v[1], "1.2 km");
        assert_eq!(v[2], "09:00–18:00");
        assert_eq!(v[3], "+45 1");
        assert!(v[6].starts_with("https://www.google.com/maps/dir/"));
        assert_eq!(plain_km(1.234), "1.2 km");
    }
}

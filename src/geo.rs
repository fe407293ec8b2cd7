//! Stores: distance to the visitor, opening hours and their state at a
//! given local time, and a directions link.

use crate::cues::StoreState;
use crate::json::write_decimal;
use crate::num;
use alloc::string::String;

/// A physical store from the config.
#[derive(Clone, Debug, PartialEq)]
pub struct Store {
    /// Display name.
    pub name: String,
    /// Latitude in degrees, −90 to 90.
    pub lat: f64,
    /// Longitude in degrees, −180 to 180.
    pub lon: f64,
    /// Street address, as the site wrote it.
    pub address: Option<String>,
    /// Page of the store (absolute http(s) or relative URL).
    pub url: Option<String>,
    /// Phone number, as the site wrote it.
    pub phone: Option<String>,
    /// Weekly opening hours, in the store's local time; days the config
    /// leaves out are closed.
    pub hours: Option<WeekHours>,
    /// IANA time zone of the store (`Europe/Oslo`); `None` means the
    /// visitor's own zone.
    pub timezone: Option<String>,
}

/// Opening hours for a week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WeekHours {
    /// Hours per weekday; index 0 is Monday, 6 is Sunday.
    pub days: [DayHours; 7],
}

/// Most opening intervals one day may have.
pub const MAX_INTERVALS: usize = 4;

const DAY: u32 = 1440;
const WEEK: u32 = 7 * DAY;

/// Opening hours for one day: up to [`MAX_INTERVALS`] intervals in time
/// order. The default is closed all day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayHours {
    spans: [(u16, u16); MAX_INTERVALS],
    len: u8,
}

impl DayHours {
    /// The intervals as `(open, close)` minutes from midnight. `close` is 1
    /// to 1440; a `close` not after `open` means the interval runs past
    /// midnight into the next day (`(1320, 120)` is 22:00 to 02:00, and
    /// `(0, 1440)` is the whole day).
    pub fn intervals(&self) -> &[(u16, u16)] {
        self.spans.get(..self.len as usize).unwrap_or_default()
    }

    /// True when there is no opening interval on this day.
    pub fn is_closed(&self) -> bool {
        self.len == 0
    }
}

/// Length in minutes of the interval from `open` to `close`.
fn span_len(open: u16, close: u16) -> u32 {
    let (o, c) = (u32::from(open), u32::from(close));
    if c > o {
        c - o
    } else {
        c + DAY - o
    }
}

const BAD_HOURS: &str = "hours like 09:00-18:00, 09:00-12:00, 13:00-18:00, closed or 24h";
const BAD_TIME: &str = "times from 00:00 to 24:00";
const TOO_MANY: &str = "at most 4 intervals a day";
const BAD_ORDER: &str = "intervals in time order, not overlapping";

/// Parses one day's opening hours: `"09:00-18:00"`, `"9:00–17:30"` (an en
/// dash works too), `"09:00-12:00, 13:00-18:00"`, `"closed"`, `"24h"` or
/// `"00:00-24:00"`, and `"22:00-02:00"` for an interval past midnight.
///
/// The error tells what was expected, e.g. `times from 00:00 to 24:00`.
pub fn parse_day_hours(s: &str) -> Result<DayHours, &'static str> {
    let s = s.trim();
    let mut d = DayHours::default();
    if s.eq_ignore_ascii_case("closed") {
        return Ok(d);
    }
    if s.eq_ignore_ascii_case("24h") {
        d.spans[0] = (0, 1440);
        d.len = 1;
        return Ok(d);
    }
    if s.split(',').count() > MAX_INTERVALS {
        return Err(TOO_MANY);
    }
    let mut first = 0;
    let mut end = 0;
    for (i, part) in s.split(',').enumerate() {
        let (a, b) = part.split_once(['-', '–', '—']).ok_or(BAD_HOURS)?;
        let open = time(a)?;
        let close = time(b)?;
        if open == 1440 {
            return Err(BAD_TIME);
        }
        if i == 0 {
            first = u32::from(open);
        }
        let stop = u32::from(open) + span_len(open, close);
        if u32::from(open) < end || stop > first + DAY {
            return Err(BAD_ORDER);
        }
        end = stop;
        let slot = d.spans.get_mut(i).ok_or(TOO_MANY)?;
        *slot = (open, close);
        d.len += 1;
    }
    Ok(d)
}

/// Minutes from midnight of `H:MM` or `HH:MM`, 0 to 1440 (`24:00`).
fn time(s: &str) -> Result<u16, &'static str> {
    let (h, m) = s.trim().split_once(':').ok_or(BAD_HOURS)?;
    if h.len() > 2 || m.len() != 2 {
        return Err(BAD_HOURS);
    }
    // Digits only (no sign or space), one or two of them.
    let (Some(h), Some(m)) = (num::parse_u32(h), num::parse_u32(m)) else {
        return Err(BAD_HOURS);
    };
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return Err(BAD_TIME);
    }
    // At most 24 * 60: fits a u16.
    Ok((h * 60 + m) as u16)
}

/// Great-circle distance in km between two points given in degrees (on a
/// sphere of the Earth's mean radius). NaN when an input is not a number.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    const R: f64 = 6371.0088;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = sin((p2 - p1) / 2.0);
    let dl = sin((lon2 - lon1).to_radians() / 2.0);
    let h = num::sqrt(dp * dp + cos(p1) * cos(p2) * dl * dl);
    if h.is_nan() {
        return f64::NAN;
    }
    2.0 * R * asin(h.min(1.0))
}

// Small sine, cosine and arcsine: the few store distances a page computes
// do not need the size of the general library versions. Both are accurate
// to about 1e-15 on their ranges.

/// Sine: the angle is brought into [-π/2, π/2], then a Taylor series.
fn sin(x: f64) -> f64 {
    use core::f64::consts::{FRAC_PI_2, PI, TAU};
    let mut x = x - TAU * num::floor(x / TAU + 0.5);
    if x > FRAC_PI_2 {
        x = PI - x;
    } else if x < -FRAC_PI_2 {
        x = -PI - x;
    }
    let x2 = x * x;
    let (mut term, mut sum) = (x, x);
    for k in 1..11 {
        let k = f64::from(2 * k);
        term *= -x2 / (k * (k + 1.0));
        sum += term;
    }
    sum
}

fn cos(x: f64) -> f64 {
    sin(x + core::f64::consts::FRAC_PI_2)
}

/// Arcsine of `x` in [0, 1]: a Taylor series, with
/// asin(x) = π/2 − 2·asin(√((1 − x) / 2)) above 0.5 to keep it short.
fn asin(x: f64) -> f64 {
    if x > 0.5 {
        return core::f64::consts::FRAC_PI_2 - 2.0 * asin(num::sqrt(0.5 - x / 2.0));
    }
    let x2 = x * x;
    let (mut coef, mut power, mut sum) = (1.0, x, x);
    for n in 1..28 {
        let n = f64::from(2 * n);
        coef *= (n - 1.0) / n;
        power *= x2;
        sum += coef * power / (n + 1.0);
    }
    sum
}

/// The store closest to (`lat`, `lon`) and its distance in km; on a tie the
/// first one in the list. `None` for an empty list or when no distance can
/// be computed.
pub fn nearest(stores: &[Store], lat: f64, lon: f64) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for (i, s) in stores.iter().enumerate() {
        let d = haversine_km(lat, lon, s.lat, s.lon);
        if d.is_finite() && best.is_none_or(|(_, b)| d < b) {
            best = Some((i, d));
        }
    }
    best
}

/// Whether a store with `hours` is open at local `weekday` (0 = Monday) and
/// `minute` (0 to 1439): [`StoreState::Closing`] when open and closing
/// within 60 minutes. Intervals that run past midnight count on the next
/// day, and intervals that meet (`18:00-24:00` then `00:00-02:00`) count as
/// one.
pub fn store_state(hours: &WeekHours, weekday: u8, minute: u16) -> StoreState {
    let now = u32::from(weekday % 7) * DAY + u32::from(minute.min(1439));
    // Minutes from `t` until the interval holding `t` closes, if any.
    let left = |t: u32| {
        hours.days.iter().zip(0..).find_map(|(day, d)| {
            day.intervals().iter().find_map(|&(o, c)| {
                let start = d * DAY + u32::from(o);
                let stop = start + span_len(o, c);
                [t, t + WEEK]
                    .into_iter()
                    .find(|&x| start <= x && x < stop)
                    .map(|x| stop - x)
            })
        })
    };
    let Some(mut open_for) = left(now) else {
        return StoreState::Closed;
    };
    while open_for <= 60 {
        match left((now + open_for) % WEEK) {
            Some(more) => open_for += more,
            None => return StoreState::Closing,
        }
    }
    StoreState::Open
}

/// Appends today's hours for display: `09:00–18:00`,
/// `09:00–12:00, 13:00–18:00`, `closed` or `open 24 hours`.
pub fn hours_today(hours: &WeekHours, weekday: u8, out: &mut String) {
    let day = hours.days.get(usize::from(weekday % 7)).copied();
    let spans = day.as_ref().map_or(&[][..], DayHours::intervals);
    match spans {
        [] => out.push_str("closed"),
        [(0, 1440)] | [(0, 0)] => out.push_str("open 24 hours"),
        _ => {
            for (i, &(o, c)) in spans.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                clock(out, o);
                out.push('–');
                clock(out, c);
            }
        }
    }
}

/// Appends `HH:MM` for minutes from midnight (1440 is `24:00`).
fn clock(out: &mut String, m: u16) {
    for (i, n) in [m / 60, m % 60].into_iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

/// Rounds a position to a grid of 0.01° (about 1 km), so a precise
/// location is never kept or sent.
pub fn coarsen(lat: f64, lon: f64) -> (f64, f64) {
    (
        num::round(lat * 100.0) / 100.0,
        num::round(lon * 100.0) / 100.0,
    )
}

/// Appends a Google Maps directions link to `store`:
/// `https://www.google.com/maps/dir/?api=1&destination=LAT,LON` with 5
/// decimals.
pub fn directions_url(store: &Store, out: &mut String) {
    out.push_str("https://www.google.com/maps/dir/?api=1&destination=");
    write_decimal(out, store.lat, 5, false);
    out.push(',');
    write_decimal(out, store.lon, 5, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_trig_matches_the_library() {
        let mut worst: f64 = 0.0;
        for i in -4000..=4000 {
            let x = f64::from(i) * 0.0025; // -10 to 10 radians
            worst = worst.max((sin(x) - x.sin()).abs());
            worst = worst.max((cos(x) - x.cos()).abs());
        }
        for i in 0..=1000 {
            let x = f64::from(i) / 1000.0;
            worst = worst.max((asin(x) - x.asin()).abs());
        }
        assert!(worst < 1e-12, "{worst}");
        assert!(sin(f64::NAN).is_nan() && sin(f64::INFINITY).is_nan());
    }
}

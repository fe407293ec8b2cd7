//! Scroll, visible time and idle time, measured from the numbers the
//! browser layer reads once per animation frame (scroll position, viewport
//! and document height) and from its visibility and input events. Pure
//! arithmetic: the browser layer only reads and forwards the numbers.

use crate::cues::Cues;
use crate::model::limits;

/// Scroll moves shorter than this (px) don't count as a direction change.
pub const REVERSAL_MIN_PX: f64 = 40.0;
/// Weight of the newest sample in the smoothed scroll speed.
const SPEED_SMOOTHING: f64 = 0.3;
/// Scrolled this share of the document counts as having reached its end.
const END_DEPTH: f32 = 0.98;

/// One reading of the page's scroll state.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ScrollReading {
    /// Time of the reading, ms (`performance.now()`).
    pub now: f64,
    /// `scrollY`, px.
    pub y: f64,
    /// Viewport height, px.
    pub view: f64,
    /// Document height (`scrollHeight`), px.
    pub height: f64,
    /// The bottom of the page's `<main>` is in view.
    pub main_end_in_view: bool,
}

/// Scroll and time measurements between readings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measure {
    last_y: f64,
    last_t: f64,
    /// Direction of the current run (1 down, −1 up, 0 none yet).
    dir: i8,
    /// Where the current run started.
    turn_y: f64,
    /// Where a possible turn began (the scroll moved against `dir`).
    turning_at: Option<f64>,
    speed: f64,
    visible_since: Option<f64>,
    visible_total: f64,
    last_input: f64,
}

impl Measure {
    /// Starts the clocks at `now`, at scroll position `y`.
    pub fn start(&mut self, now: f64, y: f64, visible: bool) {
        self.last_t = now;
        self.last_input = now;
        self.visible_since = visible.then_some(now);
        self.last_y = y;
        self.turn_y = y;
    }

    /// Visible time so far, in ms.
    pub fn visible_ms(&self, now: f64) -> f64 {
        self.visible_total + self.visible_since.map_or(0.0, |s| (now - s).max(0.0))
    }

    /// Time since the last scroll, key or pointer input, in ms.
    pub fn idle_ms(&self, now: f64) -> f64 {
        (now - self.last_input).max(0.0)
    }

    /// The page is visible now.
    pub fn visible(&self) -> bool {
        self.visible_since.is_some()
    }

    /// A key or pointer input at `now`.
    pub fn input(&mut self, now: f64) {
        self.last_input = now;
    }

    /// The page was hidden or shown at `now`.
    pub fn visibility(&mut self, hidden: bool, now: f64) {
        if hidden {
            self.visible_total = self.visible_ms(now);
            self.visible_since = None;
        } else if self.visible_since.is_none() {
            self.visible_since = Some(now);
        }
    }

    /// Milliseconds until `engagement.long` turns on, while the page is
    /// visible and it is not on yet; `None` otherwise.
    pub fn until_engaged(&self, now: f64) -> Option<f64> {
        let remaining = f64::from(limits::LONG_VISIT_MS) - self.visible_ms(now);
        (self.visible() && remaining > 0.0).then_some(remaining)
    }

    /// Takes a scroll reading into the scroll cues. Returns true when one of
    /// the scroll features (deep, fast, reversals, end) turned on or off.
    ///
    /// A reversal is a run of at least [`REVERSAL_MIN_PX`] followed by a
    /// move back of at least [`REVERSAL_MIN_PX`]; a short bounce is none.
    pub fn scrolled(&mut self, r: &ScrollReading, cues: &mut Cues) -> bool {
        let dy = r.y - self.last_y;
        let dt = r.now - self.last_t;
        if dt > 0.0 {
            let speed = dy.abs() / dt * 1000.0;
            self.speed = self.speed * (1.0 - SPEED_SMOOTHING) + speed * SPEED_SMOOTHING;
        }
        let dir: i8 = if dy > 1.0 {
            1
        } else if dy < -1.0 {
            -1
        } else {
            0
        };
        let mut reversals = cues.reversals;
        if dir != 0 {
            if self.dir == 0 {
                self.dir = dir;
                self.turn_y = self.last_y;
            } else if dir == self.dir {
                self.turning_at = None;
            } else {
                let at = *self.turning_at.get_or_insert(self.last_y);
                if (r.y - at).abs() >= REVERSAL_MIN_PX {
                    if (at - self.turn_y).abs() >= REVERSAL_MIN_PX {
                        reversals = reversals.saturating_add(1);
                    }
                    self.dir = dir;
                    self.turn_y = at;
                    self.turning_at = None;
                }
            }
        }
        self.last_y = r.y;
        self.last_t = r.now;
        self.last_input = r.now;
        let depth = if r.height > 0.0 {
            ((r.y + r.view) / r.height).clamp(0.0, 1.0) as f32
        } else {
            0.0
        };
        let before = scroll_features(cues);
        cues.scroll_depth = cues.scroll_depth.max(depth);
        cues.scroll_velocity = self.speed as f32;
        cues.reversals = reversals;
        cues.reached_end |= depth >= END_DEPTH || r.main_end_in_view;
        before != scroll_features(cues)
    }
}

/// The on/off scroll features of `c`.
fn scroll_features(c: &Cues) -> [bool; 4] {
    [
        c.scroll_depth >= limits::DEEP_SCROLL,
        c.scroll_velocity >= limits::FAST_SCROLL,
        c.reversals >= limits::REVERSALS,
        c.reached_end,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(m: &mut Measure, c: &mut Cues, now: f64, y: f64) -> bool {
        m.scrolled(
            &ScrollReading {
                now,
                y,
                view: 800.0,
                height: 8000.0,
                main_end_in_view: false,
            },
            c,
        )
    }

    #[test]
    fn reversals_need_a_run_and_a_move_back() {
        let (mut m, mut c) = (Measure::default(), Cues::default());
        m.start(0.0, 0.0, true);
        let mut t = 0.0;
        let mut go = |m: &mut Measure, c: &mut Cues, y: f64| {
            t += 16.0;
            at(m, c, t, y)
        };
        for y in [100.0, 200.0, 300.0] {
            go(&mut m, &mut c, y);
        }
        // Back 30 px: a bounce, not a reversal.
        go(&mut m, &mut c, 270.0);
        go(&mut m, &mut c, 300.0);
        assert_eq!(c.reversals, 0);
        // Up 100, down 100, up 100: three reversals, which turns the
        // feature on.
        go(&mut m, &mut c, 200.0);
        go(&mut m, &mut c, 300.0);
        let changed = go(&mut m, &mut c, 200.0);
        assert_eq!(c.reversals, 3);
        assert!(changed);
    }

    #[test]
    fn depth_speed_end_and_visible_time() {
        let (mut m, mut c) = (Measure::default(), Cues::default());
        m.start(1000.0, 0.0, true);
        assert!(at(&mut m, &mut c, 1100.0, 4000.0));
        assert!((c.scroll_depth - 0.6).abs() < 1e-6);
        assert!(c.scroll_velocity > 10_000.0);
        assert!(!c.reached_end);
        at(&mut m, &mut c, 1200.0, 7200.0);
        assert!(c.reached_end);
        // Depth keeps its maximum when scrolling back up.
        at(&mut m, &mut c, 1300.0, 0.0);
        assert!(c.scroll_depth >= 0.98);
        m.visibility(true, 2000.0);
        assert_eq!(m.visible_ms(5000.0), 1000.0);
        assert_eq!(m.until_engaged(5000.0), None);
        m.visibility(false, 5000.0);
        assert_eq!(m.until_engaged(5000.0), Some(29_000.0));
        assert_eq!(m.idle_ms(5000.0), 3700.0);
    }
}

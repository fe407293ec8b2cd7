use micromoment::cues::StoreState::{self, Closed, Closing, Open};
use micromoment::geo::{
    coarsen, directions_url, haversine_km, hours_today, nearest, parse_day_hours, store_state,
    DayHours, Store, WeekHours,
};

fn store(name: &str, lat: f64, lon: f64) -> Store {
    Store {
        name: name.into(),
        lat,
        lon,
        address: None,
        url: None,
        phone: None,
        hours: None,
        timezone: None,
    }
}

fn day(s: &str) -> DayHours {
    parse_day_hours(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// A week with the same hours every day.
fn every_day(s: &str) -> WeekHours {
    WeekHours { days: [day(s); 7] }
}

/// A week from seven day strings, Monday first.
fn week(days: [&str; 7]) -> WeekHours {
    WeekHours {
        days: days.map(day),
    }
}

fn at(h: u16, m: u16) -> u16 {
    h * 60 + m
}

fn within(actual: f64, expected: f64, share: f64) -> bool {
    (actual - expected).abs() <= expected * share
}

#[test]
fn city_distances_within_one_percent() {
    let pairs = [
        // (from, to, published great-circle distance in km)
        ((55.6761, 12.5683), (59.9139, 10.7522), 483.0), // Copenhagen – Oslo
        ((51.5074, -0.1278), (48.8566, 2.3522), 343.5),  // London – Paris
        ((40.7128, -74.0060), (34.0522, -118.2437), 3936.0), // New York – Los Angeles
        ((-33.8688, 151.2093), (-36.8485, 174.7633), 2156.0), // Sydney – Auckland
        ((59.3293, 18.0686), (60.1699, 24.9384), 396.0), // Stockholm – Helsinki
    ];
    for ((a_lat, a_lon), (b_lat, b_lon), km) in pairs {
        let d = haversine_km(a_lat, a_lon, b_lat, b_lon);
        assert!(within(d, km, 0.01), "{d} vs {km}");
        let back = haversine_km(b_lat, b_lon, a_lat, a_lon);
        assert!((d - back).abs() < 1e-9, "distance is symmetric");
    }
}

#[test]
fn antimeridian_and_poles() {
    // One degree of the equator across the date line, not 359 degrees.
    let d = haversine_km(0.0, 179.5, 0.0, -179.5);
    assert!(within(d, 111.2, 0.01), "{d}");
    // Fiji to Samoa, both sides of ±180°.
    let d = haversine_km(-18.1416, 178.4419, -13.8333, -171.7500);
    assert!(within(d, 1150.0, 0.02), "{d}");
    // All longitudes meet at a pole.
    assert!(haversine_km(90.0, 0.0, 90.0, 123.0) < 1e-6);
    assert!(haversine_km(-90.0, -45.0, -90.0, 170.0) < 1e-6);
    // Pole to pole is half the circumference.
    let d = haversine_km(90.0, 0.0, -90.0, 0.0);
    assert!(within(d, 20015.1, 0.001), "{d}");
    // Antipodes on the equator: never more than half the circumference.
    let d = haversine_km(0.0, 0.0, 0.0, 180.0);
    assert!(within(d, 20015.1, 0.001), "{d}");
    assert_eq!(haversine_km(55.0, 12.0, 55.0, 12.0), 0.0);
    assert!(haversine_km(f64::NAN, 0.0, 1.0, 1.0).is_nan());
}

#[test]
fn nearest_store() {
    assert_eq!(nearest(&[], 55.0, 12.0), None);
    let stores = [
        store("Oslo", 59.9139, 10.7522),
        store("Copenhagen", 55.6761, 12.5683),
        store("Aarhus", 56.1629, 10.2039),
    ];
    // From Malmö, Copenhagen is closest.
    let (i, km) = nearest(&stores, 55.6050, 13.0038).unwrap();
    assert_eq!(i, 1);
    assert!(km > 20.0 && km < 35.0, "{km}");
    // From Gothenburg, Aarhus (about 200 km) beats Oslo (about 250 km).
    let (i, _) = nearest(&stores, 57.7089, 11.9746).unwrap();
    assert_eq!(i, 2);
    // Ties go to the first store in the list.
    let twins = [
        store("A", 10.0, 10.0),
        store("B", 10.0, 10.0),
        store("C", 10.0, 10.0),
    ];
    assert_eq!(nearest(&twins, 11.0, 10.0).map(|n| n.0), Some(0));
    // Symmetric positions, equal distance: the first wins.
    let mirror = [store("East", 0.0, 1.0), store("West", 0.0, -1.0)];
    assert_eq!(nearest(&mirror, 0.0, 0.0).map(|n| n.0), Some(0));
    // A store with an unusable position is skipped, not chosen.
    let broken = [store("Broken", f64::NAN, 0.0), store("Fine", 1.0, 1.0)];
    assert_eq!(nearest(&broken, 0.0, 0.0).map(|n| n.0), Some(1));
    assert_eq!(nearest(&broken[..1], 0.0, 0.0), None);
}

#[test]
fn hours_parse_common_forms() {
    assert_eq!(day("09:00-18:00").intervals(), &[(540, 1080)]);
    assert_eq!(day("9:00–17:30").intervals(), &[(540, 1050)]);
    assert_eq!(day(" 9:00 - 17:30 ").intervals(), &[(540, 1050)]);
    assert_eq!(
        day("09:00-12:00, 13:00-18:00").intervals(),
        &[(540, 720), (780, 1080)]
    );
    assert_eq!(
        day("07:00-09:00,11:00-13:00,15:00-17:00,19:00-23:00")
            .intervals()
            .len(),
        4
    );
    assert!(day("closed").is_closed());
    assert!(day("Closed").is_closed());
    assert_eq!(day("24h").intervals(), &[(0, 1440)]);
    assert_eq!(day("00:00-24:00").intervals(), &[(0, 1440)]);
    assert_eq!(day("22:00-02:00").intervals(), &[(1320, 120)]);
    assert_eq!(day("18:00-00:00").intervals(), &[(1080, 0)]);
    assert_eq!(day("10:00-14:00, 17:00-01:00").intervals().len(), 2);
}

#[test]
fn hours_reject_bad_input_with_a_reason() {
    let bad = [
        ("25:00-26:00", "times from 00:00 to 24:00"),
        ("09:60-18:00", "times from 00:00 to 24:00"),
        ("24:00-02:00", "times from 00:00 to 24:00"),
        ("09:00-24:30", "times from 00:00 to 24:00"),
        ("9-", "hours like"),
        ("9-17", "hours like"),
        ("", "hours like"),
        ("   ", "hours like"),
        ("open", "hours like"),
        ("09:00", "hours like"),
        ("09:00-", "hours like"),
        ("-18:00", "hours like"),
        ("09:0-18:00", "hours like"),
        ("009:00-18:00", "hours like"),
        ("+9:00-18:00", "hours like"),
        ("09:00-18:00,", "hours like"),
        ("09:00-12:00, 11:00-18:00", "intervals in time order"),
        ("13:00-18:00, 09:00-12:00", "intervals in time order"),
        ("22:00-02:00, 23:00-23:30", "intervals in time order"),
        ("09:00-12:00, 13:00-10:00", "intervals in time order"),
    ];
    for (input, reason) in bad {
        match parse_day_hours(input) {
            Ok(d) => panic!("{input:?} parsed as {:?}", d.intervals()),
            Err(e) => assert!(e.starts_with(reason), "{input:?}: {e}"),
        }
    }
    let ten = ["01:00-01:30"; 10].join(", ");
    assert_eq!(parse_day_hours(&ten), Err("at most 4 intervals a day"));
    let five = "01:00-02:00, 03:00-04:00, 05:00-06:00, 07:00-08:00, 09:00-10:00";
    assert_eq!(parse_day_hours(five), Err("at most 4 intervals a day"));
}

#[test]
fn state_during_a_plain_day() {
    let h = every_day("09:00-18:00");
    let cases: [(u16, StoreState); 9] = [
        (at(0, 0), Closed),
        (at(8, 59), Closed),
        (at(9, 0), Open),
        (at(12, 0), Open),
        (at(16, 59), Open),
        (at(17, 0), Closing),
        (at(17, 45), Closing),
        (at(17, 59), Closing),
        (at(18, 0), Closed),
    ];
    for (minute, want) in cases {
        assert_eq!(store_state(&h, 2, minute), want, "minute {minute}");
    }
    assert_eq!(store_state(&h, 2, at(23, 59)), Closed);
}

#[test]
fn state_with_a_lunch_break() {
    let h = every_day("09:00-12:00, 13:00-18:00");
    assert_eq!(store_state(&h, 0, at(10, 59)), Open);
    assert_eq!(store_state(&h, 0, at(11, 30)), Closing);
    assert_eq!(store_state(&h, 0, at(12, 30)), Closed);
    assert_eq!(store_state(&h, 0, at(13, 0)), Open);
}

#[test]
fn state_overnight_counts_on_the_next_day() {
    // Friday and Saturday nights run to 02:00; other days close at 23:00.
    let h = week([
        "17:00-23:00",
        "17:00-23:00",
        "17:00-23:00",
        "17:00-23:00",
        "17:00-02:00",
        "17:00-02:00",
        "closed",
    ]);
    assert_eq!(store_state(&h, 4, at(23, 30)), Open, "Friday night");
    assert_eq!(store_state(&h, 5, at(0, 30)), Open, "early Saturday");
    assert_eq!(store_state(&h, 5, at(1, 15)), Closing, "Saturday 01:15");
    assert_eq!(store_state(&h, 5, at(2, 0)), Closed, "Saturday 02:00");
    assert_eq!(
        store_state(&h, 6, at(1, 0)),
        Closing,
        "Sunday 01:00 from Saturday"
    );
    assert_eq!(store_state(&h, 6, at(3, 0)), Closed, "Sunday is closed");
    assert_eq!(store_state(&h, 3, at(0, 30)), Closed, "Thursday 00:30");
    assert_eq!(store_state(&h, 3, at(22, 30)), Closing);
}

#[test]
fn state_overnight_from_sunday_into_monday() {
    let mut h = every_day("closed");
    h.days[6] = day("20:00-04:00");
    assert_eq!(store_state(&h, 6, at(21, 0)), Open);
    assert_eq!(store_state(&h, 0, at(2, 0)), Open);
    assert_eq!(store_state(&h, 0, at(3, 30)), Closing);
    assert_eq!(store_state(&h, 0, at(4, 0)), Closed);
}

#[test]
fn state_of_meeting_intervals_and_round_the_clock() {
    // 18:00–24:00 then 00:00–06:00: not closing at 23:30.
    let h = week([
        "18:00-24:00",
        "00:00-06:00",
        "closed",
        "closed",
        "closed",
        "closed",
        "closed",
    ]);
    assert_eq!(store_state(&h, 0, at(23, 30)), Open);
    assert_eq!(store_state(&h, 1, at(5, 30)), Closing);
    let always = every_day("24h");
    for wd in 0..7 {
        for minute in [0, 1, 600, 1380, 1439] {
            assert_eq!(store_state(&always, wd, minute), Open);
        }
    }
    // Open 24 hours on Monday only: closing late Monday evening.
    let mut monday = every_day("closed");
    monday.days[0] = day("24h");
    assert_eq!(store_state(&monday, 0, at(22, 59)), Open);
    assert_eq!(store_state(&monday, 0, at(23, 0)), Closing);
    assert_eq!(store_state(&monday, 1, at(0, 0)), Closed);
}

#[test]
fn state_never_panics_on_odd_times() {
    let h = every_day("22:00-02:00");
    for wd in [0, 6, 7, 200, 255] {
        for minute in [0, 1439, 1440, 5000, u16::MAX] {
            let _ = store_state(&h, wd, minute);
        }
    }
    assert_eq!(store_state(&WeekHours::default(), 3, 600), Closed);
}

#[test]
fn state_agrees_with_a_minute_by_minute_walk() {
    // For each minute of the week, "open" must match the plain interval
    // check, and "closing" must mean closed again within 60 minutes.
    let h = week([
        "09:00-17:00",
        "09:00-12:00, 12:30-17:00",
        "22:00-03:00",
        "closed",
        "00:00-24:00",
        "10:00-14:00, 18:00-01:00",
        "11:00-11:30",
    ]);
    let week_minutes = 7 * 1440;
    let open_at: Vec<bool> = (0..week_minutes)
        .map(|t| store_state(&h, (t / 1440) as u8, (t % 1440) as u16) != Closed)
        .collect();
    for t in 0..week_minutes {
        let state = store_state(&h, (t / 1440) as u8, (t % 1440) as u16);
        let closes_soon = (1..=60).any(|k| !open_at[(t + k) % week_minutes]);
        match state {
            Closed => {}
            Closing => assert!(closes_soon, "minute {t}"),
            Open => assert!(!closes_soon, "minute {t}"),
        }
    }
    // Spot checks of the plain interval logic.
    assert!(open_at[2 * 1440 + 23 * 60], "Wednesday 23:00");
    assert!(open_at[3 * 1440 + 2 * 60], "Thursday 02:00 from Wednesday");
    assert!(!open_at[3 * 1440 + 3 * 60], "Thursday 03:00");
    assert!(!open_at[1440 + 12 * 60 + 15], "Tuesday lunch");
}

#[test]
fn hours_for_display() {
    let h = week([
        "09:00-18:00",
        "09:00-12:00, 13:00-18:00",
        "closed",
        "24h",
        "22:00-02:00",
        "00:00-24:00",
        "18:00-24:00",
    ]);
    let shown: Vec<String> = (0..7)
        .map(|wd| {
            let mut s = String::new();
            hours_today(&h, wd, &mut s);
            s
        })
        .collect();
    assert_eq!(
        shown,
        [
            "09:00–18:00",
            "09:00–12:00, 13:00–18:00",
            "closed",
            "open 24 hours",
            "22:00–02:00",
            "open 24 hours",
            "18:00–24:00",
        ]
    );
    let mut s = String::from("Today: ");
    hours_today(&h, 9, &mut s);
    assert_eq!(s, "Today: closed", "weekday 9 wraps to Wednesday");
}

#[test]
fn coarse_position_is_about_a_kilometre() {
    assert_eq!(coarsen(55.67612, 12.56834), (55.68, 12.57));
    assert_eq!(coarsen(-33.86882, 151.20929), (-33.87, 151.21));
    assert_eq!(coarsen(0.004, -0.006), (0.0, -0.01));
    let (lat, lon) = coarsen(59.913_87, 10.752_24);
    assert!(haversine_km(lat, lon, 59.913_87, 10.752_24) < 1.0);
}

#[test]
fn directions_link() {
    let mut s = String::new();
    directions_url(&store("Copenhagen", 55.6761, 12.5683), &mut s);
    assert_eq!(
        s,
        "https://www.google.com/maps/dir/?api=1&destination=55.67610,12.56830"
    );
    s.clear();
    directions_url(&store("Buenos Aires", -34.603_722, -58.381_592), &mut s);
    assert_eq!(
        s,
        "https://www.google.com/maps/dir/?api=1&destination=-34.60372,-58.38159"
    );
    s.clear();
    directions_url(&store("Null Island", 0.0, -0.000_001), &mut s);
    assert!(s.ends_with("destination=0.00000,0.00000"), "{s}");
}

//! The moment model: scores, explanations, decisions and hysteresis.

use micromoment::cues::{Cues, Device, ReferrerClass, StoreState};
use micromoment::model::{softmax, DecideSettings, Decider, Model, Weights, FEATURE_NAMES};
use micromoment::moment::{Moments, BUY, DO, GO, KNOW};

fn decide(model: &Model, cues: &Cues) -> Option<usize> {
    let s = model.score(cues);
    Decider::default()
        .update(&s.probs, 0.0, &DecideSettings::default())
        .moment
}

#[test]
fn probabilities_sum_to_one_and_follow_the_scores() {
    let p = softmax(&[0.0, 2.0, 0.0, 0.0]);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    assert!(p[1] > 0.7 && p[1] < 0.72, "{p:?}");
    let p = softmax(&[f32::NAN, f32::INFINITY, 0.0, 1e30]);
    assert!(p.iter().all(|x| x.is_finite()));
}

#[test]
fn a_bare_mobile_visit_stays_undecided() {
    let cues = Cues {
        device: Device::Mobile,
        coarse_pointer: true,
        ..Cues::default()
    };
    assert_eq!(decide(&Model::default(), &cues), None);
}

#[test]
fn queries_decide_each_builtin_moment() {
    let m = Model::default();
    for (q, want) in [
        ("what is gore-tex", KNOW),
        ("shoe store near me", GO),
        ("how to clean suede", DO),
        ("buy running shoes", BUY),
    ] {
        let cues = Cues {
            query: q.into(),
            ..Cues::default()
        };
        assert_eq!(decide(&m, &cues), Some(want), "{q}");
    }
}

#[test]
fn maps_referrer_and_a_near_open_store_mean_go() {
    let cues = Cues {
        referrer: ReferrerClass::Maps,
        ..Cues::default()
    };
    assert_eq!(decide(&Model::default(), &cues), Some(GO));
    let cues = Cues {
        device: Device::Mobile,
        store_km: Some(0.8),
        store_state: Some(StoreState::Open),
        clicked_go: true,
        ..Cues::default()
    };
    assert_eq!(decide(&Model::default(), &cues), Some(GO));
}

#[test]
fn explanations_name_the_cues_that_decided() {
    let m = Model::default();
    let cues = Cues {
        query: "buy running shoes".into(),
        paid: true,
        device: Device::Mobile,
        ..Cues::default()
    };
    let s = m.score(&cues);
    let top = s.top_contributions(BUY);
    assert_eq!(top.first().map(|t| t.0), Some("query"));
    assert!(top.iter().any(|t| t.0 == "arrival.paid"));
    // Each logit is the sum of its contributions (priors are 0 by default).
    for moment in 0..4 {
        let sum: f32 = s.contributions.iter().map(|c| c.amounts[moment]).sum();
        assert!((sum - s.logits[moment]).abs() < 1e-4);
    }
    let ev = s.query.as_ref().expect("query evidence");
    assert!(ev.hits.iter().any(|h| h.moment == BUY));
}

#[test]
fn weights_and_priors_are_overridable() {
    let moments = Moments::default();
    let mut w = Weights::new(&moments);
    assert!(w.set("device.mobile", GO, 3.0));
    assert!(w.set("custom.logged_in", BUY, 2.5));
    assert!(!w.set("no.such.feature", GO, 1.0));
    assert!(!w.set("device.mobile", 9, 1.0));
    assert!(w.set_prior(DO, 0.5));
    assert_eq!(w.get("device.mobile", GO), 3.0);
    let model = Model {
        weights: w,
        ..Model::default()
    };
    let mut cues = Cues {
        device: Device::Mobile,
        ..Cues::default()
    };
    assert_eq!(decide(&model, &cues), Some(GO));
    cues.device = Device::Desktop;
    cues.set_custom("logged_in", 1.0);
    let s = model.score(&cues);
    assert!(s
        .top_contributions(BUY)
        .iter()
        .any(|c| c.0 == "custom.logged_in"));
    assert_eq!(FEATURE_NAMES.len(), 38);
}

#[test]
fn hysteresis_keeps_content_calm() {
    let s = DecideSettings {
        threshold: 0.5,
        margin: 0.1,
        min_ms: 1000.0,
    };
    let mut d = Decider::default();
    assert_eq!(d.update(&[0.3, 0.3, 0.2, 0.2], 0.0, &s).moment, None);
    assert_eq!(d.update(&[0.1, 0.1, 0.1, 0.7], 10.0, &s).moment, Some(BUY));
    // A challenger leads by less than the margin: no switch.
    assert_eq!(
        d.update(&[0.0, 0.0, 0.52, 0.48], 20.0, &s).moment,
        Some(BUY)
    );
    // It leads by the margin, but not for long enough yet.
    assert_eq!(d.update(&[0.0, 0.0, 0.8, 0.2], 30.0, &s).moment, Some(BUY));
    assert_eq!(d.pending_until(&s), Some(1030.0));
    assert_eq!(d.update(&[0.0, 0.0, 0.8, 0.2], 500.0, &s).moment, Some(BUY));
    let last = d.update(&[0.0, 0.0, 0.8, 0.2], 1030.0, &s);
    assert_eq!(last.moment, Some(DO));
    assert!((last.confidence - 0.8).abs() < 1e-6);
    // Forcing wins with confidence 1, and releasing returns to inference.
    d.force(Some(GO));
    let f = d.update(&[0.0, 0.0, 0.8, 0.2], 2000.0, &s);
    assert_eq!((f.moment, f.confidence), (Some(GO), 1.0));
    d.force(None);
    assert_eq!(d.update(&[0.0, 0.0, 0.8, 0.2], 2001.0, &s).moment, Some(GO));
}

#[test]
fn a_challenger_that_fades_resets_the_timer() {
    let s = DecideSettings {
        threshold: 0.5,
        margin: 0.1,
        min_ms: 1000.0,
    };
    let mut d = Decider::default();
    d.update(&[0.9, 0.05, 0.05, 0.0], 0.0, &s);
    d.update(&[0.2, 0.0, 0.0, 0.8], 100.0, &s);
    d.update(&[0.6, 0.0, 0.0, 0.4], 600.0, &s);
    assert_eq!(
        d.update(&[0.2, 0.0, 0.0, 0.8], 1200.0, &s).moment,
        Some(KNOW)
    );
    assert_eq!(
        d.update(&[0.2, 0.0, 0.0, 0.8], 2200.0, &s).moment,
        Some(BUY)
    );
}

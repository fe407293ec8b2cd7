//! Learned weights of the query scorer, one row per feature of
//! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.
//!
//! Written by the training tool (`make train`); do not edit by hand.

/// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.
pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [
    [15, -7, -1, -6], // intercept
    [16, -9, -8, 1], // bare1
    [12, 3, -4, -11], // bare2
    [10, 2, -19, 7], // bare3
    [-2, -1, -7, 9], // bare4-5
    [1, 8, -4, -5], // bare6+
    [8, -9, -9, 9], // len1
    [2, 1, 1, -4], // len2
    [1, 3, 2, -6], // len3
    [6, 2, -2, -6], // len4-5
    [-2, -4, 5, 1], // len6+
    [-14, -7, -16, 37], // shop-bare
    [21, 0, -16, -6], // wh-start
    [2, 0, -1, -1], // wh-late
    [15, -10, 0, -5], // where
    [30, -8, -13, -9], // how-q
    [-18, -1, 24, -5], // how-do
    [15, -5, -5, -5], // how-aux
    [-21, 4, 26, -10], // how-other
    [20, -3, -12, -5], // aux-start
    [9, -3, -4, -2], // question-mark
    [2, -10, -15, 23], // number
    [-22, -9, -6, 37], // number-unit
    [18, -6, -8, -4], // year
    [0, 0, 0, 0], // price-sign
    [-15, -11, 27, -1], // infinitive-edge
    [-12, 0, 14, -1], // infinitive-edge-weak
    [12, 5, -6, -3], // know tier 1
    [24, -3, -2, -3], // know tier 2
    [49, -11, -9, -5], // know tier 3
    [57, -15, -5, -5], // know tier 4
    [51, -12, 3, -1], // know tier 5
    [48, 0, 0, 0], // know tier 6
    [56, 0, 0, 0], // know tier 7
    [64, 0, 0, 0], // know tier 8
    [72, 0, 0, 0], // know tier 9
    [-12, 26, -10, 3], // go tier 1
    [-15, 47, -16, 0], // go tier 2
    [-15, 58, -13, -6], // go tier 3
    [-14, 65, -17, -2], // go tier 4
    [0, 40, 0, 0], // go tier 5
    [0, 48, 0, 0], // go tier 6
    [0, 56, 0, 0], // go tier 7
    [0, 64, 0, 0], // go tier 8
    [0, 72, 0, 0], // go tier 9
    [-6, -8, 28, -5], // do tier 1
    [-10, -5, 38, -7], // do tier 2
    [-21, -4, 58, -9], // do tier 3
    [-22, -4, 60, -2], // do tier 4
    [0, 0, 40, 0], // do tier 5
    [0, 0, 48, 0], // do tier 6
    [0, 0, 56, 0], // do tier 7
    [0, 0, 64, 0], // do tier 8
    [0, 0, 72, 0], // do tier 9
    [0, 0, 0, 8], // buy tier 1
    [-15, -7, -8, 46], // buy tier 2
    [-17, -11, -16, 68], // buy tier 3
    [-15, -10, -20, 76], // buy tier 4
    [0, 0, 0, 40], // buy tier 5
    [0, 0, 0, 48], // buy tier 6
    [0, 0, 0, 56], // buy tier 7
    [0, 0, 0, 64], // buy tier 8
    [0, 0, 0, 72], // buy tier 9
];

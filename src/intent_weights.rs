//! Learned weights of the query scorer, one row per feature of
//! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.
//!
//! Written by the training tool (`make train`); do not edit by hand.

/// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.
pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [
    [14, -9, -3, -2], // intercept
    [19, -5, -7, -7], // bare1
    [12, 5, -3, -13], // bare2
    [8, 1, -12, 3], // bare3
    [0, -3, -3, 6], // bare4-5
    [4, 5, -3, -5], // bare6+
    [7, -17, -8, 18], // len1
    [5, 2, -1, -6], // len2
    [2, 5, 0, -7], // len3
    [6, 5, -4, -7], // len4-5
    [-6, -3, 9, -1], // len6+
    [-13, -10, -15, 38], // shop-bare
    [13, 9, -17, -5], // wh-start
    [1, 2, -2, -1], // wh-late
    [14, -10, 2, -6], // where
    [26, -7, -12, -7], // how-q
    [-17, -2, 25, -6], // how-do
    [13, -6, -3, -4], // how-aux
    [-23, 7, 24, -8], // how-other
    [17, -4, -4, -8], // aux-start
    [10, -4, -3, -3], // question-mark
    [1, -9, -17, 24], // number
    [-20, -16, -5, 42], // number-unit
    [19, -6, -7, -5], // year
    [0, 0, 0, 0], // price-sign
    [-16, -14, 26, 4], // infinitive-edge
    [-12, 1, 13, -2], // infinitive-edge-weak
    [13, -7, 10, -9], // know tier 1
    [18, -1, -4, 2], // know tier 2
    [41, -14, 9, -12], // know tier 3
    [58, -13, -3, -10], // know tier 4
    [44, -8, 5, -1], // know tier 5
    [55, -5, -1, -1], // know tier 6
    [56, 0, 0, 0], // know tier 7
    [64, 0, 0, 0], // know tier 8
    [72, 0, 0, 0], // know tier 9
    [-9, 23, -7, 1], // go tier 1
    [-16, 44, -12, 0], // go tier 2
    [-8, 51, -20, 1], // go tier 3
    [-13, 63, -16, -2], // go tier 4
    [0, 40, 0, 0], // go tier 5
    [0, 48, 0, 0], // go tier 6
    [0, 56, 0, 0], // go tier 7
    [0, 64, 0, 0], // go tier 8
    [0, 72, 0, 0], // go tier 9
    [-6, -3, 19, -2], // do tier 1
    [-10, -6, 42, -10], // do tier 2
    [-24, -2, 57, -7], // do tier 3
    [-20, -5, 62, -5], // do tier 4
    [0, 0, 40, 0], // do tier 5
    [0, 0, 48, 0], // do tier 6
    [0, 0, 56, 0], // do tier 7
    [0, 0, 64, 0], // do tier 8
    [0, 0, 72, 0], // do tier 9
    [-4, 6, 0, 5], // buy tier 1
    [-13, -8, -7, 44], // buy tier 2
    [-17, -7, -15, 63], // buy tier 3
    [-15, -7, -19, 73], // buy tier 4
    [0, 0, 0, 40], // buy tier 5
    [0, 0, 0, 48], // buy tier 6
    [0, 0, 0, 56], // buy tier 7
    [0, 0, 0, 64], // buy tier 8
    [0, 0, 0, 72], // buy tier 9
];

//! Learned weights of the query scorer, one row per feature of
//! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.
//!
//! Written by the training tool (`make train`); do not edit by hand.

/// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.
pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [
    [14, -6, -6, -2],   // intercept
    [9, -2, -3, -5],    // bare
    [16, -15, -11, 10], // len1
    [6, 1, -1, -6],     // len2
    [3, 5, -2, -6],     // len3
    [2, 2, -2, -2],     // len4-5
    [-13, 1, 10, 2],    // len6+
    [14, 7, -15, -7],   // wh-start
    [2, 1, -3, -1],     // wh-late
    [11, -10, 2, -4],   // where
    [23, -7, -9, -7],   // how-q
    [-14, -2, 19, -4],  // how-do
    [16, -5, -4, -7],   // how-aux
    [-19, 8, 17, -7],   // how-other
    [13, -3, -1, -9],   // aux-start
    [5, -2, -2, -2],    // question-mark
    [5, -10, -12, 17],  // number
    [-24, -9, -7, 40],  // number-unit
    [13, -4, -5, -3],   // year
    [0, 0, 0, 0],       // price-sign
    [-12, -3, 16, -1],  // infinitive-edge
    [10, -4, 13, -11],  // know tier 1
    [18, 2, -1, -2],    // know tier 2
    [37, -15, 10, -8],  // know tier 3
    [49, -7, -3, -6],   // know tier 4
    [49, -9, 0, 0],     // know tier 5
    [54, -6, 0, 0],     // know tier 6
    [56, 0, 0, 0],      // know tier 7
    [64, 0, 0, 0],      // know tier 8
    [72, 0, 0, 0],      // know tier 9
    [-4, 14, -1, -1],   // go tier 1
    [-5, 38, -12, -6],  // go tier 2
    [-8, 45, -11, -2],  // go tier 3
    [-6, 58, -14, -5],  // go tier 4
    [0, 40, 0, 0],      // go tier 5
    [0, 48, 0, 0],      // go tier 6
    [0, 56, 0, 0],      // go tier 7
    [0, 64, 0, 0],      // go tier 8
    [0, 72, 0, 0],      // go tier 9
    [-1, -2, 11, -1],   // do tier 1
    [-12, -2, 35, -5],  // do tier 2
    [-21, 2, 53, -10],  // do tier 3
    [-19, -5, 60, -4],  // do tier 4
    [0, 0, 40, 0],      // do tier 5
    [0, 0, 48, 0],      // do tier 6
    [0, 0, 56, 0],      // do tier 7
    [0, 0, 64, 0],      // do tier 8
    [0, 0, 72, 0],      // do tier 9
    [-5, 8, 0, 5],      // buy tier 1
    [-11, -6, -5, 38],  // buy tier 2
    [-19, -4, -10, 57], // buy tier 3
    [-21, -4, -14, 71], // buy tier 4
    [0, 0, 0, 40],      // buy tier 5
    [0, 0, 0, 48],      // buy tier 6
    [0, 0, 0, 56],      // buy tier 7
    [0, 0, 0, 64],      // buy tier 8
    [0, 0, 0, 72],      // buy tier 9
];

//! Learned weights of the query scorer, one row per feature of
//! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.
//!
//! Written by the training tool (`make train`); do not edit by hand.

/// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.
pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [
    [13, -6, -3, -4],   // intercept
    [3, -4, 2, -1],     // bare
    [20, -15, -13, 8],  // len1
    [5, 1, 5, -10],     // len2
    [3, 5, 2, -10],     // len3
    [-2, 2, -3, 4],     // len4-5
    [-12, 1, 7, 5],     // len6+
    [16, 6, -11, -11],  // wh-start
    [1, 1, -1, -1],     // wh-late
    [13, -11, 2, -4],   // where
    [26, -8, -9, -9],   // how-q
    [-13, -2, 19, -5],  // how-do
    [19, -6, -4, -8],   // how-aux
    [-17, 8, 17, -8],   // how-other
    [17, -4, -2, -11],  // aux-start
    [7, -2, -2, -3],    // question-mark
    [5, -10, -17, 22],  // number
    [-20, -9, -11, 41], // number-unit
    [14, -5, -6, -4],   // year
    [0, 0, 0, 0],       // price-sign
    [11, -4, 13, -11],  // know tier 1
    [18, 2, -1, -3],    // know tier 2
    [41, -11, -7, 1],   // know tier 3
    [49, -7, -4, -6],   // know tier 4
    [51, -11, 0, 0],    // know tier 5
    [55, -6, -1, 0],    // know tier 6
    [56, 0, 0, 0],      // know tier 7
    [64, 0, 0, 0],      // know tier 8
    [72, 0, 0, 0],      // know tier 9
    [-5, 17, -2, -2],   // go tier 1
    [-5, 40, -13, -6],  // go tier 2
    [-11, 45, -8, -2],  // go tier 3
    [-8, 60, -15, -5],  // go tier 4
    [0, 40, 0, 0],      // go tier 5
    [0, 48, 0, 0],      // go tier 6
    [0, 56, 0, 0],      // go tier 7
    [0, 64, 0, 0],      // go tier 8
    [0, 72, 0, 0],      // go tier 9
    [0, -1, 11, -1],    // do tier 1
    [-11, -2, 34, -6],  // do tier 2
    [-17, -3, 50, -6],  // do tier 3
    [-18, -5, 59, -4],  // do tier 4
    [0, 0, 40, 0],      // do tier 5
    [0, 0, 48, 0],      // do tier 6
    [0, 0, 56, 0],      // do tier 7
    [0, 0, 64, 0],      // do tier 8
    [0, 0, 72, 0],      // do tier 9
    [-5, 9, -1, 5],     // buy tier 1
    [-4, -6, -4, 29],   // buy tier 2
    [-19, -5, -11, 59], // buy tier 3
    [-21, -4, -15, 72], // buy tier 4
    [0, 0, 0, 40],      // buy tier 5
    [0, 0, 0, 48],      // buy tier 6
    [0, 0, 0, 56],      // buy tier 7
    [0, 0, 0, 64],      // buy tier 8
    [0, 0, 0, 72],      // buy tier 9
];

//! Learned weights of the query scorer, one row per feature of
//! [`super::f`], columns know, go, do, buy, in sixteenths of a logit.
//!
//! Written by the training tool (`make train`); do not edit by hand.

/// The weights: `WEIGHTS[feature][moment]` sixteenths of a logit.
pub const WEIGHTS: [[i8; 4]; super::N_FEATURES] = [
    [13, -7, 0, -6],    // intercept
    [21, -6, -5, -10],  // bare1
    [7, 5, -3, -9],     // bare2
    [7, 5, -17, 5],     // bare3
    [-2, -2, -6, 10],   // bare4-5
    [1, 7, -3, -5],     // bare6+
    [8, -6, -5, 4],     // len1
    [4, 0, 0, -5],      // len2
    [1, 2, 2, -5],      // len3
    [4, 0, -1, -3],     // len4-5
    [-4, -3, 4, 3],     // len6+
    [-17, -6, -19, 43], // shop-bare
    [21, -2, -15, -5],  // wh-start
    [3, 0, -1, -2],     // wh-late
    [19, -9, -3, -7],   // where
    [29, -7, -14, -8],  // how-q
    [-18, 1, 22, -5],   // how-do
    [17, -5, -6, -5],   // how-aux
    [-16, -3, 28, -9],  // how-other
    [18, -3, -10, -5],  // aux-start
    [9, -3, -4, -2],    // question-mark
    [3, -8, -15, 21],   // number
    [-21, -10, -6, 36], // number-unit
    [19, -6, -9, -4],   // year
    [0, 0, 0, 0],       // price-sign
    [-15, -10, 25, 0],  // infinitive-edge
    [-10, 1, 13, -3],   // infinitive-edge-weak
    [6, 9, -7, -2],     // know tier 1
    [18, -2, 1, -3],    // know tier 2
    [42, -13, -10, 0],  // know tier 3
    [47, -19, -4, 1],   // know tier 4
    [52, -13, 5, -12],  // know tier 5
    [38, 0, 0, 0],      // know tier 6
    [45, 0, 0, 0],      // know tier 7
    [51, 0, 0, 0],      // know tier 8
    [58, 0, 0, 0],      // know tier 9
    [-12, 25, -11, 5],  // go tier 1
    [-14, 44, -20, 3],  // go tier 2
    [-15, 51, -13, -4], // go tier 3
    [-16, 60, -19, 1],  // go tier 4
    [0, 32, 0, 0],      // go tier 5
    [0, 38, 0, 0],      // go tier 6
    [0, 45, 0, 0],      // go tier 7
    [0, 51, 0, 0],      // go tier 8
    [0, 58, 0, 0],      // go tier 9
    [-7, -9, 27, -5],   // do tier 1
    [-9, -4, 34, -9],   // do tier 2
    [-19, -2, 50, -10], // do tier 3
    [-23, -2, 51, 0],   // do tier 4
    [0, 0, 32, 0],      // do tier 5
    [0, 0, 38, 0],      // do tier 6
    [0, 0, 45, 0],      // do tier 7
    [0, 0, 51, 0],      // do tier 8
    [0, 0, 58, 0],      // do tier 9
    [-17, -3, 3, 24],   // buy tier 1
    [-13, -4, -13, 43], // buy tier 2
    [-17, -9, -16, 62], // buy tier 3
    [-13, -7, -21, 67], // buy tier 4
    [0, 0, 0, 32],      // buy tier 5
    [0, 0, 0, 38],      // buy tier 6
    [0, 0, 0, 45],      // buy tier 7
    [0, 0, 0, 51],      // buy tier 8
    [0, 0, 0, 58],      // buy tier 9
];

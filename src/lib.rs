//! micromoment: infer a visitor's micro-moment (know, go, do, buy) from
//! cues available in the browser, and swap in the content the site prepared
//! for it.
//!
//! The crate has a pure core (every module but `web`) that never touches
//! the browser and is tested on the host, and a thin browser layer (`web`,
//! wasm32 only) that gathers cues and applies decisions. The command-line
//! tool (`src/bin/micromoment.rs`) runs the same core.
#![deny(missing_docs)]

pub mod arrival;
pub mod config;
pub mod cues;
pub mod eval;
pub mod geo;
pub mod json;
pub mod lexfile;
pub mod lexicon;
pub mod model;
pub mod moment;
pub mod render;
pub mod text;
pub mod ua;

#[cfg(target_arch = "wasm32")]
pub mod web;

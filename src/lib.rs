//! micromoment: infer a visitor's micro-moment (know, go, do, buy) from
//! cues available in the browser, and swap in the content the site prepared
//! for it.
//!
//! The crate has a pure core (every module but `web`) that never touches
//! the browser and is tested on the host, and a thin browser layer (`web`,
//! wasm32 only) that gathers cues and applies decisions. The command-line
//! tool (`src/bin/micromoment.rs`) runs the same core.
#![deny(missing_docs)]
// The wasm is built without Rust's standard library (smaller: no panic or
// formatting machinery); host builds use it.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

pub mod arrival;
pub mod config;
pub mod cues;
pub mod engine;
pub mod eval;
pub mod features;
pub mod geo;
pub mod heap;
pub mod intent;
pub mod journey;
pub mod json;
pub mod lexfile;
pub mod lexicon;
pub mod measure;
pub mod model;
pub mod moment;
mod num;
pub mod place;
pub mod render;
pub mod text;
pub mod ua;

#[cfg(target_arch = "wasm32")]
pub mod web;

/// The shipped wasm has no standard library, so it names its own panic
/// handler. A panic is a bug; it stops the wasm call (a trap), which the
/// loader catches: the page keeps its content and one warning is logged.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

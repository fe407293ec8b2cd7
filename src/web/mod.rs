//! The wasm exports (wasm32 only): thin wrappers that hand the browser
//! layer's plain values to the core and its answers back. The tag ships as
//! two wasm files built from this crate:
//!
//! - the first part (`tag` feature, [`first`]) decides before first paint:
//!   the page's inputs, the config's quick read, the model with English and
//!   the page's language, the template choice and placeholders;
//! - the second part (`tag-more` feature, [`second`]) loads after first
//!   paint: the full config check with each problem's JSON path, `setCue`,
//!   `explain()`, the stores and opening hours, the journey records.
//!
//! The exports are plain C-ABI functions: strings go in as UTF-8 bytes the
//! loader writes into the wasm memory ([`mm_alloc`]), and come back through
//! one output buffer ([`mm_out`]). The loader's glue for this is a few
//! lines of JavaScript, far smaller than a generated one. Both parts keep
//! their state in a [`Local`] cell; the JavaScript around them gathers cues
//! and applies the answers, and decides nothing.

#[cfg(feature = "tag")]
pub mod first;
#[cfg(feature = "tag-more")]
pub mod second;

use alloc::{string::String, vec::Vec};
use core::cell::RefCell;

#[global_allocator]
static ALLOC: crate::heap::wasm::Allocator = crate::heap::wasm::Allocator::new();

/// State of the page's one thread. The tag's wasm has no threads (no
/// `atomics` target feature; the allocator checks), so a static `RefCell`
/// is only ever reached from that thread; unlike `thread_local!` it needs
/// no standard library.
pub struct Local<T>(RefCell<T>);

// SAFETY: wasm32 without the atomics feature runs one thread.
unsafe impl<T> Sync for Local<T> {}

impl<T> Local<T> {
    /// A cell holding `value`.
    pub const fn new(value: T) -> Local<T> {
        Local(RefCell::new(value))
    }

    /// Runs `f` on the value; `None` when it is already borrowed (a call
    /// back into the wasm while it runs).
    pub fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> Option<R> {
        self.0.try_borrow_mut().ok().map(|mut v| f(&mut v))
    }
}

/// The last string an export returned.
static OUT: Local<String> = Local::new(String::new());

/// Room for `len` bytes the loader fills (a string argument); freed by
/// the export that reads it. Null when memory runs out.
#[no_mangle]
pub extern "C" fn mm_alloc(len: usize) -> *mut u8 {
    let mut v: Vec<u8> = Vec::new();
    if v.try_reserve_exact(len.max(1)).is_err() {
        return core::ptr::null_mut();
    }
    let p = v.as_mut_ptr();
    core::mem::forget(v);
    p
}

/// Where the last returned string's bytes are (its length was the
/// export's result).
#[no_mangle]
pub extern "C" fn mm_out() -> *const u8 {
    OUT.with(|s| s.as_ptr()).unwrap_or(core::ptr::null())
}

/// A string argument: `len` UTF-8 bytes at `ptr`, written there by the
/// loader into a block of `cap` bytes from [`mm_alloc`]. The block is freed
/// when the returned `String` is dropped. Invalid UTF-8 (never written by
/// the loader's `TextEncoder`) gives an empty string.
///
/// The address comes as a number, as it crosses from JavaScript; only the
/// loader's glue calls the exports, each block once.
pub fn arg(addr: usize, len: usize, cap: usize) -> String {
    if addr == 0 || len > cap {
        return String::new();
    }
    // SAFETY: `addr` is a block of `cap.max(1)` bytes from `mm_alloc`, of
    // which the loader filled the first `len`; ownership passes here once.
    let bytes = unsafe { Vec::from_raw_parts(addr as *mut u8, len, cap.max(1)) };
    String::from_utf8(bytes).unwrap_or_default()
}

/// Returns `s` to the loader: keeps it for [`mm_out`], gives its length.
pub fn ret(s: String) -> usize {
    let len = s.len();
    OUT.with(|o| *o = s);
    len
}

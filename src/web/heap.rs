//! A small allocator for the tag (wasm32, single-threaded): power-of-two
//! size classes, each with a free list, carved from pages grown with
//! `memory.grow`. It is far smaller than the standard allocator, and the
//! tag's allocations (short strings and vectors, a few tables) reuse freed
//! blocks of their class, so memory stays flat over a long visit.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// Smallest block (bytes, as a power of two): room for a free-list link.
const MIN_CLASS: u32 = 3;
/// Number of size classes: 8 B up to 2 GiB.
const CLASSES: usize = 29;
/// Wasm page size.
const PAGE: usize = 65_536;

struct State {
    /// Head of each class's free list (0 = empty).
    free: [usize; CLASSES],
    /// Next unused byte of the current region, and its end.
    next: usize,
    end: usize,
}

/// The allocator. Only one thread exists in the tag.
pub struct Allocator(UnsafeCell<State>);

// SAFETY: wasm32 without threads has a single thread of execution.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator with no memory taken yet.
    pub const fn new() -> Allocator {
        Allocator(UnsafeCell::new(State {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout: log2 of the block size.
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let bits = size.checked_next_power_of_two()?.trailing_zeros() as usize;
    let c = bits.checked_sub(MIN_CLASS as usize)?;
    (c < CLASSES).then_some(c)
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else {
            return core::ptr::null_mut();
        };
        // SAFETY: single-threaded; no other reference to the state is live.
        let s = unsafe { &mut *self.0.get() };
        let head = s.free[c];
        if head != 0 {
            // SAFETY: `head` is a freed block of this class; its first word
            // holds the next free block.
            s.free[c] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << (c + MIN_CLASS as usize);
        let align = size.min(16).max(layout.align());
        let start = (s.next + align - 1) & !(align - 1);
        let Some(stop) = start.checked_add(size) else {
            return core::ptr::null_mut();
        };
        if stop > s.end || s.end == 0 {
            let pages = size.div_ceil(PAGE) + 1;
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return core::ptr::null_mut();
            }
            let base = old * PAGE;
            if base != s.end {
                s.next = base;
            }
            s.end = base + pages * PAGE;
            // SAFETY: same layout, now with room.
            return unsafe { self.alloc(layout) };
        }
        s.next = stop;
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(&layout) else { return };
        // SAFETY: single-threaded; `ptr` came from `alloc` with this class
        // and is at least a word long and word aligned.
        let s = unsafe { &mut *self.0.get() };
        unsafe { *(ptr as *mut usize) = s.free[c] };
        s.free[c] = ptr as usize;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        if class(&layout) == class(&new_layout) {
            return ptr;
        }
        // SAFETY: standard move to a new block, then free the old one.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

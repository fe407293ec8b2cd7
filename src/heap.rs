//! A small allocator for the tag's wasm (single-threaded): power-of-two
//! size classes, each with a free list, carved from memory the page grows.
//! It is far smaller than the standard allocator, and the tag's
//! allocations (short strings and vectors, a few tables) reuse freed blocks
//! of their class, so memory stays flat over a long visit.
//!
//! The logic is written over a [`Grow`] source so the host tests run it on
//! ordinary memory; in the wasm the source is `memory.grow`.

use core::alloc::Layout;

/// Smallest block (bytes, as a power of two): room for a free-list link.
const MIN_CLASS: u32 = 3;
/// Number of size classes: 8 B up to 2 GiB.
const CLASSES: usize = 29;
/// Page size of the memory source.
pub const PAGE: usize = 65_536;
/// Blocks are carved at least this aligned.
const BASE_ALIGN: usize = 16;

/// Where new memory comes from.
pub trait Grow {
    /// Adds `pages` pages; returns the address of the first new byte, or
    /// `None` when no more memory can be had.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The allocator's bookkeeping.
pub struct Heap<G: Grow> {
    /// Head of each class's free list (0 = empty).
    free: [usize; CLASSES],
    /// Next unused byte of the current region, and its end.
    next: usize,
    end: usize,
    source: G,
}

/// The class of a layout: log2 of the block size.
fn class(layout: &Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let bits = size.checked_next_power_of_two()?.trailing_zeros() as usize;
    let c = bits.checked_sub(MIN_CLASS as usize)?;
    (c < CLASSES).then_some(c)
}

impl<G: Grow> Heap<G> {
    /// A heap with no memory taken yet.
    pub const fn new(source: G) -> Heap<G> {
        Heap {
            free: [0; CLASSES],
            next: 0,
            end: 0,
            source,
        }
    }

    /// A block for `layout`, or null when memory runs out. The block is
    /// aligned to `layout.align()`: a freed block is reused only when it
    /// is aligned enough (blocks are carved 16-byte aligned, or more when
    /// the layout asks for it, so a larger alignment may need a new block).
    pub fn alloc(&mut self, layout: Layout) -> *mut u8 {
        let Some(c) = class(&layout) else {
            return core::ptr::null_mut();
        };
        let align = layout.align();
        let head = self.free.get(c).copied().unwrap_or(0);
        if head != 0 && head % align == 0 {
            // SAFETY: `head` is a freed block of this class; its first word
            // holds the next free block.
            let next = unsafe { *(head as *const usize) };
            if let Some(slot) = self.free.get_mut(c) {
                *slot = next;
            }
            return head as *mut u8;
        }
        let size = 1usize << (c + MIN_CLASS as usize);
        let align = size.min(BASE_ALIGN).max(align);
        loop {
            let start = (self.next + align - 1) & !(align - 1);
            let Some(stop) = start.checked_add(size) else {
                return core::ptr::null_mut();
            };
            if stop <= self.end && self.end != 0 {
                self.next = stop;
                return start as *mut u8;
            }
            let pages = (size + align).div_ceil(PAGE);
            let Some(base) = self.source.grow(pages) else {
                return core::ptr::null_mut();
            };
            if base != self.end {
                self.next = base;
            }
            self.end = base + pages * PAGE;
        }
    }

    /// Returns a block to its class's free list.
    ///
    /// # Safety
    /// `ptr` came from [`Heap::alloc`] with the same `layout` and is not
    /// used again.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        let Some(c) = class(&layout) else { return };
        let Some(slot) = self.free.get_mut(c) else {
            return;
        };
        // SAFETY: the block is at least a word long and word aligned.
        unsafe { *(ptr as *mut usize) = *slot };
        *slot = ptr as usize;
    }

    /// Moves a block to one of `new_size` bytes (the same block when the
    /// class does not change).
    ///
    /// # Safety
    /// As for [`Heap::dealloc`].
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        if class(&layout) == class(&new_layout) {
            return ptr;
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            // SAFETY: both blocks are valid for the copied length and
            // distinct.
            unsafe {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

/// The wasm's global allocator: a [`Heap`] over `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub mod wasm {
    use super::{Grow, Heap};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    /// `memory.grow` on the wasm's memory.
    pub struct MemoryGrow;

    impl Grow for MemoryGrow {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            let old = core::arch::wasm32::memory_grow(0, pages);
            (old != usize::MAX).then_some(old * super::PAGE)
        }
    }

    /// The allocator. Only one thread exists in the tag.
    pub struct Allocator(UnsafeCell<Heap<MemoryGrow>>);

    #[cfg(target_feature = "atomics")]
    compile_error!("the tag's allocator assumes a single-threaded wasm (no atomics)");

    // SAFETY: wasm32 without the atomics feature has one thread (above).
    unsafe impl Sync for Allocator {}

    impl Allocator {
        /// An allocator with no memory taken yet.
        pub const fn new() -> Allocator {
            Allocator(UnsafeCell::new(Heap::new(MemoryGrow)))
        }
    }

    impl Default for Allocator {
        fn default() -> Self {
            Allocator::new()
        }
    }

    /// Stops the wasm call (a trap, which the loader catches like any
    /// failure) when memory runs out, instead of returning null: the
    /// standard library's out-of-memory report formats the size, and that
    /// formatting code would otherwise ship in the tag.
    fn or_trap(p: *mut u8) -> *mut u8 {
        if p.is_null() {
            core::arch::wasm32::unreachable()
        }
        p
    }

    // SAFETY: each call has the only reference to the heap (one thread, no
    // re-entry: the heap never calls out).
    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            or_trap(unsafe { (*self.0.get()).alloc(layout) })
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { (*self.0.get()).dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            or_trap(unsafe { (*self.0.get()).realloc(ptr, layout, new_size) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Memory from a host buffer, page by page.
    struct Buffer {
        mem: Vec<u8>,
        used: usize,
    }

    impl Grow for Buffer {
        /// Pages start page-aligned, as wasm memory pages do.
        fn grow(&mut self, pages: usize) -> Option<usize> {
            let start = self.mem.as_ptr() as usize;
            let first = (start + PAGE - 1) & !(PAGE - 1);
            let base = first + self.used;
            self.used += pages * PAGE;
            (first - start + self.used <= self.mem.len()).then_some(base)
        }
    }

    fn buffer(pages: usize) -> Buffer {
        Buffer {
            mem: alloc::vec![0u8; (pages + 1) * PAGE],
            used: 0,
        }
    }

    fn heap() -> Heap<Buffer> {
        Heap::new(buffer(64))
    }

    #[test]
    fn every_block_has_the_alignment_asked_for() {
        let mut h = heap();
        // An 8-byte block first, so the next 64-byte block is carved at
        // offset 16 (16-aligned, not 64-aligned). Freed, it must not be
        // handed out for a 64-byte alignment.
        let tiny = Layout::from_size_align(8, 8).unwrap();
        let small = Layout::from_size_align(64, 8).unwrap();
        let _keep = h.alloc(tiny);
        let q = h.alloc(small);
        assert_eq!(q as usize % 64, 16);
        unsafe { h.dealloc(q, small) };
        for align in [16, 32, 64, 128, 4096] {
            let l = Layout::from_size_align(64, align).unwrap();
            let p = h.alloc(l);
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0, "align {align}");
            unsafe { h.dealloc(p, l) };
        }
    }

    #[test]
    fn freed_blocks_are_reused_and_realloc_keeps_the_bytes() {
        let mut h = heap();
        let l = Layout::from_size_align(100, 4).unwrap();
        let a = h.alloc(l);
        unsafe { h.dealloc(a, l) };
        let b = h.alloc(l);
        assert_eq!(a, b, "same class reuses the freed block");
        unsafe {
            for i in 0..100 {
                *b.add(i) = i as u8;
            }
            let c = h.realloc(b, l, 1000);
            for i in 0..100 {
                assert_eq!(*c.add(i), i as u8);
            }
        }
        // A block larger than a page grows the memory.
        let big = Layout::from_size_align(3 * PAGE, 8).unwrap();
        assert!(!h.alloc(big).is_null());
    }

    #[test]
    fn running_out_of_memory_gives_null() {
        let mut h = Heap::new(buffer(4));
        let big = Layout::from_size_align(8 * PAGE, 8).unwrap();
        assert!(h.alloc(big).is_null());
    }
}

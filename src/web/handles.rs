//! Owned listeners, timers and observers. Dropping a [`Handles`] detaches
//! everything, so `destroy()` leaves nothing behind.

use super::dom;
use alloc::boxed::Box;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AddEventListenerOptions, Event, EventTarget};

/// One event listener, removed on drop.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    capture: bool,
    function: js_sys::Function,
    /// The closure behind `function`, freed on drop.
    _closure: Box<dyn core::any::Any>,
}

impl Listener {
    /// Adds `f` as a listener of `kind` on `target`. Passive listeners
    /// never delay scrolling.
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        capture: bool,
        f: impl FnMut(Event) + 'static,
    ) -> Option<Listener> {
        let closure = Closure::<dyn FnMut(Event)>::new(f);
        let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
        Listener::add(target, kind, capture, function, Box::new(closure))
    }

    /// Like [`Listener::new`] for a listener that does not look at the
    /// event: the event object is not handed to the wasm at all, which
    /// makes frequent events (scroll) cheaper.
    pub fn plain(
        target: &EventTarget,
        kind: &'static str,
        capture: bool,
        f: impl FnMut() + 'static,
    ) -> Option<Listener> {
        let closure = Closure::<dyn FnMut()>::new(f);
        let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
        Listener::add(target, kind, capture, function, Box::new(closure))
    }

    fn add(
        target: &EventTarget,
        kind: &'static str,
        capture: bool,
        function: js_sys::Function,
        closure: Box<dyn core::any::Any>,
    ) -> Option<Listener> {
        let opts = AddEventListenerOptions::new();
        opts.set_passive(true);
        opts.set_capture(capture);
        target
            .add_event_listener_with_callback_and_add_event_listener_options(kind, &function, &opts)
            .ok()?;
        Some(Listener {
            target: target.clone(),
            kind,
            capture,
            function,
            _closure: closure,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.kind,
            &self.function,
            self.capture,
        );
    }
}

/// A re-armable `setTimeout` with one callback, cleared on drop.
pub struct Timer {
    callback: Closure<dyn FnMut()>,
    id: Option<i32>,
}

impl Timer {
    /// A timer that runs `f` when it fires.
    pub fn new(f: impl FnMut() + 'static) -> Timer {
        Timer {
            callback: Closure::<dyn FnMut()>::new(f),
            id: None,
        }
    }

    /// (Re)starts the timer: `f` runs once after `ms` milliseconds.
    pub fn start(&mut self, ms: f64) {
        self.clear();
        if let Some(w) = dom::window() {
            let ms = ms.clamp(0.0, 2_147_483_647.0) as i32;
            self.id = w
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    self.callback.as_ref().unchecked_ref(),
                    ms,
                )
                .ok();
        }
    }

    /// Stops the timer if it is pending.
    pub fn clear(&mut self) {
        if let (Some(id), Some(w)) = (self.id.take(), dom::window()) {
            w.clear_timeout_with_handle(id);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.clear();
    }
}

/// A `MutationObserver` with its callback, disconnected on drop.
pub struct Mutations {
    observer: web_sys::MutationObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Mutations {
    /// Observes `target`'s subtree for added children.
    pub fn observe(target: &web_sys::Node, f: impl FnMut() + 'static) -> Option<Mutations> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let observer = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let init = web_sys::MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        observer.observe_with_options(target, &init).ok()?;
        Some(Mutations {
            observer,
            _callback: callback,
        })
    }
}

impl Mutations {
    /// Drops the records not yet delivered (the tag's own changes).
    pub fn discard(&self) {
        let _ = self.observer.take_records();
    }
}

impl Drop for Mutations {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// An `IntersectionObserver` with its callback, disconnected on drop.
pub struct Visibility {
    /// The observer (slots are added with `observe`).
    pub observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Visibility {
    /// An observer calling `f` with its entries.
    pub fn new(f: impl FnMut(js_sys::Array) + 'static) -> Option<Visibility> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(f);
        let observer =
            web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        Some(Visibility {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Visibility {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

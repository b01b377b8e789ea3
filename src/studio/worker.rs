//! The page's side of the tracking worker (`www/studio/track-worker.js`, a
//! module worker running `shoppable-track`): frames go over once, each
//! transferred (not copied); track requests carry an id, and answers come
//! back as flat numbers (see `track_worker::Tracker::track`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Worker, WorkerOptions, WorkerType};

use crate::model::track::run::{Status, Step};

/// What the worker answered.
pub enum Answer {
    Cuts(Vec<usize>),
    /// The steps, and the milliseconds the worker spent tracking.
    Steps(Vec<Step>, f64),
    Failed(String),
}

type Pending = Rc<RefCell<HashMap<u32, Box<dyn FnOnce(Answer)>>>>;

/// The worker; terminated on drop.
pub struct Link {
    worker: Worker,
    pending: Pending,
    next: RefCell<u32>,
    _message: EventListener,
    _error: EventListener,
}

impl Drop for Link {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

impl Link {
    /// Starts the worker script at `url`; `on_error` hears a worker that fails.
    pub fn start(url: &str, on_error: impl Fn(String) + 'static) -> Result<Link, String> {
        let opts = WorkerOptions::new();
        opts.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(url, &opts).map_err(|e| format!("{e:?}"))?;
        let pending: Pending = Rc::default();
        let p = pending.clone();
        let message = EventListener::new(&worker, "message", move |e| {
            let data = e.unchecked_ref::<web_sys::MessageEvent>().data();
            let id = get(&data, "id").as_f64().unwrap_or(-1.0) as u32;
            let Some(reply) = p.borrow_mut().remove(&id) else {
                return;
            };
            let answer = if let Some(err) = get(&data, "error").as_string() {
                Answer::Failed(err)
            } else if get(&data, "kind").as_string().as_deref() == Some("cuts") {
                Answer::Cuts(Uint32s(get(&data, "cuts")).into_vec())
            } else {
                let ms = get(&data, "ms").as_f64().unwrap_or(0.0);
                Answer::Steps(steps(&Float32Array::new(&get(&data, "steps")).to_vec()), ms)
            };
            reply(answer);
        });
        let error = EventListener::new(&worker, "error", move |e| {
            let msg = get(e.as_ref(), "message")
                .as_string()
                .unwrap_or_else(|| "the tracking worker failed to start".into());
            on_error(msg);
        });
        Ok(Link {
            worker,
            pending,
            next: RefCell::new(0),
            _message: message,
            _error: error,
        })
    }

    fn send(
        &self,
        msg: Object,
        transfer: Option<&JsValue>,
        reply: Option<Box<dyn FnOnce(Answer)>>,
    ) {
        let id = {
            let mut n = self.next.borrow_mut();
            *n += 1;
            *n
        };
        set(&msg, "id", &id.into());
        if let Some(r) = reply {
            self.pending.borrow_mut().insert(id, r);
        }
        let _ = match transfer {
            Some(t) => self.worker.post_message_with_transfer(&msg, &Array::of1(t)),
            None => self.worker.post_message(&msg),
        };
    }

    pub fn clear(&self) {
        let m = Object::new();
        set(&m, "kind", &"clear".into());
        self.send(m, None, None);
    }

    /// Hands frame `index` to the worker (the bytes move, not copy).
    pub fn put(&self, index: usize, t: f64, px: &[u8], w: usize, h: usize) {
        let bytes = Uint8Array::from(px);
        let m = Object::new();
        set(&m, "kind", &"frame".into());
        set(&m, "index", &(index as u32).into());
        set(&m, "t", &t.into());
        set(&m, "w", &(w as u32).into());
        set(&m, "h", &(h as u32).into());
        set(&m, "px", &bytes);
        self.send(m, Some(&bytes.buffer()), None);
    }

    pub fn cuts(&self, reply: impl FnOnce(Answer) + 'static) {
        let m = Object::new();
        set(&m, "kind", &"cuts".into());
        self.send(m, None, Some(Box::new(reply)));
    }

    /// Tracks from frame `seed` at (x, y) over `lo..hi`.
    pub fn track(
        &self,
        seed: usize,
        x: f32,
        y: f32,
        lo: usize,
        hi: usize,
        reply: impl FnOnce(Answer) + 'static,
    ) {
        let m = Object::new();
        set(&m, "kind", &"track".into());
        for (k, v) in [
            ("seed", seed as f64),
            ("x", x as f64),
            ("y", y as f64),
            ("lo", lo as f64),
            ("hi", hi as f64),
        ] {
            set(&m, k, &v.into());
        }
        self.send(m, None, Some(Box::new(reply)));
    }
}

struct Uint32s(JsValue);

impl Uint32s {
    fn into_vec(self) -> Vec<usize> {
        js_sys::Uint32Array::new(&self.0)
            .to_vec()
            .into_iter()
            .map(|c| c as usize)
            .collect()
    }
}

/// The worker's flat answer as steps (8 numbers each).
pub fn steps(flat: &[f32]) -> Vec<Step> {
    flat.chunks_exact(8)
        .map(|c| Step {
            frame: c[0] as usize,
            x: c[1],
            y: c[2],
            w: c[3],
            h: c[4],
            psr: c[5],
            status: Status::from_code(c[6] as u8),
            segment: c[7] as i32,
        })
        .collect()
}

//! The tag buttons that follow products across the frame.
//!
//! Each state update asks the model which tags are shown where
//! (`model::motion::plan`: timeline ∘ geometry), creates or removes buttons
//! only when that set changes, and places each: a still tag (or any tag while
//! the video is paused) by its inline `transform`, a moving tag of a playing
//! video by one Web Animation per straight stretch (`animate.rs`), which the
//! compositor runs with no main-thread work per frame. The update returns the
//! next time its answer changes, and the viewer looks again only then (or on
//! a seek, pause, rate change or resize). Plain DOM, no framework: the first
//! thing a viewer downloads.
//!
//! The stylesheet animates tags by transform and opacity only: the pulse is a
//! ring behind the dot that grows and fades, which the compositor runs without
//! repainting or a main-thread frame (a `box-shadow` pulse repainted every dot
//! on every frame), and the fade-in is the dot's, not the moving button's.
//! Comments in style.css ship inside the wasm, hence here.

use super::animate::Moving;
use super::{el, Event};
use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::motion::{plan, Anchor, Placed};
use crate::model::timeline::Timeline;
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

struct TagNode {
    index: usize,
    button: HtmlElement,
    /// The inline `transform` last written ("" while it moves: the animation
    /// sets it then).
    transform: String,
    moving: Option<Moving>,
    _click: EventListener,
}

impl TagNode {
    /// Stands the tag at `css`: the inline value first, then the animation
    /// cancelled, so no frame shows it elsewhere.
    fn stand(&mut self, css: String) {
        if self.transform != css {
            let _ = self.button.style().set_property("transform", &css);
            self.transform = css;
        }
        self.moving = None;
    }
}

/// What an update tells the viewer.
pub struct Next {
    /// The video time at which the tags change next (a start, end, keyframe,
    /// or the picture's edge crossed); `None` when nothing changes.
    pub change: Option<f64>,
    /// Whether the tags were handed over again for a new clock reading (a
    /// seek, pause, rate change, resize or drift): a wake-up planned for the
    /// old one is stale.
    pub resynced: bool,
}

pub struct Tags {
    doc: Document,
    layer: HtmlElement,
    /// Gets a `TagView` for each tag that appears, and the clicks.
    send: Rc<dyn Fn(Event)>,
    nodes: RefCell<Vec<TagNode>>,
    /// Scratch, kept to spare an allocation each update: the active tags,
    /// then those placed, ascending by index.
    active: RefCell<Vec<usize>>,
    placed: RefCell<Vec<Placed>>,
    /// The clock reading the running animations were timed for, and the
    /// layout and control band they were computed in.
    anchor: Cell<Option<Anchor>>,
    layout: Cell<Option<(Layout, f64)>>,
    /// The next change the last plan found: until then, on the same clock
    /// and layout, a report (an iframe player's per-frame time, a
    /// `timeupdate`) changes nothing.
    until: Cell<Option<f64>>,
    perf: Option<web_sys::Performance>,
}

impl Tags {
    pub fn new(doc: &Document, layer: HtmlElement, send: Rc<dyn Fn(Event)>) -> Tags {
        Tags {
            doc: doc.clone(),
            layer,
            send,
            nodes: RefCell::default(),
            active: RefCell::default(),
            placed: RefCell::default(),
            anchor: Cell::new(None),
            layout: Cell::new(None),
            until: Cell::new(None),
            perf: web_sys::window().and_then(|w| w.performance()),
        }
    }

    /// Shows the tags active at `t`, placed for `layout` (none without one)
    /// and kept out of the player's control band (`band`, the bottom px of
    /// the content box it covers); the video runs at `rate` (0 while paused,
    /// ended or stalled). `labels[i]` is product `i`'s accessible name.
    pub fn update(
        &self,
        m: &Manifest,
        timeline: &Timeline,
        labels: &[String],
        t: f64,
        rate: f64,
        layout: Option<(&Layout, f64)>,
    ) -> Next {
        let (doc, send) = (&self.doc, &self.send);
        let layout_band = layout.map(|(l, band)| (*l, band));
        let now = self.perf.as_ref().map_or(0.0, |p| p.now());
        let reading = Anchor { time: t, now, rate };
        let same_layout = self.layout.get() == layout_band;
        let follows = same_layout && self.anchor.get().is_some_and(|a| a.follows(&reading));
        let until = self.until.get();
        if follows && until.is_none_or(|u| t < u) {
            return Next {
                change: until,
                resynced: false,
            };
        }
        if !follows {
            self.anchor.set(Some(reading));
            self.layout.set(layout_band);
        }
        let (mut active, mut placed) = (self.active.borrow_mut(), self.placed.borrow_mut());
        placed.clear();
        let change = match layout {
            Some((l, band)) => plan(&m.tags, timeline, l, band, t, &mut active, &mut placed),
            None => None,
        };
        let mut nodes = self.nodes.borrow_mut();
        // Gone: every node whose tag is no longer placed.
        nodes.retain(|n| {
            let keep = placed.binary_search_by_key(&n.index, |p| p.index).is_ok();
            if !keep {
                n.button.remove();
            }
            keep
        });
        let mut appeared = Vec::new();
        for p in placed.iter() {
            let k = match nodes.binary_search_by_key(&p.index, |n| n.index) {
                Ok(k) => k,
                Err(k) => {
                    let css = transform(p.at.0, p.at.1);
                    let Some(node) = make_button(doc, m, labels, p.index, css, send) else {
                        continue;
                    };
                    // Keep DOM (and so Tab) order by tag index.
                    let before = nodes
                        .get(k)
                        .map(|n| n.button.clone().unchecked_into::<web_sys::Node>());
                    let _ = self.layer.insert_before(&node.button, before.as_ref());
                    nodes.insert(k, node);
                    appeared.push(p.index);
                    k
                }
            };
            let n = &mut nodes[k];
            match p.motion.filter(|_| rate > 0.0) {
                Some(motion) => {
                    // Running on the same clock along the same stretch: the
                    // browser already has it.
                    let running = n.moving.as_ref().is_some_and(|a| a.motion == motion);
                    if !(follows && running) {
                        n.moving = None;
                        n.moving = Moving::start(&n.button, &motion, t, rate, now);
                        if n.moving.is_none() {
                            n.stand(transform(p.at.0, p.at.1));
                        }
                    }
                }
                None => n.stand(transform(p.at.0, p.at.1)),
            }
        }
        drop((nodes, active, placed));
        self.until.set(change);
        for i in appeared {
            send(Event::TagView(i));
        }
        Next {
            change,
            resynced: !follows,
        }
    }

    /// Removes every button (destroy).
    pub fn clear(&self) {
        // Tried: the panic hook's teardown may come while a frame holds it.
        if let Ok(mut nodes) = self.nodes.try_borrow_mut() {
            for n in nodes.drain(..) {
                n.button.remove();
            }
        }
    }
}

fn make_button(
    doc: &Document,
    m: &Manifest,
    labels: &[String],
    i: usize,
    css: String,
    send: &Rc<dyn Fn(Event)>,
) -> Option<TagNode> {
    let tag = &m.tags[i];
    let button = el(
        doc,
        "button",
        &[
            ("class", "tag"),
            ("type", "button"),
            ("data-tag-id", &tag.id),
            ("aria-haspopup", "dialog"),
        ],
    )?;
    let _ = button.set_attribute(
        "aria-label",
        labels
            .get(tag.product)
            .map(String::as_str)
            .unwrap_or_default(),
    );
    let _ = button.style().set_property("transform", &css);
    let dot = el(doc, "span", &[("class", "dot"), ("aria-hidden", "true")])?;
    let _ = button.append_child(&dot);
    let send = send.clone();
    let me = button.clone();
    let click = EventListener::new(&button, "click", move |_| {
        send(Event::TagClick(i, me.clone()))
    });
    Some(TagNode {
        index: i,
        button,
        transform: css,
        moving: None,
        _click: click,
    })
}

/// `translate(Xpx,Ypx)`.
pub(super) fn transform(x: f64, y: f64) -> String {
    let mut s = String::with_capacity(40);
    s.push_str("translate(");
    push_px(&mut s, x);
    s.push(',');
    push_px(&mut s, y);
    s.push(')');
    s
}

/// Hundredths of a pixel, written with integer formatting (cheaper per frame
/// than float formatting).
fn push_px(s: &mut String, v: f64) {
    use std::fmt::Write;
    let hundredths = (v * 100.0).round() as i64;
    if hundredths < 0 {
        s.push('-');
    }
    let h = hundredths.unsigned_abs();
    let _ = write!(s, "{}", h / 100);
    let frac = (h % 100) as u8;
    if frac != 0 {
        s.push('.');
        s.push((b'0' + frac / 10) as char);
        if !frac.is_multiple_of(10) {
            s.push((b'0' + frac % 10) as char);
        }
    }
    s.push_str("px");
}

//! The tag buttons that follow products across the frame.
//!
//! Each state update computes which tags are placed where (timeline ∘
//! geometry, both in the model), creates or removes buttons only when that set
//! changes, and writes each button's `transform` only when its text changed
//! (compositor-only, so tags move without layout). Plain DOM, no framework:
//! this is the per-frame path, and the first thing a viewer downloads.
//!
//! The stylesheet animates tags by transform and opacity only: the pulse is a
//! ring behind the dot that grows and fades, which the compositor runs without
//! repainting or a main-thread frame (a `box-shadow` pulse repainted every dot
//! on every frame), and the fade-in is the dot's, not the moving button's (an
//! element with an animation takes a slower style recalc for each frame's
//! `transform`). Comments in style.css ship inside the wasm, hence here.

use super::{el, Event};
use crate::model::geometry::{to_overlay, Layout};
use crate::model::manifest::Manifest;
use crate::model::timeline::{position_at, Timeline};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

struct TagNode {
    index: usize,
    button: HtmlElement,
    transform: String,
    _click: EventListener,
}

pub struct Tags {
    doc: Document,
    layer: HtmlElement,
    /// Gets a `TagView` for each tag that appears, and the clicks.
    send: Rc<dyn Fn(Event)>,
    nodes: RefCell<Vec<TagNode>>,
    /// Per-frame scratch, kept to spare an allocation each frame: the active
    /// tags, then those placed (index, x, y), ascending by index.
    active: RefCell<Vec<usize>>,
    placed: RefCell<Vec<(usize, f64, f64)>>,
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
        }
    }

    /// Shows the tags active at `t`, placed for `layout` (none without one).
    /// `labels[i]` is product `i`'s accessible name.
    pub fn update(
        &self,
        m: &Manifest,
        timeline: &Timeline,
        labels: &[String],
        t: f64,
        layout: Option<&Layout>,
    ) {
        let (doc, send) = (&self.doc, &self.send);
        let (mut active, mut placed) = (self.active.borrow_mut(), self.placed.borrow_mut());
        active.clear();
        placed.clear();
        if let Some(l) = layout {
            timeline.active_at(t, &mut active);
            placed.extend(active.iter().filter_map(|&i| {
                to_overlay(l, position_at(&m.tags[i], t)).map(|(x, y)| (i, x, y))
            }));
        }
        let mut nodes = self.nodes.borrow_mut();
        // Gone: every node whose tag is no longer placed.
        nodes.retain(|n| {
            let keep = placed.binary_search_by_key(&n.index, |p| p.0).is_ok();
            if !keep {
                n.button.remove();
            }
            keep
        });
        let mut appeared = Vec::new();
        for &(i, x, y) in placed.iter() {
            let css = transform(x, y);
            match nodes.binary_search_by_key(&i, |n| n.index) {
                Ok(k) => {
                    let n = &mut nodes[k];
                    if n.transform != css {
                        let _ = n.button.style().set_property("transform", &css);
                        n.transform = css;
                    }
                }
                Err(k) => {
                    let Some(node) = make_button(doc, m, labels, i, &css, send) else {
                        continue;
                    };
                    // Keep DOM (and so Tab) order by tag index.
                    let before = nodes
                        .get(k)
                        .map(|n| n.button.clone().unchecked_into::<web_sys::Node>());
                    let _ = self.layer.insert_before(&node.button, before.as_ref());
                    nodes.insert(k, node);
                    appeared.push(i);
                }
            }
        }
        drop((nodes, active, placed));
        for i in appeared {
            send(Event::TagView(i));
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
    css: &str,
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
    let _ = button.style().set_property("transform", css);
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
        transform: css.to_owned(),
        _click: click,
    })
}

/// `translate(Xpx,Ypx)`.
fn transform(x: f64, y: f64) -> String {
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

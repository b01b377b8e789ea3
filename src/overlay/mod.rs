//! The viewer's overlay, in plain DOM: the tag buttons, the bar ("Shop this
//! video" and the cart button with its count), and the slot the shop module
//! renders its sheet and notices into. It only shows state and reports what
//! the viewer did as [`Event`]s; the embed layer decides what follows.

mod tags;

use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

/// The viewer's stylesheet, placed in each mount's shadow root.
pub const STYLE: &str = include_str!("style.css");

/// What the viewer did, with the control that did it (for focus return).
pub enum Event {
    /// A tag became visible (once per appearance).
    TagView(usize),
    TagClick(usize, HtmlElement),
    /// "Shop this video".
    Shop(HtmlElement),
    Cart(HtmlElement),
}

pub struct Overlay {
    doc: Document,
    tags: tags::Tags,
    bar: HtmlElement,
    shop: HtmlElement,
    cart: HtmlElement,
    badge: HtmlElement,
    /// Where the shop module renders.
    pub slot: HtmlElement,
    send: Rc<dyn Fn(Event)>,
    _listeners: [EventListener; 2],
}

impl Overlay {
    /// Builds the overlay inside `root` (the shadow root's container).
    pub fn new(doc: &Document, root: &HtmlElement, send: Rc<dyn Fn(Event)>) -> Option<Overlay> {
        let overlay = el(doc, "div", &[("class", "overlay")])?;
        let layer = el(doc, "div", &[("class", "tags")])?;
        let bar = el(doc, "div", &[("class", "bar")])?;
        let cart = el(doc, "button", &[("class", "cart-button"), ("type", "button"), ("aria-haspopup", "dialog")])?;
        let badge = el(doc, "span", &[("class", "badge"), ("aria-hidden", "true")])?;
        let shop = el(doc, "button", &[("class", "shop"), ("type", "button"), ("aria-haspopup", "dialog")])?;
        let slot = el(doc, "div", &[("class", "shop-slot")])?;
        cart.append_with_node_2(icon(doc)?.as_ref(), &doc.create_text_node("Cart")).ok()?;
        cart.append_child(&badge).ok()?;
        shop.append_with_node_2(icon(doc)?.as_ref(), &doc.create_text_node("Shop this video")).ok()?;
        bar.append_child(&shop).ok()?;
        overlay.append_with_node_3(&layer, &bar, &slot).ok()?;
        root.append_child(&overlay).ok()?;
        let listeners = [
            click(&shop, &send, Event::Shop),
            click(&cart, &send, Event::Cart),
        ];
        Some(Overlay { doc: doc.clone(), tags: tags::Tags::new(layer), bar, shop, cart, badge, slot, send, _listeners: listeners })
    }

    /// Shows the tags for time `t` and `layout`.
    pub fn update(&self, m: &Manifest, timeline: &Timeline, labels: &[String], t: f64, layout: Option<&Layout>) {
        self.tags.update(&self.doc, m, timeline, labels, t, layout, &self.send);
    }

    /// "Cart, N items", shown while `n > 0`.
    pub fn set_count(&self, n: u32) {
        if n == 0 {
            self.cart.remove();
            return;
        }
        let n = n.to_string();
        let label = ["Cart, ", n.as_str(), if n == "1" { " item" } else { " items" }].concat();
        let _ = self.cart.set_attribute("aria-label", &label);
        self.badge.set_text_content(Some(&n));
        if !self.cart.is_connected() {
            let _ = self.bar.insert_before(&self.cart, Some(&self.shop));
        }
    }

    /// The "Shop this video" button, where focus goes when nothing better is left.
    pub fn shop_button(&self) -> &HtmlElement {
        &self.shop
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.tags.clear();
    }
}

fn click(b: &HtmlElement, send: &Rc<dyn Fn(Event)>, make: fn(HtmlElement) -> Event) -> EventListener {
    let (send, me) = (send.clone(), b.clone());
    EventListener::new(b, "click", move |_| send(make(me.clone())))
}

fn icon(doc: &Document) -> Option<HtmlElement> {
    el(doc, "span", &[("class", "shop-icon"), ("aria-hidden", "true")])
}

/// `<name attr=value …>`; `None` only if the document refuses to create it.
pub(crate) fn el(doc: &Document, name: &str, attrs: &[(&str, &str)]) -> Option<HtmlElement> {
    let e = doc.create_element(name).ok()?;
    for (k, v) in attrs {
        let _ = e.set_attribute(k, v);
    }
    e.dyn_into().ok()
}

//! The viewer's overlay, in plain DOM: the tag buttons, the bar ("Shop this
//! video" and the cart button with its count), and the slot the shop module
//! renders its sheet and notices into. It only shows state and reports what
//! the viewer did as [`Event`]s; the embed layer decides what follows.

mod animate;
mod tags;

pub use tags::Next;

use crate::embed::words::Words;
use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use crate::model::words::en::viewer as w;
use gloo_events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

/// The viewer's stylesheet, placed in each mount's shadow root.
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/overlay.css"));

/// What the viewer did, with the control that did it (for focus return).
pub enum Event {
    /// A tag became visible (once per appearance).
    TagView(usize),
    TagClick(usize, HtmlElement),
    /// "Shop this video".
    Shop(HtmlElement),
    /// A product in the picture-in-picture list (manifest product index).
    Product(usize, HtmlElement),
    Cart(HtmlElement),
    /// The "Full screen" button (with `fullscreen: "takeover"`).
    Fullscreen,
}

pub struct Overlay {
    doc: Document,
    tags: tags::Tags,
    bar: HtmlElement,
    shop: HtmlElement,
    cart: HtmlElement,
    badge: HtmlElement,
    /// "Full screen", with `fullscreen: "takeover"`.
    fullscreen: std::cell::RefCell<Option<HtmlElement>>,
    /// Where the shop module renders.
    pub slot: HtmlElement,
    overlay: HtmlElement,
    /// The product list shown while the video is in picture-in-picture.
    pip: std::cell::RefCell<Option<(HtmlElement, Vec<EventListener>)>>,
    send: Rc<dyn Fn(Event)>,
    listeners: std::cell::Cell<Vec<EventListener>>,
    /// The viewer's words in the UI language.
    words: Words,
}

impl Overlay {
    /// Builds the overlay inside `root` (the shadow root's container).
    pub fn new(
        doc: &Document,
        root: &HtmlElement,
        send: Rc<dyn Fn(Event)>,
        words: Words,
    ) -> Option<Overlay> {
        // The language and direction of everything inside (the sheet too):
        // the bar and the sheet mirror by logical CSS properties in a
        // right-to-left language; the tags' layer does not (style.css).
        let dir = if words.rtl() { "rtl" } else { "ltr" };
        let overlay = el(
            doc,
            "div",
            &[("class", "overlay"), ("lang", words.locale()), ("dir", dir)],
        )?;
        // Tags follow the picture, never the text's direction.
        let layer = el(doc, "div", &[("class", "tags"), ("dir", "ltr")])?;
        let bar = el(doc, "div", &[("class", "bar")])?;
        let cart = el(
            doc,
            "button",
            &[
                ("class", "cart-button"),
                ("type", "button"),
                ("aria-haspopup", "dialog"),
            ],
        )?;
        let badge = el(doc, "span", &[("class", "badge"), ("aria-hidden", "true")])?;
        let shop = el(
            doc,
            "button",
            &[
                ("class", "shop"),
                ("type", "button"),
                ("aria-haspopup", "dialog"),
            ],
        )?;
        let slot = el(doc, "div", &[("class", "shop-slot")])?;
        // "Cart " and the badge read "Cart 1": the accessible name starts
        // with that visible text (WCAG 2.5.3, label in name).
        let cart_word = [words.get(w::CART).as_str(), " "].concat();
        cart.append_with_node_2(icon(doc)?.as_ref(), &doc.create_text_node(&cart_word))
            .ok()?;
        cart.append_child(&badge).ok()?;
        shop.append_with_node_2(
            icon(doc)?.as_ref(),
            &doc.create_text_node(&words.get(w::SHOP)),
        )
        .ok()?;
        bar.append_child(&shop).ok()?;
        overlay.append_with_node_3(&layer, &bar, &slot).ok()?;
        root.append_child(&overlay).ok()?;
        let listeners = vec![
            click(&shop, &send, Event::Shop),
            click(&cart, &send, Event::Cart),
        ];
        Some(Overlay {
            doc: doc.clone(),
            tags: tags::Tags::new(doc, layer, send.clone()),
            bar,
            shop,
            cart,
            badge,
            fullscreen: Default::default(),
            slot,
            overlay,
            pip: Default::default(),
            send,
            listeners: std::cell::Cell::new(listeners),
            words,
        })
    }

    /// Shows the tags for time `t` and `layout`, clear of the player's
    /// control band (with the layout: the bottom px of the content box it
    /// covers), the video running at `rate` (0 when it is not moving); says
    /// when to look again.
    pub fn update(
        &self,
        m: &Manifest,
        timeline: &Timeline,
        labels: &[String],
        t: f64,
        rate: f64,
        layout: Option<(&Layout, f64)>,
    ) -> Next {
        self.tags.update(m, timeline, labels, t, rate, layout)
    }

    /// "Cart N items" (its visible "Cart N" first), shown while `n > 0`.
    pub fn set_count(&self, n: u32) {
        if n == 0 {
            self.cart.remove();
            return;
        }
        let label = self.words.count(w::CART_ITEMS, n);
        let _ = self.cart.set_attribute("aria-label", &label);
        self.badge.set_text_content(Some(&n.to_string()));
        if !self.cart.is_connected() {
            let _ = self.bar.insert_before(&self.cart, Some(&self.shop));
        }
    }

    /// Shows the product list (`Some(names)`: each product's accessible name,
    /// by manifest index) where the picture was, or removes it.
    pub fn set_pip(&self, names: Option<&[&str]>) {
        let Ok(mut pip) = self.pip.try_borrow_mut() else {
            return;
        };
        if let Some((el, _)) = pip.take() {
            el.remove();
        }
        drop(pip);
        let Some(names) = names else { return };
        let Some(panel) = el(
            &self.doc,
            "section",
            &[
                ("class", "pip"),
                ("aria-label", &self.words.get(w::PIP_PRODUCTS)),
            ],
        ) else {
            return;
        };
        let Some(note) = el(&self.doc, "p", &[]) else {
            return;
        };
        note.set_text_content(Some(&self.words.get(w::PIP_NOTE)));
        let Some(list) = el(&self.doc, "ul", &[]) else {
            return;
        };
        let mut listeners = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let (Some(li), Some(b)) = (
                el(&self.doc, "li", &[]),
                el(
                    &self.doc,
                    "button",
                    &[
                        ("type", "button"),
                        ("class", "pip-item"),
                        ("aria-haspopup", "dialog"),
                    ],
                ),
            ) else {
                continue;
            };
            b.set_text_content(Some(name));
            let _ = li.append_child(&b);
            let _ = list.append_child(&li);
            let (send, me) = (self.send.clone(), b.clone());
            listeners.push(EventListener::new(&b, "click", move |_| {
                send(Event::Product(i, me.clone()))
            }));
        }
        let _ = panel.append_with_node_2(&note, &list);
        let _ = self.overlay.insert_before(&panel, Some(&self.slot));
        *self.pip.borrow_mut() = Some((panel, listeners));
    }

    /// Adds the "Full screen" button to the bar (once).
    pub fn offer_fullscreen(&self) {
        let mut slot = self.fullscreen.borrow_mut();
        if slot.is_some() {
            return;
        }
        let Some(b) = el(
            &self.doc,
            "button",
            &[("class", "fullscreen"), ("type", "button")],
        ) else {
            return;
        };
        b.set_text_content(Some(&self.words.get(w::FULLSCREEN)));
        let _ = self.bar.append_child(&b);
        let send = self.send.clone();
        let mut listeners = self.listeners.take();
        listeners.push(EventListener::new(&b, "click", move |_| {
            send(Event::Fullscreen)
        }));
        self.listeners.set(listeners);
        *slot = Some(b);
    }

    /// The button's words: "Exit full screen" while the wrapper is fullscreen.
    pub fn set_fullscreen(&self, on: bool) {
        if let Some(b) = &*self.fullscreen.borrow() {
            b.set_text_content(Some(&self.words.get(if on {
                w::EXIT_FULLSCREEN
            } else {
                w::FULLSCREEN
            })));
        }
    }

    /// The "Shop this video" button, where focus goes when nothing better is left.
    pub fn shop_button(&self) -> &HtmlElement {
        &self.shop
    }
}

impl Overlay {
    /// Removes every node and listener; idempotent. Called by `Drop`, and by
    /// the mount's teardown when a panic hook cannot wait for the last `Rc`.
    pub fn teardown(&self) {
        self.tags.clear();
        self.set_pip(None);
        drop(self.listeners.take());
        self.overlay.remove();
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.teardown();
    }
}

fn click(
    b: &HtmlElement,
    send: &Rc<dyn Fn(Event)>,
    make: fn(HtmlElement) -> Event,
) -> EventListener {
    let (send, me) = (send.clone(), b.clone());
    EventListener::new(b, "click", move |_| send(make(me.clone())))
}

fn icon(doc: &Document) -> Option<HtmlElement> {
    el(
        doc,
        "span",
        &[("class", "shop-icon"), ("aria-hidden", "true")],
    )
}

/// `<name attr=value …>`; `None` only if the document refuses to create it.
pub(crate) fn el(doc: &Document, name: &str, attrs: &[(&str, &str)]) -> Option<HtmlElement> {
    let e = doc.create_element(name).ok()?;
    for (k, v) in attrs {
        let _ = e.set_attribute(k, v);
    }
    e.dyn_into().ok()
}

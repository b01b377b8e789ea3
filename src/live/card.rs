//! The live card's DOM, in the overlay's shadow root (plain DOM, as the
//! overlay): the pinned product's image, title and price, a deal's price
//! with the regular one struck through, its units left and countdown, a
//! Buy button, and under it the like button and the connection's state.
//! Product text is text, never HTML. It shows what `model::live::viewer`
//! decided and reports taps as [`Tap`]s; `super` carries them out.
//!
//! Screen readers hear, through one polite live region, only what changes
//! the situation (a product pinned, a deal opening, selling out or ending,
//! the connection lost); the countdown and units left are read on demand.

use crate::embed::format::PriceFormat;
use crate::embed::words::Words;
use crate::model::cart::variant_label;
use crate::model::live::viewer::{clock_text, Card, Status};
use crate::model::manifest::{Manifest, Product};
use crate::model::words::en::live as w;
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The card's stylesheet, added to the overlay's shadow root.
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/live.css"));

/// What the viewer did on the card.
pub enum Tap {
    /// Buy one of this variant (id) of the shown product.
    Buy(String),
    /// Chose another variant: the prices follow.
    Chose,
    Like,
}

pub struct View {
    doc: Document,
    /// The card's root in the slot.
    root: Element,
    /// Its stylesheet in the overlay's shadow root (none outside one).
    _sheet: Option<crate::embed::styles::Adopted>,
    card: HtmlElement,
    img: HtmlElement,
    title: HtmlElement,
    now: HtmlElement,
    was: HtmlElement,
    deal: HtmlElement,
    clock: HtmlElement,
    choose: HtmlElement,
    buy: HtmlElement,
    note: HtmlElement,
    like: Option<(HtmlElement, HtmlElement)>,
    status: HtmlElement,
    said: HtmlElement,
    shown: RefCell<Shown>,
    _listeners: Vec<EventListener>,
    /// The card's words in the UI language.
    words: Words,
}

/// What is on screen, to change only what differs.
#[derive(Default)]
struct Shown {
    card: Option<Card>,
    /// The variants offered (ids), for the chooser.
    variants: Vec<String>,
    clock: String,
    ready: bool,
}

fn el(doc: &Document, name: &str, class: &str) -> HtmlElement {
    let e: HtmlElement = doc
        .create_element(name)
        .expect("createElement of a known tag")
        .unchecked_into();
    if !class.is_empty() {
        let _ = e.set_attribute("class", class);
    }
    e
}

fn append(parent: &Element, children: &[&HtmlElement]) {
    for c in children {
        let _ = parent.append_child(c);
    }
}

impl View {
    /// Builds the card (hidden) in `slot`; `likes` adds the like button.
    pub fn new(
        doc: &Document,
        slot: &Element,
        likes: bool,
        tap: Rc<dyn Fn(Tap)>,
        words: Words,
    ) -> View {
        let sheet = crate::embed::styles::root_of(slot)
            .and_then(|r| crate::embed::styles::adopt(&r, STYLE))
            .ok();
        let root = el(doc, "section", "live");
        let _ = root.set_attribute("aria-label", &words.get(w::REGION));
        let card = el(doc, "div", "live-card");
        card.set_hidden(true);
        let img = el(doc, "img", "live-img");
        let _ = img.set_attribute("alt", "");
        let text = el(doc, "div", "live-text");
        let title = el(doc, "p", "live-title");
        let prices = el(doc, "p", "live-prices");
        let now = el(doc, "span", "live-now");
        let was = el(doc, "s", "live-was");
        append(&prices, &[&now, &was]);
        let deal = el(doc, "p", "live-deal");
        let clock = el(doc, "span", "live-clock");
        let _ = clock.set_attribute("role", "timer");
        let choose = el(doc, "select", "live-choose");
        let buy = el(doc, "button", "live-buy");
        let _ = buy.set_attribute("type", "button");
        buy.set_text_content(Some(&words.get(w::BUY)));
        let note = el(doc, "p", "live-note");
        let row = el(doc, "div", "live-row");
        append(&row, &[&choose, &buy]);
        append(&text, &[&title, &prices, &deal, &row, &note]);
        append(&card, &[&img, &text]);
        let status = el(doc, "p", "live-status");
        status.set_hidden(true);
        let said = el(doc, "p", "live-said");
        let _ = said.set_attribute("aria-live", "polite");
        append(&root, &[&card, &status, &said]);

        let mut listeners = Vec::new();
        let (t, c) = (tap.clone(), choose.clone());
        listeners.push(EventListener::new(&buy, "click", move |_| {
            t(Tap::Buy(value(&c)))
        }));
        let t = tap.clone();
        listeners.push(EventListener::new(&choose, "change", move |_| {
            t(Tap::Chose)
        }));
        let like = likes.then(|| {
            let b = el(doc, "button", "live-like");
            let _ = b.set_attribute("type", "button");
            let heart = el(doc, "span", "live-heart");
            let _ = heart.set_attribute("aria-hidden", "true");
            heart.set_text_content(Some("\u{2665}"));
            let count = el(doc, "span", "live-count");
            append(&b, &[&heart, &count]);
            let _ = root.insert_before(&b, Some(&status));
            let (t, me) = (tap.clone(), b.clone());
            listeners.push(EventListener::new(&b, "click", move |_| {
                // Two classes with the same animation: each tap restarts it.
                let cl = me.class_list();
                let next = if cl.contains("pop-a") {
                    "pop-b"
                } else {
                    "pop-a"
                };
                let _ = cl.remove_2("pop-a", "pop-b");
                let _ = cl.add_1(next);
                t(Tap::Like)
            }));
            (b, count)
        });
        let _ = slot.append_child(&root);
        let view = View {
            doc: doc.clone(),
            root: root.into(),
            _sheet: sheet,
            card,
            img,
            title,
            now,
            was,
            deal,
            clock,
            choose,
            buy,
            note,
            like,
            status,
            said,
            shown: RefCell::default(),
            _listeners: listeners,
            words,
        };
        view.set_likes(0);
        view
    }

    /// Shows `card` (or hides the card). `ready`: Buy can run now (the shop
    /// module is loaded). Changes only what differs from what is shown.
    pub fn show(&self, m: &Manifest, prices: &PriceFormat, card: Option<&Card>, ready: bool) {
        let mut shown = self.shown.borrow_mut();
        let same = match (shown.card.as_ref(), card) {
            (Some(a), Some(b)) => same(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        if same && shown.ready == ready {
            shown.card = card.cloned();
            self.tick(&mut shown, card);
            return;
        }
        let before = shown.card.take();
        let Some(c) = card else {
            self.card.set_hidden(true);
            let _ = self.card.remove_attribute("data-product");
            *shown = Shown::default();
            return;
        };
        let p = &m.products[c.product];
        let new_product = before.as_ref().is_none_or(|b| b.product != c.product);
        let deal_id = |c: &Card| c.deal.as_ref().map(|d| d.deal.id.clone());
        let new_deal = new_product || before.as_ref().and_then(deal_id) != deal_id(c);
        let variants = offered(p, c);
        if new_deal || variants != shown.variants {
            self.fill_choices(p, &variants);
            shown.variants = variants;
        }
        if new_product {
            let _ = self.card.set_attribute("data-product", &p.id);
            self.title.set_text_content(Some(&p.title));
            match &p.image {
                Some(src) => {
                    let _ = self.img.set_attribute("src", src);
                    self.img.set_hidden(false);
                }
                None => self.img.set_hidden(true),
            }
            self.note.set_text_content(None);
            self.say(&self.words.with(w::PINNED, &[("name", &p.title)]));
        }
        // A deal's news, once each.
        let status = |c: Option<&Card>| c.and_then(|c| c.deal.as_ref()).map(|d| d.status);
        let (was_open, is) = (
            matches!(status(before.as_ref()), Some(Status::Open { .. })) && !new_deal,
            status(Some(c)),
        );
        match is {
            Some(Status::Open { .. }) if !was_open => self.say(&self.words.get(w::DEAL_ON)),
            Some(Status::SoldOut) if status(before.as_ref()) != is => {
                self.say(&self.words.get(w::SOLD_OUT_SAID))
            }
            Some(Status::Over) if was_open => self.say(&self.words.get(w::DEAL_OVER_SAID)),
            _ => {}
        }
        shown.card = Some(c.clone());
        shown.ready = ready;
        shown.clock.clear();
        self.prices(m, prices, c, &shown.variants, ready);
        self.tick(&mut shown, Some(c));
        self.card.set_hidden(false);
    }

    /// Prices again (another variant was chosen).
    pub fn refresh(&self, m: &Manifest, prices: &PriceFormat) {
        let shown = self.shown.borrow();
        if let Some(c) = &shown.card {
            self.prices(m, prices, c, &shown.variants, shown.ready);
        }
    }

    /// The countdown, which changes without the card changing.
    fn tick(&self, shown: &mut Shown, card: Option<&Card>) {
        if let Some(Status::Open { left_ms }) = card.and_then(|c| c.deal.as_ref()).map(|d| d.status)
        {
            let clock = clock_text(left_ms);
            if clock != shown.clock {
                self.clock.set_text_content(Some(&clock));
                shown.clock = clock;
            }
        }
    }

    /// Prices, the deal line and the Buy button for `c`, with the chosen variant.
    fn prices(
        &self,
        m: &Manifest,
        prices: &PriceFormat,
        c: &Card,
        variants: &[String],
        ready: bool,
    ) {
        let p = &m.products[c.product];
        let chosen = value(&self.choose);
        let v = p.variants.iter().find(|v| v.id == chosen).or_else(|| {
            variants
                .first()
                .and_then(|id| p.variants.iter().find(|v| &v.id == id))
        });
        let regular = v.map_or(p.price, |v| v.price);
        let deal = c.deal.as_ref().filter(|d| d.status != Status::Over);
        let (now, was) = match deal {
            Some(d) => (d.deal.price, Some(regular)),
            None => (regular, v.and_then(|v| v.compare_at).or(p.compare_at)),
        };
        let now = prices.format(now);
        self.now.set_text_content(Some(&now));
        self.was.set_text_content(None);
        if let Some(w) = was {
            // Struck through on screen; said in words to a screen reader.
            let words = el(&self.doc, "span", "live-sr");
            words.set_text_content(Some(
                &[self.words.get(w::REGULAR_PRICE).as_str(), " "].concat(),
            ));
            let amount = self.doc.create_text_node(&prices.format(w));
            let _ = self.was.append_with_node_2(&words, &amount);
        }
        self.was.set_hidden(was.is_none());
        self.deal.set_text_content(None);
        match c.deal.as_ref().map(|d| (d.status, d.units_left)) {
            Some((Status::Open { .. }, units)) => {
                let label = el(&self.doc, "span", "live-flash");
                label.set_text_content(Some(&[self.words.get(w::FLASH).as_str(), " "].concat()));
                let units_el = el(&self.doc, "span", "live-units");
                let units = units.map(|n| {
                    let left = self.words.with(w::LEFT, &[("n", &n.to_string())]);
                    [left.as_str(), " "].concat()
                });
                units_el.set_text_content(units.as_deref());
                let _ = self.deal.append_with_node_3(&label, &units_el, &self.clock);
            }
            Some((Status::SoldOut, _)) => self
                .deal
                .set_text_content(Some(&self.words.get(w::SOLD_OUT))),
            Some((Status::Over, _)) => self
                .deal
                .set_text_content(Some(&self.words.get(w::DEAL_OVER))),
            None => {}
        }
        let sold_out = deal.is_some_and(|d| d.status == Status::SoldOut);
        if v.is_some() && !sold_out && ready {
            let _ = self.buy.remove_attribute("disabled");
        } else {
            let _ = self.buy.set_attribute("disabled", "");
        }
        let _ = self.buy.set_attribute(
            "aria-label",
            &self
                .words
                .with(w::BUY_LABEL, &[("name", &p.title), ("price", &now)]),
        );
    }

    fn fill_choices(&self, p: &Product, variants: &[String]) {
        self.choose.set_text_content(None);
        for id in variants {
            let Some(v) = p.variants.iter().find(|v| &v.id == id) else {
                continue;
            };
            let o = el(&self.doc, "option", "");
            let _ = o.set_attribute("value", &v.id);
            o.set_text_content(Some(&variant_label(v)));
            let _ = self.choose.append_child(&o);
        }
        let _ = self.choose.set_attribute(
            "aria-label",
            &[p.title.as_str(), ": ", &p.options.join(", ")].concat(),
        );
        // One variant (or none) needs no choice.
        self.choose.set_hidden(variants.len() < 2);
    }

    /// Words under the Buy button (why a tap did not buy).
    pub fn note(&self, words: &str) {
        self.note.set_text_content(Some(words));
    }

    pub fn set_likes(&self, n: u64) {
        if let Some((b, count)) = &self.like {
            let n = n.to_string();
            count.set_text_content(Some(&n));
            let label = self.words.count(w::LIKES, n.parse().unwrap_or(u32::MAX));
            let _ = b.set_attribute("aria-label", &label);
        }
    }

    /// The connection's state, quietly: said while it is lost.
    pub fn set_status(&self, lost: bool) {
        let was = !self.status.hidden();
        let words = lost.then(|| self.words.get(w::LOST));
        self.status.set_text_content(words.as_deref());
        self.status.set_hidden(!lost);
        if lost != was {
            self.say(&words.unwrap_or_else(|| self.words.get(w::BACK)));
        }
    }

    fn say(&self, words: &str) {
        self.said.set_text_content(Some(words));
    }

    /// The shown card's product, if any.
    pub fn shown(&self) -> Option<Card> {
        self.shown.borrow().card.clone()
    }
}

impl Drop for View {
    fn drop(&mut self) {
        self.root.remove();
    }
}

/// Whether two cards look the same but for the countdown's milliseconds.
fn same(a: &Card, b: &Card) -> bool {
    let key = |c: &Card| {
        let d = c.deal.as_ref();
        (
            c.product,
            d.map(|d| d.deal.id.clone()),
            d.map(|d| std::mem::discriminant(&d.status)),
            d.and_then(|d| d.units_left),
        )
    };
    key(a) == key(b)
}

/// The chosen variant's id (a select's value).
fn value(choose: &HtmlElement) -> String {
    js_sys::Reflect::get(choose, &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The variants the card offers: the deal's own, else every available one.
fn offered(p: &Product, c: &Card) -> Vec<String> {
    let only = c.deal.as_ref().and_then(|d| d.deal.variant.as_deref());
    p.variants
        .iter()
        .filter(|v| v.available && only.is_none_or(|o| o == v.id))
        .map(|v| v.id.clone())
        .collect()
}

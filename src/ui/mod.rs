//! The overlay's view: leptos components and their CSS, nothing else. State
//! comes down as signals; everything the UI wants done goes up as a
//! [`Request`] through [`Ctx::send`].

mod format;
mod sheet;
mod tags;

pub use format::PriceFormat;

use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use crate::player::PlayerRequest;
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// The overlay's stylesheet, placed in each mount's shadow root.
pub const STYLE: &str = include_str!("style.css");

/// What the UI asks of the layer that mounted it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Request {
    Player(PlayerRequest),
    /// A tag became visible (once per appearance).
    TagView(usize),
    /// A tag was tapped.
    TagClick(usize),
}

/// Which panel the dialog shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Panel {
    List,
    Product(usize),
}

/// Mount options that change how the UI behaves.
#[derive(Debug, Clone)]
pub struct UiOptions {
    /// Pause the video while the dialog is open and resume on close if it was playing.
    pub pause_on_open: bool,
}

/// Everything a component needs, as `Copy` arena handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub manifest: StoredValue<Arc<Manifest>>,
    pub timeline: StoredValue<Arc<Timeline>>,
    pub time: RwSignal<f64>,
    pub paused: RwSignal<bool>,
    pub layout: RwSignal<Option<Layout>>,
    pub panel: RwSignal<Option<Panel>>,
    pub prices: StoredValue<PriceFormat, LocalStorage>,
    pub send: StoredValue<Rc<dyn Fn(Request)>, LocalStorage>,
    pub options: StoredValue<UiOptions>,
}

impl Ctx {
    pub fn request(&self, r: Request) {
        self.send.with_value(|send| send(r));
    }

    pub fn price(&self, minor: i64) -> String {
        self.prices.with_value(|p| p.format(minor))
    }

    /// "from $19.00" when variants differ in price, else "$19.00".
    pub fn price_label(&self, product: usize) -> String {
        let (lo, hi) = self.manifest.with_value(|m| m.products[product].price_range());
        let p = self.price(lo);
        if lo == hi { p } else { ["from ", p.as_str()].concat() }
    }
}

#[component]
pub fn App(ctx: Ctx) -> impl IntoView {
    let dialog = sheet::Dialog(sheet::DialogProps { ctx });
    view! {
        <div class="overlay">
            <tags::Tags ctx=ctx/>
            <button class="shop" type="button" aria-haspopup="dialog"
                on:click=move |ev| sheet::open(ctx, Panel::List, &ev)>
                <span class="shop-icon" aria-hidden="true"></span>
                "Shop this video"
            </button>
        </div>
        {dialog}
    }
}

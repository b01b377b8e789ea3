//! What the host does: pin and unpin the show's products, open a flash
//! deal, end a deal, end the show. Each button goes through [`act`], which
//! stamps it with the preview's frame at the click; whether it may happen
//! is the server's to say, and a refusal marks the field it names.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::{act, Ctx};
use crate::model::live::console::DealForm;
use crate::model::live::Action;

/// The label of the form field an action's member is typed into.
pub fn label(path: &str) -> Option<&'static str> {
    Some(match path {
        "product" => "Product",
        "variant" => "Variant",
        "price" => "Deal price",
        "units" => "Units offered",
        "per_buyer" => "Limit per buyer",
        "duration_s" => "Duration",
        _ => return None,
    })
}

/// `aria-invalid` for a field the last refusal named.
fn invalid(ctx: Ctx, field: &'static str) -> impl Fn() -> Option<&'static str> {
    move || {
        ctx.refused
            .with(|r| r.as_ref().is_some_and(|r| r.path == field))
            .then_some("true")
    }
}

/// The show's products, each with Pin or Unpin (as the event stream says).
pub fn products(ctx: Ctx) -> impl IntoView {
    let rows = move || {
        ctx.manifest.get().map(|m| {
            m.products
                .iter()
                .map(|p| {
                    let (id, title) = (p.id.clone(), p.title.clone());
                    let price = ctx.price(p.price);
                    let pid = id.clone();
                    let pinned = Memo::new(move |_| ctx.console.with(|c| c.state.is_pinned(&pid)));
                    let click = move |_| {
                        let product = id.clone();
                        let on = pinned.get_untracked();
                        act(ctx, move |at| {
                            Ok(if on {
                                Action::Unpin { product, at }
                            } else {
                                Action::Pin { product, at }
                            })
                        });
                    };
                    view! {
                        <li class:pinned=move || pinned.get()>
                            <span class="title">{title.clone()}</span>
                            <span class="price">{price}</span>
                            <span class="state">{move || if pinned.get() { "Pinned" } else { "" }}</span>
                            <button type="button" class:primary=move || !pinned.get() on:click=click>
                                {move || if pinned.get() { "Unpin" } else { "Pin" }}
                                <span class="visually-hidden">" " {title}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="products-h">
            <h2 id="products-h">"Products"</h2>
            <ul class="products">{rows}</ul>
        </section>
    }
}

/// The flash-deal form: product, variant (optional), price, units, limit
/// per buyer, duration.
pub fn deal_form(ctx: Ctx) -> impl IntoView {
    let product = RwSignal::new(String::new());
    let variant = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    let units = RwSignal::new("50".to_string());
    let per_buyer = RwSignal::new("1".to_string());
    let duration = RwSignal::new("60".to_string());
    let refs: [(&str, NodeRef<html::Input>); 4] = [
        ("price", NodeRef::new()),
        ("units", NodeRef::new()),
        ("per_buyer", NodeRef::new()),
        ("duration_s", NodeRef::new()),
    ];
    let product_ref = NodeRef::<html::Select>::new();
    // Focus the field a refusal names, so it is the next thing read.
    Effect::new(move |_| {
        let Some(path) = ctx.refused.with(|r| r.as_ref().map(|r| r.path.clone())) else {
            return;
        };
        if let Some((_, r)) = refs.iter().find(|(p, _)| *p == path) {
            if let Some(el) = r.get_untracked() {
                let _ = el.focus();
            }
        } else if path == "product" || path == "variant" {
            if let Some(el) = product_ref.get_untracked() {
                let _ = el.focus();
            }
        }
    });
    // The first product, once the manifest is here.
    Effect::new(move |_| {
        if product.with_untracked(String::is_empty) {
            if let Some(id) = ctx.manifest.with(|m| {
                m.as_ref()
                    .and_then(|m| m.products.first().map(|p| p.id.clone()))
            }) {
                product.set(id);
            }
        }
    });
    let submit = move |e: SubmitEvent| {
        e.prevent_default();
        let form = DealForm {
            product: product.get_untracked(),
            variant: variant.get_untracked(),
            price: price.get_untracked(),
            units: units.get_untracked(),
            per_buyer: per_buyer.get_untracked(),
            duration_s: duration.get_untracked(),
        };
        let currency = ctx
            .manifest
            .with_untracked(|m| m.as_ref().map(|m| m.currency.clone()))
            .unwrap_or_default();
        act(ctx, move |at| form.action(&currency, at));
    };
    let product_options = move || {
        ctx.manifest.get().map(|m| {
            m.products
                .iter()
                .map(|p| view! { <option value=p.id.clone()>{p.title.clone()}</option> })
                .collect_view()
        })
    };
    let variant_options = move || {
        let id = product.get();
        ctx.manifest.get().and_then(|m| {
            let p = m.product(&id)?;
            (p.variants.len() > 1).then(|| {
                p.variants
                    .iter()
                    .map(|v| view! { <option value=v.id.clone()>{v.options.join(", ")}</option> })
                    .collect_view()
            })
        })
    };
    let regular = move || {
        let id = product.get();
        ctx.manifest
            .with(|m| m.as_ref().and_then(|m| m.product(&id).map(|p| p.price)))
            .map(|p| format!("Regular price {}", ctx.price(p)))
    };
    let currency = move || {
        ctx.manifest
            .with(|m| m.as_ref().map(|m| m.currency.clone()))
            .unwrap_or_default()
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      value: RwSignal<String>,
                      node: NodeRef<html::Input>,
                      mode: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type="text" inputmode=mode autocomplete="off" required=true node_ref=node
                    aria-invalid=invalid(ctx, match id { "deal-price" => "price", "deal-units" => "units", "deal-per-buyer" => "per_buyer", _ => "duration_s" })
                    aria-describedby="deal-help"
                    prop:value=move || value.get()
                    on:input=move |e| value.set(event_target_value(&e))/>
            </div>
        }
    };
    view! {
        <section aria-labelledby="deal-h">
            <h2 id="deal-h">"Flash deal"</h2>
            <form class="deal" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="deal-product">"Product"</label>
                    <select id="deal-product" node_ref=product_ref aria-invalid=invalid(ctx, "product")
                        prop:value=move || product.get()
                        on:change=move |e| { product.set(event_target_value(&e)); variant.set(String::new()); }>
                        {product_options}
                    </select>
                </div>
                <div class="field">
                    <label for="deal-variant">"Variant (optional)"</label>
                    <select id="deal-variant" aria-invalid=invalid(ctx, "variant")
                        prop:value=move || variant.get()
                        on:change=move |e| variant.set(event_target_value(&e))>
                        <option value="">"All variants"</option>
                        {variant_options}
                    </select>
                </div>
                {field("deal-price", "Deal price", price, refs[0].1, "decimal")}
                {field("deal-units", "Units offered", units, refs[1].1, "numeric")}
                {field("deal-per-buyer", "Limit per buyer", per_buyer, refs[2].1, "numeric")}
                {field("deal-duration", "Duration (seconds)", duration, refs[3].1, "numeric")}
                <p id="deal-help" class="help">
                    {move || regular().unwrap_or_default()} " · the price in " {currency} ", e.g. 15.00"
                </p>
                <button type="submit" class="primary">"Start deal"</button>
            </form>
        </section>
    }
}

/// The open deals, with their units left (the stream's latest value) and
/// End; then the end of the show, confirmed in a second step.
pub fn deals(ctx: Ctx) -> impl IntoView {
    let rows = move || {
        ctx.console.with(|c| {
            c.state
                .deals
                .iter()
                .map(|d| {
                    let id = d.deal.id.clone();
                    let title = ctx
                        .manifest
                        .with_untracked(|m| m.as_ref().and_then(|m| m.product(&d.deal.product).map(|p| p.title.clone())))
                        .unwrap_or_else(|| d.deal.product.clone());
                    let (did, units) = (id.clone(), d.deal.units);
                    let left = move || {
                        ctx.console
                            .with(|c| c.deal_left(&did))
                            .map_or_else(|| "…".to_string(), |n| n.to_string())
                    };
                    let end = {
                        let id = id.clone();
                        move |_| {
                            let deal = id.clone();
                            act(ctx, move |at| Ok(Action::DealEnd { deal, at }));
                        }
                    };
                    view! {
                        <tr>
                            <th scope="row">{id.clone()}</th>
                            <td>{title.clone()}</td>
                            <td class="num">{ctx.price(d.deal.price)}</td>
                            <td class="num">{left} " of " {units}</td>
                            <td><button type="button" on:click=end>"End deal" <span class="visually-hidden">" " {id}</span></button></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let confirming = RwSignal::new(false);
    view! {
        <section aria-labelledby="deals-h">
            <h2 id="deals-h">"Open deals"</h2>
            <table class="deals">
                <thead><tr>
                    <th scope="col">"Deal"</th><th scope="col">"Product"</th><th scope="col" class="num">"Price"</th>
                    <th scope="col" class="num">"Units left"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="empty" hidden=move || ctx.console.with(|c| !c.state.deals.is_empty())>"No deal is open."</p>
            <div class="end-show">
                {move || if confirming.get() {
                    view! {
                        <p>"End the show for everyone? Pins and deals close; the replay is made from the recording."</p>
                        <button type="button" class="danger" on:click=move |_| { confirming.set(false); act(ctx, |at| Ok(Action::ShowEnd { at })); }>"Yes, end the show"</button>
                        <button type="button" on:click=move |_| confirming.set(false)>"Keep it on air"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="danger" disabled=move || ctx.console.with(|c| c.state.ended)
                            on:click=move |_| confirming.set(true)>"End show…"</button>
                    }.into_any()
                }}
            </div>
        </section>
    }
}

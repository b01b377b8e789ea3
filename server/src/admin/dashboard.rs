//! `GET /api/admin/dashboard`: what sells, per video (or live show), per
//! tag and along the video's (or show's) time, for the admin dashboard
//! page (`www/admin/dashboard.html`).
//!
//! The funnel's counts are the widget's beacons (`store/events.rs`); the
//! revenue and order counts are the orders table's, never the beacons':
//! a beacon can be lost or blocked, an order cannot. Orders placed in a
//! checkout the widget never sees (Shopify's own) are in neither.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use shoppable::model::beacon::Kind;
use utoipa::ToSchema;

use super::{failed, json};
use crate::api::Api;
use crate::catalog::Catalog;
use crate::store::events::{self, Count, Revenue};

#[derive(Debug, Serialize, ToSchema)]
pub struct Dashboard {
    /// One section per video of the catalog (a live show's under its
    /// show), and per video or show that has counts but left the catalog.
    pub sections: Vec<Section>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Section {
    pub video: String,
    /// The live show, when the section is one; its times are show time.
    pub show: Option<String>,
    /// Seconds the timeline spans: the last tag's end, or the last second
    /// with an event if later.
    pub duration: i64,
    pub funnel: Funnel,
    /// Orders that were paid for, per currency, from the orders table.
    pub revenue: Vec<Money>,
    pub tags: Vec<TagStats>,
    /// Seconds in which a tag was tapped, something added or bought.
    pub timeline: Vec<Second>,
}

/// Event counts in funnel order.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct Funnel {
    pub video_view: i64,
    pub tag_view: i64,
    pub tag_click: i64,
    pub product_view: i64,
    pub add_to_cart: i64,
    pub begin_checkout: i64,
    pub purchase: i64,
}

impl Funnel {
    fn add(&mut self, kind: Kind, n: i64) {
        *match kind {
            Kind::VideoView => &mut self.video_view,
            Kind::TagView => &mut self.tag_view,
            Kind::TagClick => &mut self.tag_click,
            Kind::ProductView => &mut self.product_view,
            Kind::AddToCart => &mut self.add_to_cart,
            Kind::BeginCheckout => &mut self.begin_checkout,
            Kind::Purchase => &mut self.purchase,
        } += n;
    }
}

/// Paid orders in one currency: how many, and their total in minor units.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Money {
    pub currency: String,
    pub orders: i64,
    pub total: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TagStats {
    pub tag: String,
    /// The tagged product's title (the catalog's), if the tag is still in it.
    pub product: Option<String>,
    pub funnel: Funnel,
    /// Orders whose attribution names this tag.
    pub revenue: Vec<Money>,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct Second {
    pub second: i64,
    pub tag_click: i64,
    pub add_to_cart: i64,
    pub purchase: i64,
}

/// `GET /api/admin/dashboard`.
#[utoipa::path(
    get,
    path = "/dashboard",
    tag = "admin",
    summary = "What sells: funnels per video and live show, per tag, and along their time",
    description = "Counts are the widget's first-party events (`POST /api/events`); revenue and orders are the orders table's (authorized, paid and fulfilled orders). Purchases made in a checkout the widget does not run (Shopify's own) are not counted.",
    responses((status = 200, description = "One section per video or live show", body = Dashboard, content_type = "application/json"))
)]
pub async fn dashboard(State(api): State<Arc<Api>>) -> Response {
    let read = api
        .store
        .read_async(|c| Ok((events::counts(c)?, events::revenue(c)?)))
        .await;
    match read {
        Ok((counts, revenue)) => json(&build(&api.catalog.current(), &counts, &revenue)),
        Err(e) => failed(e),
    }
}

type SectionKey = (String, Option<String>);

/// Folds the counters and the orders into sections (pure, for the tests).
pub fn build(catalog: &Catalog, counts: &[Count], revenue: &[Revenue]) -> Dashboard {
    let mut sections: BTreeMap<SectionKey, Section> = BTreeMap::new();
    let section = |key: &SectionKey| -> Section {
        let m = catalog.manifest(&key.0);
        let duration = m
            .map(|m| {
                m.tags
                    .iter()
                    .map(|t| t.end.ceil() as i64)
                    .max()
                    .unwrap_or(0)
            })
            .filter(|_| key.1.is_none())
            .unwrap_or(0);
        let tags = m
            .map(|m| {
                m.tags
                    .iter()
                    .map(|t| TagStats {
                        tag: t.id.clone(),
                        product: m.products.get(t.product).map(|p| p.title.clone()),
                        funnel: Funnel::default(),
                        revenue: Vec::new(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Section {
            video: key.0.clone(),
            show: key.1.clone(),
            duration,
            funnel: Funnel::default(),
            revenue: Vec::new(),
            tags,
            timeline: Vec::new(),
        }
    };
    // Where a video's orders go: its show's section for a live manifest.
    let home = |video: &str| -> SectionKey {
        let show = catalog
            .manifest(video)
            .and_then(|m| m.live.as_ref())
            .map(|l| l.show.clone());
        (video.to_string(), show)
    };
    for m in catalog.manifests() {
        let key = home(&m.video.id);
        let s = section(&key);
        sections.insert(key, s);
    }
    for c in counts {
        let key = (
            c.video.clone(),
            Some(c.show.clone()).filter(|s| !s.is_empty()),
        );
        let s = sections.entry(key.clone()).or_insert_with(|| section(&key));
        s.funnel.add(c.kind, c.n);
        if !c.tag.is_empty() {
            let at = match s.tags.iter().position(|t| t.tag == c.tag) {
                Some(i) => i,
                None => {
                    s.tags.push(TagStats {
                        tag: c.tag.clone(),
                        product: None,
                        funnel: Funnel::default(),
                        revenue: Vec::new(),
                    });
                    s.tags.len() - 1
                }
            };
            s.tags[at].funnel.add(c.kind, c.n);
        }
        if matches!(c.kind, Kind::TagClick | Kind::AddToCart | Kind::Purchase) {
            let at = match s.timeline.iter().position(|x| x.second == c.second) {
                Some(i) => i,
                None => {
                    s.timeline.push(Second {
                        second: c.second,
                        ..Second::default()
                    });
                    s.timeline.len() - 1
                }
            };
            let x = &mut s.timeline[at];
            match c.kind {
                Kind::TagClick => x.tag_click += c.n,
                Kind::AddToCart => x.add_to_cart += c.n,
                _ => x.purchase += c.n,
            }
        }
    }
    for r in revenue {
        let key = home(&r.video);
        let s = sections.entry(key.clone()).or_insert_with(|| section(&key));
        add_money(&mut s.revenue, r);
        if let Some(t) = s
            .tags
            .iter_mut()
            .find(|t| !r.tag.is_empty() && t.tag == r.tag)
        {
            add_money(&mut t.revenue, r);
        }
    }
    let mut out: Vec<Section> = sections.into_values().collect();
    for s in &mut out {
        s.timeline.sort_by_key(|x| x.second);
        let last = s.timeline.last().map(|x| x.second + 1).unwrap_or(0);
        s.duration = s.duration.max(last);
    }
    Dashboard { sections: out }
}

fn add_money(list: &mut Vec<Money>, r: &Revenue) {
    match list.iter_mut().find(|m| m.currency == r.currency) {
        Some(m) => {
            m.orders += r.orders;
            m.total += r.total;
        }
        None => list.push(Money {
            currency: r.currency.clone(),
            orders: r.orders,
            total: r.total,
        }),
    }
}

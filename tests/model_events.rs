#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The `shoppable:*` events' payloads (`model::events`), which the viewer
//! and the shop turn into each event's `detail` and from which the npm
//! package's types are generated: GA4 items, exact decimal money beside
//! the minor units, and the tag that led to an event.

use shoppable::model::cart::CartLine;
use shoppable::model::events::{CommerceDetail, Item, ReadyDetail, VideoViewDetail};
use shoppable::model::manifest::{parse_str, Manifest};

fn manifest() -> Manifest {
    parse_str(
        r#"{"version":1,"video":{"id":"spring-drop"},"currency":"USD","products":[
          {"id":"lipstick","title":"Velvet Lipstick","brand":"Maison","price":1900},
          {"id":"scarf","title":"Silk Scarf","price":4850}],
        "tags":[{"id":"t-scarf","product":"scarf","start":1,"end":4,"keyframes":[{"t":1,"x":0.5,"y":0.5}]}]}"#,
    )
    .unwrap()
    .manifest
}

fn line(product: &str, variant: &str, quantity: u32, unit_price: i64) -> CartLine {
    CartLine {
        product_id: product.into(),
        variant_id: variant.into(),
        quantity,
        unit_price,
        title: product.into(),
        variant_label: String::new(),
        max_quantity: 9,
    }
}

#[test]
fn a_tag_event_is_its_product_at_the_base_price_with_the_tag() {
    let m = manifest();
    let d = CommerceDetail::tag(&m, 0, 2.5);
    assert_eq!(d.video_id, "spring-drop");
    assert_eq!(d.tag_id, Some("t-scarf"));
    assert_eq!(d.video_time, 2.5);
    assert_eq!(d.currency, "USD");
    assert_eq!((d.value.as_str(), d.value_minor), ("48.50", 4850));
    assert_eq!(
        d.items,
        vec![Item {
            item_id: "scarf",
            item_name: "Silk Scarf",
            item_brand: None,
            item_variant: None,
            price: "48.50".into(),
            price_minor: 4850,
            quantity: 1,
        }]
    );
}

#[test]
fn a_product_view_without_a_tag_has_no_tag_id_and_keeps_the_brand() {
    let m = manifest();
    let d = CommerceDetail::product(&m, 0, None, 0.0);
    assert_eq!(d.tag_id, None);
    assert_eq!(d.items[0].item_brand, Some("Maison"));
    // A stale tag index (the manifest changed under a live show) is no tag.
    assert_eq!(CommerceDetail::product(&m, 0, Some(7), 0.0).tag_id, None);
}

#[test]
fn cart_events_carry_each_line_with_its_variant_and_the_total() {
    let m = manifest();
    let lines = [
        line("lipstick", "ruby", 2, 1900),
        line("scarf", "scarf", 1, 4850),
    ];
    let d = CommerceDetail::lines(&m, &lines, Some(0), 3.0);
    assert_eq!((d.value.as_str(), d.value_minor), ("86.50", 8650));
    assert_eq!(d.tag_id, Some("t-scarf"));
    assert_eq!(d.items.len(), 2);
    assert_eq!(d.items[0].item_variant, Some("ruby"));
    assert_eq!(d.items[0].item_brand, Some("Maison"));
    assert_eq!(
        (d.items[0].price.as_str(), d.items[0].quantity),
        ("19.00", 2)
    );
    assert_eq!(d.items[1].item_brand, None);
}

#[test]
fn view_and_ready_name_the_video() {
    let m = manifest();
    let v = VideoViewDetail::new(&m, 1.25);
    assert_eq!(
        (v.video_id, v.tag_id, v.video_time),
        ("spring-drop", None, 1.25)
    );
    let warnings = vec!["tags[1].product: unknown".to_string()];
    let r = ReadyDetail::new(&m, &warnings);
    assert_eq!((r.products, r.tags, r.warnings.len()), (2, 1, 1));
}

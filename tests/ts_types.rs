#![cfg(not(target_arch = "wasm32"))] // native only: ts-rs (feature `ts`) is never in a wasm build
//! The npm package's generated TypeScript (npm/types/generated/, imported
//! by the hand-written npm/index.d.ts): each event's `detail` from
//! `model::events` and the manifest from `model::manifest::authoring`, by
//! `ts-rs`. The checked-in files must be what the types generate now, so a
//! changed payload or manifest field cannot leave the package's types behind
//! (as server/openapi.json is checked against the routes).

use shoppable::model::events::{
    CommerceDetail, ErrorDetail, Item, PurchaseDetail, ReadyDetail, VideoViewDetail,
};
use shoppable::model::manifest::authoring::{
    Authoring, AuthoringKeyframe, AuthoringProduct, AuthoringTag, AuthoringVariant, AuthoringVideo,
};
use ts_rs::{Config, TS};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/npm/types/generated");
const REGENERATE: &str = "UPDATE_TS_TYPES=1 cargo test -p shoppable --test ts_types";

/// One exported declaration with its doc comment.
fn decl<T: TS + ?Sized>(cfg: &Config, out: &mut String) {
    out.push('\n');
    out.push_str(&T::docs().unwrap_or_default());
    out.push_str("export ");
    out.push_str(&T::decl(cfg));
    out.push('\n');
}

fn header(what: &str) -> String {
    format!(
        "// Generated from {what} by tests/ts_types.rs (ts-rs); do not edit.\n\
         // Regenerate: {REGENERATE}\n"
    )
}

/// Money and counts are JS numbers: minor units stay far below 2^53.
fn config() -> Config {
    Config::new().with_large_int("number")
}

fn events() -> String {
    let cfg = config();
    let mut out = header("src/model/events.rs");
    decl::<Item>(&cfg, &mut out);
    decl::<CommerceDetail>(&cfg, &mut out);
    decl::<PurchaseDetail>(&cfg, &mut out);
    decl::<VideoViewDetail>(&cfg, &mut out);
    decl::<ReadyDetail>(&cfg, &mut out);
    decl::<ErrorDetail>(&cfg, &mut out);
    out
}

fn manifest() -> String {
    let cfg = config();
    let mut out = header("src/model/manifest/authoring.rs");
    decl::<Authoring>(&cfg, &mut out);
    decl::<AuthoringVideo>(&cfg, &mut out);
    decl::<AuthoringProduct>(&cfg, &mut out);
    decl::<AuthoringVariant>(&cfg, &mut out);
    decl::<AuthoringTag>(&cfg, &mut out);
    decl::<AuthoringKeyframe>(&cfg, &mut out);
    // Unknown keys are kept (and `checkout`, `live`, `pins` are not typed
    // by the studio): any JSON there.
    decl::<serde_json::Value>(&cfg, &mut out);
    out
}

#[test]
fn the_checked_in_types_are_the_generated_ones() {
    for (file, generated) in [("events.d.ts", events()), ("manifest.d.ts", manifest())] {
        let path = std::path::Path::new(DIR).join(file);
        if std::env::var_os("UPDATE_TS_TYPES").is_some() {
            std::fs::create_dir_all(DIR).unwrap();
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if on_disk != generated {
            let line = on_disk
                .lines()
                .zip(generated.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| on_disk.lines().count().min(generated.lines().count()));
            panic!(
                "npm/types/generated/{file} differs from what the Rust types generate (first at line {}); \
                 regenerate it with `{REGENERATE}` and commit it",
                line + 1
            );
        }
    }
}

#[test]
fn each_event_detail_has_the_fields_the_readme_lists() {
    let cfg = config();
    // Spot checks of the mapping itself: an absent brand is left out, a
    // tag_id is null when no tag led to the event, money is a string and a number.
    let item = Item::decl(&cfg);
    assert!(item.contains("item_brand?: string,"), "{item}");
    assert!(
        item.contains("price: string,") && item.contains("price_minor: number,"),
        "{item}"
    );
    let commerce = CommerceDetail::decl(&cfg);
    assert!(commerce.contains("tag_id: string | null,"), "{commerce}");
    assert!(commerce.contains("items: Array<Item>,"), "{commerce}");
    let purchase = PurchaseDetail::decl(&cfg);
    for f in [
        "order_id: string",
        "transaction_id: string",
        "video_id: string",
        "value_minor: number",
    ] {
        assert!(purchase.contains(f), "{f} in {purchase}");
    }
    assert!(VideoViewDetail::decl(&cfg).contains("tag_id: null,"));
    assert!(ReadyDetail::decl(&cfg).contains("warnings: Array<string>,"));
    assert!(Authoring::decl(&cfg).starts_with("type Manifest = "));
}

#[test]
fn the_npm_package_has_the_workspaces_version() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/npm/package.json")).unwrap();
    let pkg: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        pkg["version"],
        env!("CARGO_PKG_VERSION"),
        "npm/package.json's version must be the workspace's (`cargo xtask build` writes it)"
    );
    assert_eq!(pkg["exports"]["."]["types"], "./index.d.ts");
    assert_eq!(pkg["type"], "module");
}

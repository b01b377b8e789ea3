#![cfg(not(target_arch = "wasm32"))] // native model tests
//! The studio's pure parts: each catalog importer on good and broken input
//! (what it skipped and where), a track's export, JSON-LD and WebVTT.

use serde_json::json;
use shoppable::model::manifest::authoring::Authoring;
use shoppable::model::manifest::parse_str;
use shoppable::model::studio::catalog::{self, import, kind_of, Kind};
use shoppable::model::studio::jsonld::{at_time, script_text, video_object, VideoPage};
use shoppable::model::studio::path::{frame_end, runs, tag};
use shoppable::model::studio::vtt::{metadata_track, timestamp};
use shoppable::model::timeline::position_at;
use shoppable::model::track::keyframes::reduce;
use shoppable::model::track::run::{Status, Step};

const SHOPIFY_JS: &str = r#"{"id": 1, "title": "Velvet Lipstick", "handle": "velvet-lipstick", "vendor": "Rouge",
  "price": 1900, "options": ["Shade"], "featured_image": "//cdn.shopify.com/a.jpg",
  "variants": [
    {"id": 111, "option1": "Ruby", "price": 1900, "compare_at_price": 2600, "available": true},
    {"id": 112, "option1": "Coral", "price": 1900, "compare_at_price": null, "available": false},
    {"id": 113, "option1": "Plum", "price": "nineteen", "available": true}
  ]}"#;

const SHOPIFY_PRODUCTS: &str = r#"{"products": [
  {"title": "Tote", "handle": "tote", "vendor": "Bagco", "options": [{"name": "Title", "values": ["Default Title"]}],
   "images": [{"src": "https://cdn.shopify.com/tote.jpg"}],
   "variants": [{"id": 9001, "option1": "Default Title", "price": "49.00", "compare_at_price": "60.00", "available": true}]},
  {"title": "No handle", "variants": []},
  {"title": "Scarf", "handle": "scarf", "options": [{"name": "Color"}],
   "variants": [{"id": 9101, "option1": "Red", "price": "19.999", "available": true}]}
]}"#;

#[test]
fn shopify_product_js_keeps_cents_variants_ids_and_availability() {
    let out = catalog::from_shopify(SHOPIFY_JS, "USD").unwrap();
    let p = &out.products[0];
    assert_eq!(
        (p.id.as_str(), p.url.as_deref()),
        ("velvet-lipstick", Some("/products/velvet-lipstick"))
    );
    assert_eq!(p.image.as_deref(), Some("https://cdn.shopify.com/a.jpg"));
    assert_eq!(p.brand.as_deref(), Some("Rouge"));
    assert_eq!(p.options, vec!["Shade"]);
    assert_eq!(p.variants.len(), 2);
    assert_eq!(
        (
            p.variants[0].id.as_str(),
            p.variants[0].price,
            p.variants[0].compare_at
        ),
        ("111", Some(1900), Some(2600))
    );
    assert!(!p.variants[1].available);
    assert_eq!(out.skipped.len(), 1);
    assert_eq!(out.skipped[0].at, "variants[2].price");
    assert!(
        out.skipped[0].reason.contains("\"nineteen\""),
        "{}",
        out.skipped[0].reason
    );
}

#[test]
fn shopify_products_json_reads_decimal_strings_and_reports_by_json_path() {
    let out = catalog::from_shopify(SHOPIFY_PRODUCTS, "USD").unwrap();
    assert_eq!(out.products.len(), 1);
    let tote = &out.products[0];
    assert!(
        tote.options.is_empty(),
        "Shopify's default Title option is no option"
    );
    assert_eq!(
        (tote.variants[0].price, tote.variants[0].compare_at),
        (Some(4900), Some(6000))
    );
    assert_eq!(tote.variants[0].id, "9001");
    let at: Vec<&str> = out.skipped.iter().map(|s| s.at.as_str()).collect();
    assert_eq!(
        at,
        vec![
            "products[1].handle",
            "products[2].variants[0].price",
            "products[2].variants"
        ]
    );
    // Broken documents: one clear error.
    assert!(catalog::from_shopify("{", "USD")
        .unwrap_err()
        .reason
        .starts_with("not JSON"));
    assert!(catalog::from_shopify("{\"x\": 1}", "USD").is_err());
}

const GMC_TSV: &str = "id\ttitle\tlink\timage_link\tprice\tsale_price\tavailability\titem_group_id\tcolor\tsize
TS-R-M\tTee\thttps://shop.example/tee\thttps://shop.example/tee.jpg\t15.00 USD\t12.00 USD\tin stock\tTS\tRed\tM
TS-R-L\tTee\thttps://shop.example/tee\thttps://shop.example/tee.jpg\t15.00 USD\t\tout_of_stock\tTS\tRed\tL
MUG\tMug\thttps://shop.example/mug\t\t9.50 USD\t\tin_stock\t\t\t
BAD\tBad\t\t\t9.50 EUR\t\t\t\t\t
\tNo id\t\t\t1.00 USD\t\t\t\t\t
";

#[test]
fn merchant_center_tsv_groups_variants_and_maps_sale_price() {
    let out = catalog::from_gmc_tsv(GMC_TSV, "USD").unwrap();
    assert_eq!(out.products.len(), 2);
    let tee = &out.products[0];
    assert_eq!(tee.id, "TS");
    assert_eq!(tee.options, vec!["Color", "Size"]);
    assert_eq!(tee.variants[0].options, vec!["Red", "M"]);
    assert_eq!(
        (tee.variants[0].price, tee.variants[0].compare_at),
        (Some(1200), Some(1500))
    );
    assert_eq!(
        (tee.variants[1].price, tee.variants[1].available),
        (Some(1500), false)
    );
    assert_eq!(tee.price, Some(1200));
    assert_eq!(out.products[1].id, "MUG");
    let at: Vec<&str> = out.skipped.iter().map(|s| s.at.as_str()).collect();
    assert_eq!(at, vec!["line 5, price", "line 6, id"]);
    assert!(out.skipped[0].reason.contains("EUR"));
    assert_eq!(
        catalog::from_gmc_tsv("id\ttitle\n1\tx\n", "USD")
            .unwrap_err()
            .reason,
        "no \"price\" column"
    );
}

#[test]
fn merchant_center_xml_reads_g_attributes() {
    let xml = r#"<?xml version="1.0"?>
<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel>
<item><g:id>A1</g:id><title>Lamp &amp; shade</title><g:price>30.00 USD</g:price><g:availability>in_stock</g:availability>
<g:link>https://shop.example/lamp</g:link><g:image_link><![CDATA[https://shop.example/lamp.jpg]]></g:image_link></item>
<item><g:id>A2</g:id><title>Chair</title><g:availability>in_stock</g:availability></item>
</channel></rss>"#;
    let out = catalog::from_gmc_xml(xml, "USD").unwrap();
    assert_eq!(out.products.len(), 1);
    assert_eq!(out.products[0].title, "Lamp & shade");
    assert_eq!(
        out.products[0].image.as_deref(),
        Some("https://shop.example/lamp.jpg")
    );
    assert_eq!(out.skipped[0].at, "item 2, price");
    assert!(catalog::from_gmc_xml("<rss><item><g:id>x</item>", "USD").is_err());
}

#[test]
fn csv_rows_become_variants_with_options() {
    let csv = "id,title,price,compare_at,variant_id,option:Size,available\n\
               sock,Sock,5.00,7.00,sock-s,S,yes\n\
               sock,Sock,5.50,,sock-m,M,no\n\
               hat,Hat,abc,,,,\n\
               sock,Sock,5.00,,sock-s,S,yes\n";
    let out = catalog::from_csv(csv, "USD").unwrap();
    assert_eq!(out.products.len(), 1);
    let sock = &out.products[0];
    assert_eq!(sock.options, vec!["Size"]);
    assert_eq!(sock.variants.len(), 2);
    assert_eq!(
        (sock.variants[0].compare_at, sock.variants[1].available),
        (Some(700), false)
    );
    let at: Vec<&str> = out.skipped.iter().map(|s| s.at.as_str()).collect();
    assert_eq!(at, vec!["line 4, price", "line 5, variant_id"]);
    assert!(catalog::from_csv("name,cost\nx,1\n", "USD").is_err());
}

#[test]
fn manifest_products_and_kind_detection() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/manifests/hero.json"
    ))
    .unwrap();
    assert_eq!(kind_of("hero.json", &text), Kind::Manifest);
    let out = import(Kind::Manifest, &text, "USD").unwrap();
    assert_eq!(
        out.products.len(),
        parse_str(&text).unwrap().manifest.products.len()
    );
    assert_eq!(kind_of("p.js", SHOPIFY_JS), Kind::Shopify);
    assert_eq!(kind_of("feed.tsv", GMC_TSV), Kind::GmcTsv);
    assert_eq!(kind_of("feed.xml", "<rss/>"), Kind::GmcXml);
    assert_eq!(kind_of("c.csv", "id,title,price\n"), Kind::Csv);
}

fn step(frame: usize, x: f32, status: Status, segment: i32) -> Step {
    Step {
        frame,
        x,
        y: 90.0,
        w: 40.0,
        h: 40.0,
        psr: 20.0,
        status,
        segment,
    }
}

#[test]
fn a_track_exports_only_what_is_vouched_for_and_the_widget_draws_it_within_tolerance() {
    let times: Vec<f64> = (0..40).map(|i| i as f64 / 30.0).collect();
    let mut steps: Vec<Step> = (0..40)
        .map(|i| {
            step(
                i,
                20.0 + (i as f32 * 0.3).sin() * 30.0 + i as f32 * 4.0,
                Status::Tracked,
                0,
            )
        })
        .collect();
    for s in &mut steps[15..20] {
        s.status = Status::Flagged;
    }
    for s in &mut steps[30..] {
        s.segment = 1;
    }
    // Before the frames are captured again (restored work) there is nothing to export.
    assert!(runs(&steps, &[], 320.0, 180.0, |_| false).is_empty());
    let r = runs(&steps, &times, 320.0, 180.0, |_| false);
    assert_eq!(r.iter().map(Vec::len).collect::<Vec<_>>(), vec![15, 10, 10]);
    // Confirming the unsure stretch joins the first two runs.
    let confirmed = runs(&steps, &times, 320.0, 180.0, |f| (15..20).contains(&f));
    assert_eq!(
        confirmed.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![30, 10]
    );
    let run = &confirmed[0];
    let t = tag(
        "t1",
        "p",
        run,
        frame_end(&times, run.last().unwrap().t),
        0.005,
        180.0 / 320.0,
    );
    // Exactly the reduction's keyframes, no more.
    assert_eq!(t.keyframes.len(), reduce(run, 0.005, 180.0 / 320.0).len());
    assert_eq!(t.start, 0.0);
    assert_eq!(t.end, 1.0, "the tag lasts through its last frame");
    // Check with the widget's own interpolation, on the canonical text.
    let mut doc = Authoring::new("v", "USD");
    doc.products = catalog::from_shopify(SHOPIFY_JS, "USD").unwrap().products;
    doc.tags
        .push(tag("t1", "velvet-lipstick", run, 1.0, 0.005, 180.0 / 320.0));
    let parsed = parse_str(&doc.to_json()).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let widget_tag = &parsed.manifest.tags[0];
    for p in run {
        let at = position_at(widget_tag, p.t);
        let err = ((at.x - p.x).powi(2) + ((at.y - p.y) * 180.0 / 320.0).powi(2)).sqrt();
        assert!(err <= 0.005 + 1e-4, "t = {}: {err}", p.t);
    }
}

#[test]
fn json_ld_has_a_clip_per_tag_named_after_its_product() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/manifests/hero.json"
    ))
    .unwrap();
    let m = parse_str(&text).unwrap().manifest;
    let page = VideoPage {
        name: "Spring drop".into(),
        thumbnail_url: "https://brand.example/thumb.jpg".into(),
        upload_date: "2026-03-01".into(),
        page_url: "https://brand.example/spring#video".into(),
        ..Default::default()
    };
    let v = video_object(&page, &m);
    assert_eq!(v["@type"], "VideoObject");
    assert_eq!(v["uploadDate"], "2026-03-01");
    let clips = v["hasPart"].as_array().unwrap();
    assert_eq!(clips.len(), m.tags.len());
    let first = m
        .tags
        .iter()
        .min_by(|a, b| a.start.total_cmp(&b.start))
        .unwrap();
    assert_eq!(clips[0]["name"], json!(m.products[first.product].title));
    assert_eq!(clips[0]["startOffset"], json!(first.start.floor() as u64));
    assert_eq!(
        clips[0]["url"],
        json!(format!(
            "https://brand.example/spring?t={}#video",
            first.start.floor() as u64
        ))
    );
    assert_eq!(
        at_time("https://a.example/p?x=1", 7),
        "https://a.example/p?x=1&t=7"
    );
    // A title cannot close the script element.
    let mut evil = m.clone();
    evil.products[0].title = "</script><b>".into();
    assert!(!script_text(&page, &evil).contains("</script"));
}

#[test]
fn webvtt_has_one_cue_per_tag_with_a_json_payload() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/www/manifests/hero.json"
    ))
    .unwrap();
    let m = parse_str(&text).unwrap().manifest;
    let vtt = metadata_track(&m);
    assert!(vtt.starts_with("WEBVTT\n"));
    let cues: Vec<&str> = vtt.split("\n\n").skip(1).collect();
    assert_eq!(cues.len(), m.tags.len());
    for cue in cues {
        let lines: Vec<&str> = cue.lines().collect();
        assert_eq!(lines.len(), 3, "{cue}");
        assert!(lines[1].contains(" --> "));
        let payload: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
        assert!(payload["keyframes"]
            .as_array()
            .is_some_and(|k| !k.is_empty()));
    }
    assert_eq!(timestamp(3723.5), "01:02:03.500");
}

mod project {
    use shoppable::model::studio::project::{Anchor, Project};
    use shoppable::model::track::run::{Status, Step};

    fn steps(range: std::ops::Range<usize>, x: f32) -> Vec<Step> {
        range
            .map(|frame| Step {
                frame,
                x,
                y: 50.0,
                w: 40.0,
                h: 40.0,
                psr: 30.0,
                status: Status::Tracked,
                segment: 0,
            })
            .collect()
    }

    #[test]
    fn every_edit_undoes_and_redoes() {
        let mut p = Project::new(Vec::new());
        let t = p.place(
            "p",
            Anchor {
                frame: 10,
                x: 5.0,
                y: 5.0,
            },
            0..100,
        );
        p.tracked(t, 0..100, &steps(0..100, 5.0));
        let before = p.state.clone();
        p.delete(t);
        assert!(p.state.drafts.is_empty());
        assert!(p.undo());
        assert_eq!(p.state, before);
        assert!(p.redo());
        assert!(p.state.drafts.is_empty());
        assert!(p.undo() && p.undo() && p.undo());
        assert!(!p.undo(), "nothing left to undo");
        assert!(p.can_redo());
    }

    #[test]
    fn a_correction_retracks_only_up_to_the_neighbouring_anchors() {
        let mut p = Project::new(Vec::new());
        let t = p.place(
            "p",
            Anchor {
                frame: 50,
                x: 5.0,
                y: 5.0,
            },
            0..100,
        );
        let d = &p.state.drafts[t];
        assert_eq!(d.reach(0), 0..100);
        p.tracked(t, 0..100, &steps(0..100, 5.0));
        let a = p.correct(
            t,
            Anchor {
                frame: 80,
                x: 9.0,
                y: 9.0,
            },
        );
        let reach = p.state.drafts[t].reach(a);
        assert_eq!(
            reach,
            51..100,
            "from the first anchor (exclusive) to the shot's end"
        );
        p.tracked(t, reach.clone(), &steps(0..100, 9.0));
        let d = &p.state.drafts[t];
        assert!(d.steps.iter().filter(|s| s.frame <= 50).all(|s| s.x == 5.0));
        assert!(d.steps.iter().filter(|s| s.frame > 50).all(|s| s.x == 9.0));
        assert_eq!(d.steps.len(), 100);
        // A correction between two anchors reaches neither.
        let b = p.correct(
            t,
            Anchor {
                frame: 60,
                x: 7.0,
                y: 7.0,
            },
        );
        assert_eq!(p.state.drafts[t].reach(b), 51..80);
    }

    #[test]
    fn split_and_export_make_tags_the_widget_reads() {
        let mut p = Project::new(Vec::new());
        let t = p.place(
            "p",
            Anchor {
                frame: 5,
                x: 5.0,
                y: 5.0,
            },
            0..40,
        );
        p.tracked(t, 0..40, &steps(0..40, 100.0));
        assert!(p.split(t, 20));
        assert_eq!(p.state.drafts.len(), 2);
        assert_eq!(p.state.drafts[1].anchors[0].frame, 20);
        let times: Vec<f64> = (0..40).map(|i| i as f64 * 0.04).collect();
        let tags = p.export_tags(&times, 320.0, 180.0, 0.005);
        assert_eq!(tags.len(), 2);
        assert_eq!((tags[0].start, tags[0].end), (0.0, 0.8));
        assert_eq!(
            (tags[1].start, tags[1].end),
            (0.8, 1.6),
            "the last frame lasts one interval"
        );
        // A still path needs its two ends, nothing more.
        let kept: Vec<f64> = tags[0].keyframes.iter().map(|k| k.t).collect();
        assert_eq!(kept, vec![0.0, 0.76]);
        assert_eq!(tags[0].keyframes[0].x, 0.3125);
        assert_ne!(tags[0].id, tags[1].id);
    }
}

mod saved {
    use shoppable::model::manifest::authoring::Authoring;
    use shoppable::model::studio::project::{saved_key, Anchor, Project, Saved};
    use shoppable::model::track::run::{Status, Step};

    #[test]
    fn work_in_progress_round_trips_and_keeps_fresh_ids() {
        let mut p = Project::new(Vec::new());
        let t = p.place(
            "p",
            Anchor {
                frame: 3,
                x: 1.5,
                y: 2.5,
            },
            0..10,
        );
        let steps: Vec<Step> = (0..10)
            .map(|frame| Step {
                frame,
                x: 1.0,
                y: 2.0,
                w: 3.0,
                h: 4.0,
                psr: 9.5,
                status: Status::Flagged,
                segment: -1,
            })
            .collect();
        p.tracked(t, 0..10, &steps);
        p.confirm(t, 2..5);
        let saved = Saved {
            version: 1,
            base: Authoring::new("v", "EUR"),
            state: p.state.clone(),
            saved_at: 1.0,
        };
        let back = Saved::from_json(&saved.to_json()).unwrap();
        assert_eq!(back, saved);
        let mut restored = Project::restore(back.state);
        assert!(!restored.can_undo());
        assert_ne!(
            restored.fresh_id(),
            "t1",
            "ids already used are not handed out again"
        );
        assert!(Saved::from_json("{\"version\": 2}").is_none());
        assert_eq!(saved_key("a.mp4", 1234.0, 4.0), "a.mp4|1234|4.000");
    }
}

#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Frame fractions to overlay pixels through object-fit / object-position,
//! against hand-computed CSS layouts.

#![allow(clippy::type_complexity)] // the tables read best inline

use proptest::prelude::*;
use shoppable::model::geometry::{
    picture_rect, to_frame, to_overlay, AxisPosition, Layout, ObjectFit, ObjectPosition, Rect, Size,
};
use shoppable::model::timeline::Point;

fn layout(cw: f64, ch: f64, iw: f64, ih: f64, fit: ObjectFit, pos: &str) -> Layout {
    Layout {
        content: Size { w: cw, h: ch },
        intrinsic: Size { w: iw, h: ih },
        fit,
        position: ObjectPosition::parse(pos),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_rect(got: Option<Rect>, want: (f64, f64, f64, f64), what: &str) {
    let r = got.unwrap_or_else(|| panic!("{what}: no rect"));
    assert!(
        close(r.x, want.0) && close(r.y, want.1) && close(r.w, want.2) && close(r.h, want.3),
        "{what}: got {r:?}, want {want:?}"
    );
}

const HD_COVER_W: f64 = 1920.0 * 400.0 / 1080.0; // 711.11…

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn picture_rect_for_every_fit_and_position() {
    use ObjectFit::{Contain, Cover, Fill, ScaleDown};
    // A 1920x1080 video in a 400x400 box, and a small 320x180 one.
    let cases: &[(f64, f64, ObjectFit, &str, (f64, f64, f64, f64))] = &[
        (1920.0, 1080.0, Contain, "50% 50%", (0.0, 87.5, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "0% 0%", (0.0, 0.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "left top", (0.0, 0.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "100% 100%", (0.0, 175.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "right bottom", (0.0, 175.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "0% 100%", (0.0, 175.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "10px 20px", (10.0, 20.0, 400.0, 225.0)),
        (1920.0, 1080.0, Contain, "center", (0.0, 87.5, 400.0, 225.0)),
        (1920.0, 1080.0, Cover, "50% 50%", ((400.0 - HD_COVER_W) / 2.0, 0.0, HD_COVER_W, 400.0)),
        (1920.0, 1080.0, Cover, "left top", (0.0, 0.0, HD_COVER_W, 400.0)),
        (1920.0, 1080.0, Cover, "right bottom", (400.0 - HD_COVER_W, 0.0, HD_COVER_W, 400.0)),
        (1920.0, 1080.0, Cover, "25% 0%", ((400.0 - HD_COVER_W) / 4.0, 0.0, HD_COVER_W, 400.0)),
        (1920.0, 1080.0, Cover, "-20px 0px", (-20.0, 0.0, HD_COVER_W, 400.0)),
        (1920.0, 1080.0, Fill, "50% 50%", (0.0, 0.0, 400.0, 400.0)),
        (1920.0, 1080.0, Fill, "10px 20px", (10.0, 20.0, 400.0, 400.0)),
        (1920.0, 1080.0, ObjectFit::None, "50% 50%", (-760.0, -340.0, 1920.0, 1080.0)),
        (1920.0, 1080.0, ObjectFit::None, "left top", (0.0, 0.0, 1920.0, 1080.0)),
        (1920.0, 1080.0, ObjectFit::None, "calc(100% - 10px) calc(0% + 5px)", (-1530.0, 5.0, 1920.0, 1080.0)),
        (1920.0, 1080.0, ObjectFit::None, "right 10px top 5px", (-1530.0, 5.0, 1920.0, 1080.0)),
        (1920.0, 1080.0, ScaleDown, "50% 50%", (0.0, 87.5, 400.0, 225.0)),
        (1920.0, 1080.0, ScaleDown, "right bottom", (0.0, 175.0, 400.0, 225.0)),
        // Smaller than the box: scale-down keeps the intrinsic size.
        (320.0, 180.0, ScaleDown, "50% 50%", (40.0, 110.0, 320.0, 180.0)),
        (320.0, 180.0, ScaleDown, "left bottom", (0.0, 220.0, 320.0, 180.0)),
        (320.0, 180.0, ObjectFit::None, "50% 50%", (40.0, 110.0, 320.0, 180.0)),
        (320.0, 180.0, Contain, "50% 50%", (0.0, 87.5, 400.0, 225.0)),
        (320.0, 180.0, Cover, "50% 50%", ((400.0 - HD_COVER_W) / 2.0, 0.0, HD_COVER_W, 400.0)),
        // A portrait video in a landscape box.
        (1080.0, 1920.0, Contain, "50% 50%", (87.5, 0.0, 225.0, 400.0)),
        (1080.0, 1920.0, Cover, "50% 0%", (0.0, 0.0, 400.0, 1920.0 * 400.0 / 1080.0)),
    ];
    for &(iw, ih, fit, pos, want) in cases {
        let l = layout(400.0, 400.0, iw, ih, fit, pos);
        assert_rect(picture_rect(&l), want, &format!("{iw}x{ih} {fit:?} {pos}"));
    }
    // Wide box, 16:9 video: pillarboxed by contain.
    let l = layout(1000.0, 300.0, 1920.0, 1080.0, ObjectFit::Contain, "50% 50%");
    let w = 1920.0 * 300.0 / 1080.0;
    assert_rect(picture_rect(&l), ((1000.0 - w) / 2.0, 0.0, w, 300.0), "pillarbox");
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn unknown_sizes_give_no_rect() {
    for (cw, ch, iw, ih) in [
        (0.0, 400.0, 1920.0, 1080.0),
        (400.0, 0.0, 1920.0, 1080.0),
        (400.0, 400.0, 0.0, 0.0),
        (400.0, 400.0, 1920.0, 0.0),
        (400.0, 400.0, f64::NAN, 1080.0),
        (f64::INFINITY, 400.0, 1920.0, 1080.0),
        (-400.0, 400.0, 1920.0, 1080.0),
    ] {
        let l = layout(cw, ch, iw, ih, ObjectFit::Contain, "50% 50%");
        assert_eq!(picture_rect(&l), None, "{cw}x{ch} {iw}x{ih}");
        assert_eq!(to_overlay(&l, Point { x: 0.5, y: 0.5 }), None);
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn to_overlay_maps_and_clips() {
    use ObjectFit::{Contain, Cover, Fill, ScaleDown};
    let cover_x0 = (400.0 - HD_COVER_W) / 2.0;
    let cases: &[(ObjectFit, &str, (f64, f64), Option<(f64, f64)>)] = &[
        (Contain, "50% 50%", (0.5, 0.5), Some((200.0, 200.0))),
        (Contain, "50% 50%", (0.0, 0.0), Some((0.0, 87.5))),
        (Contain, "50% 50%", (1.0, 1.0), Some((400.0, 312.5))),
        (Contain, "left top", (1.0, 1.0), Some((400.0, 225.0))),
        (Contain, "50% 50%", (0.5, 1.1), None),
        (Contain, "50% 50%", (-0.01, 0.5), None),
        (Fill, "50% 50%", (0.25, 0.75), Some((100.0, 300.0))),
        (Cover, "50% 50%", (0.5, 0.5), Some((200.0, 200.0))),
        (Cover, "50% 50%", (0.25, 0.5), Some((cover_x0 + 0.25 * HD_COVER_W, 200.0))),
        // Cropped away by cover.
        (Cover, "50% 50%", (0.2, 0.5), None),
        (Cover, "50% 50%", (0.0, 0.5), None),
        (Cover, "left top", (0.0, 0.0), Some((0.0, 0.0))),
        (Cover, "left top", (0.9, 0.0), None),
        (ObjectFit::None, "50% 50%", (0.5, 0.5), Some((200.0, 200.0))),
        (ObjectFit::None, "50% 50%", (0.3, 0.5), None),
        (ObjectFit::None, "left top", (0.1, 0.2), Some((192.0, 216.0))),
        (ScaleDown, "50% 50%", (0.5, 0.0), Some((200.0, 87.5))),
    ];
    for &(fit, pos, (px, py), want) in cases {
        let l = layout(400.0, 400.0, 1920.0, 1080.0, fit, pos);
        let got = to_overlay(&l, Point { x: px, y: py });
        let ok = match (got, want) {
            (Some(g), Some(w)) => close(g.0, w.0) && close(g.1, w.1),
            (a, b) => a == b,
        };
        assert!(ok, "{fit:?} {pos} ({px}, {py}): got {got:?}, want {want:?}");
    }
    let l = layout(400.0, 400.0, 1920.0, 1080.0, Contain, "50% 50%");
    assert_eq!(to_overlay(&l, Point { x: f64::NAN, y: 0.5 }), None);
}

#[test]
fn object_fit_parse() {
    use ObjectFit::{Contain, Cover, Fill, ScaleDown};
    for (s, want) in [
        ("contain", Contain),
        ("cover", Cover),
        ("fill", Fill),
        ("none", ObjectFit::None),
        ("scale-down", ScaleDown),
        (" Cover ", Cover),
        ("", Fill),
        ("inherit", Fill),
        ("stretch", Fill),
    ] {
        assert_eq!(ObjectFit::parse(s), want, "{s:?}");
    }
    assert_eq!(ObjectFit::default(), Fill);
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn object_position_parse() {
    let a = |fraction: f64, px: f64| AxisPosition { fraction, px };
    let c = AxisPosition::CENTER;
    let cases: &[(&str, AxisPosition, AxisPosition)] = &[
        ("50% 50%", c, c),
        ("0% 100%", a(0.0, 0.0), a(1.0, 0.0)),
        ("10px 20px", a(0.0, 10.0), a(0.0, 20.0)),
        ("25.5% -3.25px", a(0.255, 0.0), a(0.0, -3.25)),
        ("0 0", a(0.0, 0.0), a(0.0, 0.0)),
        ("left top", a(0.0, 0.0), a(0.0, 0.0)),
        ("right bottom", a(1.0, 0.0), a(1.0, 0.0)),
        ("top left", a(0.0, 0.0), a(0.0, 0.0)),
        ("bottom right", a(1.0, 0.0), a(1.0, 0.0)),
        ("center top", c, a(0.0, 0.0)),
        ("top center", c, a(0.0, 0.0)),
        ("center", c, c),
        ("left", a(0.0, 0.0), c),
        ("top", c, a(0.0, 0.0)),
        ("bottom", c, a(1.0, 0.0)),
        ("30%", a(0.3, 0.0), c),
        ("calc(100% - 10px) calc(50% + 4px)", a(1.0, -10.0), a(0.5, 4.0)),
        ("calc(10px + 50% - 2px) 0px", a(0.5, 8.0), a(0.0, 0.0)),
        ("right 10px bottom 20px", a(1.0, -10.0), a(1.0, -20.0)),
        ("left 10px top 15%", a(0.0, 10.0), a(0.15, 0.0)),
        ("right 10px top", a(1.0, -10.0), a(0.0, 0.0)),
        ("bottom 10% right 20%", a(0.8, 0.0), a(0.9, 0.0)),
        // Unreadable axes fall back to 50%, the other axis still counts.
        ("1em 20px", c, a(0.0, 20.0)),
        ("calc(100% - 2em) 0%", c, a(0.0, 0.0)),
        ("calc(50% * 2) 0%", c, a(0.0, 0.0)),
        ("", c, c),
        ("a b c d e", c, c),
        ("middle 10px 20px", c, c),
    ];
    for &(s, x, y) in cases {
        let p = ObjectPosition::parse(s);
        let same = |g: AxisPosition, w: AxisPosition| close(g.fraction, w.fraction) && close(g.px, w.px);
        assert!(same(p.x, x) && same(p.y, y), "{s:?}: got {p:?}, want {x:?} {y:?}");
    }
    assert_eq!(ObjectPosition::default(), ObjectPosition { x: c, y: c });
}

fn any_fit() -> impl Strategy<Value = ObjectFit> {
    prop_oneof![
        Just(ObjectFit::Contain),
        Just(ObjectFit::Cover),
        Just(ObjectFit::Fill),
        Just(ObjectFit::None),
        Just(ObjectFit::ScaleDown),
    ]
}

fn any_axis() -> impl Strategy<Value = AxisPosition> {
    (-0.5f64..1.5, prop_oneof![Just(0.0), -500.0f64..500.0])
        .prop_map(|(fraction, px)| AxisPosition { fraction, px })
}

fn any_layout() -> impl Strategy<Value = Layout> {
    (
        1.0f64..2000.0,
        1.0f64..2000.0,
        1.0f64..4000.0,
        1.0f64..4000.0,
        any_fit(),
        any_axis(),
        any_axis(),
    )
        .prop_map(|(cw, ch, iw, ih, fit, x, y)| Layout {
            content: Size { w: cw, h: ch },
            intrinsic: Size { w: iw, h: ih },
            fit,
            position: ObjectPosition { x, y },
        })
}

proptest! {
    #[test]
    fn overlay_points_lie_inside_the_content_box(l in any_layout(), x in -0.3f64..1.3, y in -0.3f64..1.3) {
        if let Some((px, py)) = to_overlay(&l, Point { x, y }) {
            prop_assert!(px >= 0.0 && px <= l.content.w, "x {} outside 0..{}", px, l.content.w);
            prop_assert!(py >= 0.0 && py <= l.content.h, "y {} outside 0..{}", py, l.content.h);
            // And back again.
            let back = to_frame(&l, px, py).expect("visible point maps back");
            prop_assert!((back.x - x).abs() < 1e-6 && (back.y - y).abs() < 1e-6);
        }
    }

    #[test]
    fn uniform_fits_keep_the_aspect_ratio(l in any_layout()) {
        let r = picture_rect(&l).unwrap();
        if l.fit != ObjectFit::Fill {
            let (want, got) = (l.intrinsic.w / l.intrinsic.h, r.w / r.h);
            prop_assert!((want - got).abs() <= 1e-9 * want.max(1.0));
        }
        match l.fit {
            // contain fits inside and touches two sides; cover covers.
            ObjectFit::Contain => prop_assert!(r.w <= l.content.w + 1e-9 && r.h <= l.content.h + 1e-9
                && ((r.w - l.content.w).abs() < 1e-9 || (r.h - l.content.h).abs() < 1e-9)),
            ObjectFit::Cover => prop_assert!(r.w >= l.content.w - 1e-9 && r.h >= l.content.h - 1e-9),
            ObjectFit::ScaleDown => prop_assert!(r.w <= l.intrinsic.w && r.w <= l.content.w + 1e-9
                || r.w == l.intrinsic.w),
            _ => {}
        }
    }

    #[test]
    fn centred_contained_pictures_are_fully_visible(l in any_layout(), x in 0.0f64..=1.0, y in 0.0f64..=1.0) {
        let mut l = l;
        l.position = ObjectPosition::default();
        // Only cover and none can crop a centred picture.
        if matches!(l.fit, ObjectFit::Contain | ObjectFit::Fill | ObjectFit::ScaleDown) {
            let p = Point { x, y };
            prop_assert!(to_overlay(&l, p).is_some());
        }
    }
}

#[test]
fn computed_pixel_lengths() {
    use shoppable::model::geometry::parse_px;
    assert_eq!(parse_px("12.5px"), Some(12.5));
    assert_eq!(parse_px("0px"), Some(0.0));
    assert_eq!(parse_px(" 3px "), Some(3.0));
    assert_eq!(parse_px("-2px"), Some(-2.0));
    assert_eq!(parse_px("auto"), None);
    assert_eq!(parse_px("12em"), None);
    assert_eq!(parse_px("px"), None);
}

#[test]
fn pixel_lengths_as_text() {
    use shoppable::model::geometry::format_px;
    let cases = [
        (12.5, "12.5px"),
        (2.0, "2px"),
        (0.0, "0px"),
        (-0.0, "0px"),
        (-1.23456, "-1.23px"),
        (-0.25, "-0.25px"),
        (0.999, "1px"),
        (1.005_1, "1.01px"),
        (1280.07, "1280.07px"),
        (f64::NAN, "0px"),
    ];
    for (v, want) in cases {
        assert_eq!(format_px(v), want, "{v}");
    }
}

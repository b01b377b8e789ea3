#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The reserved control band: how much of the content box a player's control
//! strip covers, and the bounds tags are shown in above it.

use shoppable::model::band::{covered, in_band, tag_bounds, NATIVE_CONTROLS_PX};
use shoppable::model::geometry::{visible_bounds, Layout, ObjectFit, ObjectPosition, Rect, Size};

fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
    Rect { x, y, w, h }
}

fn layout(cw: f64, ch: f64, iw: f64, ih: f64, fit: ObjectFit) -> Layout {
    Layout {
        content: Size { w: cw, h: ch },
        intrinsic: Size { w: iw, h: ih },
        fit,
        position: ObjectPosition::parse("50% 50%"),
    }
}

#[test]
fn the_band_covers_the_bottom_of_the_content_box_it_overlaps() {
    // (video box, content box, band height) -> px of the content box covered.
    let cases = [
        // The video fills the player's box: the whole bar height.
        (
            rect(0.0, 0.0, 640.0, 360.0),
            rect(0.0, 0.0, 640.0, 360.0),
            30.0,
            30.0,
        ),
        // A bare <video controls> with a 10 px padding: the content box ends
        // 10 px above the box, so 48 px of band covers 38 px of it.
        (
            rect(100.0, 50.0, 660.0, 380.0),
            rect(110.0, 60.0, 640.0, 360.0),
            NATIVE_CONTROLS_PX,
            38.0,
        ),
        // Controls below the video (a player box taller than the picture).
        (
            rect(0.0, 0.0, 640.0, 400.0),
            rect(0.0, 0.0, 640.0, 360.0),
            40.0,
            0.0,
        ),
        (
            rect(0.0, 0.0, 640.0, 400.0),
            rect(0.0, 0.0, 640.0, 360.0),
            50.0,
            10.0,
        ),
        // No controls.
        (
            rect(0.0, 0.0, 640.0, 360.0),
            rect(0.0, 0.0, 640.0, 360.0),
            0.0,
            0.0,
        ),
        // A bar taller than the video covers all of it, never more.
        (
            rect(0.0, 0.0, 320.0, 20.0),
            rect(0.0, 0.0, 320.0, 20.0),
            48.0,
            20.0,
        ),
        // A box not laid out.
        (
            rect(0.0, 0.0, 0.0, 0.0),
            rect(0.0, 0.0, 0.0, 0.0),
            48.0,
            0.0,
        ),
        (
            rect(0.0, 0.0, 640.0, 360.0),
            rect(0.0, 0.0, 640.0, 360.0),
            f64::NAN,
            0.0,
        ),
    ];
    for (video_box, content, height, want) in cases {
        let got = covered(video_box, content, height);
        assert!(
            (got - want).abs() < 1e-9,
            "{video_box:?} {content:?} {height}: {got} != {want}"
        );
    }
}

#[test]
fn tags_are_bounded_above_the_band_as_by_the_cropped_picture() {
    let l = layout(640.0, 360.0, 640.0, 360.0, ObjectFit::Contain);
    let b = tag_bounds(&l, 48.0).unwrap();
    assert_eq!(b.bottom, 312.0);
    assert_eq!((b.left, b.top, b.right), (0.0, 0.0, 640.0));
    assert!(b.holds(320.0, 312.0), "the band's top edge is above it");
    assert!(!b.holds(320.0, 312.5));
    assert!(in_band(360.0, 48.0, 312.5) && !in_band(360.0, 48.0, 312.0));
    // No band: the visible picture, unchanged.
    assert_eq!(tag_bounds(&l, 0.0), visible_bounds(&l));
    assert!(!in_band(360.0, 0.0, 360.0));
    // A letterboxed 4:1 picture in a 16:9 box.
    let wide = layout(640.0, 360.0, 1000.0, 250.0, ObjectFit::Contain);
    // The picture is 640×160, from y = 100 to 260; a 48 px band (from 312)
    // lies in the letterbox and changes nothing.
    assert_eq!(tag_bounds(&wide, 48.0), visible_bounds(&wide));
    // A 150 px band (from 210) crops the picture's bottom 50 px.
    assert_eq!(tag_bounds(&wide, 150.0).unwrap().bottom, 210.0);
    // No picture size, no bounds.
    assert_eq!(
        tag_bounds(&layout(0.0, 0.0, 1.0, 1.0, ObjectFit::Fill), 10.0),
        None
    );
}

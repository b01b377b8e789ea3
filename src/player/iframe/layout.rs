//! Where the picture sits in an iframe player: the iframe's content box, and
//! the manifest's aspect letterboxed in it.

use crate::model::geometry::{parse_px, Layout, ObjectFit, ObjectPosition, Size};
use crate::player::BoxPos;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The iframe's content box (relative to its offset parent, like the HTML5
/// adapter's) and the picture in it: `aspect` letterboxed, centred, which is
/// how YouTube's and Vimeo's embeds draw a video.
pub fn read_layout(el: &Element, aspect: (u32, u32)) -> (Option<Layout>, Option<BoxPos>) {
    let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten())
    else {
        return (None, None);
    };
    let px = |name: &str| -> f64 {
        style
            .get_property_value(name)
            .ok()
            .and_then(|s| parse_px(&s))
            .unwrap_or(0.0)
    };
    let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() else {
        return (None, None);
    };
    if h.offset_parent().is_none()
        && style.get_property_value("position").ok().as_deref() != Some("fixed")
    {
        return (None, None); // not rendered (display: none or detached)
    }
    let (pl, pt, pr, pb) = (
        px("padding-left"),
        px("padding-top"),
        px("padding-right"),
        px("padding-bottom"),
    );
    let width = el.client_width() as f64 - pl - pr;
    let height = el.client_height() as f64 - pt - pb;
    let content_box = BoxPos {
        left: h.offset_left() as f64 + el.client_left() as f64 + pl,
        top: h.offset_top() as f64 + el.client_top() as f64 + pt,
        width,
        height,
        inset_left: el.client_left() as f64 + pl,
        inset_top: el.client_top() as f64 + pt,
    };
    if width <= 0.0 || height <= 0.0 {
        return (None, Some(content_box));
    }
    let layout = Layout {
        content: Size {
            w: width,
            h: height,
        },
        intrinsic: Size {
            w: aspect.0 as f64,
            h: aspect.1 as f64,
        },
        fit: ObjectFit::Contain,
        position: ObjectPosition::default(),
    };
    (Some(layout), Some(content_box))
}

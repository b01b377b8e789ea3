//! Our CSS in a shadow root without a `<style>` element, so a page whose
//! Content Security Policy has a strict `style-src` (no `'unsafe-inline'`)
//! still styles the widget: a constructable stylesheet (`new CSSStyleSheet()`,
//! `replaceSync`) adopted by the shadow root. Each module makes one sheet per
//! stylesheet and shares it between every mount on the page.
//!
//! An engine without constructable stylesheets (or a test forcing the
//! fallback, `embed::force`) gets a `<style>` element instead, which works
//! wherever the page's CSP allows inline styles.

use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Element, ShadowRoot};

thread_local! {
    /// The sheets made so far, by the address of their (static) text.
    static SHEETS: RefCell<Vec<(usize, CssStyleSheet)>> = const { RefCell::new(Vec::new()) };
}

/// One stylesheet added to a shadow root; dropping it takes it out again.
#[must_use = "the stylesheet is removed when this guard is dropped"]
pub struct Adopted {
    root: ShadowRoot,
    how: How,
}

enum How {
    Sheet(CssStyleSheet),
    Element(Element),
}

/// Adds `css` to `root`'s styles, after those it has.
pub fn adopt(root: &ShadowRoot, css: &'static str) -> Result<Adopted, String> {
    let how = match constructable(root).then(|| sheet(css)).flatten() {
        Some(sheet) => {
            // A fresh array each time: older engines expose a frozen array.
            let list = js_sys::Array::from(&root.adopted_style_sheets());
            list.push(&sheet);
            root.set_adopted_style_sheets(&list);
            How::Sheet(sheet)
        }
        None => {
            let doc = root.owner_document().ok_or("no document")?;
            let el = doc
                .create_element("style")
                .map_err(|_| "cannot create a <style> element")?;
            el.set_text_content(Some(css));
            root.append_child(&el)
                .map_err(|_| "cannot add the stylesheet")?;
            How::Element(el)
        }
    };
    Ok(Adopted {
        root: root.clone(),
        how,
    })
}

/// The shadow root `el` is in, for a module adding its styles beside the viewer's.
pub fn root_of(el: &Element) -> Result<ShadowRoot, String> {
    el.get_root_node()
        .dyn_into::<ShadowRoot>()
        .map_err(|_| "the slot is not in a shadow root".to_owned())
}

impl Drop for Adopted {
    fn drop(&mut self) {
        match &self.how {
            How::Sheet(sheet) => {
                let list = js_sys::Array::from(&self.root.adopted_style_sheets());
                let kept: js_sys::Array = list
                    .iter()
                    .filter(|s| s != AsRef::<JsValue>::as_ref(sheet))
                    .collect();
                self.root.set_adopted_style_sheets(&kept);
            }
            How::Element(el) => el.remove(),
        }
    }
}

/// Whether this engine has constructable stylesheets a shadow root can adopt.
fn constructable(root: &ShadowRoot) -> bool {
    !super::force::fallback("adopted")
        && js_sys::Reflect::has(root, &JsValue::from_str("adoptedStyleSheets")).unwrap_or(false)
}

/// The shared sheet for `css`, made on first use; `None` where the
/// constructor is missing or throws (engines before constructable sheets).
fn sheet(css: &'static str) -> Option<CssStyleSheet> {
    let key = css.as_ptr() as usize;
    SHEETS.with(|s| {
        if let Some((_, sheet)) = s.borrow().iter().find(|(k, _)| *k == key) {
            return Some(sheet.clone());
        }
        let sheet = CssStyleSheet::new().ok()?;
        sheet.replace_sync(css).ok()?;
        s.borrow_mut().push((key, sheet.clone()));
        Some(sheet)
    })
}

//! Prices as the viewer reads them: integer minor units turned into an exact
//! decimal string by the model, then localised by the browser's
//! `Intl.NumberFormat` (which accepts decimal strings, so no float ever holds
//! money).

use crate::model::manifest::{Manifest, Product};
use crate::model::money;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub struct PriceFormat {
    format: Option<Function>,
    currency: String,
}

impl PriceFormat {
    pub fn new(locale: &str, currency: &str) -> PriceFormat {
        let format = number_format(locale, currency).or_else(|| number_format("en", currency));
        PriceFormat {
            format,
            currency: currency.to_owned(),
        }
    }

    /// For a manifest's currency, in the page's `locale` option, else the
    /// manifest's, else the browser's, else English.
    pub fn for_manifest(locale: Option<String>, m: &Manifest) -> PriceFormat {
        let locale = locale
            .or_else(|| m.locale.clone())
            .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
            .unwrap_or_else(|| "en".to_owned());
        PriceFormat::new(&locale, &m.currency)
    }

    /// "from $17.00" when a product's variants differ in price, else "$19.00".
    pub fn label(&self, p: &Product) -> String {
        let (lo, hi) = p.price_range();
        let price = self.format(lo);
        if lo == hi {
            price
        } else {
            ["from ", price.as_str()].concat()
        }
    }

    pub fn format(&self, minor: i64) -> String {
        let exact = money::decimal_string(minor, &self.currency);
        self.format
            .as_ref()
            .and_then(|f| f.call1(&JsValue::NULL, &JsValue::from_str(&exact)).ok())
            .and_then(|s| s.as_string())
            // Without Intl (or for a code it rejects) the exact figure still reads right.
            .unwrap_or_else(|| [self.currency.as_str(), " ", exact.as_str()].concat())
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }
}

/// `new Intl.NumberFormat(locale, {style: "currency", currency})`, or `None`
/// when the browser rejects the locale or the code (it throws a RangeError).
fn number_format(locale: &str, currency: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let ctor: Function = Reflect::get(&intl, &"NumberFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let opts = Object::new();
    Reflect::set(&opts, &"style".into(), &"currency".into()).ok()?;
    Reflect::set(&opts, &"currency".into(), &currency.into()).ok()?;
    // Browsers take digit counts from CLDR, which differs from ISO 4217 for a
    // few codes (IQD); the minor units follow ISO, so pin the digits to it.
    let digits = JsValue::from(money::currency_exponent(currency));
    Reflect::set(&opts, &"minimumFractionDigits".into(), &digits).ok()?;
    Reflect::set(&opts, &"maximumFractionDigits".into(), &digits).ok()?;
    let nf = Reflect::construct(&ctor, &Array::of2(&locale.into(), &opts)).ok()?;
    Reflect::get(&nf, &"format".into()).ok()?.dyn_into().ok()
}

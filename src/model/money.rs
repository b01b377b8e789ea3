//! Money as integer minor units plus an ISO 4217 code (DESIGN.md invariant 6).
//!
//! Amounts never become floats: the browser formats the decimal string made
//! here with `Intl.NumberFormat`, which accepts decimal strings exactly. Because
//! browsers use CLDR's digit counts (IQD, for one, gets 0 there but 3 in ISO
//! 4217), the caller should pass `minimumFractionDigits` and
//! `maximumFractionDigits` equal to [`currency_exponent`], so no minor unit is
//! ever rounded away.

/// ISO 4217 currencies with no minor unit.
const ZERO: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
/// ISO 4217 currencies with three minor-unit digits.
const THREE: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
/// ISO 4217 currencies (units of account) with four.
const FOUR: &[&str] = &["CLF", "UYW"];

/// Number of minor-unit digits of an ISO 4217 code: 0 for JPY, 2 for USD,
/// 3 for KWD, 4 for CLF. Every code not listed above, known or not, gets 2,
/// the ISO 4217 majority, so a new currency still formats sensibly.
pub fn currency_exponent(code: &str) -> u32 {
    if ZERO.contains(&code) {
        0
    } else if THREE.contains(&code) {
        3
    } else if FOUR.contains(&code) {
        4
    } else {
        2
    }
}

/// True for three upper-case ASCII letters, the shape of every ISO 4217 code.
///
/// Deliberately a shape check, not a list: the list changes (new currencies,
/// redenominations), and the browser's `Intl.NumberFormat` accepts any
/// well-formed code.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The amount `minor` (in minor units of `code`) as a plain decimal string:
/// `1900, "USD"` gives `"19.00"`, `1900, "JPY"` gives `"1900"`, `1250, "KWD"`
/// gives `"1.250"`, `-5, "USD"` gives `"-0.05"`.
///
/// Written by hand rather than with `format!` because it runs for every price
/// on screen and the formatting machinery costs wasm bytes; `i64::MIN` is safe
/// because the magnitude is taken as `u64`.
pub fn decimal_string(minor: i64, code: &str) -> String {
    let exp = currency_exponent(code) as usize;
    // Digits least significant first; u64 has at most 20, and padding to
    // exp + 1 (at most 5) never exceeds that.
    let mut digits = [b'0'; 20];
    let mut len = 0;
    let mut n = minor.unsigned_abs();
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    // At least one integer digit before the point: 5 cents is "0.05".
    len = len.max(exp + 1);
    let mut out = String::with_capacity(len + 2);
    if minor < 0 {
        out.push('-');
    }
    for i in (0..len).rev() {
        out.push(digits[i] as char);
        if i == exp && exp > 0 {
            out.push('.');
        }
    }
    out
}

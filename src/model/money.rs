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

/// A price a person typed, in major units of `code` (`"15"`, `"15.5"`,
/// `"15.50"` for USD), as minor units (`1500`, `1550`, `1550`); the inverse
/// of [`decimal_string`] for amounts of 0 or more. `None` for anything else:
/// a sign, more fraction digits than the currency has (`"15.505"` USD, any
/// fraction for JPY), grouping separators, no digits, or an overflow. The
/// producer console reads its deal price with it, so a typed amount is
/// never a float.
pub fn parse_decimal(text: &str, code: &str) -> Option<i64> {
    let exp = currency_exponent(code) as usize;
    let (whole, frac) = match text.trim().split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.trim(), ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty())
        || !all_digits(whole)
        || !all_digits(frac)
        || frac.len() > exp
    {
        return None;
    }
    let mut minor: i64 = 0;
    let padded = frac.bytes().chain(std::iter::repeat(b'0')).take(exp);
    for b in whole.bytes().chain(padded) {
        minor = minor.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
    }
    Some(minor)
}

#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Money: ISO 4217 exponents and exact decimal strings, never floats.

use shoppable::model::money::{currency_exponent, decimal_string, is_currency_code};

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn exponents_follow_iso_4217() {
    let cases = [
        ("JPY", 0), ("KRW", 0), ("VND", 0), ("CLP", 0), ("ISK", 0), ("UGX", 0), ("XOF", 0),
        ("USD", 2), ("EUR", 2), ("GBP", 2), ("CNY", 2), ("INR", 2),
        ("KWD", 3), ("BHD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3), ("LYD", 3), ("IQD", 3),
        ("CLF", 4), ("UYW", 4),
        // Unknown or malformed codes get the majority's 2.
        ("ZZZ", 2), ("usd", 2), ("", 2),
    ];
    for (code, exp) in cases {
        assert_eq!(currency_exponent(code), exp, "{code}");
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn decimal_strings() {
    let cases: &[(i64, &str, &str)] = &[
        (1900, "USD", "19.00"),
        (1900, "JPY", "1900"),
        (1250, "KWD", "1.250"),
        (-5, "USD", "-0.05"),
        (5, "USD", "0.05"),
        (0, "USD", "0.00"),
        (0, "JPY", "0"),
        (0, "KWD", "0.000"),
        (0, "CLF", "0.0000"),
        (1, "CLF", "0.0001"),
        (-1, "JPY", "-1"),
        (99, "EUR", "0.99"),
        (100, "EUR", "1.00"),
        (-100, "EUR", "-1.00"),
        (123456789, "GBP", "1234567.89"),
        (7, "KWD", "0.007"),
        (-1250, "BHD", "-1.250"),
        (i64::MAX, "USD", "92233720368547758.07"),
        (i64::MIN, "USD", "-92233720368547758.08"),
        (i64::MIN, "JPY", "-9223372036854775808"),
        (i64::MIN, "CLF", "-922337203685477.5808"),
        (i64::MAX, "KWD", "9223372036854775.807"),
    ];
    for &(minor, code, want) in cases {
        assert_eq!(decimal_string(minor, code), want, "{minor} {code}");
    }
}

#[test]
fn decimal_strings_round_trip_through_integers() {
    // Removing the point gives back the integer, for a spread of values.
    for code in ["USD", "JPY", "KWD", "CLF"] {
        let mut v: i64 = 1;
        while v < i64::MAX / 7 {
            for minor in [v, -v, v + 3, -(v + 3)] {
                let s = decimal_string(minor, code);
                let digits: String = s.chars().filter(|c| *c != '.').collect();
                assert_eq!(digits.parse::<i64>().unwrap(), minor, "{s}");
                let exp = currency_exponent(code) as usize;
                match s.find('.') {
                    Some(dot) => assert_eq!(s.len() - dot - 1, exp, "{s}"),
                    None => assert_eq!(exp, 0, "{s}"),
                }
            }
            v *= 7;
        }
    }
}

#[test]
fn currency_codes() {
    for ok in ["USD", "JPY", "KWD", "XAF", "ZZZ"] {
        assert!(is_currency_code(ok), "{ok}");
    }
    for bad in ["", "US", "USDX", "usd", "Usd", "U$D", "12A", " USD", "ÜSD"] {
        assert!(!is_currency_code(bad), "{bad:?}");
    }
}

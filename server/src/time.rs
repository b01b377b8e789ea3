//! Times as the admin API reads them: RFC 3339 (`2026-11-29T10:00:00Z`,
//! with a fraction or an offset), a date (`2026-11-29`, midnight UTC) or
//! milliseconds since the Unix epoch. The timestamp itself is the model's
//! parser (`model::manifest::parse_rfc3339_ms`), the one the live streams'
//! program dates go through.

use shoppable::model::manifest::parse_rfc3339_ms;

/// Milliseconds since the epoch, or `None` if `s` is none of the forms.
pub fn parse_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(ms) = s.parse::<i64>() {
        return Some(ms);
    }
    if s.len() == 10 {
        return parse_rfc3339_ms(&format!("{s}T00:00:00Z"));
    }
    parse_rfc3339_ms(s)
}

#[cfg(test)]
mod tests {
    use super::parse_ms;

    #[test]
    fn forms() {
        assert_eq!(parse_ms("1970-01-01"), Some(0));
        assert_eq!(parse_ms("2000-03-01T00:00:00Z"), Some(951_868_800_000));
        assert_eq!(parse_ms("2026-11-29T10:00:00.25Z"), Some(1_795_946_400_250));
        assert_eq!(
            parse_ms("2026-11-29T11:00:00+01:00"),
            Some(1_795_946_400_000)
        );
        assert_eq!(parse_ms("1795946400000"), Some(1_795_946_400_000));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "yesterday",
            "2026-11-29T25:00:00Z",
            "2026-11-29T10:00:00",
        ] {
            assert_eq!(parse_ms(bad), None, "{bad}");
        }
    }
}

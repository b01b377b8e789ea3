//! Limits that keep one client (or one slow request) from taking the
//! server: a per-client rate limit on `/api` and a request timeout.
//!
//! **Who the client is.** The peer address of the connection, unless the
//! peer is one of `--trusted-proxies`: then the `X-Forwarded-For` entries
//! are read right to left, skipping trusted proxies, and the first address
//! that is not one is the client. An `X-Forwarded-For` from anyone else is
//! ignored, so a client cannot pick its own bucket.
//!
//! **Rate limit.** One token bucket (GCRA, the `governor` crate) per client
//! address; over it, `429` `rate-limited` with `Retry-After` in seconds.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use shoppable::model::checkout::CheckoutProblem;

use crate::config::RateLimit;
use crate::problem::{problem_json, Problem};

/// The rate limiter and the proxies it believes.
pub struct Limits {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    trusted: Vec<ipnet::IpNet>,
}

impl Limits {
    pub fn new(rate: Option<RateLimit>, trusted: Vec<ipnet::IpNet>) -> Limits {
        let limiter = rate.map(|r| {
            let per_second = NonZeroU32::new(r.per_second).unwrap_or(NonZeroU32::MIN);
            let burst = NonZeroU32::new(r.burst).unwrap_or(per_second);
            governor::RateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst))
        });
        Limits { limiter, trusted }
    }

    /// Forgets buckets that are full again (called every minute), so the
    /// map holds recent clients only.
    pub fn retain_recent(&self) {
        if let Some(l) = &self.limiter {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.trusted.iter().any(|n| n.contains(&ip))
    }

    /// The client's address (see the module docs).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusted(peer) {
            return peer;
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .collect();
        forwarded
            .iter()
            .rev()
            .find(|ip| !self.trusted(**ip))
            .or(forwarded.first())
            .copied()
            .unwrap_or(peer)
    }

    /// `Err(seconds)` when `client` must wait.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let Some(l) = &self.limiter else {
            return Ok(());
        };
        l.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// The peer address axum saw, or loopback where there is none (a request
/// built in a test without a connection).
pub fn peer(req: &Request) -> IpAddr {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

/// Middleware for `/api`: 429 over the client's rate.
pub async fn rate_limit(State(limits): State<Arc<Limits>>, req: Request, next: Next) -> Response {
    let client = limits.client(peer(&req), req.headers());
    match limits.check(client) {
        Ok(()) => next.run(req).await,
        Err(wait) => with_retry_after(
            problem_json(&CheckoutProblem::RateLimited.document()),
            wait.max(1),
        ),
    }
}

/// Middleware: a request that has no response head after `limit` gets a
/// 503 problem. Only the head: a long download's body is not cut.
pub async fn timeout(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => with_retry_after(
            Problem::new(StatusCode::SERVICE_UNAVAILABLE)
                .detail(format!(
                    "{path} took longer than {} s to answer; try again",
                    limit.as_secs()
                ))
                .into_response(),
            1,
        ),
    }
}

/// Adds `Retry-After: seconds`.
pub fn with_retry_after(mut res: Response, seconds: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let l = Limits::new(None, vec!["10.0.0.0/8".parse().unwrap()]);
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        // Through our proxy: the rightmost address that is not ours.
        assert_eq!(
            l.client(proxy, &headers("198.51.100.7, 10.9.9.9")),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // A forged first entry does not win over what our proxy appended.
        assert_eq!(
            l.client(proxy, &headers("1.1.1.1, 198.51.100.7")),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        // From anyone else the header is ignored.
        assert_eq!(l.client(stranger, &headers("1.1.1.1")), stranger);
        assert_eq!(l.client(proxy, &HeaderMap::new()), proxy);
    }

    #[test]
    fn buckets_are_per_client() {
        let l = Limits::new(
            Some(RateLimit {
                per_second: 1,
                burst: 2,
            }),
            vec![],
        );
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        assert!(l.check(a).is_ok());
        assert!(l.check(a).is_ok());
        let wait = l.check(a).unwrap_err();
        assert!((1..=2).contains(&wait), "{wait}");
        assert!(l.check(b).is_ok());
    }
}

//! Which origins an embedded player's messages may come from, and where ours
//! go (ARCHITECTURE.md, "Players"). Origins are strings as browsers serialise
//! them: `scheme://host[:port]`, lowercase, no default port.
//!
//! For a frame whose `src` names one of the vendor's hosts, we do what the
//! official clients do: an `http:` (or protocol-relative `//…` on an `http:`
//! page) address is taken as `https:`, since the vendor serves its player only
//! there; and the player may answer from any of the vendor's hosts (YouTube's
//! `youtube.com` redirects to `www.youtube.com`, for one), so until it has
//! answered every one of them is a candidate, and the first that answers is
//! the only one from then on ([`OriginLock`]). Any other `src` (a self-hosted
//! copy, a proxy, the tests' local stand-ins) is taken as written: we cannot
//! know another server's redirects, and its own origin is the only one we can
//! vouch for.

/// `origin` with `http:` replaced by `https:` when its host is one of
/// `vendor_hosts`; any other origin unchanged.
pub fn upgrade(origin: &str, vendor_hosts: &[&str]) -> String {
    match origin.strip_prefix("http://") {
        Some(rest) if vendor_hosts.contains(&host_of(rest)) => ["https://", rest].concat(),
        _ => origin.to_owned(),
    }
}

/// The origins a frame whose document's address has `src_origin` may answer
/// from, the first one being the address itself (upgraded): for a vendor's
/// host, then each of the vendor's hosts over `https:`; else only `src_origin`.
pub fn reply_origins(src_origin: &str, vendor_hosts: &[&str]) -> Vec<String> {
    let first = upgrade(src_origin, vendor_hosts);
    let vendor = first
        .strip_prefix("https://")
        .is_some_and(|rest| vendor_hosts.contains(&host_of(rest)));
    let mut out = vec![first];
    if vendor {
        for host in vendor_hosts {
            let o = ["https://", host].concat();
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}

/// `host[:port]` → `host` (vendor hosts are names, never bracketed IPv6).
fn host_of(host_port: &str) -> &str {
    host_port.split(':').next().unwrap_or(host_port)
}

/// The origin a frame's player answered from first; from then on only that
/// one counts, and ours go only there. Cleared when the frame loads a new
/// document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OriginLock(Option<String>);

impl OriginLock {
    /// Whether a message from `origin` counts, given the frame's current
    /// `candidates` ([`reply_origins`]); the first that counts locks.
    pub fn admit(&mut self, origin: &str, candidates: &[String]) -> bool {
        match &self.0 {
            Some(locked) => locked == origin,
            None if candidates.iter().any(|c| c == origin) => {
                self.0 = Some(origin.to_owned());
                true
            }
            None => false,
        }
    }

    /// Where our messages go: the locked origin, or every candidate (each
    /// post names one origin; the browser delivers only the one that matches
    /// the frame's document).
    pub fn targets(&self, candidates: Vec<String>) -> Vec<String> {
        match &self.0 {
            Some(locked) => vec![locked.clone()],
            None => candidates,
        }
    }

    pub fn locked(&self) -> Option<&str> {
        self.0.as_deref()
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }
}

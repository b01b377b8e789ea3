//! The analytics adapters a mount may start (README, "Analytics"): their
//! names as the `analytics` attach option and manifest field list them,
//! checked here for the manifest natively (the server, tools, the studio)
//! and in the shop's build. In the browser, `www/shoppable-analytics.js`
//! checks both lists with the same words (`embed/analytics.rs` says why),
//! and decides what each adapter sends.

use serde::Serialize;

/// One analytics tool the widget can report to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Adapter {
    /// Google Tag Manager's `window.dataLayer.push` (GA4 ecommerce events).
    DataLayer,
    /// Google's `gtag('event', …)` (the same GA4 events).
    Gtag,
    /// Meta Pixel's `fbq('track', …)`.
    Fbq,
    /// Segment's `analytics.track(…)` (ecommerce spec v2).
    Segment,
}

/// Every adapter, in the order the messages name them.
pub const ADAPTERS: [Adapter; 4] = [
    Adapter::DataLayer,
    Adapter::Gtag,
    Adapter::Fbq,
    Adapter::Segment,
];

impl Adapter {
    /// The name a page or manifest writes.
    pub fn name(self) -> &'static str {
        match self {
            Adapter::DataLayer => "dataLayer",
            Adapter::Gtag => "gtag",
            Adapter::Fbq => "fbq",
            Adapter::Segment => "segment",
        }
    }

    pub fn from_name(name: &str) -> Option<Adapter> {
        ADAPTERS.into_iter().find(|a| a.name() == name)
    }
}

/// The adapters a list names, in its order, each once; and for each entry
/// left out, its index and why (`unknown adapter "ga"; expected one of
/// dataLayer, gtag, fbq, segment`), for a warning at `<list>[index]`. The
/// rest of the list still counts (a name over 40 characters is no adapter's,
/// and is cut there in its message). `www/shoppable-analytics.js` checks
/// the lists it is given in the browser with the same words.
pub fn adapters(names: &[String]) -> (Vec<Adapter>, Vec<(usize, String)>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, name) in names.iter().enumerate() {
        // Long values are cut to 40 characters, as in every manifest message.
        let shown = match name.char_indices().nth(40) {
            Some((cut, _)) => [&name[..cut], "…"].concat(),
            None => name.to_owned(),
        };
        let name = shown.as_str();
        match Adapter::from_name(name) {
            Some(a) if out.contains(&a) => {
                problems.push((i, ["\"", name, "\" is listed twice"].concat()))
            }
            Some(a) => out.push(a),
            None => problems.push((
                i,
                [
                    "unknown adapter \"",
                    name,
                    "\"; expected one of dataLayer, gtag, fbq, segment",
                ]
                .concat(),
            )),
        }
    }
    (out, problems)
}

//! First-party analytics (README, "First-party analytics"): the batch the
//! viewer's beacon sends to `POST /api/events`, and the rules the server
//! checks it by. Shared so both sides agree on the names and the bounds.
//!
//! ```json
//! { "video": "hero", "show": null,
//!   "events": [{ "kind": "tag_click", "tag": "t1", "t": 4.25 }] }
//! ```
//!
//! An event's `kind` is its `shoppable:*` DOM event's name without the
//! prefix, so the viewer sends the name it heard; `t` is the video time
//! in seconds the event carried (for a live show, tag time on the
//! manifest's clock; the server turns it into show time). There is
//! nothing about the viewer: no id, no session, no page, no wall clock.

use serde::Deserialize;

/// Most events in one batch: the widget sends a batch when it holds this
/// many (or the page is hidden), and the server refuses a longer one.
pub const MAX_EVENTS: usize = 50;

/// Largest body the server reads, in bytes: 50 events with the longest
/// ids (`MAX_ID`) fit with room to spare.
pub const MAX_BODY: usize = 24 * 1024;

/// Longest video or tag id accepted (as in a checkout's attribution).
pub const MAX_ID: usize = 128;

/// Latest video time accepted, in seconds (as in a checkout's attribution:
/// a live show's clock may run for days; nothing runs for 30 years).
pub const MAX_TIME: f64 = 1.0e9;

/// What happened. Stored as its [`Kind::code`]; named on the wire by
/// [`Kind::name`], the DOM event's name without `shoppable:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// The video started playing (once per mount).
    VideoView,
    /// A tag appeared on screen.
    TagView,
    /// A tag was tapped.
    TagClick,
    /// A product's sheet was shown.
    ProductView,
    AddToCart,
    BeginCheckout,
    /// An order was confirmed by the checkout endpoint.
    Purchase,
}

impl Kind {
    /// In funnel order.
    pub const ALL: [Kind; 7] = [
        Kind::VideoView,
        Kind::TagView,
        Kind::TagClick,
        Kind::ProductView,
        Kind::AddToCart,
        Kind::BeginCheckout,
        Kind::Purchase,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::VideoView => "video_view",
            Kind::TagView => "tag_view",
            Kind::TagClick => "tag_click",
            Kind::ProductView => "product_view",
            Kind::AddToCart => "add_to_cart",
            Kind::BeginCheckout => "begin_checkout",
            Kind::Purchase => "purchase",
        }
    }

    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The small integer the store keeps.
    pub fn code(self) -> u8 {
        Kind::ALL.iter().position(|k| *k == self).unwrap_or(0) as u8
    }

    pub fn from_code(c: i64) -> Option<Kind> {
        usize::try_from(c)
            .ok()
            .and_then(|i| Kind::ALL.get(i).copied())
    }
}

/// A batch as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = BeaconBatch))]
pub struct Batch {
    /// The manifest's `video.id`.
    pub video: String,
    /// A live show's id (the manifest's `live.show`), for events of a show.
    #[serde(default)]
    pub show: Option<String>,
    /// 1 to 50 events.
    pub events: Vec<Event>,
}

/// One event as sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// Named apart from the orders' history `Event` in the OpenAPI document.
#[cfg_attr(feature = "openapi", schema(as = BeaconEvent))]
pub struct Event {
    /// `video_view`, `tag_view`, `tag_click`, `product_view`,
    /// `add_to_cart`, `begin_checkout` or `purchase`.
    pub kind: String,
    /// The tag the event came from (a tag of the video's manifest), if any.
    #[serde(default)]
    pub tag: Option<String>,
    /// Video time in seconds (for a live show, the manifest's tag time).
    pub t: f64,
}

/// An event that passed: its kind, the index of its tag in the list the
/// batch was checked against, and its time in whole milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub kind: Kind,
    pub tag: Option<usize>,
    pub ms: i64,
}

/// Why a batch is refused: the JSON path of the first member at fault and
/// the rule, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> Invalid {
    Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// Checks every event of `batch` in order against the video's `tags`
/// (their ids); the whole batch is refused at the first bad member, so a
/// client's mistake is seen, not half-counted. Whether `video` and `show`
/// exist is the caller's (the server's catalog).
pub fn check(batch: &Batch, tags: &[&str]) -> Result<Vec<Checked>, Invalid> {
    id("video", &batch.video)?;
    if let Some(s) = &batch.show {
        if !super::manifest::is_show_id(s) {
            return Err(invalid(
                "show",
                "not a show id (1 to 64 letters, digits, _ or -)",
            ));
        }
    }
    if batch.events.is_empty() {
        return Err(invalid("events", "empty; send 1 to 50 events"));
    }
    if batch.events.len() > MAX_EVENTS {
        return Err(invalid(
            "events",
            format!(
                "{} events; a batch holds at most {MAX_EVENTS}",
                batch.events.len()
            ),
        ));
    }
    batch
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let at = |member: &str| format!("events[{i}].{member}");
            let kind = Kind::from_name(&e.kind).ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                invalid(
                    at("kind"),
                    format!("unknown kind; one of {}", names.join(", ")),
                )
            })?;
            let tag = match &e.tag {
                None => None,
                Some(t) => Some(tags.iter().position(|x| *x == t.as_str()).ok_or_else(|| {
                    invalid(
                        at("tag"),
                        format!("no tag {:?} in video {:?}", excerpt(t), batch.video),
                    )
                })?),
            };
            if !(e.t.is_finite() && (0.0..=MAX_TIME).contains(&e.t)) {
                return Err(invalid(
                    at("t"),
                    "not a video time (seconds from 0 up to 1e9)",
                ));
            }
            Ok(Checked {
                kind,
                tag,
                ms: (e.t * 1000.0).round() as i64,
            })
        })
        .collect()
}

fn id(path: &str, v: &str) -> Result<(), Invalid> {
    if v.is_empty() || v.chars().count() > MAX_ID {
        return Err(invalid(path, format!("1 to {MAX_ID} characters")));
    }
    Ok(())
}

/// A client's string as quoted in a message: at most 40 characters.
fn excerpt(s: &str) -> String {
    s.chars().take(40).collect()
}

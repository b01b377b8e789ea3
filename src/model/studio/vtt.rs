//! A WebVTT metadata track (`<track kind="metadata">`): one cue per tag,
//! spanning the tag, whose text is a JSON object (`tag`, `product`, `title`,
//! `keyframes`). Players and scripts that read text tracks get the tags
//! without our widget.

use serde_json::json;

use crate::model::manifest::Manifest;

/// The whole `.vtt` file, cues in time order.
pub fn metadata_track(manifest: &Manifest) -> String {
    let mut tags: Vec<_> = manifest.tags.iter().collect();
    tags.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut out = String::from("WEBVTT\n");
    for (i, t) in tags.iter().enumerate() {
        let payload = json!({
            "tag": t.id,
            "product": manifest.products[t.product].id,
            "title": manifest.products[t.product].title,
            "keyframes": t.keyframes.iter().map(|k| json!({"t": k.t, "x": k.x, "y": k.y})).collect::<Vec<_>>(),
        });
        // A cue's text may not contain "-->" (it would read as a timing
        // line); compact JSON has no line breaks.
        let text = payload.to_string().replace("-->", "--\\u003e");
        out.push_str(&format!(
            "\n{}\n{} --> {}\n{}\n",
            i + 1,
            timestamp(t.start),
            timestamp(t.end),
            text
        ));
    }
    out
}

/// `hh:mm:ss.ttt`, as WebVTT writes times.
pub fn timestamp(seconds: f64) -> String {
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

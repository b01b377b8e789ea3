//! The live show the live tests share: its producer token and its manifest
//! (a program-date stream with show `show-1`, two products, one with variants).

pub const PRODUCER: &str = "test-producer-token-0123456789";

pub const LIVE: &str = r#"{
  "version": 1,
  "video": { "id": "live-video", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "show-1", "events": "/api/live/show-1/events" },
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900, "options": ["Shade"],
      "variants": [ { "id": "ruby", "options": ["Ruby"] }, { "id": "plum", "options": ["Plum"] } ] },
    { "id": "tote", "title": "Canvas Tote", "price": 2900 }
  ]
}"#;

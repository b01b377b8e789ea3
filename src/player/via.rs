//! How a library player (video.js, Plyr) is followed: its real `<video>`
//! directly when it has one, else through the library's own API (YouTube or
//! Vimeo techs and providers). Shared so each adapter only says which.

use super::custom::CustomPlayer;
use super::follow::Follower;
use super::{Player, PlayerState};
use web_sys::Element;

pub(crate) enum Via {
    /// The player's `<video>`, followed directly.
    Video(Follower),
    /// Through the player's API.
    Api(CustomPlayer),
}

impl Via {
    pub fn state(&self) -> PlayerState {
        match self {
            Via::Video(f) => f.state(),
            Via::Api(c) => c.state(),
        }
    }

    /// See [`Player::every_frame`]; the API path reports every frame anyway.
    pub fn every_frame(&self, on: bool) {
        if let Via::Video(f) = self {
            f.every_frame(on);
        }
    }

    pub fn surface(&self) -> Element {
        match self {
            Via::Video(f) => f.surface(),
            Via::Api(c) => c.surface(),
        }
    }

    /// The library's container when a `<video>` is followed; else the surface.
    pub fn container(&self) -> Element {
        match self {
            Via::Video(f) => f.container(),
            Via::Api(c) => c.surface(),
        }
    }
}

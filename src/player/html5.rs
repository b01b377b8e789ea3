//! The adapter for a plain `<video>`.
//!
//! All the following (media events, ResizeObserver, IntersectionObserver, a
//! frame loop only while playing and on screen) is [`super::follow`], which
//! the video.js, Plyr, hls.js and custom-element adapters share; a bare
//! `<video>` is the case where the video is media, surface, picture and
//! fullscreen container at once.

use super::follow::{Follower, Spec};
use super::{Player, PlayerRequest, PlayerState, StateSink};
use web_sys::HtmlVideoElement;

/// Follows one `<video>` until dropped; dropping removes every listener,
/// observer and frame callback it added.
pub struct Html5Player {
    follower: Follower,
}

impl Html5Player {
    pub fn new(video: HtmlVideoElement, sink: StateSink) -> Html5Player {
        Html5Player {
            follower: Follower::new(Spec::video(&video), sink),
        }
    }
}

impl Player for Html5Player {
    fn name(&self) -> &'static str {
        "html5"
    }

    fn surface(&self) -> web_sys::Element {
        self.follower.surface()
    }

    fn state(&self) -> PlayerState {
        self.follower.state()
    }

    fn every_frame(&self, on: bool) {
        self.follower.every_frame(on);
    }

    fn request(&self, req: PlayerRequest) {
        self.follower.request_media(req);
    }
}

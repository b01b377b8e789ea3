//! Shoppable video widget: tappable, time-coded product tags over a video that
//! is already on a web page. See ARCHITECTURE.md for the map.
//!
//! `model` is pure and builds everywhere; the browser layers build for wasm32
//! only, so `cargo test` of the model stays native and fast.

pub mod model;

// Public only so the browser tests (tests/browser_*.rs) can call `start`,
// `mount` and `MountHandle::destroy` as the loader does; not an API.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod api;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod player;
// The viewer module: tags and the bar over the video, in plain DOM.
#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
pub mod overlay;
// Timers cancelled on drop: the viewer's wake-ups, the live card's ticks.
#[cfg(all(target_arch = "wasm32", any(feature = "viewer", feature = "live")))]
pub(crate) mod timer;
// The shop module: sheet, cart, checkout (leptos).
#[cfg(all(target_arch = "wasm32", feature = "shop"))]
pub mod pay;
#[cfg(all(target_arch = "wasm32", feature = "shop"))]
pub mod shop;
#[cfg(all(target_arch = "wasm32", feature = "shop"))]
pub mod ui;
// The live producer console (leptos): a page of its own, never a viewer's.
#[cfg(all(target_arch = "wasm32", feature = "producer"))]
pub mod producer;
// The live module: the pinned card, deals, likes (plain DOM).
#[cfg(all(target_arch = "wasm32", feature = "live"))]
pub mod live;
// The studio (leptos): a page of its own, never a viewer's.
#[cfg(all(target_arch = "wasm32", feature = "studio"))]
pub mod studio;
// The studio's tracking worker: the tracker alone, for a module worker.
#[cfg(all(target_arch = "wasm32", feature = "track-worker"))]
pub mod track_worker;

// Every module's heap (see Cargo.toml): talc in place of dlmalloc, 2 KB
// brotli less on the viewer path. The modules are single-threaded (no
// `atomics`), which this allocator assumes.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

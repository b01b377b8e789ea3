//! Shoppable video widget. See ARCHITECTURE.md for the map.
pub mod model;

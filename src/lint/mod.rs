//! Content rules beyond consent: review freshness (and, later, patient information).

pub mod phi;
pub mod phi_item;
pub mod phone;
pub mod reply;
pub mod review;
pub mod trackers;

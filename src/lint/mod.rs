//! Content rules beyond consent: review freshness (and, later, patient information).

pub mod review;

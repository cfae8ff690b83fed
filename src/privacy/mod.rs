//! What a page sends to third parties while a patient reads it: the tracker table,
//! the scanner that finds trackers and third-party loads in any file, click-to-load
//! embeds, and the browser policies (CSP, referrer, `_headers`) every page carries.
//!
//! Everything here is plain data and pure functions over text; the lint layer turns
//! findings into diagnostics and the render layer applies the policies.

pub mod embeds;
pub mod policy;
pub mod scan;
pub mod vendors;

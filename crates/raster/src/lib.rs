//! carepress's pixel work, kept in its own crate so that it is optimised even in
//! test builds (see `[profile.dev.package.carepress-raster]` in the workspace
//! manifest) while the rest of carepress compiles unoptimised and fast. Nothing here
//! knows about sites, themes or diagnostics: it takes bytes and pixels and gives
//! back pixels, bytes or a plain error message.

pub mod encode;
pub mod resize;
pub mod source;
pub mod svg;

pub use resize::Pixels;

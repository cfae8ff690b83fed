//! Loading content: files under `content/` become `Item`s, parsed in parallel.

pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod model;

pub use load::{LoadedContent, load};
pub use model::{Citation, Contest, Detail, EventStatus, Every, Item, Kind, Prize, Stream};

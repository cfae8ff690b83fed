//! Sessionizing page views into visits, in file order, with bounded memory.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::chunk::{GOAL, Hit, LAND};

/// Visits and the visits among them that reached a goal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub visits: u64,
    pub conversions: u64,
}

impl Counts {
    fn add(&mut self, converted: bool) {
        self.visits += 1;
        self.conversions += u64::from(converted);
    }
}

/// Keys are already salted 64-bit hashes, so hashing them again would only cost time.
#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The open visit of one client.
#[derive(Debug, Clone, Copy)]
struct Visit {
    start: i64,
    last: i64,
    source: u32,
    campaign: u32,
    converted: bool,
}

/// Finished visits, keyed by global interned ids and day numbers (days since 1970-01-01).
#[derive(Debug, Default)]
pub(super) struct Tally {
    pub visits: u64,
    pub conversions: u64,
    pub by_source: IdMap<u32, Counts>,
    pub by_campaign: HashMap<(u32, u32), Counts>,
    /// (all visits, visits with a source).
    pub by_day: IdMap<i64, (Counts, Counts)>,
}

impl Tally {
    fn finish(&mut self, v: &Visit) {
        self.visits += 1;
        self.conversions += u64::from(v.converted);
        self.by_source.entry(v.source).or_default().add(v.converted);
        if v.campaign != 0 {
            self.by_campaign
                .entry((v.source, v.campaign))
                .or_default()
                .add(v.converted);
        }
        let day = self.by_day.entry(v.start.div_euclid(86400)).or_default();
        day.0.add(v.converted);
        if v.source != 0 {
            day.1.add(v.converted);
        }
    }
}

/// Open visits below this many are never swept: too few to matter.
const MIN_SWEEP: usize = 1024;

/// Per-client open visits plus the finished tally.
pub(super) struct Sessions {
    gap: i64,
    slack: i64,
    clients: IdMap<u64, Visit>,
    /// Latest page-view time seen: the log's "now" for eviction.
    watermark: i64,
    /// Map size that triggers the next sweep.
    sweep_at: usize,
    pub peak_clients: usize,
    pub tally: Tally,
}

impl Sessions {
    pub fn new(gap: i64, slack: i64) -> Sessions {
        Sessions {
            gap: gap.max(0),
            slack: slack.max(0),
            clients: IdMap::default(),
            watermark: i64::MIN,
            sweep_at: MIN_SWEEP,
            peak_clients: 0,
            tally: Tally::default(),
        }
    }

    /// Adds one page view (ids already global). A view joins the client's open visit when it
    /// lies within `gap` after the visit's last view and not more than `gap` before its
    /// landing; otherwise it ends that visit, and starts a new one if it may land.
    pub fn add(&mut self, h: &Hit) {
        self.watermark = self.watermark.max(h.time);
        let goal = h.flags & GOAL != 0;
        let fresh = Visit {
            start: h.time,
            last: h.time,
            source: h.source,
            campaign: h.campaign,
            converted: goal,
        };
        match self.clients.get_mut(&h.client) {
            Some(v)
                if h.time.saturating_sub(v.last) <= self.gap
                    && v.start.saturating_sub(h.time) <= self.gap =>
            {
                v.last = v.last.max(h.time);
                v.converted |= goal;
            }
            Some(v) => {
                self.tally.finish(v);
                if h.flags & LAND != 0 {
                    *v = fresh;
                } else {
                    self.clients.remove(&h.client);
                }
            }
            None if h.flags & LAND != 0 => {
                self.clients.insert(h.client, fresh);
                self.peak_clients = self.peak_clients.max(self.clients.len());
                if self.clients.len() >= self.sweep_at {
                    self.evict();
                    self.sweep_at = (2 * self.clients.len()).max(MIN_SWEEP);
                }
            }
            None => {}
        }
    }

    /// Closes visits whose client has been quiet for longer than `gap + slack` of log time.
    /// Lines up to `slack` out of order give the same result as never evicting. Called when
    /// the map has doubled since the last sweep, so sweeping costs O(1) per visit and the map
    /// holds at most twice the clients active within `gap + slack`.
    fn evict(&mut self) {
        let horizon = self
            .watermark
            .saturating_sub(self.gap)
            .saturating_sub(self.slack);
        let tally = &mut self.tally;
        self.clients.retain(|_, v| {
            let keep = v.last >= horizon;
            if !keep {
                tally.finish(v);
            }
            keep
        });
    }

    /// Closes every open visit.
    pub fn finish(mut self) -> (Tally, usize) {
        for v in self.clients.values() {
            self.tally.finish(v);
        }
        (self.tally, self.peak_clients)
    }
}

/// Maps chunk-local source/campaign bytes to run-wide ids, capped so that hostile query
/// strings (millions of distinct `utm_campaign` values) cannot grow memory without bound.
pub(super) struct Interner {
    ids: HashMap<String, u32>,
    pub names: Vec<String>,
    lowercase: bool,
}

/// Distinct values kept per kind; later new values are counted under [`OTHER`].
pub(super) const MAX_DISTINCT: usize = 10_000;
/// Longest value kept, in characters; longer ones are cut.
const MAX_CHARS: usize = 100;
pub const OTHER: &str = "(other)";
pub const NONE: &str = "(none)";

impl Interner {
    pub fn new(lowercase: bool) -> Interner {
        Interner {
            ids: HashMap::new(),
            // Id 0 means "no value".
            names: vec![NONE.to_string()],
            lowercase,
        }
    }

    pub fn id(&mut self, raw: &[u8]) -> u32 {
        let text = String::from_utf8_lossy(raw);
        let mut name: String = text.chars().take(MAX_CHARS).collect();
        if self.lowercase {
            name = name.to_lowercase();
        }
        if let Some(&id) = self.ids.get(&name) {
            return id;
        }
        if self.names.len() > MAX_DISTINCT {
            name = OTHER.to_string();
            if let Some(&id) = self.ids.get(&name) {
                return id;
            }
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.push(name.clone());
        self.ids.insert(name, id);
        id
    }

    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or(NONE, String::as_str)
    }
}

//! One chunk of whole lines to compact page-view records; runs on rayon workers.
//!
//! A record keeps only what sessionizing needs (a salted client hash, the time, two flags and
//! interned source/campaign ids), so neither IPs nor user agents leave this module.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use memchr::memmem::Finder;

use super::parse::{self, LineError, TimeCache};

/// User-agent substrings (matched case-insensitively) of crawlers, link-preview fetchers,
/// HTTP libraries, headless browsers and uptime monitors. None of them is a person reading a
/// page; an empty agent or `-` also counts as a bot.
pub const BOT_MARKERS: &[&str] = &[
    "bot",
    "crawl",
    "spider",
    "slurp",
    "facebookexternalhit",
    "facebookcatalog",
    "meta-externalagent",
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "aiohttp",
    "httpx",
    "go-http-client",
    "java/",
    "okhttp",
    "axios",
    "node-fetch",
    "libwww",
    "httpclient",
    "scrapy",
    "headless",
    "phantomjs",
    "puppeteer",
    "playwright",
    "selenium",
    "preview",
    "monitor",
    "uptime",
    "pingdom",
    "statuscake",
    "lighthouse",
    "pagespeed",
    "gtmetrix",
    "whatsapp",
    "telegram",
    "embedly",
    "feedfetcher",
    "archiver",
    "scanner",
    "zgrab",
    "masscan",
    "nmap",
    "nikto",
    "ahrefs",
    "semrush",
    "mj12",
];

/// A page view by a human client, as passed from the parsers to the sessionizer.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub client: u64,
    pub time: i64,
    /// Chunk-local ids (index + 1 into [`Parsed::sources`] / [`Parsed::campaigns`]), 0 = none.
    pub source: u32,
    pub campaign: u32,
    pub flags: u8,
}

/// The path is a goal.
pub(super) const GOAL: u8 = 1;
/// GET or HEAD: may start a visit.
pub(super) const LAND: u8 = 2;

/// What one chunk yields. Line indexes are 0-based within the chunk; the merge adds the base.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub lines: u64,
    pub requests: u64,
    pub bots: u64,
    pub malformed: u64,
    pub examples: Vec<(u64, LineError)>,
    pub hits: Vec<Hit>,
    pub sources: Vec<Vec<u8>>,
    pub campaigns: Vec<Vec<u8>>,
    pub min_time: Option<i64>,
    pub max_time: Option<i64>,
}

/// Read-only settings shared by all parser tasks.
pub(super) struct Ctx {
    pub goals: Vec<Vec<u8>>,
    /// Per-run random key: client hashes differ between runs and cannot be reversed by
    /// hashing candidate IPs offline.
    pub salt: RandomState,
    bot_finders: Vec<Finder<'static>>,
}

/// At most this many malformed examples are kept per chunk (and per run).
pub(super) const MAX_EXAMPLES: usize = 20;

impl Ctx {
    pub fn new(goals: &[String]) -> Ctx {
        Ctx {
            goals: goals
                .iter()
                .filter(|g| !g.is_empty())
                .map(|g| g.as_bytes().to_vec())
                .collect(),
            salt: RandomState::new(),
            bot_finders: BOT_MARKERS
                .iter()
                .map(|m| Finder::new(m.as_bytes()))
                .collect(),
        }
    }

    fn is_goal(&self, path: &[u8]) -> bool {
        self.goals
            .iter()
            .any(|g| path == g.as_slice() || (g.ends_with(b"/") && path.starts_with(g)))
    }

    fn is_bot_agent(&self, agent: &[u8], scratch: &mut Vec<u8>) -> bool {
        if agent.is_empty() || agent == b"-" {
            return true;
        }
        scratch.clear();
        scratch.extend(agent.iter().map(u8::to_ascii_lowercase));
        self.bot_finders.iter().any(|f| f.find(scratch).is_some())
    }
}

/// Direct-mapped cache of user-agent verdicts: a chunk holds a few hundred distinct agents, so
/// the bot scan and the salted agent hash run once per agent, not once per line.
struct AgentCache<'a> {
    slots: Vec<Option<AgentSlot<'a>>>,
}

/// (quick hash, agent, is a bot, salted agent hash).
type AgentSlot<'a> = (u64, &'a [u8], bool, u64);

const AGENT_SLOTS: usize = 1024;

impl<'a> AgentCache<'a> {
    fn lookup(&mut self, agent: &'a [u8], ctx: &Ctx, scratch: &mut Vec<u8>) -> (bool, u64) {
        let h = quick_hash(agent);
        let slot = (h as usize) & (AGENT_SLOTS - 1);
        if let Some(Some((sh, sa, bot, salted))) = self.slots.get(slot) {
            if *sh == h && *sa == agent {
                return (*bot, *salted);
            }
        }
        let bot = ctx.is_bot_agent(agent, scratch);
        let salted = ctx.salt.hash_one(agent);
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some((h, agent, bot, salted));
        }
        (bot, salted)
    }
}

/// Fast unkeyed hash for the cache slot only, from the length and three 8-byte samples; a
/// hit is confirmed by comparing the whole agent.
fn quick_hash(s: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = s.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n >= 8 {
        for at in [0, (n - 8) / 2, n - 8] {
            let mut b = [0u8; 8];
            b.copy_from_slice(&s[at..at + 8]);
            h = (h ^ u64::from_le_bytes(b)).wrapping_mul(K).rotate_left(23);
        }
    } else {
        for &b in s {
            h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(23);
        }
    }
    h ^ (h >> 32)
}

/// Small per-chunk interner of raw (percent-decoded) source/campaign bytes.
#[derive(Default)]
struct Local {
    ids: HashMap<Vec<u8>, u32>,
    names: Vec<Vec<u8>>,
}

impl Local {
    fn id(&mut self, s: &[u8]) -> u32 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        self.names.push(s.to_vec());
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_vec(), id);
        id
    }
}

/// Parses every line of `buf` (whole lines; the last may lack its newline).
pub(super) fn parse_chunk(buf: &[u8], ctx: &Ctx) -> Parsed {
    let mut p = ChunkParser {
        ctx,
        out: Parsed {
            hits: Vec::with_capacity(buf.len() / 1024),
            ..Parsed::default()
        },
        times: TimeCache::default(),
        agents: AgentCache {
            slots: vec![None; AGENT_SLOTS],
        },
        sources: Local::default(),
        campaigns: Local::default(),
        scratch: Vec::with_capacity(256),
        decoded: Vec::with_capacity(64),
        min_t: i64::MAX,
        max_t: i64::MIN,
    };
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', buf) {
        p.scan_line(&buf[start..nl]);
        start = nl + 1;
    }
    if start < buf.len() {
        p.scan_line(&buf[start..]);
    }
    let mut out = p.out;
    if out.requests > 0 {
        out.min_time = Some(p.min_t);
        out.max_time = Some(p.max_t);
    }
    out.sources = p.sources.names;
    out.campaigns = p.campaigns.names;
    out
}

struct ChunkParser<'c, 'a> {
    ctx: &'c Ctx,
    out: Parsed,
    times: TimeCache,
    agents: AgentCache<'a>,
    sources: Local,
    campaigns: Local,
    scratch: Vec<u8>,
    decoded: Vec<u8>,
    min_t: i64,
    max_t: i64,
}

impl<'a> ChunkParser<'_, 'a> {
    /// Finds the line's quotes in one pass (the line is in L1 cache after the newline search).
    fn scan_line(&mut self, line: &'a [u8]) {
        let mut quotes = [0usize; 6];
        let mut count = 0;
        for q in memchr::memchr_iter(b'"', line) {
            if let Some(slot) = quotes.get_mut(count) {
                *slot = q;
            }
            count += 1;
        }
        self.line(line, &quotes[..count.min(6)], count);
    }

    /// One line without its newline; `quotes` are offsets into `line`.
    fn line(&mut self, mut line: &'a [u8], quotes: &[usize], count: usize) {
        let index = self.out.lines;
        self.out.lines += 1;
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        let fast = if let Some(l) = line.strip_prefix(b"\xEF\xBB\xBF") {
            // Offsets no longer match; the careful parser handles this once-per-file line.
            line = l;
            None
        } else {
            parse::parse_fast(line, quotes, count, &mut self.times)
        };
        let l = match fast {
            Some(l) => l,
            None if line.iter().all(u8::is_ascii_whitespace) => return,
            None => match parse::parse_line(line, &mut self.times) {
                Ok(l) => l,
                Err(e) => {
                    self.out.malformed += 1;
                    if self.out.examples.len() < MAX_EXAMPLES {
                        self.out.examples.push((index, e));
                    }
                    return;
                }
            },
        };
        self.out.requests += 1;
        self.min_t = self.min_t.min(l.time);
        self.max_t = self.max_t.max(l.time);
        let (bot, agent_hash) = self.agents.lookup(l.agent, self.ctx, &mut self.scratch);
        if bot {
            self.out.bots += 1;
            return;
        }
        // A page view: a successful or redirected request for a page, not an asset.
        if l.status >= 400 || !l.target.starts_with(b"/") {
            return;
        }
        let (path, query) = parse::path_and_query(l.target);
        if parse::is_asset(path) {
            return;
        }
        let mut flags = 0;
        if self.ctx.is_goal(path) {
            flags |= GOAL;
        }
        let (mut source, mut campaign) = (0, 0);
        if l.method == b"GET" || l.method == b"HEAD" {
            flags |= LAND;
            let (s, c) = parse::utm(query);
            if let Some(s) = s {
                parse::percent_decode(s, &mut self.decoded);
                source = self.sources.id(&self.decoded);
            }
            if source == 0 {
                if let Some(name) = parse::social_referer(l.referer) {
                    source = self.sources.id(name.as_bytes());
                }
            }
            if let Some(c) = c {
                parse::percent_decode(c, &mut self.decoded);
                campaign = self.campaigns.id(&self.decoded);
            }
        }
        self.out.hits.push(Hit {
            client: self.ctx.salt.hash_one((l.ip, agent_hash)),
            time: l.time,
            source,
            campaign,
            flags,
        });
    }
}

//! Reading a log file (plain or gzip) as chunks of whole lines, on its own thread.

use std::fs::File;
use std::io::{self, BufRead, BufReader, ErrorKind, Read};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use flate2::bufread::MultiGzDecoder;

/// Bytes of log text per chunk: large enough that per-chunk costs vanish, small enough that
/// the handful of chunks in flight stays far below the memory budget.
pub(super) const CHUNK: usize = 8 << 20;

/// What the reader thread sends, in file order.
pub(super) enum Piece {
    /// A buffer whose first `len` bytes are whole lines (the very last line of a file may
    /// lack its newline).
    Chunk(Vec<u8>, usize),
    /// One line longer than [`CHUNK`], already skipped.
    LongLine,
    /// End of file: text bytes read and how reading ended.
    Done(End),
}

#[derive(Debug, Default)]
pub(super) struct End {
    pub bytes: u64,
    pub truncated: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub(super) enum OpenError {
    #[error("cannot open: {0}")]
    Open(io::Error),
}

/// Opens a file and returns its text stream; gzip is recognised by its magic bytes, since
/// rotated names (`access.log.2.gz`, or a renamed file) are not reliable.
pub(super) fn open(path: &Path) -> Result<(Box<dyn Read + Send>, bool), OpenError> {
    let file = File::open(path).map_err(OpenError::Open)?;
    let mut reader = BufReader::with_capacity(256 << 10, file);
    let head = reader.fill_buf().map_err(OpenError::Open)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok((Box::new(MultiGzDecoder::new(reader)), true))
    } else {
        Ok((Box::new(reader), false))
    }
}

fn take_buffer(pool: &Receiver<Vec<u8>>) -> Vec<u8> {
    match pool.try_recv() {
        Ok(b) if b.len() == CHUNK => b,
        _ => vec![0; CHUNK],
    }
}

/// Reads `src` to the end, sending chunks of whole lines. Buffers come back through `pool` so
/// that a 1 GB file does not fault in 1 GB of fresh pages. On a read error the complete lines
/// before it are kept and the partial line at the damage is dropped.
pub(super) fn run(
    mut src: Box<dyn Read + Send>,
    gzip: bool,
    tx: &SyncSender<Piece>,
    pool: &Receiver<Vec<u8>>,
) {
    let mut end = End::default();
    let mut buf = take_buffer(pool);
    let mut filled = 0;
    let mut skipping = false;
    loop {
        let n = match src.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                let what = match (gzip, e.kind()) {
                    (true, ErrorKind::UnexpectedEof) => "gzip stream ends early",
                    (true, _) => "corrupt gzip data",
                    (false, _) => "read error",
                };
                let msg = format!(
                    "{what} after {} bytes of text: kept the lines before ({e})",
                    end.bytes
                );
                if gzip {
                    end.truncated = Some(msg);
                } else {
                    end.error = Some(msg);
                }
                // Keep only whole lines: the text after the last newline is cut mid-line.
                filled = if skipping {
                    0
                } else {
                    memchr::memrchr(b'\n', &buf[..filled]).map_or(0, |i| i + 1)
                };
                skipping = false;
                break;
            }
        };
        let fresh = filled;
        filled += n;
        end.bytes += n as u64;
        if skipping {
            match memchr::memchr(b'\n', &buf[fresh..filled]) {
                Some(i) => {
                    buf.copy_within(fresh + i + 1..filled, 0);
                    filled -= fresh + i + 1;
                    skipping = false;
                }
                None => {
                    filled = 0;
                    continue;
                }
            }
        }
        if filled < buf.len() {
            continue;
        }
        match memchr::memrchr(b'\n', &buf[..filled]) {
            Some(i) => {
                let mut next = take_buffer(pool);
                let tail = filled - (i + 1);
                next[..tail].copy_from_slice(&buf[i + 1..filled]);
                let full = std::mem::replace(&mut buf, next);
                if tx.send(Piece::Chunk(full, i + 1)).is_err() {
                    return;
                }
                filled = tail;
            }
            None => {
                if tx.send(Piece::LongLine).is_err() {
                    return;
                }
                skipping = true;
                filled = 0;
            }
        }
    }
    if filled > 0 && !skipping && tx.send(Piece::Chunk(buf, filled)).is_err() {
        return;
    }
    let _ = tx.send(Piece::Done(end));
}

/// Time of the first line that parses, from at most the first MiB of text: used to put
/// rotated files in time order.
pub(super) fn first_time(path: &Path) -> Option<i64> {
    let (src, _) = open(path).ok()?;
    let mut head = Vec::with_capacity(1 << 20);
    // A truncated or unreadable file still yields whatever was read before the error.
    let _ = src.take(1 << 20).read_to_end(&mut head);
    let mut times = super::parse::TimeCache::default();
    head.split(|&b| b == b'\n').find_map(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        super::parse::parse_line(line, &mut times)
            .ok()
            .map(|l| l.time)
    })
}

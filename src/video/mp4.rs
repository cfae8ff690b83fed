//! Metadata probe for MP4 / MOV files.
//!
//! Box layout follows ISO/IEC 14496-12 (ISO Base Media File Format), 4.2
//! "Object structure", and Apple's QuickTime File Format Specification
//! ("Atoms"). Only top-level box headers and the `moov` box are read; the
//! media data (`mdat`, usually almost the whole file) is seeked past, so
//! probing a multi-gigabyte video costs a few kilobytes of I/O.

use std::io::{Read, Seek, SeekFrom};

/// What we learn about a video without decoding it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mp4Info {
    /// From `mvhd` (duration / timescale).
    pub duration_ms: Option<u64>,
    /// Width and height of the first video track (`tkhd` of a trak whose `hdlr` is `vide`), integer part of the 16.16 values.
    pub dimensions: Option<(u32, u32)>,
    /// An ISO 6709 location string such as "+37.3318-122.0312+010.000/" found in `moov/udta/©xyz` (QuickTime user data: 2-byte length, 2-byte language, text) or in `moov/meta` (`keys` + `ilst`) under `com.apple.quicktime.location.ISO6709` (phones write it there), or `moov/udta/meta/ilst` `©xyz`.
    pub location: Option<String>,
    /// `ftyp` major brand, e.g. "isom", "qt  ", "mp42".
    pub brand: Option<String>,
}

/// A four-character box type.
type FourCc = [u8; 4];

/// `moov` is read into memory; real ones are kilobytes to a few MiB, so a
/// bigger one means a corrupt or hostile file.
const MAX_MOOV: u64 = 64 * 1024 * 1024;

/// QuickTime user-data location atom, `©xyz` (© is 0xA9 in Mac Roman).
const XYZ: FourCc = [0xA9, b'x', b'y', b'z'];

/// `keys` names that hold an ISO 6709 location: the one iPhones write in
/// `moov/meta` (QuickTime File Format, "QuickTime Metadata Keys"), and the
/// plain name ffmpeg writes in `udta/meta` with `-movflags +use_metadata_tags`.
const LOCATION_KEYS: [&[u8]; 2] = [b"com.apple.quicktime.location.ISO6709", b"location"];

/// Box types that may open an ISO BMFF or QuickTime file. ISO 14496-12
/// wants `ftyp` first, but QuickTime files may start with `moov`, `mdat`,
/// `wide`, `free`, `skip` or the preview atom `pnot`.
const FIRST_BOX_TYPES: [&FourCc; 10] = [
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot", b"uuid", b"styp", b"pdin",
];

/// Reads only box headers and the `moov` box (refusing a `moov` over 64 MiB), seeking past `mdat`.
pub fn probe<R: std::io::Read + std::io::Seek>(r: &mut R) -> Result<Mp4Info, String> {
    let file_len = r.seek(SeekFrom::End(0)).map_err(io_error)?;
    if file_len == 0 {
        return Err("not an MP4/MOV file: it is empty".to_string());
    }
    let mut info = Mp4Info::default();
    let mut saw_moov = false;
    let mut pos = 0;
    while pos < file_len {
        let header = read_header(r, pos, file_len)?;
        match &header.kind {
            b"ftyp" if info.brand.is_none() => info.brand = read_brand(r, &header)?,
            b"moov" if !saw_moov => {
                let moov = read_body(r, &header)?;
                parse_moov(&moov, &mut info)?;
                saw_moov = true;
            }
            _ => {}
        }
        pos = header.end;
    }
    if saw_moov {
        Ok(info)
    } else {
        Err("no `moov` box: the file is incomplete or not a finished recording".to_string())
    }
}

/// "+37.3318-122.0312/" -> Some((37.3318, -122.0312)).
///
/// ISO 6709:2008 Annex H text form: latitude `±DD[MM[SS]][.fraction]`,
/// longitude `±DDD[MM[SS]][.fraction]`, then optional altitude and CRS,
/// terminated by `/` (accepted missing, as some writers drop it).
pub fn parse_iso6709(s: &str) -> Option<(f64, f64)> {
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    let (lat_text, rest) = signed_number(s)?;
    let (lon_text, rest) = signed_number(rest)?;
    if !(rest.is_empty() || rest.starts_with(['/', '+', '-'])) {
        return None;
    }
    let lat = coordinate(lat_text, 2, 90.0)?;
    let lon = coordinate(lon_text, 3, 180.0)?;
    Some((lat, lon))
}

/// Splits a leading `±digits[.digits]` off `s`.
fn signed_number(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix(['+', '-'])?;
    let len = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    // The sign is one ASCII byte, so `len + 1` is a char boundary.
    Some(s.split_at(len + 1))
}

/// Converts `±D..[MM[SS]][.f]` to signed decimal degrees. The number of
/// integer digits tells the form apart (ISO 6709, H.2): `deg_digits` or
/// fewer is degrees, two more is degrees+minutes, four more adds seconds.
fn coordinate(text: &str, deg_digits: usize, limit: f64) -> Option<f64> {
    let negative = text.starts_with('-');
    let digits = text.get(1..)?;
    let int_len = digits.find('.').unwrap_or(digits.len());
    let valid = int_len > 0 && digits.matches('.').count() <= 1 && !digits.ends_with('.');
    if !valid {
        return None;
    }
    let value: f64 = digits.parse().ok()?;
    let degrees = if int_len <= deg_digits {
        value
    } else if int_len == deg_digits + 2 {
        let degrees = (value / 100.0).trunc();
        sexagesimal(degrees, value - degrees * 100.0, 0.0)?
    } else if int_len == deg_digits + 4 {
        let degrees = (value / 10_000.0).trunc();
        let rest = value - degrees * 10_000.0;
        let minutes = (rest / 100.0).trunc();
        sexagesimal(degrees, minutes, rest - minutes * 100.0)?
    } else {
        return None;
    };
    (degrees <= limit).then_some(if negative { -degrees } else { degrees })
}

/// Degrees, minutes and seconds to decimal degrees, rejecting minutes or
/// seconds of 60 or more (ISO 6709, H.2).
fn sexagesimal(degrees: f64, minutes: f64, seconds: f64) -> Option<f64> {
    let ok = (0.0..60.0).contains(&minutes) && (0.0..60.0).contains(&seconds);
    ok.then_some(degrees + minutes / 60.0 + seconds / 3600.0)
}

/// A box header as found in the file.
struct BoxHeader {
    kind: FourCc,
    /// File offset of the first byte after the header.
    body_start: u64,
    /// File offset one past the last byte of the box.
    end: u64,
}

/// Reads the header at `pos` and checks that the box fits in the file
/// (ISO 14496-12, 4.2: 32-bit size, type, 64-bit `largesize` when size is
/// 1, "extends to end of file" when size is 0).
fn read_header<R: Read + Seek>(r: &mut R, pos: u64, file_len: u64) -> Result<BoxHeader, String> {
    let left = file_len - pos;
    if left < 8 {
        return Err(format!("truncated box header at byte {pos}"));
    }
    let mut head = [0u8; 8];
    read_at(r, pos, &mut head)?;
    let [s0, s1, s2, s3, t0, t1, t2, t3] = head;
    let kind = [t0, t1, t2, t3];
    // Judge the type before the size, so a text file is reported as "not
    // an MP4" rather than as a box with a nonsense size.
    if pos == 0 && !FIRST_BOX_TYPES.contains(&&kind) {
        return Err(format!(
            "not an MP4/MOV file: it starts with `{}` instead of a box such as `ftyp`",
            show(kind)
        ));
    }
    let (size, header_len) = match u32::from_be_bytes([s0, s1, s2, s3]) {
        0 => (left, 8),
        1 => (read_largesize(r, pos, left, kind)?, 16),
        n => (u64::from(n), 8),
    };
    if size < header_len {
        return Err(format!(
            "box `{}` at byte {pos} has impossible size {size}",
            show(kind)
        ));
    }
    if size > left {
        return Err(format!(
            "box `{}` at byte {pos} claims {size} bytes but only {left} remain (truncated file?)",
            show(kind)
        ));
    }
    Ok(BoxHeader {
        kind,
        body_start: pos + header_len,
        end: pos + size,
    })
}

/// The 64-bit size that follows a header whose 32-bit size is 1.
fn read_largesize<R: Read + Seek>(
    r: &mut R,
    pos: u64,
    left: u64,
    kind: FourCc,
) -> Result<u64, String> {
    if left < 16 {
        return Err(format!(
            "truncated 64-bit header of box `{}` at byte {pos}",
            show(kind)
        ));
    }
    let mut size = [0u8; 8];
    read_at(r, pos + 8, &mut size)?;
    Ok(u64::from_be_bytes(size))
}

/// The major brand is the first field of `ftyp` (ISO 14496-12, 4.3).
fn read_brand<R: Read + Seek>(r: &mut R, header: &BoxHeader) -> Result<Option<String>, String> {
    if header.end - header.body_start < 4 {
        return Ok(None);
    }
    let mut brand = [0u8; 4];
    read_at(r, header.body_start, &mut brand)?;
    Ok(Some(show(brand)))
}

/// Reads a box body into memory. The size was already checked against
/// the file length by `read_header`, and `moov` is capped, so this never
/// allocates more than the file can supply.
fn read_body<R: Read + Seek>(r: &mut R, header: &BoxHeader) -> Result<Vec<u8>, String> {
    let len = header.end - header.body_start;
    if len > MAX_MOOV {
        return Err(format!(
            "`moov` box is {len} bytes, more than the {MAX_MOOV}-byte limit; refusing to read it"
        ));
    }
    let len = usize::try_from(len).map_err(|_| "`moov` box too large for memory".to_string())?;
    let mut body = vec![0u8; len];
    read_at(r, header.body_start, &mut body)?;
    Ok(body)
}

fn read_at<R: Read + Seek>(r: &mut R, pos: u64, buf: &mut [u8]) -> Result<(), String> {
    r.seek(SeekFrom::Start(pos)).map_err(io_error)?;
    r.read_exact(buf).map_err(io_error)
}

fn io_error(e: std::io::Error) -> String {
    format!("read error: {e}")
}

/// Box type for messages; bytes map to chars one-to-one (Latin-1), so
/// `©xyz` shows as itself and garbage cannot produce invalid text.
fn show(kind: FourCc) -> String {
    kind.iter().map(|&b| char::from(b)).collect()
}

/// A child box inside an in-memory parent.
struct Child<'a> {
    kind: FourCc,
    body: &'a [u8],
}

/// Splits a container body into child boxes (same header rules as
/// `read_header`; size 0 means "to the end of the parent"). Fewer than 8
/// trailing bytes are ignored: QuickTime allows a 32-bit zero terminator
/// at the end of `udta` (QTFF, "User Data Atoms").
fn children<'a>(data: &'a [u8], parent: &str) -> Result<Vec<Child<'a>>, String> {
    let mut out = Vec::new();
    let mut rest = data;
    while let (Some(size32), Some(kind)) = (be_u32(rest, 0), fourcc(rest, 4)) {
        let (size, header_len) = match size32 {
            0 => (Some(rest.len()), 8),
            1 => (be_u64(rest, 8).and_then(|s| usize::try_from(s).ok()), 16),
            n => (usize::try_from(n).ok(), 8),
        };
        let body = size
            .filter(|&s| s >= header_len)
            .and_then(|s| rest.get(header_len..s))
            .ok_or_else(|| {
                format!(
                    "box `{}` inside `{parent}` has a bad size ({} bytes are left)",
                    show(kind),
                    rest.len()
                )
            })?;
        out.push(Child { kind, body });
        rest = rest.get(header_len + body.len()..).unwrap_or(&[]);
    }
    Ok(out)
}

/// Walks `moov`'s direct children. Structural errors in `moov` and `trak`
/// fail the probe; the optional location metadata is read leniently.
fn parse_moov(moov: &[u8], info: &mut Mp4Info) -> Result<(), String> {
    for child in children(moov, "moov")? {
        match &child.kind {
            b"mvhd" if info.duration_ms.is_none() => info.duration_ms = mvhd_duration(child.body),
            b"trak" if info.dimensions.is_none() => info.dimensions = video_dimensions(child.body)?,
            b"udta" if info.location.is_none() => info.location = udta_location(child.body),
            b"meta" if info.location.is_none() => info.location = meta_location(child.body),
            _ => {}
        }
    }
    Ok(())
}

/// Duration in ms, rounded down (ISO 14496-12, 8.2.2 `mvhd`: version 0
/// has 32-bit times, version 1 64-bit; all-ones duration means unknown).
fn mvhd_duration(b: &[u8]) -> Option<u64> {
    let (timescale, duration, unknown) = if *b.first()? == 1 {
        (be_u32(b, 20)?, be_u64(b, 24)?, u64::MAX)
    } else {
        (
            be_u32(b, 12)?,
            u64::from(be_u32(b, 16)?),
            u64::from(u32::MAX),
        )
    };
    if timescale == 0 || duration == unknown {
        return None;
    }
    u64::try_from(u128::from(duration) * 1000 / u128::from(timescale)).ok()
}

/// Dimensions from `tkhd` if this `trak`'s media handler is `vide`.
fn video_dimensions(trak: &[u8]) -> Result<Option<(u32, u32)>, String> {
    let mut dimensions = None;
    let mut is_video = false;
    for child in children(trak, "trak")? {
        match &child.kind {
            b"tkhd" => dimensions = tkhd_dimensions(child.body),
            b"mdia" => is_video = mdia_is_video(child.body)?,
            _ => {}
        }
    }
    Ok(dimensions.filter(|_| is_video))
}

/// Width and height are the last two 16.16 fixed-point fields of `tkhd`
/// (ISO 14496-12, 8.3.2): at byte 76 in version 0, 88 in version 1,
/// counting the 4 version/flags bytes.
fn tkhd_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let offset = if *b.first()? == 1 { 88 } else { 76 };
    Some((be_u32(b, offset)? >> 16, be_u32(b, offset + 4)? >> 16))
}

/// `mdia/hdlr` handler type is at byte 8 (after version/flags and
/// `pre_defined`, ISO 14496-12, 8.4.3); QuickTime puts the component
/// subtype there, also `vide` for video.
fn mdia_is_video(mdia: &[u8]) -> Result<bool, String> {
    Ok(children(mdia, "mdia")?
        .iter()
        .any(|c| &c.kind == b"hdlr" && fourcc(c.body, 8) == Some(*b"vide")))
}

/// `©xyz` directly in `udta`, or inside `udta/meta/ilst`; failing those,
/// the binary 3GPP `loci` box, which is lossy and so only a fallback.
fn udta_location(udta: &[u8]) -> Option<String> {
    let kids = children(udta, "udta").ok()?;
    let text = kids.iter().find_map(|c| match c.kind {
        XYZ => user_data_text(c.body),
        [b'm', b'e', b't', b'a'] => meta_location(c.body),
        _ => None,
    });
    text.or_else(|| {
        kids.iter()
            .filter(|c| &c.kind == b"loci")
            .find_map(|c| loci_location(c.body))
    })
}

/// 3GPP TS 26.244, 8.10 "Location Information Box": version/flags (4),
/// pad + language (2), name (string), role (1), then longitude, latitude
/// and altitude as signed 16.16 fixed point. ffmpeg writes only this box
/// for a `location` tag in plain `.mp4` output. Rendered as an ISO 6709
/// string with 4 decimals (16.16 resolves about 1.5e-5 degrees).
fn loci_location(b: &[u8]) -> Option<String> {
    let after_name = skip_3gpp_string(b.get(6..)?)?;
    let fixed = after_name.get(1..)?;
    let degrees = |offset| Some(f64::from(be_u32(fixed, offset)? as i32) / 65536.0);
    let (lon, lat) = (degrees(0)?, degrees(4)?);
    let plausible = lat.abs() <= 90.0 && lon.abs() <= 180.0;
    plausible.then(|| format!("{lat:+08.4}{lon:+09.4}/"))
}

/// Skips a 3GPP string (TS 26.244, 8.3): UTF-8 ending in a NUL byte, or
/// UTF-16 starting with the BOM FE FF and ending in a 16-bit zero.
fn skip_3gpp_string(b: &[u8]) -> Option<&[u8]> {
    if b.starts_with(&[0xFE, 0xFF]) {
        let units = b.get(2..)?.chunks_exact(2).position(|u| u == [0, 0])?;
        b.get(2 + units * 2 + 2..)
    } else {
        b.get(b.iter().position(|&c| c == 0)? + 1..)
    }
}

/// QuickTime user-data text: 16-bit length, 16-bit language, text (QTFF,
/// "User Data Text Strings"). Some writers use an iTunes-style `data`
/// box instead, so that is accepted too.
fn user_data_text(b: &[u8]) -> Option<String> {
    if fourcc(b, 4) == Some(*b"data") {
        return data_value(b);
    }
    let len = usize::from(be_u16(b, 0)?);
    let text = b.get(4..)?;
    utf8(text.get(..len).unwrap_or(text))
}

/// `meta` is a FullBox in ISO files (ISO 14496-12, 8.11.1: 4 bytes of
/// version/flags before the children) but a plain container in QuickTime
/// (QTFF, "Metadata Atoms"). In the QuickTime form bytes 4..8 are the first
/// child's type (`hdlr`); in the ISO form they are that child's size.
fn meta_children(meta: &[u8]) -> &[u8] {
    match fourcc(meta, 4) {
        Some(t)
            if t.iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b' ' || c == 0xA9) =>
        {
            meta
        }
        _ => meta.get(4..).unwrap_or(&[]),
    }
}

/// Location from a `meta` box: an `ilst` item named `©xyz`, or one whose
/// type is the 1-based index of a location key in `keys`.
fn meta_location(meta: &[u8]) -> Option<String> {
    let kids = children(meta_children(meta), "meta").ok()?;
    let key_index = kids
        .iter()
        .find(|c| &c.kind == b"keys")
        .and_then(|c| location_key_index(c.body));
    let ilst = kids.iter().find(|c| &c.kind == b"ilst")?;
    children(ilst.body, "ilst").ok()?.iter().find_map(|item| {
        let wanted = item.kind == XYZ || key_index == Some(u32::from_be_bytes(item.kind));
        if wanted { data_value(item.body) } else { None }
    })
}

/// 1-based index of a `LOCATION_KEYS` name in a `keys` box: version/flags,
/// entry count, then entries of 32-bit size (including its 8-byte
/// header), 4-byte namespace, key name (QTFF, "Metadata Item Keys Atom").
fn location_key_index(keys: &[u8]) -> Option<u32> {
    let count = be_u32(keys, 4)?;
    let mut offset = 8usize;
    for index in 1..=count {
        let size = usize::try_from(be_u32(keys, offset)?).ok()?;
        let end = offset.checked_add(size).filter(|_| size >= 8)?;
        if LOCATION_KEYS.contains(&keys.get(offset + 8..end)?) {
            return Some(index);
        }
        offset = end;
    }
    None
}

/// Value of the `data` box in an `ilst` item: type indicator (4 bytes),
/// locale (4 bytes), then the value (QTFF, "Value Atom"; type 1 is UTF-8).
fn data_value(item: &[u8]) -> Option<String> {
    let kids = children(item, "ilst item").ok()?;
    let data = kids.iter().find(|c| &c.kind == b"data")?;
    utf8(data.body.get(8..)?)
}

/// Text without trailing NULs, or `None` if empty or not UTF-8.
fn utf8(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?.trim_end_matches('\0');
    (!text.is_empty()).then(|| text.to_string())
}

fn fourcc(b: &[u8], offset: usize) -> Option<FourCc> {
    b.get(offset..offset.checked_add(4)?)?.try_into().ok()
}

fn be_u16(b: &[u8], offset: usize) -> Option<u16> {
    let bytes = b.get(offset..offset.checked_add(2)?)?;
    Some(u16::from_be_bytes(bytes.try_into().ok()?))
}

fn be_u32(b: &[u8], offset: usize) -> Option<u32> {
    fourcc(b, offset).map(u32::from_be_bytes)
}

fn be_u64(b: &[u8], offset: usize) -> Option<u64> {
    let bytes = b.get(offset..offset.checked_add(8)?)?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let size = u32::try_from(body.len() + 8).expect("test box fits");
        [&size.to_be_bytes()[..], kind, body].concat()
    }

    fn full(kind: &[u8; 4], version: u8, body: &[u8]) -> Vec<u8> {
        bx(kind, &[&[version, 0, 0, 0][..], body].concat())
    }

    fn ftyp(brand: &[u8; 4]) -> Vec<u8> {
        bx(
            b"ftyp",
            &[&brand[..], &[0, 0, 2, 0], b"isomiso2mp41"].concat(),
        )
    }

    fn mdat(len: usize) -> Vec<u8> {
        bx(b"mdat", &vec![0xAB; len])
    }

    fn mvhd_v0(timescale: u32, duration: u32) -> Vec<u8> {
        let fields = [
            [0u8; 8].as_slice(),
            &timescale.to_be_bytes(),
            &duration.to_be_bytes(),
            &[0; 80],
        ];
        full(b"mvhd", 0, &fields.concat())
    }

    fn mvhd_v1(timescale: u32, duration: u64) -> Vec<u8> {
        let fields = [
            [0u8; 16].as_slice(),
            &timescale.to_be_bytes(),
            &duration.to_be_bytes(),
            &[0; 80],
        ];
        full(b"mvhd", 1, &fields.concat())
    }

    fn tkhd(version: u8, width: u32, height: u32) -> Vec<u8> {
        let before = if version == 1 { 84 } else { 72 };
        let fields = [
            vec![0u8; before],
            (width << 16).to_be_bytes().to_vec(),
            (height << 16).to_be_bytes().to_vec(),
        ];
        full(b"tkhd", version, &fields.concat())
    }

    fn hdlr(handler: &[u8; 4]) -> Vec<u8> {
        full(
            b"hdlr",
            0,
            &[&[0u8; 4][..], handler, &[0; 12], b"Handler\0"].concat(),
        )
    }

    fn trak(tkhd_version: u8, handler: &[u8; 4], width: u32, height: u32) -> Vec<u8> {
        let mdia = bx(b"mdia", &[hdlr(handler), bx(b"minf", &[])].concat());
        bx(b"trak", &[tkhd(tkhd_version, width, height), mdia].concat())
    }

    fn xyz(text: &str) -> Vec<u8> {
        let len = u16::try_from(text.len()).expect("short");
        bx(
            &XYZ,
            &[&len.to_be_bytes()[..], &[0x15, 0xC7], text.as_bytes()].concat(),
        )
    }

    fn data(text: &str) -> Vec<u8> {
        bx(
            b"data",
            &[&[0u8, 0, 0, 1, 0, 0, 0, 0][..], text.as_bytes()].concat(),
        )
    }

    /// QuickTime-style `moov/meta` with `keys` + `ilst`, location at key 2.
    fn keys_meta(location: &str) -> Vec<u8> {
        let key = |name: &[u8]| {
            let size = u32::try_from(name.len() + 8).expect("short");
            [&size.to_be_bytes()[..], b"mdta", name].concat()
        };
        let keys_body = [
            &[0u8, 0, 0, 0, 0, 0, 0, 2][..],
            &key(b"com.apple.quicktime.make"),
            &key(LOCATION_KEYS[0]),
        ]
        .concat();
        let ilst = bx(
            b"ilst",
            &[
                bx(&1u32.to_be_bytes(), &data("Apple")),
                bx(&2u32.to_be_bytes(), &data(location)),
            ]
            .concat(),
        );
        bx(
            b"meta",
            &[hdlr(b"mdta"), bx(b"keys", &keys_body), ilst].concat(),
        )
    }

    fn moov(parts: &[Vec<u8>]) -> Vec<u8> {
        bx(b"moov", &parts.concat())
    }

    fn standard_moov() -> Vec<u8> {
        moov(&[
            mvhd_v0(1000, 2000),
            trak(0, b"soun", 0, 0),
            trak(0, b"vide", 320, 240),
            bx(
                b"udta",
                &[xyz("+37.3318-122.0312/"), vec![0, 0, 0, 0]].concat(),
            ),
        ])
    }

    fn probe_bytes(bytes: &[u8]) -> Result<Mp4Info, String> {
        probe(&mut Cursor::new(bytes))
    }

    fn expected_standard() -> Mp4Info {
        Mp4Info {
            duration_ms: Some(2000),
            dimensions: Some((320, 240)),
            location: Some("+37.3318-122.0312/".into()),
            brand: Some("isom".into()),
        }
    }

    #[test]
    fn moov_before_mdat() {
        let file = [ftyp(b"isom"), standard_moov(), mdat(100)].concat();
        assert_eq!(probe_bytes(&file), Ok(expected_standard()));
    }

    #[test]
    fn moov_after_mdat() {
        let file = [ftyp(b"isom"), bx(b"free", &[]), mdat(5000), standard_moov()].concat();
        assert_eq!(probe_bytes(&file), Ok(expected_standard()));
    }

    #[test]
    fn version_1_boxes() {
        let moov = moov(&[
            mvhd_v1(90_000, 90_000 * 3_600 * 30),
            trak(1, b"vide", 3840, 2160),
        ]);
        let info = probe_bytes(&[ftyp(b"qt  "), moov].concat()).expect("valid");
        assert_eq!(info.duration_ms, Some(30 * 3_600_000));
        assert_eq!(info.dimensions, Some((3840, 2160)));
        assert_eq!(info.brand.as_deref(), Some("qt  "));
        assert_eq!(info.location, None);
    }

    #[test]
    fn unknown_duration_and_zero_timescale() {
        let unknown = moov(&[mvhd_v0(1000, u32::MAX)]);
        assert_eq!(probe_bytes(&unknown).expect("valid").duration_ms, None);
        let zero = moov(&[mvhd_v0(0, 10)]);
        assert_eq!(probe_bytes(&zero).expect("valid").duration_ms, None);
    }

    #[test]
    fn keys_ilst_location() {
        let file = [
            ftyp(b"qt  "),
            mdat(10),
            moov(&[mvhd_v0(600, 600), keys_meta("+48.8584+002.2945+035.000/")]),
        ]
        .concat();
        let info = probe_bytes(&file).expect("valid");
        assert_eq!(info.location.as_deref(), Some("+48.8584+002.2945+035.000/"));
        assert_eq!(info.duration_ms, Some(1000));
    }

    #[test]
    fn udta_meta_full_box_ilst() {
        let ilst = bx(b"ilst", &bx(&XYZ, &data("-33.8688+151.2093/")));
        let meta = full(b"meta", 0, &[hdlr(b"mdir"), ilst].concat());
        let file = [ftyp(b"mp42"), moov(&[bx(b"udta", &meta)])].concat();
        assert_eq!(
            probe_bytes(&file).expect("valid").location.as_deref(),
            Some("-33.8688+151.2093/")
        );
    }

    #[test]
    fn largesize_and_size_zero() {
        let mut big_mdat = 1u32.to_be_bytes().to_vec();
        big_mdat.extend_from_slice(b"mdat");
        big_mdat.extend_from_slice(&(16u64 + 64).to_be_bytes());
        big_mdat.extend_from_slice(&[0; 64]);
        let file = [ftyp(b"isom"), big_mdat.clone(), standard_moov()].concat();
        assert_eq!(probe_bytes(&file), Ok(expected_standard()));
        // Size 0: the last box runs to the end of the file.
        let mut to_end = [ftyp(b"isom"), standard_moov()].concat();
        to_end.extend_from_slice(&[0, 0, 0, 0]);
        to_end.extend_from_slice(b"mdat");
        to_end.extend_from_slice(&[1; 300]);
        assert_eq!(probe_bytes(&to_end), Ok(expected_standard()));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let file = [ftyp(b"isom"), mdat(40), standard_moov()].concat();
        for len in 0..file.len() {
            let result = probe_bytes(&file[..len]);
            assert!(result.is_err(), "prefix {len} gave {result:?}");
        }
    }

    #[test]
    fn errors_are_described() {
        let no_moov = [ftyp(b"isom"), mdat(10)].concat();
        assert!(probe_bytes(&no_moov).unwrap_err().contains("moov"));
        let past_end = [ftyp(b"isom"), bx(b"mdat", &[0; 10])[..12].to_vec()].concat();
        assert!(probe_bytes(&past_end).unwrap_err().contains("remain"));
        assert!(
            probe_bytes(b"WEBVTT\n\n00:01.000 --> 00:02.000\n")
                .unwrap_err()
                .contains("not an MP4")
        );
        assert!(probe_bytes(&[]).unwrap_err().contains("empty"));
        let bad_child = [
            ftyp(b"isom"),
            moov(&[bx(b"trak", &[0, 0, 1, 0, b't', b'k', b'h', b'd'])]),
        ]
        .concat();
        assert!(
            probe_bytes(&bad_child)
                .unwrap_err()
                .contains("inside `trak`")
        );
    }

    /// A reader that pretends to be `len` bytes long: `prefix`, then zeros.
    /// Lets us test the `moov` size cap without a 64 MiB buffer.
    struct Sparse {
        prefix: Vec<u8>,
        len: u64,
        pos: u64,
    }

    impl Read for Sparse {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf
                .len()
                .min(usize::try_from(self.len.saturating_sub(self.pos)).unwrap_or(usize::MAX));
            for (i, b) in buf.iter_mut().take(n).enumerate() {
                let at = usize::try_from(self.pos)
                    .unwrap_or(usize::MAX)
                    .saturating_add(i);
                *b = self.prefix.get(at).copied().unwrap_or(0);
            }
            self.pos += n as u64;
            Ok(n)
        }
    }

    impl Seek for Sparse {
        fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
            self.pos = match to {
                SeekFrom::Start(p) => p,
                SeekFrom::End(d) => self.len.saturating_add_signed(d),
                SeekFrom::Current(d) => self.pos.saturating_add_signed(d),
            };
            Ok(self.pos)
        }
    }

    #[test]
    fn oversized_moov_is_refused() {
        let size = MAX_MOOV + 9;
        let mut prefix = ftyp(b"isom");
        prefix.extend_from_slice(&u32::try_from(size).expect("fits").to_be_bytes());
        prefix.extend_from_slice(b"moov");
        let len = prefix.len() as u64 - 8 + size;
        let err = probe(&mut Sparse {
            prefix,
            len,
            pos: 0,
        })
        .unwrap_err();
        assert!(err.contains("refusing"), "{err}");
    }

    #[test]
    fn huge_claimed_sizes_do_not_allocate() {
        let mut file = ftyp(b"isom");
        file.extend_from_slice(&[0, 0, 0, 1, b'm', b'o', b'o', b'v']);
        file.extend_from_slice(&u64::MAX.to_be_bytes());
        assert!(probe_bytes(&file).is_err());
        let inner = [
            ftyp(b"isom"),
            moov(&[vec![0xFF, 0xFF, 0xFF, 0xF0, b't', b'r', b'a', b'k']]),
        ]
        .concat();
        assert!(probe_bytes(&inner).is_err());
    }

    #[test]
    fn garbage_never_panics() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let valid = [ftyp(b"isom"), standard_moov(), mdat(20)].concat();
        for round in 0..2000 {
            let len = usize::try_from(next() % 300).expect("small");
            let mut bytes: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            if round % 2 == 0 {
                // Corrupt a valid file in a few places to reach deeper code.
                bytes = valid.clone();
                for _ in 0..3 {
                    let at = usize::try_from(next() % valid.len() as u64).expect("small");
                    bytes[at] = next().to_le_bytes()[0];
                }
            }
            let _ = probe_bytes(&bytes);
        }
        assert!(probe_bytes(&[0xFF; 64]).is_err());
    }

    #[test]
    fn iso6709_forms() {
        assert_eq!(
            parse_iso6709("+37.3318-122.0312/"),
            Some((37.3318, -122.0312))
        );
        assert_eq!(
            parse_iso6709("+37.3318-122.0312+010.000/"),
            Some((37.3318, -122.0312))
        );
        assert_eq!(
            parse_iso6709("-33.8688+151.2093"),
            Some((-33.8688, 151.2093))
        );
        assert_eq!(parse_iso6709("+00-000/"), Some((0.0, -0.0)));
        let (lat, lon) = parse_iso6709("+4051.5-07357.5/").expect("DDMM form");
        assert!(
            (lat - 40.858_333).abs() < 1e-5 && (lon + 73.958_333).abs() < 1e-5,
            "{lat} {lon}"
        );
        let (lat, lon) = parse_iso6709("+405130-0735730/").expect("DDMMSS form");
        assert!(
            (lat - 40.858_333).abs() < 1e-5 && (lon + 73.958_333).abs() < 1e-5,
            "{lat} {lon}"
        );
        let (lat, _) = parse_iso6709("+405130.5-0735730/").expect("DDMMSS.S form");
        assert!(
            (lat - (40.0 + 51.0 / 60.0 + 30.5 / 3600.0)).abs() < 1e-9,
            "{lat}"
        );
    }

    #[test]
    fn iso6709_rejects() {
        for bad in [
            "",
            "/",
            "+",
            "37.3-122.0/",
            "+91.0+000.0/",
            "+10.0+181.0/",
            "+10.0/",
            "+1.2.3+4.0/",
            "+.5+4.0/",
            "+10.+4.0/",
            "+4071.0-07357.5/",
            "+10.0+20.0x",
            "+inf+nan/",
            "+123+45/",
            "+é+1/",
            "+1234567+1/",
        ] {
            assert_eq!(parse_iso6709(bad), None, "{bad:?}");
        }
    }

    fn loci(name: &[u8], lat: f64, lon: f64) -> Vec<u8> {
        let fixed = |v: f64| ((v * 65536.0) as i32).to_be_bytes();
        let body = [
            &[0u8, 0, 0, 0, 0x15, 0xC7][..],
            name,
            &[0],
            &fixed(lon),
            &fixed(lat),
            &[0; 4],
            b"earth\0\0",
        ];
        bx(b"loci", &body.concat())
    }

    #[test]
    fn loci_fallback() {
        let udta = bx(b"udta", &loci(b"Home\0", 37.3318, -122.0312));
        let info = probe_bytes(&[ftyp(b"mp42"), moov(&[udta])].concat()).expect("valid");
        assert_eq!(info.location.as_deref(), Some("+37.3318-122.0312/"));
        let utf16 = bx(b"udta", &loci(&[0xFE, 0xFF, 0, b'H', 0, 0], -7.5, 2.25));
        let info = probe_bytes(&[ftyp(b"mp42"), moov(&[utf16])].concat()).expect("valid");
        assert_eq!(info.location.as_deref(), Some("-07.5000+002.2500/"));
        // Text sources win over the lossy binary box, whatever the order.
        let both = bx(
            b"udta",
            &[loci(b"\0", 1.0, 1.0), xyz("+10.0000+020.0000/")].concat(),
        );
        let info = probe_bytes(&[ftyp(b"mp42"), moov(&[both])].concat()).expect("valid");
        assert_eq!(info.location.as_deref(), Some("+10.0000+020.0000/"));
    }

    /// Files made by ffmpeg 5.1 with `-metadata location="+37.3318-122.0312/"`
    /// (tests/fixtures/media/): each place a phone or ffmpeg puts a location.
    #[test]
    fn real_ffmpeg_files() {
        // gps.mp4: -movflags +use_metadata_tags (udta/meta keys "location");
        // gps-plain.mp4: no flag (udta/loci only); gps.mov: udta/©xyz.
        for name in ["gps.mp4", "gps-plain.mp4", "gps.mov"] {
            let path = format!("{}/tests/fixtures/media/{name}", env!("CARGO_MANIFEST_DIR"));
            let mut file = std::fs::File::open(&path).expect("the fixture is in the repository");
            let info = probe(&mut file).expect("ffmpeg output parses");
            assert_eq!(info.dimensions, Some((320, 240)), "{name}");
            assert_eq!(info.duration_ms, Some(2000), "{name}");
            let location = info.location.expect("location written by ffmpeg");
            assert_eq!(
                parse_iso6709(&location),
                Some((37.3318, -122.0312)),
                "{name}"
            );
        }
    }
}

//! Placeholder until the prober lands.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mp4Info {
    pub duration_ms: Option<u64>,
    pub dimensions: Option<(u32, u32)>,
    pub location: Option<String>,
    pub brand: Option<String>,
}
pub fn probe<R: std::io::Read + std::io::Seek>(_r: &mut R) -> Result<Mp4Info, String> {
    Ok(Mp4Info::default())
}
pub fn parse_iso6709(_s: &str) -> Option<(f64, f64)> {
    None
}

//! Placeholder until the parser lands.
pub struct Cue {
    pub id: Option<String>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
    pub line: usize,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    Header,
    Timing,
    EndNotAfterStart,
    OutOfOrder,
    PastDuration,
    NoCues,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub line: usize,
    pub message: String,
    pub help: String,
}
pub fn parse(_text: &str, _duration_ms: Option<u64>) -> Result<Vec<Cue>, Vec<Problem>> {
    Ok(Vec::new())
}
pub fn timestamp(ms: u64) -> String {
    format!("{ms}")
}

//! Phase timings for the benchmarks, printed when `CAREPRESS_TIMINGS` is set.

/// Prints how long a phase took when `CAREPRESS_TIMINGS` is set.
pub fn timing(what: &str, since: std::time::Instant) {
    if std::env::var_os("CAREPRESS_TIMINGS").is_some() {
        eprintln!("timings: {what} {:.3} s", since.elapsed().as_secs_f64());
    }
}

//! Scheduler exports.

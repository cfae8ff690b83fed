//! Length counting, one function per platform rule.

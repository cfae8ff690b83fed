//! The `carepress` command: the library's command line (`carepress::cli`).

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    carepress::cli::main()
}

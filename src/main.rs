//! The `carepress` command: the library's command line (`carepress::cli`).

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    carepress::cli::main()
}

/// mimalloc asks for transparent huge pages on its arenas and then returns freed memory
/// to the system 64 KiB at a time; on Linux each return splits a 2 MiB page that the next
/// allocation faults in and zeroes whole again. Indexing 10,000 articles for search spent
/// 13 of its 16 s in the kernel doing that; with huge pages off for the process it took 10 s
/// (3.8 s in the kernel). The setting is the process's own, read by the kernel at each fault.
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

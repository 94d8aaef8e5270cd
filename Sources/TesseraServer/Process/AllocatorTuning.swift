#if canImport(Glibc)
    import Glibc
#endif

/// glibc's allocator, tuned for a process that secures messages all day.
///
/// Securing or verifying one message allocates and frees hundreds of small blocks (tree nodes,
/// strings, buffers) and a few of a kilobyte or more (parser input, canonical forms). glibc
/// keeps 7 freed blocks per size in a per-thread cache; the rest go to its fast bins, which it
/// consolidates before each allocation of a kilobyte or more, so every message pays for sorting
/// the free lists several times. A cache of 1,000 blocks per size holds a message's worth:
/// measured with `scripts/callgrind-exchange`, a WS-SecureConversation exchange takes 10% fewer
/// instructions (5.70 M → 5.13 M; 400 gives 5.24 M, 2,000 no more than 1,000).
///
/// glibc reads its tunables only when a process starts, from `GLIBC_TUNABLES`, so the setting
/// is applied by executing the same program again with it added. Release builds of
/// `scripts/release-build` link tcmalloc, which replaces glibc's malloc and needs none of this.
public enum AllocatorTuning {
    /// The tunable this sets, with its value.
    public static let setting = "glibc.malloc.tcache_count=1000"
    private static let variable = "GLIBC_TUNABLES"

    /// Replaces the process with the same program and arguments under ``setting``, unless
    /// `GLIBC_TUNABLES` already sets the cache size (an operator's choice, or this after the
    /// exec) or the process allocates with tcmalloc, not glibc. Call it first in a long-running
    /// command, before anything is printed. Returns when the setting is in place, on a system
    /// without glibc, or when the program cannot be executed again (it then runs with glibc's
    /// defaults).
    public static func applyByExecutingAgain() {
        #if os(Linux) && canImport(Glibc)
            // tcmalloc (linked by scripts/release-build, or preloaded) replaces glibc's malloc.
            guard dlsym(UnsafeMutableRawPointer(bitPattern: 0), "tc_malloc") == nil else { return }
            let current = getenv(variable).map { String(cString: $0) }
            let name = setting.prefix { $0 != "=" }
            guard !(current ?? "").split(separator: ":").contains(where: { $0.hasPrefix(name + "=") }) else { return }
            setenv(variable, current.map { $0.isEmpty ? setting : $0 + ":" + setting } ?? setting, 1)
            execv("/proc/self/exe", CommandLine.unsafeArgv)
            // Still here: the program could not be executed again; carry on as it was started.
            if let current { setenv(variable, current, 1) } else { unsetenv(variable) }
        #endif
    }
}

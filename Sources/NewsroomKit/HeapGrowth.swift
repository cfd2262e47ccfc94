import CExchange
import Foundation

/// How the process's allocator grows its heaps, set once before a command runs.
///
/// A build allocates and frees in bursts on every core (a release's values, a page's text, the
/// manifest's tables). By default glibc grows a thread's heap by as little as each allocation
/// needs, one `mprotect` and a run of page faults at a time, and gives the top of a heap back
/// as soon as it is free: 5,785 `mprotect` calls in a one-release edit of 10,000 releases, 4%
/// of its CPU (15 with the settings below). Each growth is padded to 64 MiB instead (address
/// space: pages count once touched). Setting the padding also stops glibc from raising the
/// size above which a block is mapped on its own (128 KiB) as large blocks come and go, so that
/// size is set to glibc's own ceiling, 32 MiB: a page's text, a shard's bytes and the plan's
/// lists come from the heaps. Measured against glibc's defaults, alternating: clean builds 7%
/// faster at 10,000 releases (9% at 100,000, in two pairs), one-release edits 5% faster, with
/// the same peak memory (README, Performance).
///
/// The padding is also what a heap keeps free at its top when it gives memory back. The first
/// thread's heap grows past it, and gave back all above it whenever a large block at its top
/// was freed, to be touched (and zeroed by the kernel, in huge pages) again moments later; so
/// no heap gives its top back while a command runs (`givenBackFrom`): clean builds of 10,000
/// releases 10% faster, alternating, with the same peak memory (README, Performance).
public enum HeapGrowth {
    /// The padding: glibc's largest heap for a thread other than the first.
    static let padding = 64 << 20
    /// Blocks this large or larger are mapped on their own.
    static let mappedFrom = 32 << 20
    /// The size a heap's free top must reach to be given back: the largest glibc takes, more
    /// than a build of 100,000 releases holds.
    static let givenBackFrom = Int(Int32.max)

    /// The settings `pad` makes, in order.
    static let settings: [(setting: newsroom_allocator_setting, value: Int)] = [
        (newsroom_heap_padding, padding), (newsroom_mapped_from, mappedFrom), (newsroom_given_back_from, givenBackFrom),
    ]

    /// Makes the settings; false where the C library is not glibc or refused one.
    @discardableResult
    public static func pad() -> Bool {
        settings.allSatisfy { newsroom_tune_allocator($0.setting, $0.value) == 1 }
    }

    // MARK: Huge pages

    /// The variable glibc reads its allocator's settings from when a program starts, and the
    /// setting that has it ask the kernel for huge pages (2 MiB) for its heaps.
    static let tunablesVariable = "GLIBC_TUNABLES"
    static let hugePagesSetting = "glibc.malloc.hugetlb"

    /// Starts the command again, in the same process, with glibc asking for huge pages for its
    /// heaps, when the kernel gives them only to memory that asks (`madvise`, Debian's default)
    /// and nobody has said otherwise in `GLIBC_TUNABLES` (`glibc.malloc.hugetlb=0` turns this
    /// off). A build touches every page of its heaps once: in 4 KiB pages that is one fault
    /// each, 10% of a one-release edit's CPU at 10,000 releases. With huge pages, alternating:
    /// one-release edits 14% faster (0.21 → 0.18 s), clean builds 6% faster at 10,000 releases
    /// and 10% at 100,000, with the same peak memory (README, Performance). Starting again
    /// costs about 4 ms. glibc reads the setting only as a program starts, hence the `execv`;
    /// where that fails, the command runs as it is.
    public static func startWithHugePages() {
        let before = getenv(tunablesVariable).map { String(cString: $0) }
        guard kernelGivesHugePagesOnRequest(
                  (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""),
              let tunables = tunables(adding: before) else { return }
        setenv(tunablesVariable, tunables, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        if let before { setenv(tunablesVariable, before, 1) } else { unsetenv(tunablesVariable) }
    }

    /// `GLIBC_TUNABLES` asking for huge pages, given its value now; nil when it already says
    /// whether to ask, either way.
    static func tunables(adding current: String?) -> String? {
        let current = current ?? ""
        if current.split(separator: ":").contains(where: { $0.hasPrefix(hugePagesSetting + "=") }) { return nil }
        return (current.isEmpty ? "" : current + ":") + hugePagesSetting + "=1"
    }

    /// Whether the kernel's setting for transparent huge pages (the text of
    /// `/sys/kernel/mm/transparent_hugepage/enabled`, the chosen word in brackets) gives them
    /// to memory that asks and only to it. Under `always` the heaps have them anyway; under
    /// `never`, asking does nothing.
    static func kernelGivesHugePagesOnRequest(_ setting: String) -> Bool {
        setting.split(whereSeparator: \.isWhitespace).contains("[madvise]")
    }
}

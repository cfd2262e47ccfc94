/// What a successful build did, as a value; the command line decides how to show it.
public struct BuildReport: Sendable {
    public var outputDirectory: String
    /// Warnings (never errors: a build with errors throws `BuildFailure`), sorted.
    public var diagnostics: [Diagnostic]
    public var publishedReleases: Int
    public var pages: Int
    public var files: Int
    public var filesWritten: Int
    public var filesUnchanged: Int
    /// Sorted by due date (drafts last), then path.
    public var withheld: [WithheldRelease]
    /// Source paths of draft pages, held unless `--drafts`.
    public var withheldPages: [String]
    public var schedule: PublicationSchedule
    /// Pages put through the templates; the others were unchanged and taken from the previous output.
    public var pagesRendered = 0
    /// Release values made for templates or fingerprints; the others were known from the last
    /// build by their digests (`ReleaseValueMemo`) and shown on no page rendered.
    public var releaseValuesMade = 0
    /// Release values held for the pages while they rendered; the others were made for a page
    /// that shows every release and let go (`ReleaseValues`).
    public var releaseValuesKept = 0
    /// Release values made a second time: let go by the search index, then shown by another page.
    public var releaseValuesMadeAgain = 0
    /// Pages whose fingerprint was worked out; the others were rendered without one (no cache),
    /// or shown by their epoch and their releases to have the last build's (`PlanEpoch`).
    public var pagesFingerprinted = 0
    /// Pages written to their files as they rendered, never held whole: those that list the
    /// whole site (the search index, sitemaps) when nothing is held back.
    public var pagesWrittenAsRendered = 0
    /// Bodies (of releases and pages) whose links were checked, of `bodies`; the others were
    /// found clean by the last build, against the same output paths (`PlanMemo`).
    public var bodiesLinkChecked = 0
    public var bodies = 0
    /// Whether the output paths were checked for a file that another path needs as a folder;
    /// not when the last build checked these very paths.
    public var outputNestingChecked = true
    /// Whether the related releases were worked out; not when the last build worked them out
    /// from the same tags on the same releases.
    public var relatedWorkedOut = true
    /// How many releases' texts the leak scan read back to learn what the published site shows
    /// of held text; nil when nothing was held. The others were known from the last build.
    public var publishedTextsRead: Int?
    /// Whether the whole tree was staged while pages rendered (`StagingAhead`, started by a page
    /// at the top of the output rendered anew): nil when it was not, false when the change
    /// turned out to lie in one folder and that tree was removed.
    public var wholeTreeStagedAhead: Bool?
    /// Whether files were changed in the output where it is (`OutputWriter.writeInPlace`), not
    /// in a staged folder exchanged for the old one.
    public var writtenInPlace = false
    /// True when nothing the output depends on changed since the last build, which then stopped at once.
    public var upToDate = false
    /// Wall time of each stage, in order.
    public var timings: [Timing] = []

    public struct Timing: Sendable, Equatable {
        public var stage: String
        public var seconds: Double
        /// CPU time of every thread of the process during the stage: above `seconds` where the stage ran on several cores.
        public var cpuSeconds: Double
        /// The process's peak resident memory so far, in bytes.
        public var peakMemory: Int
    }

    /// Remarks about the build itself, not the site: a build cache that was ignored and why.
    public var notes: [String] = []
}

import Foundation

/// Everything a build depends on besides the files: one value, set by the command line.
public struct BuildOptions: Sendable {
    public var siteDirectory: String
    /// Defaults to `<site>/public`.
    public var outputDirectory: String?
    public var baseURL: String?
    public var includeDrafts: Bool
    public var includeFuture: Bool
    public var strict: Bool
    public var clock: Clock
    /// Worker threads for parsing and rendering; 0 uses every core. The output is the same for any value.
    public var threads: Int
    /// Where the build cache is kept between processes (`newsroom build` uses `<site>/.newsroom-cache`);
    /// nil keeps nothing on disk.
    public var cacheDirectory: String?
    /// Told the name of each stage of the build as it ends; no effect on the output.
    public var progress: (@Sendable (String) -> Void)?

    public init(
        siteDirectory: String, outputDirectory: String? = nil, baseURL: String? = nil,
        includeDrafts: Bool = false, includeFuture: Bool = false, strict: Bool = false,
        clock: Clock, threads: Int = 0, cacheDirectory: String? = nil
    ) {
        self.siteDirectory = siteDirectory
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
        self.includeFuture = includeFuture
        self.strict = strict
        self.clock = clock
        self.threads = threads
        self.cacheDirectory = cacheDirectory
    }

    /// The cache folder `newsroom build` uses unless told otherwise.
    public static func defaultCacheDirectory(site: String) -> String {
        URL(fileURLWithPath: site).appendingPathComponent(".newsroom-cache").path
    }

    public var resolvedOutputDirectory: String {
        outputDirectory ?? (URL(fileURLWithPath: siteDirectory).appendingPathComponent("public").path)
    }

    public var policy: PublicationPolicy {
        PublicationPolicy(clock: clock, includeDrafts: includeDrafts, includeFuture: includeFuture)
    }
}

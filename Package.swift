// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "newsroom",
    products: [
        .executable(name: "newsroom", targets: ["newsroom"]),
        .library(name: "NewsroomKit", targets: ["NewsroomKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The preview server only: HTTP/1.1 on SwiftNIO's core, with nothing above it to compile.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "CExchange"),
        .target(
            name: "Markdown",
            dependencies: ["CCmark"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Templating",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NewsroomKit",
            dependencies: [
                "Markdown",
                "Templating",
                "CExchange",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Preview",
            dependencies: [
                "NewsroomKit",
                "Markdown",
                "Templating",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "newsroom",
            dependencies: [
                "NewsroomKit",
                "Preview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The temporary folders of the tests, removed when the test process ends.
        .target(
            name: "TestFolders",
            path: "Tests/TestFolders",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MarkdownTests",
            dependencies: ["Markdown"],
            exclude: ["FuzzCrashers"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TemplatingTests",
            dependencies: ["Templating", "TestFolders"],
            exclude: ["Fixtures", "FuzzCrashers"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NewsroomKitTests",
            dependencies: ["NewsroomKit", "Templating", "Markdown", "TestFolders"],
            exclude: ["FuzzCrashers"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PreviewTests",
            dependencies: ["Preview", "NewsroomKit", "TestFolders"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "newsroomTests",
            dependencies: ["newsroom", "TestFolders"],
            swiftSettings: strictSettings
        ),
    ]
)

// libFuzzer targets, declared only for `NEWSROOM_FUZZ=1 swift build --sanitize=fuzzer`
// (seeds/fuzz/run.sh, `make fuzz`): they have no `main`, and the normal build stays fast.
if Context.environment["NEWSROOM_FUZZ"] != nil {
    for name in ["FrontMatter", "Templates", "Markdown", "Planner"] {
        package.targets.append(.executableTarget(
            name: "Fuzz\(name)",
            dependencies: ["NewsroomKit", "Templating", "Markdown"],
            path: "Sources/Fuzz/\(name)",
            swiftSettings: strictSettings + [.unsafeFlags(["-parse-as-library"])]
        ))
        package.products.append(.executable(name: "Fuzz\(name)", targets: ["Fuzz\(name)"]))
    }
}

// The template engine benchmark (`make bench`, seeds/bench/run.sh), declared only for
// `NEWSROOM_BENCH=1 swift build`, so the normal build does not compile it.
if Context.environment["NEWSROOM_BENCH"] != nil {
    package.targets.append(.executableTarget(
        name: "TemplatePage",
        dependencies: ["NewsroomKit", "Templating", "Markdown"],
        path: "Sources/Bench/TemplatePage",
        swiftSettings: strictSettings
    ))
    package.products.append(.executable(name: "TemplatePage", targets: ["TemplatePage"]))
}

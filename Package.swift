// swift-tools-version: 6.0
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
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "CSystem"),
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
                "CSystem",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "newsroom",
            dependencies: [
                "NewsroomKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MarkdownTests",
            dependencies: ["Markdown"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TemplatingTests",
            dependencies: ["Templating"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "NewsroomKitTests",
            dependencies: ["NewsroomKit", "Templating", "Markdown"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "newsroomTests",
            dependencies: ["newsroom"],
            swiftSettings: strictSettings
        ),
    ]
)

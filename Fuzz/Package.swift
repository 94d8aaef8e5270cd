// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for Tessera's parsers, canonicalizers, serializer and message processors.
/// A separate package so the root package stays free of unsafe flags; build and run them with
/// `scripts/fuzz` (see docs/fuzzing.md). Every target is a `-parse-as-library` executable whose
/// entry point hands its `LLVMFuzzerTestOneInput` to libFuzzer's driver.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"]), .enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "TesseraFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Tessera", path: ".."),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "TesseraXMLCore", package: "Tessera"),
                .product(name: "TesseraCrypto", package: "Tessera"),
                .product(name: "TesseraWSSecurity", package: "Tessera"),
                .product(name: "TesseraSecurityCore", package: "Tessera"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "FuzzXML",
            dependencies: ["FuzzSupport", .product(name: "TesseraXMLCore", package: "Tessera")],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "FuzzWSSecurity",
            dependencies: [
                "FuzzSupport",
                .product(name: "TesseraWSSecurity", package: "Tessera"),
                .product(name: "TesseraSecurityCore", package: "Tessera"),
                .product(name: "TesseraXMLSecurity", package: "Tessera"),
                .product(name: "TesseraSOAP", package: "Tessera"),
                .product(name: "TesseraXMLCore", package: "Tessera"),
            ],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "FuzzWSTrust",
            dependencies: [
                "FuzzSupport",
                .product(name: "TesseraWSTrust", package: "Tessera"),
                .product(name: "TesseraXMLCore", package: "Tessera"),
            ],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "FuzzSecureConversation",
            dependencies: [
                "FuzzSupport",
                .product(name: "TesseraSecureConversation", package: "Tessera"),
                .product(name: "TesseraSOAP", package: "Tessera"),
                .product(name: "TesseraWSSecurity", package: "Tessera"),
                .product(name: "TesseraXMLCore", package: "Tessera"),
            ],
            swiftSettings: fuzzTarget
        ),
        .executableTarget(
            name: "FuzzSAML",
            dependencies: [
                "FuzzSupport",
                .product(name: "TesseraSAML", package: "Tessera"),
                .product(name: "TesseraWSSecurity", package: "Tessera"),
                .product(name: "TesseraXMLCore", package: "Tessera"),
            ],
            swiftSettings: fuzzTarget
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("InternalImportsByDefault")]

/// Linux only: the XML modules use libxml2 directly, and on Apple platforms Foundation's own
/// `XMLDocument` and `XMLElement` would clash with XMLCore's in every file importing both.
/// Library products carry a "Tessera" prefix so that they do not clash with other packages'
/// products; their modules keep their short names (SwiftPM's module aliases resolve a clash of
/// module names in a dependent package). The server, gateway and command line are applications,
/// not products.
let package = Package(
    name: "Tessera",
    products: [
        .executable(name: "tessera", targets: ["tessera"]),
        .library(name: "TesseraXMLCore", targets: ["XMLCore"]),
        .library(name: "TesseraXMLSecurity", targets: ["XMLSecurity"]),
        .library(name: "TesseraSecurityCore", targets: ["SecurityCore"]),
        .library(name: "TesseraCrypto", targets: ["TesseraCrypto"]),
        .library(name: "TesseraSOAP", targets: ["SOAP"]),
        .library(name: "TesseraWSSecurity", targets: ["WSSecurity"]),
        .library(name: "TesseraWSTrust", targets: ["WSTrust"]),
        .library(name: "TesseraSAML", targets: ["SAML"]),
        .library(name: "TesseraSecureConversation", targets: ["SecureConversation"]),
        .library(name: "TesseraClient", targets: ["TesseraClient"]),
        .library(name: "TesseraSTS", targets: ["STS"]),
        .library(name: "TesseraStoreProtocols", targets: ["StoreProtocols"]),
        .library(name: "TesseraStore", targets: ["TesseraStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // `swift package generate-documentation` of the DocC catalogs (Sources/*/*.docc).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "XMLCore", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(
            name: "TesseraCrypto",
            dependencies: [
                "COpenSSL",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "XMLSecurity",
            dependencies: [
                "XMLCore", "TesseraCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // What every security layer shares: the clock and xsd:dateTime, the replay-cache protocol,
        // X.509 trust and credentials, the busy signal.
        .target(
            name: "SecurityCore",
            dependencies: [
                "XMLSecurity", "XMLCore", "TesseraCrypto",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "HeapModule", package: "swift-collections"),  // ExpiryQueue
            ],
            swiftSettings: strict
        ),
        // The protocols of the state a token service and a secure-conversation service keep
        // (issued tokens, security contexts, cookie revocations; the replay cache is SecurityCore's),
        // which TesseraStore implements without compiling either service.
        .target(name: "StoreProtocols", dependencies: [], swiftSettings: strict),
        .target(name: "SOAP", dependencies: ["XMLCore"], swiftSettings: strict),
        .target(
            name: "WSSecurity",
            dependencies: [
                "XMLCore", "XMLSecurity", "SOAP", "TesseraCrypto", "SAML", "SecurityCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .target(name: "WSTrust", dependencies: ["XMLCore", "SOAP", "SecurityCore"], swiftSettings: strict),
        .target(
            name: "SAML",
            dependencies: [
                "XMLCore", "XMLSecurity", "TesseraCrypto", "SecurityCore",
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "STS",
            dependencies: [
                "StoreProtocols", "SecurityCore", "WSTrust", "SAML", "WSSecurity", "SOAP", "XMLCore", "XMLSecurity", "TesseraCrypto",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),  // scrypt password hashes
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SecureConversation",
            dependencies: [
                "StoreProtocols", "SecurityCore", "WSTrust", "SAML", "WSSecurity", "XMLSecurity", "SOAP", "XMLCore", "TesseraCrypto",
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TesseraClient",
            dependencies: [
                "SecurityCore", "WSTrust", "WSSecurity", "XMLSecurity", "SOAP", "XMLCore", "TesseraCrypto",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        // The sample services `tessera serve` hosts from its configuration (the echo service
        // under WS-SecureConversation, HelloService behind SAMLTokenPolicy): not API.
        .target(name: "TesseraSamples", dependencies: ["SecureConversation", "SAML", "WSSecurity", "SOAP", "XMLCore"], swiftSettings: strict),
        .target(
            name: "TesseraServer",
            dependencies: [
                "StoreProtocols", "SecurityCore", "TesseraStore", "STS", "SecureConversation", "WSTrust", "SAML", "WSSecurity", "SOAP", "XMLCore",
                "XMLSecurity", "TesseraCrypto", "TesseraSamples",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TesseraGateway",
            dependencies: [
                "SecurityCore", "TesseraServer", "TesseraClient", "SecureConversation", "SAML", "WSTrust", "WSSecurity", "SOAP", "XMLCore", "XMLSecurity",
                "TesseraCrypto",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // `tessera demo secure-conversation` and `tessera demo token-exchange`: the flows the
        // command line plays against the server and the gateway on loopback. Not API.
        .target(
            name: "TesseraDemos",
            dependencies: [
                "TesseraGateway", "TesseraServer", "TesseraSamples", "TesseraClient", "STS", "SecureConversation", "SecurityCore", "SAML", "WSTrust",
                "WSSecurity", "SOAP", "XMLCore", "XMLSecurity", "TesseraCrypto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TesseraStore",
            dependencies: [
                "SecurityCore", "StoreProtocols", "TesseraCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // the issuance's statements through SQLite's C API
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tessera",
            dependencies: [
                "SecurityCore", "WSSecurity", "XMLSecurity", "XMLCore", "SOAP", "TesseraCrypto", "WSTrust", "TesseraClient", "TesseraServer", "TesseraGateway",
                "TesseraStore", "TesseraDemos", "TesseraSamples",
                "STS", "SecureConversation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        // A complete service secured with WS-SecureConversation, written against the public
        // library products only (docs/secure-conversation.md): the service, and its command.
        .target(
            name: "SecureConversationExample",
            dependencies: [
                "SecureConversation", "SecurityCore", "SOAP", "XMLCore", "TesseraCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/SecureConversationExample/QuoteService",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "secure-conversation-example",
            dependencies: ["SecureConversationExample", .product(name: "Logging", package: "swift-log")],
            path: "Examples/SecureConversationExample/Main",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tessera-bench",
            dependencies: [
                "StoreProtocols", "SecurityCore", "WSSecurity", "XMLSecurity", "XMLCore", "SOAP", "TesseraCrypto", "SecureConversation", "WSTrust",
                "TesseraServer", "TesseraClient", "TesseraLoadKit", "STS", "TesseraStore", "TesseraSamples",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The password-burst mode's HTTP clients (status codes and headers of their own).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/tessera-bench",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tessera-store-bench",
            dependencies: ["StoreProtocols", "TesseraStore", "SecureConversation", "TesseraCrypto", "SAML"],
            path: "Benchmarks/tessera-store-bench",
            swiftSettings: strict
        ),
        // The pure parts of tessera-load (schedule, percentiles, /proc parsing), unit-tested.
        .target(name: "TesseraLoadKit", path: "Benchmarks/TesseraLoadKit", swiftSettings: strict),
        .executableTarget(
            name: "tessera-load",
            dependencies: [
                "TesseraLoadKit",
                // tessera-load speaks HTTP/1.1 itself (RawConnection) over NIO's sockets.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/tessera-load",
            swiftSettings: strict
        ),
        // Used only by TesseraStoreTests: writes records, acknowledges each on stdout, and is
        // killed with SIGKILL by the durability test.
        .executableTarget(
            name: "tessera-store-crash-writer",
            dependencies: ["StoreProtocols", "TesseraStore", "STS", "SecureConversation"],
            path: "Tests/TesseraStoreCrashWriter",
            swiftSettings: strict
        ),
        // What every test target shares: the test host's oracles and files, the test PKI and SOAP
        // samples (the Fixtures resource), and an async subprocess runner (Tests/TesseraTestSupport).
        .target(name: "TesseraTestSupport", path: "Tests/TesseraTestSupport", resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(
            name: "XMLCoreTests", dependencies: ["XMLCore", "TesseraTestSupport"],
            resources: [.copy("Corpus")],  // C14N inputs read by path, compared against lxml
            swiftSettings: strict
        ),
        .testTarget(name: "TesseraLoadKitTests", dependencies: ["TesseraTestSupport", "TesseraLoadKit"], swiftSettings: strict),
        .testTarget(name: "TesseraCryptoTests", dependencies: ["TesseraTestSupport", "TesseraCrypto"], swiftSettings: strict),
        .testTarget(name: "XMLSecurityTests", dependencies: ["TesseraTestSupport", "XMLSecurity", "XMLCore", "TesseraCrypto"], swiftSettings: strict),
        .testTarget(
            name: "WSSecurityTests",
            dependencies: [
                "SecurityCore", "TesseraTestSupport", "WSSecurity", "XMLSecurity", "XMLCore", "SOAP", "TesseraCrypto",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SOAPTests", dependencies: ["TesseraTestSupport", "SOAP", "XMLCore"], swiftSettings: strict),
        .testTarget(name: "WSTrustTests", dependencies: ["TesseraTestSupport", "WSTrust", "XMLCore", "SOAP", "WSSecurity"], swiftSettings: strict),
        .testTarget(
            name: "CLITests", dependencies: ["TesseraTestSupport", "WSSecurity", "XMLSecurity", "XMLCore", "SOAP", "TesseraCrypto", "STS"],
            swiftSettings: strict),
        .testTarget(
            name: "SAMLTests",
            dependencies: [
                "SecurityCore", "TesseraTestSupport", "SAML", "XMLCore", "XMLSecurity", "TesseraCrypto", "WSSecurity",
                .product(name: "X509", package: "swift-certificates"),  // the test PKI's certificates
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "STSTests",
            dependencies: [
                "StoreProtocols", "SecurityCore", "TesseraTestSupport", "STS", "WSTrust", "SAML", "WSSecurity", "SOAP", "XMLCore", "XMLSecurity",
                "TesseraCrypto",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InteropTests",
            dependencies: [
                "SecurityCore", "TesseraTestSupport", "WSSecurity", "XMLSecurity", "XMLCore", "SOAP", "TesseraCrypto", "STS", "WSTrust", "SAML",
                "TesseraGateway", "TesseraSamples",
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraClientTests",
            dependencies: [
                "SecurityCore", "TesseraTestSupport", "TesseraClient", "STS", "WSTrust", "SAML", "WSSecurity", "XMLSecurity", "SOAP", "XMLCore",
                "TesseraCrypto",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SecureConversationTests",
            dependencies: [
                "StoreProtocols", "SecurityCore", "TesseraTestSupport", "SecureConversation", "SAML", "WSTrust", "WSSecurity", "XMLSecurity", "SOAP", "XMLCore",
                "TesseraCrypto",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),  // HMAC-MD5 for the TLS 1.0 PRF vector
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraServerTests",
            dependencies: [
                "SecureConversationExample", "SecurityCore", "TesseraTestSupport", "TesseraServer", "TesseraStore", "SecureConversation", "TesseraClient",
                "STS", "WSTrust", "SAML",
                "WSSecurity", "SOAP",
                "XMLCore", "XMLSecurity", "TesseraCrypto", "TesseraSamples", "TesseraDemos",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                // Requests handed to the application's router in process, without a socket.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraGatewayTests",
            dependencies: [
                "SecurityCore", "TesseraTestSupport", "TesseraGateway", "TesseraServer", "TesseraClient", "STS", "SecureConversation", "StoreProtocols", "SAML",
                "WSTrust", "WSSecurity", "SOAP",
                "XMLCore",
                "XMLSecurity", "TesseraCrypto", "TesseraSamples",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "X509", package: "swift-certificates"),
                // A loopback TLS certificate made per test run (P-256 key, IP address SAN).
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TesseraStoreTests",
            dependencies: [
                "StoreProtocols", "SecurityCore", "TesseraTestSupport", "TesseraStore", "STS", "SecureConversation", "WSSecurity", "TesseraCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),  // reads raw rows to check what is at rest
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ]
)

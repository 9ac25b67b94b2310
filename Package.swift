// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "hivekeep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hivekeep", targets: ["hivekeep"]),
        .library(name: "HiveKeepCLI", targets: ["HiveKeepCLI"]),
        .library(name: "HiveKeepServer", targets: ["HiveKeepServer"]),
        .library(name: "Sodium", targets: ["Sodium"]),
        .library(name: "Keyring", targets: ["Keyring"]),
    ],
    dependencies: [
        .package(
            url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift target.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CLibSecret",
            pkgConfig: "libsecret-1",
            providers: [.apt(["libsecret-1-dev"])]
        ),
        .target(name: "CHiveKeepSystem"),
        .target(name: "Sodium", dependencies: ["CSodium"], swiftSettings: swiftSettings),
        .target(
            name: "Keyring",
            dependencies: ["CLibSecret", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),

        // Domain, state and services.
        .target(name: "HiveKeepCore", swiftSettings: swiftSettings),
        // Who is calling and what they may do: principals, roles, API tokens, JWT verification. Imported by the
        // server and by every workload proxy; imports neither.
        .target(
            name: "HiveKeepAuth",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "Sodium",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepStore",
            dependencies: [
                "HiveKeepCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepVault",
            dependencies: ["HiveKeepCore", "HiveKeepStore", "Sodium"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepSecrets",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "HiveKeepVault",
                "Sodium",
                "Keyring",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepRegistry",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.embedInCode("Resources/builtin-registry.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepSigning",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "HiveKeepSecrets",
                "Sodium",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepRuntime",
            dependencies: [
                "HiveKeepCore",
                "Sodium",
                "CHiveKeepSystem",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Container workloads: the Docker Engine API (Podman or Docker) over a Unix socket.
        .target(
            name: "HiveKeepContainers",
            dependencies: [
                "CHiveKeepSystem",
                "HiveKeepCore",
                "HiveKeepStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // OAuth 2.1 client for remote MCP servers: discovery, dynamic registration, PKCE, token exchange and refresh.
        .target(
            name: "HiveKeepOAuth",
            dependencies: [
                "HiveKeepCore",
                "Sodium",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepNetLimits",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepProxy",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepAuth",
                "HiveKeepNetLimits",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // AI-client configuration files: the supported clients, their files, the JSONC and YAML span editors and
        // the record of the entries HiveKeep wrote, the proxy token in them. Imported by the workload services;
        // imports none of them.
        .target(
            name: "HiveKeepClients",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "HiveKeepAuth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepWorkloads",
            dependencies: [
                "HiveKeepContainers",
                "HiveKeepOAuth",
                "HiveKeepAuth",
                "HiveKeepCore",
                "HiveKeepClients",
                "HiveKeepStore",
                "HiveKeepSecrets",
                "HiveKeepRegistry",
                "HiveKeepRuntime",
                "HiveKeepSigning",
                "Sodium",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Backup and restore: one passphrase-encrypted, signed archive of an installation (files, vault, keyring
        // secrets), and its verified restore.
        .target(
            name: "HiveKeepBackup",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "HiveKeepVault",
                "HiveKeepSecrets",
                "HiveKeepSigning",
                "HiveKeepWorkloads",
                "Keyring",
                "Sodium",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Moving in: reads a ToolHive installation (its config, encrypted secrets file, run configurations,
        // groups and client registrations) and brings it into HiveKeep through the services.
        .target(
            name: "HiveKeepMigration",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepStore",
                "HiveKeepSecrets",
                "HiveKeepWorkloads",
                "HiveKeepClients",
                "Keyring",
                "Sodium",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Scaling out: run configurations as ToolHive operator resources (MCPServer, MCPGroup) for Kubernetes.
        .target(
            name: "HiveKeepKubernetes",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepRegistry",
                "HiveKeepWorkloads",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepRunner",
            dependencies: [
                "HiveKeepContainers",
                "HiveKeepOAuth",
                "HiveKeepAuth",
                "HiveKeepCore",
                "HiveKeepClients",
                "HiveKeepStore",
                "HiveKeepWorkloads",
                "HiveKeepRuntime",
                "HiveKeepProxy",
                "HiveKeepSecrets",
                "Sodium",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepServer",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepClients",
                "HiveKeepStore",
                "HiveKeepSecrets",
                "HiveKeepRegistry",
                "HiveKeepWorkloads",
                "HiveKeepSigning",
                "HiveKeepAuth",
                "HiveKeepKubernetes",
                "HiveKeepNetLimits",
                "Sodium",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.embedInCode("OpenAPI/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepCLI",
            dependencies: [
                "HiveKeepCore",
                "HiveKeepClients",
                "HiveKeepStore",
                "HiveKeepServer",
                "HiveKeepSecrets",
                "HiveKeepRegistry",
                "HiveKeepWorkloads",
                "HiveKeepMigration",
                "HiveKeepBackup",
                "HiveKeepKubernetes",
                "Keyring",
                "HiveKeepRuntime",
                "HiveKeepRunner",
                "HiveKeepSigning",
                "HiveKeepAuth",
                "Sodium",
                "CHiveKeepSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "hivekeep", dependencies: ["HiveKeepCLI"], swiftSettings: swiftSettings),

        // Test-support executables: run as separate processes by the tests.
        .executableTarget(
            name: "hivekeep-test-helper",
            dependencies: ["HiveKeepStore", "HiveKeepCore", "Keyring", "HiveKeepVault", "HiveKeepSecrets", "Sodium"],
            path: "Tests/Support/hivekeep-test-helper",
            swiftSettings: swiftSettings
        ),

        .executableTarget(
            name: "hivekeep-secrets-benchmark",
            dependencies: [
                "HiveKeepSecrets", "HiveKeepVault", "HiveKeepStore", "HiveKeepCore", "Sodium", "HiveKeepTestSupport",
            ],
            path: "Benchmarks/secrets-benchmark",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hivekeep-bench-echo",
            path: "Benchmarks/proxy-benchmark/echo-server",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "hivekeep-proxy-benchmark",
            dependencies: ["HiveKeepTestSupport"],
            path: "Benchmarks/proxy-benchmark/driver",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HiveKeepTestSupport",
            path: "Tests/Support/HiveKeepTestSupport",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "SodiumTests", dependencies: ["Sodium"], swiftSettings: swiftSettings),
        .testTarget(
            name: "KeyringTests", dependencies: ["Keyring", "HiveKeepTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HiveKeepCoreTests", dependencies: ["HiveKeepCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HiveKeepStoreTests",
            dependencies: ["HiveKeepStore", "HiveKeepCore", "HiveKeepTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepVaultTests",
            dependencies: ["HiveKeepVault", "HiveKeepStore", "HiveKeepCore", "Sodium", "HiveKeepTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepSecretsTests",
            dependencies: [
                "HiveKeepSecrets", "HiveKeepVault", "HiveKeepStore", "HiveKeepCore", "Sodium", "Keyring",
                "HiveKeepTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepRegistryTests",
            dependencies: ["HiveKeepRegistry", "HiveKeepStore", "HiveKeepCore", "HiveKeepTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepClientsTests",
            dependencies: ["HiveKeepClients", "HiveKeepStore", "HiveKeepCore", "HiveKeepTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepWorkloadsTests",
            dependencies: [
                "HiveKeepWorkloads", "HiveKeepOAuth", "HiveKeepClients", "HiveKeepStore", "HiveKeepCore",
                "HiveKeepTestSupport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepTransferTests",
            dependencies: [
                "HiveKeepWorkloads", "HiveKeepSigning", "HiveKeepRegistry", "HiveKeepCore", "Sodium",
                "HiveKeepTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepBackupTests",
            dependencies: ["HiveKeepBackup", "HiveKeepSigning", "HiveKeepCore", "Sodium"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepMigrationTests",
            dependencies: [
                "HiveKeepMigration", "HiveKeepWorkloads", "HiveKeepSecrets", "HiveKeepRegistry", "HiveKeepStore",
                "HiveKeepCore", "Sodium", "HiveKeepTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepContainersTests",
            dependencies: [
                "HiveKeepContainers", "HiveKeepCore", "HiveKeepProxy", "HiveKeepTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepOAuthTests",
            dependencies: [
                "HiveKeepOAuth", "HiveKeepCore", "HiveKeepTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepKubernetesTests",
            dependencies: ["HiveKeepKubernetes", "HiveKeepRegistry", "HiveKeepCore", "HiveKeepTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepSigningTests",
            dependencies: [
                "HiveKeepSigning", "HiveKeepSecrets", "HiveKeepVault", "HiveKeepStore", "HiveKeepCore", "Sodium",
                "Keyring",
                "HiveKeepTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepRuntimeTests",
            dependencies: ["HiveKeepRuntime", "HiveKeepCore", "Sodium", "HiveKeepTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepProxyTests",
            dependencies: [
                "HiveKeepProxy", "HiveKeepCore", "HiveKeepAuth", "HiveKeepTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepWorkloadsE2ETests",
            // The secrets modules only to read the vault the way the runner wrote it (the OAuth tests look for
            // the tokens' values everywhere else).
            dependencies: [
                "HiveKeepTestSupport", "HiveKeepSecrets", "HiveKeepVault", "HiveKeepStore", "HiveKeepCore", "Sodium",
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepServerTests",
            dependencies: [
                "HiveKeepServer",
                "HiveKeepAuth",
                "HiveKeepClients",
                "HiveKeepStore",
                "HiveKeepCore",
                "HiveKeepSecrets",
                "HiveKeepRegistry",
                "HiveKeepWorkloads",
                "Sodium",
                "HiveKeepTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepAuthTests",
            dependencies: [
                "HiveKeepAuth", "HiveKeepCore", "HiveKeepStore", "HiveKeepTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APIContractTests",
            dependencies: [.product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HiveKeepCLITests",
            dependencies: ["HiveKeepCLI", "HiveKeepCore", "HiveKeepTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)

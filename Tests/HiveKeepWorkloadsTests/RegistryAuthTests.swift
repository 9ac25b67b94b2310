import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepWorkloads

/// `container_runtime.registry_auth`: read from config.yaml as written, checked, and matched by Docker's rule.
@Suite("registry credentials setting")
struct RegistryAuthTests {
    /// config.yaml with `text` as its whole content, read back through the file and the setting.
    static func load(_ text: String) throws -> RegistryAuth {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("config.yaml")
        try AtomicFile.write(Array(text.utf8), to: path)
        return try RegistryAuth(containerRuntime: try ConfigFile(path: path).load().containerRuntime)
    }

    @Test("entries are read from YAML, registries lower-cased and Docker Hub's names made one")
    func readsEntries() throws {
        let auth = try Self.load(
            """
            container_runtime:
              socket: /run/podman/podman.sock
              registry_auth:
                - registry: GHCR.io
                  username: me
                  password_secret: ghcr-token
                - registry: 127.0.0.1:5000
                  username: "1234"
                  password_secret: local-registry
                - {registry: index.docker.io, username: hub, password_secret: hub-token}
            """)
        #expect(
            auth.entries == [
                .init(registry: "ghcr.io", username: "me", passwordSecret: "ghcr-token"),
                .init(registry: "127.0.0.1:5000", username: "1234", passwordSecret: "local-registry"),
                .init(registry: "docker.io", username: "hub", passwordSecret: "hub-token"),
            ])
        #expect(auth.entries[2].serverAddress == "https://index.docker.io/v1/")
        #expect(auth.entries[1].serverAddress == "127.0.0.1:5000")
        #expect(try Self.load("secrets:\n  provider_type: encrypted\n").entries.isEmpty)
        #expect(try Self.load("container_runtime:\n  socket: /x.sock\n").entries.isEmpty)
    }

    @Test(
        "an image matches by its registry host: the first component with '.', ':' or localhost, else docker.io",
        arguments: [
            ("ghcr.io/me/server:1", "ghcr.io"),
            ("127.0.0.1:5000/hivekeep-test/time:1", "127.0.0.1:5000"),
            ("localhost/hivekeep-test/time:1", "localhost"),
            ("busybox", "docker.io"),
            ("library/busybox:1", "docker.io"),
            ("me/server", "docker.io"),
            ("docker.io/me/server", "docker.io"),
            ("index.docker.io/me/server", "docker.io"),
        ])
    func matching(image: String, registry: String) throws {
        #expect(try RegistryAuth.registry(ofImage: image) == registry)
        let auth = RegistryAuth(entries: [
            .init(registry: registry, username: "u", passwordSecret: "s"),
            .init(registry: "other.example", username: "v", passwordSecret: "t"),
        ])
        #expect(try auth.entry(forImage: image)?.username == "u")
        #expect(try RegistryAuth(entries: [auth.entries[1]]).entry(forImage: image) == nil)
    }

    @Test(
        "a malformed setting is refused with its position and what is wrong, never echoing a value it refuses",
        arguments: [
            ("container_runtime: [a]", "container_runtime must be a mapping"),
            ("container_runtime:\n  registry_auth: ghcr.io", "must be a list of {registry, username, password_secret}"),
            ("container_runtime:\n  registry_auth: [ghcr.io]", "registry_auth[0]: each entry must be a mapping"),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: me, password: hunter22}",
                "registry_auth[0]: unknown key 'password'"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: me, password_secret: s, x: 1}",
                "registry_auth[0]: unknown key 'x'"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: me}",
                "'password_secret' is missing"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: '', password_secret: s}",
                "'username' must be a non-empty string"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: 'https://ghcr.io', username: me, password_secret: s}",
                "is not a registry host: give host[:port]"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io/org, username: me, password_secret: s}",
                "is not a registry host"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: 'a:b', password_secret: s}",
                "'username' must not contain ':'"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: me, password_secret: 'a,b'}",
                "'password_secret' is not a secret name"
            ),
            (
                "container_runtime:\n  registry_auth:\n    - {registry: ghcr.io, username: a, password_secret: s}\n"
                    + "    - {registry: GHCR.IO, username: b, password_secret: t}",
                "registry_auth[1]: registry ghcr.io is listed twice"
            ),
        ])
    func refusesMalformed(text: String, expected: String) throws {
        let error = #expect(throws: HiveKeepError.self) { try Self.load(text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("config.yaml") == true)
        #expect(error?.message.contains("hunter22") == false)
    }

    @Test("config.yaml rewritten for another setting keeps container_runtime as written")
    func rewriteKeepsSection() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileSystem.createDirectory(directory.child("hivekeep"), mode: 0o700)
        let path = directory.child("hivekeep/config.yaml")
        let text = """
            container_runtime:
              socket: unix:///run/user/0/podman/podman.sock
              registry_auth:
                - {registry: "127.0.0.1:5000", username: "1234", password_secret: local}
            """
        try AtomicFile.write(Array(text.utf8), to: path)
        try ConfigFile(path: path).update { $0.secrets.providerType = "encrypted" }
        let config = try ConfigFile(path: path).load()
        #expect(config.secrets.providerType == "encrypted")
        #expect(config.containerRuntime?["socket"]?.stringValue == "unix:///run/user/0/podman/podman.sock")
        #expect(
            try RegistryAuth(containerRuntime: config.containerRuntime).entries == [
                .init(registry: "127.0.0.1:5000", username: "1234", passwordSecret: "local")
            ])
        let environment = ["XDG_CONFIG_HOME": directory.path, "HOME": directory.path]
        #expect(ContainerEngineSource.configuredSocket(environment) == "unix:///run/user/0/podman/podman.sock")
    }
}

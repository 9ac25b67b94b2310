import Foundation
import HiveKeepTestSupport
import Testing

/// Image workloads pulled from a real registry that wants credentials (docker-registry with htpasswd), through the
/// test engine, with `container_runtime.registry_auth` naming a secret of the encrypted vault.
@Suite(
    "container images from a registry with credentials", .serialized, .timeLimit(.minutes(15)),
    .enabled(if: TestContainerEngine.isAvailable && TestRegistry.isAvailable, "no engine or no registry (printed)"))
struct ContainerRegistryAuthTests {
    static let password = "planted-REGISTRY-pw-\(UInt32.random(in: 0...UInt32.max))"
    static let wrongPassword = "planted-WRONG-pw-\(UInt32.random(in: 0...UInt32.max))"

    /// The harness's environment: the engine, and a vault password.
    static var environment: [String: String] {
        var environment = ContainerProbe.dockerHost
        environment["HIVEKEEP_SECRETS_PASSWORD"] = "registry-test-vault-pw"
        return environment
    }

    /// Appends the setting to the harness's config.yaml (the server wrote its secrets section already).
    static func configure(_ harness: WorkloadHarness, registry: String, secret: String) throws {
        let path = harness.directory.child("config/hivekeep/config.yaml")
        let text =
            (FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "")
            + "container_runtime:\n  registry_auth:\n"
            + "    - {registry: \"\(registry)\", username: hk-puller, password_secret: \(secret)}\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Whether the engine has `image` under that exact name.
    static func engineHas(_ image: String) throws -> Bool {
        try ContainerProbe.call("GET", "/images/\(image)/json").contains("\"Id\"")
    }

    @Test(
        "without the setting, with a missing secret, a wrong password or a malformed setting the workload fails saying why"
    )
    func refusals() async throws {
        try await TestRegistry.withPrivateImage(
            TestContainerEngine.busyboxImage, named: "busybox", username: "hk-puller", password: Self.password,
            clearing: ["cnoauth", "cnosecret", "cbadpw", "cbadconf"]
        ) { registry, image, harness in
            try await Self.refusals(harness, registry: registry.address, image: image)
            #expect(!(try Self.engineHas(image)), "pulled without valid credentials")
        }
    }

    static func refusals(_ harness: WorkloadHarness, registry: String, image: String) async throws {
        try await harness.startServer()
        #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
        let body = { (name: String) in #"{"name":"\#(name)","image":"\#(image)"}"# }

        _ = try harness.json("POST", "/api/v1beta/workloads", body("cnoauth"))
        var context = try await harness.waitFor("cnoauth", "error")["status_context"] as? String ?? ""
        #expect(context.contains("the registry \(registry) wants credentials"), "\(context)")
        #expect(context.contains("container_runtime.registry_auth"), "\(context)")

        try configure(harness, registry: registry, secret: "registry-token")
        _ = try harness.json("POST", "/api/v1beta/workloads", body("cnosecret"))
        context = try await harness.waitFor("cnosecret", "error")["status_context"] as? String ?? ""
        #expect(context.contains("names the secret 'registry-token' for \(registry)"), "\(context)")
        #expect(context.contains("not in the secrets store"), "\(context)")
        let warned = try await DoctorTests.doctor(harness)
        #expect(warned.outcome["registry credentials"] == "warn", "\(warned.checks)")
        #expect(warned.detail["registry credentials"]?.contains("not in the secrets store: registry-token") == true)

        let secret = #"{"key":"registry-token","value":"\#(wrongPassword)"}"#
        #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
        _ = try harness.json("POST", "/api/v1beta/workloads", body("cbadpw"))
        context = try await harness.waitFor("cbadpw", "error")["status_context"] as? String ?? ""
        #expect(context.contains("refused the credentials of container_runtime.registry_auth"), "\(context)")
        #expect(context.contains("username hk-puller, password from the secret 'registry-token'"), "\(context)")
        #expect(!context.contains(wrongPassword))
        #expect(!(try harness.api("GET", "/api/v1beta/workloads/cbadpw/proxy-logs").body.contains(wrongPassword)))

        // The reserved name the password travels under cannot be a workload secret's target (nothing is created).
        let reserved =
            #"{"name":"creserved","image":"\#(image)","#
            + #""secrets":[{"name":"registry-token","target":"HIVEKEEP_REGISTRY_PASSWORD"}]}"#
        let refusal = try harness.api("POST", "/api/v1beta/workloads", reserved)
        #expect(refusal.status == 400, "\(refusal.body)")
        #expect(refusal.body.contains("HIVEKEEP_REGISTRY_PASSWORD is reserved"), "\(refusal.body)")
        #expect(try harness.summary("creserved") == nil)

        // A malformed setting fails the pull, saying where.
        let path = harness.directory.child("config/hivekeep/config.yaml")
        let valid = try String(contentsOfFile: path, encoding: .utf8)
        try Data(valid.replacingOccurrences(of: "password_secret:", with: "password:").utf8)
            .write(to: URL(fileURLWithPath: path))
        _ = try harness.json("POST", "/api/v1beta/workloads", body("cbadconf"))
        context = try await harness.waitFor("cbadconf", "error")["status_context"] as? String ?? ""
        #expect(
            context.contains("cannot pull \(image): config.yaml: container_runtime.registry_auth[0]: unknown key"),
            "\(context)")
        let doctor = try await DoctorTests.doctor(harness)
        #expect(doctor.outcome["registry credentials"] == "fail", "\(doctor.checks)")
        try Data(valid.utf8).write(to: URL(fileURLWithPath: path))

        for name in ["cnoauth", "cnosecret", "cbadpw", "cbadconf"] {
            #expect(try ContainerProbe.containers(of: name) == [])
            #expect(try harness.api("DELETE", "/api/v1beta/workloads/\(name)").status == 202)
        }
        try await harness.waitUntilDeleted("cnoauth", "cnosecret", "cbadpw", "cbadconf")
    }

    @Test("with the setting and its secret the image is pulled and served; the password shows nowhere")
    func pullsWithCredentials() async throws {
        try await TestRegistry.withPrivateImage(
            TestContainerEngine.timeImage, named: "time", username: "hk-puller", password: Self.password,
            clearing: ["cprivate"]
        ) { registry, image, harness in
            try await Self.pullsWithCredentials(harness, registry: registry.address, image: image)
        }
    }

    static func pullsWithCredentials(_ harness: WorkloadHarness, registry: String, image: String) async throws {
        try await harness.startServer()
        #expect(try harness.api("POST", "/api/v1beta/secrets", #"{"provider_type":"encrypted"}"#).status == 201)
        let secret = #"{"key":"registry-token","value":"\#(password)"}"#
        #expect(try harness.api("POST", "/api/v1beta/secrets/default/keys", secret).status == 201)
        try configure(harness, registry: registry, secret: "registry-token")
        let doctor = try await DoctorTests.doctor(harness)
        #expect(doctor.outcome["registry credentials"] == "ok", "\(doctor.checks)")
        #expect(doctor.detail["registry credentials"] == "\(registry) (secret registry-token)")
        let created = try harness.json("POST", "/api/v1beta/workloads", #"{"name":"cprivate","image":"\#(image)"}"#)
        let port = try #require(created["port"] as? Int)
        try await harness.waitFor("cprivate", "running", timeout: .seconds(300))
        #expect(try engineHas(image))
        let reply = try await harness.mcpClient(
            "http://127.0.0.1:\(port)/mcp", "streamable", ["call", "get_current_time", #"{"timezone":"UTC"}"#])
        #expect((reply["content"] as? [String])?.first?.contains("UTC") == true, "\(reply)")

        // The password went to the engine for the pull only: not into the container, nor anything HiveKeep writes
        // or answers (the vault holds it encrypted), nor a command line.
        let id = try #require(try ContainerProbe.containers(of: "cprivate").first)
        let containerEnvironment = try ContainerProbe.environment(of: id)
        #expect(!containerEnvironment.contains { $0.contains(password) || $0.hasPrefix("HIVEKEEP_REGISTRY") })
        #expect(try harness.api("GET", "/api/v1beta/workloads/cprivate/proxy-logs").body.contains("pulling the image"))
        for path in [
            "/api/v1beta/workloads?all=true", "/api/v1beta/workloads/cprivate", "/api/v1beta/workloads/cprivate/status",
            "/api/v1beta/workloads/cprivate/export", "/api/v1beta/workloads/cprivate/logs",
            "/api/v1beta/workloads/cprivate/proxy-logs",
        ] {
            #expect(!(try harness.api("GET", path).body.contains(password)), "GET \(path)")
        }
        let files = FileManager.default.enumerator(atPath: harness.directory.path)?.compactMap { $0 as? String } ?? []
        for file in files where !file.hasPrefix("client-logs") {
            let data = FileManager.default.contents(atPath: harness.directory.child(file)) ?? Data()
            #expect(data.range(of: Data(password.utf8)) == nil, "file \(file)")
        }
        for pid in harness.processes() {
            let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
            #expect(!String(decoding: cmdline, as: UTF8.self).contains(password), "command line of \(pid)")
        }

        // The registry secret is read for the pull only: a restart, with the image now present, does not read it.
        let reads = try registrySecretReads(harness)
        #expect(reads.count == 1, "\(reads)")
        #expect(try harness.api("POST", "/api/v1beta/workloads/cprivate/restart").status == 202)
        try await harness.waitFor("cprivate", "running", timeout: .seconds(120))
        #expect(try registrySecretReads(harness) == reads)

        #expect(try harness.api("DELETE", "/api/v1beta/workloads/cprivate").status == 202)
        try await harness.waitUntilDeleted("cprivate")
        #expect(try await ContainerProbe.waitForNoContainer(of: "cprivate") == [])
    }

    /// The audit records of the registry secret's reads for the workload `cprivate` (the caller is the principal
    /// that started it, then the workload: `token (workload:cprivate)`).
    static func registrySecretReads(_ harness: WorkloadHarness) throws -> [String] {
        let audit = try String(contentsOfFile: harness.directory.child("state/hivekeep/audit.jsonl"), encoding: .utf8)
        return audit.split(separator: "\n").map(String.init).filter {
            $0.contains(#""key":"registry-token""#) && $0.contains(#"(workload:cprivate)","#)
                && $0.contains(#""operation":"get""#)
        }
    }
}

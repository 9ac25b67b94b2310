// Secrets write benchmark (issue 3): 1000 sequential creates through the REST API and through the encrypted provider
// directly, beside a bare atomic durable write of a file of the same size, for vaults of 10, 1000 and 10000 secrets.
// Prints the time per write and the ratios. Not a test: the machines are shared and noisy.
//
// Usage: hivekeep-secrets-benchmark [--writes N] [--sizes 10,1000,10000] [--hivekeep PATH]
import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepVault
import Sodium

struct NoAudit: AuditRecorder {
    func record(_ event: AuditEvent) throws {}
}

func option(_ name: String, default value: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return arguments[index + 1]
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

func measure(_ count: Int, _ body: (Int) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    for index in 0..<count { try await body(index) }
    return milliseconds(ContinuousClock.now - start) / Double(count)
}

let writes = Int(option("--writes", default: "1000")) ?? 1000
let sizes = option("--sizes", default: "10,1000,10000").split(separator: ",").compactMap { Int($0) }
let hivekeep = option(
    "--hivekeep",
    default: URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
        "hivekeep"
    ).path
)
let password = "benchmark-password"
let value = try SecureBytes(copying: Array(String(repeating: "v", count: 40).utf8))

print("secrets write benchmark: \(writes) sequential creates per row, values of 40 bytes, Argon2id at the minimum")
print("secrets | file bytes (avg) | bare atomic write | provider create | REST create | provider/bare | REST/bare")
for size in sizes {
    let directory = try TemporaryDirectory(prefix: "hivekeep-bench")
    defer { directory.remove() }
    let environment = directory.isolatedEnvironment(extra: ["HIVEKEEP_SECRETS_PASSWORD": password])
    let paths = try HiveKeepPaths(environment: EnvironmentValues(environment))
    try paths.createDirectories()
    let vaultPath = paths.dataDirectory + "/secrets.vault"

    // Seed the vault with `size` secrets in one write.
    let secret = try SecureBytes(copying: Array(password.utf8))
    let provider = try await EncryptedProvider(path: vaultPath, password: secret, limits: .minimumAllowed)
    try await Blocking.run {
        try provider.vault.update { contents in
            for index in 0..<size { try contents.set("seed-\(index)", value) }
        }
    }
    let seedSize = try FileSystem.readFile(vaultPath)?.count ?? 0

    // The provider directly, with the real audit log.
    let audit = AuditLog(path: paths.stateDirectory + "/audit.jsonl")
    let context = SecretsCallContext(caller: "benchmark", audit: audit)
    let direct = try await measure(writes) { index in
        try await provider.create("direct-\(index)", value: value, context: context)
    }

    // Bare: as many bytes as the vault held on average during the provider's run, written atomically and durably.
    let finalSize = try FileSystem.readFile(vaultPath)?.count ?? 0
    let averageSize = (seedSize + finalSize) / 2
    let barePath = directory.child("bare.bin")
    let bareBytes = [UInt8](repeating: 0xA5, count: averageSize)
    let bare = try await measure(writes) { _ in try AtomicFile.write(bareBytes, to: barePath) }

    // The REST API of a real server over the same vault, back at `size` secrets.
    try await Blocking.run {
        try provider.vault.update { contents in
            for index in 0..<writes { _ = contents.remove("direct-\(index)") }
        }
    }
    let port = try RawHTTP.freePort()
    let server = try ChildProcess(
        hivekeep, ["serve", "--port", "\(port)", "--log-level", "warning"], environment: environment,
        logDirectory: directory.path, name: "server")
    defer { server.kill() }
    for _ in 0..<500 where !RawHTTP.isListening(.tcp(port: port)) { try await Task.sleep(for: .milliseconds(10)) }
    let setup = try RawHTTP.request(
        "POST", "/api/v1beta/secrets", to: .tcp(port: port), body: #"{"provider_type":"encrypted"}"#)
    guard setup.status == 201 else { fatalError("setup failed: \(setup.status) \(setup.body)") }
    let rest = try await measure(writes) { index in
        let response = try RawHTTP.request(
            "POST", "/api/v1beta/secrets/default/keys", to: .tcp(port: port),
            body: #"{"key":"rest-\#(index)","value":"\#(String(repeating: "v", count: 40))"}"#)
        guard response.status == 201 else { fatalError("create failed: \(response.status) \(response.body)") }
    }
    server.kill()

    let row = [
        "\(size)", "\(averageSize)", String(format: "%.3f ms", bare), String(format: "%.3f ms", direct),
        String(format: "%.3f ms", rest),
        String(format: "%.2f", direct / bare), String(format: "%.2f", rest / bare),
    ]
    print(row.joined(separator: " | "))
}

import Foundation
import HiveKeepCore
import HiveKeepRegistry
import HiveKeepSigning
import HiveKeepWorkloads
import Testing

/// The committed samples: every signed run configuration in Samples/ verifies against a key in Keys/.
@Suite("Samples and Keys")
struct SamplesTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static func files(in folder: String, suffix: String) throws -> [URL] {
        let directory = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(suffix) }
            .sorted().map { directory.appendingPathComponent($0) }
    }

    @Test("every signed sample verifies against Keys/ and carries a HiveKeep RunConfig of the built-in registry")
    func signedSamplesVerify() throws {
        let keys = try Self.files(in: "Keys", suffix: ".pem").map {
            try SigningPublicKey(pem: try String(contentsOf: $0, encoding: .utf8))
        }
        #expect(!keys.isEmpty)
        let samples = try Self.files(in: "Samples", suffix: ".dsse.json")
        #expect(samples.contains { $0.lastPathComponent == "time.dsse.json" })
        for sample in samples {
            let body = Array(try Data(contentsOf: sample))
            let document = try ImportDocument.read(body, trustedKeys: keys, allowUnsigned: false)
            #expect(document.signer.map(keys.contains) == true, "\(sample.lastPathComponent)")
            #expect(document.config.schemaVersion == RunConfig.schemaVersion)
            #expect(document.config.image.hasPrefix("uvx://"), "\(sample.lastPathComponent)")
            #expect(ImportPlan(config: document.config, signerKeyID: nil).secrets.isEmpty)
        }
    }

    @Test("a sample with one payload byte changed no longer verifies")
    func tamperedSampleFails() throws {
        let keys = try Self.files(in: "Keys", suffix: ".pem").map {
            try SigningPublicKey(pem: try String(contentsOf: $0, encoding: .utf8))
        }
        let sample = Self.root.appendingPathComponent("Samples/time.dsse.json")
        var envelope = try DSSEEnvelope(json: Array(try Data(contentsOf: sample)))
        envelope.payload[envelope.payload.count / 2] ^= 0x01
        #expect(throws: HiveKeepError.self) {
            try ImportDocument.read(try envelope.jsonBytes(), trustedKeys: keys, allowUnsigned: true)
        }
    }
}

/// The custom registry sample is a registry HiveKeep accepts.
@Suite("Samples: custom registry")
struct CustomRegistrySampleTests {
    @Test("Samples/custom-registry.json validates against HiveKeep's registry schema and lists its servers")
    func customRegistryValidates() throws {
        let url = SamplesTests.root.appendingPathComponent("Samples/custom-registry.json")
        let document = try RegistryLoader.load(try Data(contentsOf: url), origin: "Samples/custom-registry.json")
        #expect(document.servers["time-utc"]?.image == "uvx://mcp-server-time")
        #expect(document.servers["time-utc"]?.args == ["--local-timezone", "UTC"])
        #expect(document.remoteServers["mcp-spec"]?.url == "https://modelcontextprotocol.io/mcp")
    }
}

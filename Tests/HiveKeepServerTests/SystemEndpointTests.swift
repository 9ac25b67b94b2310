import Foundation
import HTTPTypes
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveKeepServer

@Suite("System endpoints")
struct SystemEndpointTests {
    @Test("GET /health answers 204 with an empty body and a request id")
    func healthIsNoContent() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .noContent)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.requestID]?.isEmpty == false)
            }
        }
    }

    @Test("GET /health answers 503 with the reason when the configuration is corrupt")
    func healthReportsCorruptConfig() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try AtomicFile.write(Array("clients: [nope\n".utf8), to: test.paths.configFile)
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.text.contains("config.yaml"))
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            }
        }
    }

    @Test("GET /health answers 503 when a state directory is gone")
    func healthReportsMissingDirectory() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try FileManager.default.removeItem(atPath: test.paths.stateDirectory)
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.text.contains(test.paths.stateDirectory))
            }
        }
    }

    @Test("GET /api/v1beta/version reports this build's version as JSON")
    func versionIsReported() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/v1beta/version", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try JSONDecoder().decode([String: String].self, from: Data(response.body.readableBytesView))
                #expect(body["version"] == HiveKeepVersion.current)
            }
        }
    }

    @Test("GET /api/openapi.json serves the embedded document as JSON")
    func openAPIDocumentIsServed() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let embedded = try OpenAPIDocument.embedded()
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let served = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
                #expect(served == embedded.document)
                #expect(served["openapi"]?.stringValue?.hasPrefix("3.1") == true)
            }
        }
    }
}

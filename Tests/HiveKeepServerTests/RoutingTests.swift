import Foundation
import HTTPTypes
import HiveKeepCore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("Routing and errors")
struct RoutingTests {
    /// A concrete URI for an OpenAPI path template.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: #"\{[^}]+\}"#, with: "sample", options: .regularExpression)
    }

    @Test("every documented operation is routed: planned ones answer 501 naming the operation, built ones do not")
    func everyOperationIsRouted() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let document = try OpenAPIDocument.embedded()
        #expect(document.operations.count >= 3)
        try await test.application().test(.router) { client in
            for operation in document.operations {
                let method = try #require(HTTPRequest.Method(operation.method))
                let body = operation.hasRequestBody ? ByteBuffer(string: "{}") : nil
                try await client.execute(uri: Self.concrete(operation.path), method: method, body: body) { response in
                    if operation.isPlanned {
                        #expect(response.status == .notImplemented, "\(operation.method) \(operation.path)")
                        #expect(response.body.text.contains(operation.operationID))
                        #expect(response.body.text.contains("not implemented"))
                    } else {
                        // A built operation may answer 404 for a missing resource (or 405 for what it deliberately does
                        // not do), but never the router's "no such endpoint" or "method not allowed", nor a 501.
                        #expect(response.status != .notImplemented, "\(operation.method) \(operation.path)")
                        #expect(!response.body.text.hasPrefix("no such endpoint"), "\(operation.path)")
                        #expect(!response.body.text.hasPrefix("method "), "\(operation.path)")
                    }
                }
            }
        }
    }

    @Test("an unknown route is a 404 that names the path")
    func unknownRouteIs404() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/v1beta/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.body.text == "no such endpoint: GET /api/v1beta/nothing-here\n")
                #expect(response.headers[.requestID] != nil)
            }
        }
    }

    @Test("a wrong method on a known path is a 405 with an Allow header")
    func wrongMethodIs405() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "/api/v1beta/version", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(response.body.text.contains("DELETE"))
            }
        }
    }

    @Test("malformed JSON is a 400 that does not quote the body")
    func malformedJSONIs400() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let document = try OpenAPIDocument.embedded()
        let operation = try #require(document.operations.first { $0.hasRequestBody })
        try await test.application().test(.router) { client in
            let method = try #require(HTTPRequest.Method(operation.method))
            let body = ByteBuffer(string: #"{"value": "hunter2-planted"#)
            try await client.execute(uri: Self.concrete(operation.path), method: method, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.text == "request body is not valid JSON\n")
                #expect(!response.body.text.contains("hunter2"))
            }
        }
    }

    @Test("a body over 1 MiB is refused with 413 before the handler runs")
    func oversizedBodyIs413() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let document = try OpenAPIDocument.embedded()
        let operation = try #require(document.operations.first { $0.hasRequestBody })
        try await test.application().test(.router) { client in
            let method = try #require(HTTPRequest.Method(operation.method))
            let body = ByteBuffer(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
            try await client.execute(uri: Self.concrete(operation.path), method: method, body: body) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.body.text.contains("larger than the limit"))
            }
        }
    }

    @Test("an Origin that is neither the server's own nor allowed gets 403; allowed ones pass")
    func originIsChecked() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try test.application(allowedOrigins: ["http://localhost:3000"])
        try await app.test(.router) { client in
            for (origin, expected) in [
                ("https://evil.example", HTTPResponse.Status.forbidden), ("null", .forbidden),
                ("http://localhost:3000", .noContent), ("http://LOCALHOST:3000/", .noContent),
                ("http://localhost:3001", .forbidden),
            ] {
                try await client.execute(uri: "/health", method: .get, headers: [.origin: origin]) { response in
                    #expect(response.status == expected, "\(origin)")
                }
            }
        }
    }

    @Test("an unexpected failure is a 500 that gives only the request id, and the log carries that id")
    func unexpectedErrorIs500WithRequestID() async throws {
        struct Boom: Error {}
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try test.application(health: HealthCheck { nil })
        let router = Router(context: HiveKeepRequestContext.self)
        router.add(middleware: RequestErrorMiddleware(maxBodyBytes: 1024))
        router.get("/boom") { _, _ -> Response in throw Boom() }
        _ = app
        let failing = Application(router: router, logger: test.logs.logger)
        try await failing.test(.router) { client in
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
                let id = try #require(response.headers[.requestID])
                #expect(response.body.text == "request failed; request id \(id)\n")
                let logged = test.logs.records.filter { $0.metadata["hb.request.id"] == id }
                #expect(logged.contains { $0.level == .error && $0.metadata["error"]?.contains("Boom") == true })
                #expect(logged.contains { $0.message == "request" && $0.metadata["http.status"] == "500" })
            }
        }
    }

    @Test("every request is logged once with the id that its response carries")
    func requestsAreLoggedWithTheirID() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            var ids: Set<String> = []
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1beta/version", method: .get) { response in
                    let id = try #require(response.headers[.requestID])
                    ids.insert(id)
                    let lines = test.logs.records.filter {
                        $0.message == "request" && $0.metadata["hb.request.id"] == id
                    }
                    #expect(lines.count == 1)
                    #expect(lines.first?.metadata["http.path"] == "/api/v1beta/version")
                }
            }
            #expect(ids.count == 3)
        }
    }
}

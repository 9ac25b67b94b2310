import Foundation
import HTTPTypes
import HiveKeepAuth
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepStore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sodium
import Testing

@testable import HiveKeepServer

@Suite("Secrets endpoints", .timeLimit(.minutes(3)))
struct SecretsEndpointTests {
    static let keys = "/api/v1beta/secrets/default/keys"

    /// An application whose vault password comes from the environment snapshot (an explicit source).
    func application(
        _ test: TestApp, environment: [String: String] = [:], authenticator: APIAuthenticator? = nil
    ) throws -> some ApplicationProtocol {
        var dependencies = try ServerDependencies.standard(
            paths: test.paths,
            environment: EnvironmentValues(test.directory.isolatedEnvironment()),
            logger: test.logs.logger
        )
        dependencies.secrets = SecretsService(test.secretsDependencies(environment: environment))
        dependencies.authenticator = authenticator ?? APIAuthenticator(mode: .none, apiToken: test.apiToken)
        return try buildApplication(
            configuration: test.configuration(),
            dependencies: dependencies,
            logger: test.logs.logger
        )
    }

    static func json(_ object: [String: String]) -> ByteBuffer {
        ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))
    }

    static func decode(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("before setup the provider and key operations answer 404")
    func notSetUpIs404() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await application(test).test(.router) { client in
            for (uri, method) in [
                ("/api/v1beta/secrets/default", HTTPRequest.Method.get), (Self.keys, .get), ("\(Self.keys)/a", .delete),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .notFound, "\(method) \(uri)")
                    #expect(response.body.text.contains("not set up"))
                }
            }
            try await client.execute(uri: Self.keys, method: .post, body: Self.json(["key": "a", "value": "b"])) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test(
        "setup refuses a missing, unknown or unsupported provider type with 400",
        arguments: [
            (#"{}"#, "provider_type is required"),
            (#"{"provider_type": "bogus"}"#, "valid types: encrypted, keyring, environment"),
            (#"{"provider_type": "1password"}"#, "does not support the 1password provider"),
            (#"{"provider_type": 7}"#, "field 'provider_type' must be a string"),
            (#"{"provider_type": "#, "request body is not valid JSON"),
        ])
    func setupValidation(body: String, message: String) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await application(test).test(.router) { client in
            try await client.execute(uri: "/api/v1beta/secrets", method: .post, body: ByteBuffer(string: body)) {
                #expect($0.status == .badRequest)
                #expect($0.body.text.contains(message), "\($0.body.text)")
            }
            try await client.execute(uri: "/api/v1beta/secrets/default", method: .get) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("the encrypted provider: setup, flags, create, duplicate, list, update, delete with the reference codes")
    func encryptedLifecycle() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try application(test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "correct horse battery"])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) {
                #expect($0.status == .created)
                let body = try Self.decode($0)
                #expect(body["provider_type"] as? String == "encrypted")
                #expect(body["message"] as? String == "Secrets provider setup successfully")
            }
            try await client.execute(uri: "/api/v1beta/secrets/default", method: .get) {
                #expect($0.status == .ok)
                let body = try Self.decode($0)
                #expect(body["name"] as? String == "default")
                let flags = try #require(body["capabilities"] as? [String: Bool])
                #expect(
                    flags == [
                        "can_read": true, "can_write": true, "can_delete": true, "can_list": true, "can_cleanup": true,
                    ])
            }
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.body.text == #"{"keys":[]}"#) }
            for key in ["zeta", "alpha"] {
                try await client.execute(
                    uri: Self.keys, method: .post, body: Self.json(["key": key, "value": "v-\(key)"])
                ) {
                    #expect($0.status == .created)
                    #expect((try? Self.decode($0))?["message"] as? String == "Secret created successfully")
                }
            }
            try await client.execute(uri: Self.keys, method: .post, body: Self.json(["key": "alpha", "value": "x"])) {
                #expect($0.status == .conflict)
            }
            try await client.execute(uri: Self.keys, method: .get) {
                #expect($0.body.text == #"{"keys":[{"key":"alpha"},{"key":"zeta"}]}"#)
            }
            try await client.execute(uri: "\(Self.keys)/alpha", method: .put, body: Self.json(["value": "new"])) {
                #expect($0.status == .ok)
                #expect((try? Self.decode($0))?["key"] as? String == "alpha")
            }
            try await client.execute(uri: "\(Self.keys)/missing", method: .put, body: Self.json(["value": "new"])) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "\(Self.keys)/alpha", method: .delete) {
                #expect($0.status == .noContent)
                #expect($0.body.readableBytes == 0)
            }
            try await client.execute(uri: "\(Self.keys)/alpha", method: .delete) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) {
                #expect((try? Self.decode($0))?["message"] as? String == "Secrets provider reconfigured successfully")
            }
        }
        let value = try await SecretsService(
            test.secretsDependencies(environment: ["HIVEKEEP_SECRETS_PASSWORD": "correct horse battery"])
        )
        .get(key: "zeta", caller: "test")
        #expect(value.isEqual(to: Array("v-zeta".utf8)))
    }

    @Test(
        "missing fields and bad keys are 400s that change nothing",
        arguments: [
            (#"{"key": "a"}"#, "both 'key' and 'value' are required"),
            (#"{"value": "b"}"#, "both 'key' and 'value' are required"),
            (#"{"key": "", "value": "b"}"#, "both 'key' and 'value' are required"),
            (#"{"key": "a,b", "value": "b"}"#, "must not contain ','"),
            (#"{"key": "a\u0001", "value": "b"}"#, "control characters"),
            (#"{"key": ["a"], "value": "b"}"#, "field 'key' must be a string"),
        ])
    func createValidation(body: String, message: String) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try application(test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "pw-for-validation"])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: Self.keys, method: .post, body: ByteBuffer(string: body)) {
                #expect($0.status == .badRequest)
                #expect($0.body.text.contains(message), "\($0.body.text)")
            }
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.body.text == #"{"keys":[]}"#) }
        }
    }

    @Test("keys with a slash or a space are addressed percent-encoded; a missing or non-string value is a 400")
    func encodedKeysAndUpdateValidation() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try application(test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "encoded-keys"])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) { #expect($0.status == .created) }
            for (key, encoded) in [("team/github", "team%2Fgithub"), ("my key", "my%20key")] {
                try await client.execute(uri: Self.keys, method: .post, body: Self.json(["key": key, "value": "v"])) {
                    #expect($0.status == .created)
                }
                try await client.execute(
                    uri: "\(Self.keys)/\(encoded)", method: .put, body: Self.json(["value": "new"])
                ) {
                    #expect($0.status == .ok, "\(key)")
                    #expect((try? Self.decode($0))?["key"] as? String == key)
                }
                for body in [#"{}"#, #"{"value": 5}"#, #"{"value": ""}"#] {
                    try await client.execute(
                        uri: "\(Self.keys)/\(encoded)", method: .put, body: ByteBuffer(string: body)
                    ) { #expect($0.status == .badRequest, "\(body)") }
                }
                try await client.execute(uri: "\(Self.keys)/\(encoded)", method: .delete) {
                    #expect($0.status == .noContent, "\(key)")
                }
            }
            try await client.execute(uri: Self.keys, method: .get) { #expect($0.body.text == #"{"keys":[]}"#) }
        }
    }

    @Test("the environment provider is read-only: list, create, update and delete answer 405 from its flags")
    func environmentIsReadOnly() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await application(test).test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "environment"])
            ) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/api/v1beta/secrets/default", method: .get) {
                let flags = try #require(try Self.decode($0)["capabilities"] as? [String: Bool])
                #expect(
                    flags == [
                        "can_read": true, "can_write": false, "can_delete": false, "can_list": false,
                        "can_cleanup": false,
                    ])
            }
            try await client.execute(uri: Self.keys, method: .get) {
                #expect($0.status == .methodNotAllowed)
                #expect($0.body.text.contains("does not support listing"))
            }
            try await client.execute(uri: Self.keys, method: .post, body: Self.json(["key": "k", "value": "v"])) {
                #expect($0.status == .methodNotAllowed)
            }
            try await client.execute(uri: "\(Self.keys)/k", method: .put, body: Self.json(["value": "v"])) {
                #expect($0.status == .methodNotAllowed)
            }
            try await client.execute(uri: "\(Self.keys)/k", method: .delete) { #expect($0.status == .methodNotAllowed) }
        }
    }

    @Test("40 concurrent creates leave 40 keys, and switching provider keeps the vault intact")
    func concurrentCreatesLoseNothing() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let app = try application(test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "concurrency"])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": "encrypted"])
            ) {
                #expect($0.status == .created)
            }
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await client.execute(
                            uri: Self.keys,
                            method: .post,
                            body: Self.json(["key": String(format: "key-%02d", index), "value": "value-\(index)"])
                        ) { $0.status }
                    }
                }
                for try await status in group { #expect(status == .created) }
            }
            for type in ["environment", "encrypted"] {
                try await client.execute(
                    uri: "/api/v1beta/secrets", method: .post, body: Self.json(["provider_type": type])
                ) {
                    #expect($0.status == .created)
                }
            }
            try await client.execute(uri: Self.keys, method: .get) {
                let keys = try #require(try Self.decode($0)["keys"] as? [[String: String]])
                #expect(keys.compactMap { $0["key"] } == (0..<40).map { String(format: "key-%02d", $0) })
            }
        }
    }

    @Test("a planted secret value appears in no response, log record or file except the vault")
    func plantedValueNeverLeaks() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let planted = "PLANTED-\(UUID().uuidString)"
        let app = try application(test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "leak-check"])
        let bodies = try await app.test(.router) { client in
            var bodies: [String] = []
            let requests: [(String, HTTPRequest.Method, ByteBuffer?)] = [
                ("/api/v1beta/secrets", .post, Self.json(["provider_type": "encrypted"])),
                (Self.keys, .post, Self.json(["key": "token", "value": planted])),
                (Self.keys, .post, Self.json(["key": "token", "value": planted])),
                (Self.keys, .post, Self.json(["key": "bad,key", "value": planted])),
                (Self.keys, .post, ByteBuffer(string: #"{"key": "t2", "value": "\#(planted)"#)),
                ("\(Self.keys)/token", .put, Self.json(["value": planted + "-2"])),
                ("\(Self.keys)/nope", .put, Self.json(["value": planted])),
                (Self.keys, .get, nil), ("/api/v1beta/secrets/default", .get, nil),
            ]
            for (uri, method, body) in requests {
                bodies.append(try await client.execute(uri: uri, method: method, body: body) { $0.body.text })
            }
            return bodies
        }
        #expect(!bodies.contains { $0.contains(planted) })
        #expect(!test.logs.records.contains { "\($0.message) \($0.metadata)".contains(planted) })
        let enumerator = try #require(FileManager.default.enumerator(atPath: test.directory.path))
        var checked = 0
        for case let relative as String in enumerator {
            let path = test.directory.child(relative)
            guard let data = FileManager.default.contents(atPath: path), !path.hasSuffix("secrets.vault") else {
                continue
            }
            checked += 1
            #expect(data.range(of: Data(planted.utf8)) == nil, "\(relative) contains the planted value")
        }
        #expect(checked >= 2)  // at least config.yaml and audit.jsonl were scanned
    }
}

@Suite("Audit names the principal")
struct AuditPrincipalTests {
    @Test("a secret written and listed with the API token is audited as 'token', never with the value")
    func auditNamesToken() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let token = try test.apiToken.ensure()
        let app = try SecretsEndpointTests().application(
            test, environment: ["HIVEKEEP_SECRETS_PASSWORD": "pw-for-audit"],
            authenticator: APIAuthenticator(mode: .token, apiToken: test.apiToken))
        let headers: HTTPFields = [.authorization: "Bearer \(token)"]
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1beta/secrets", method: .post, headers: headers,
                body: SecretsEndpointTests.json(["provider_type": "encrypted"])
            ) { #expect($0.status == .created) }
            try await client.execute(
                uri: SecretsEndpointTests.keys, method: .post, headers: headers,
                body: SecretsEndpointTests.json(["key": "audited", "value": "value-never-logged"])
            ) { #expect($0.status == .created) }
        }
        let records = try AuditLog(path: test.paths.stateDirectory + "/audit.jsonl").records()
        let create = try #require(records.first { $0.operation == .create && $0.key == "audited" })
        #expect(create.caller.hasPrefix("token (api:"))
        let text = try String(contentsOfFile: test.paths.stateDirectory + "/audit.jsonl", encoding: .utf8)
        #expect(!text.contains("value-never-logged"))
        #expect(!text.contains(token))
    }
}

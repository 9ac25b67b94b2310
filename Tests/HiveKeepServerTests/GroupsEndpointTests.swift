import Foundation
import HTTPTypes
import HiveKeepCore
import HiveKeepTestSupport
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HiveKeepServer

@Suite("Groups endpoints", .timeLimit(.minutes(3)))
struct GroupsEndpointTests {
    static let groups = "/api/v1beta/groups"

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test("listing always includes default with a registered_clients array")
    func listIncludesDefault() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.groups, method: .get) { response in
                #expect(response.status == .ok)
                let groups = try #require(try Self.json(response)["groups"] as? [[String: Any]])
                #expect(groups.count == 1)
                #expect(groups.first?["name"] as? String == "default")
                #expect(groups.first?["registered_clients"] as? [String] == [])
            }
        }
    }

    @Test("create answers 201 with the name, then 409 for the same name; get and list show it")
    func createGetList() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            let body = ByteBuffer(string: #"{"name": "team a"}"#)
            try await client.execute(uri: Self.groups, method: .post, body: body) { response in
                #expect(response.status == .created)
                #expect(response.body.text == #"{"name":"team a"}"#)
            }
            try await client.execute(uri: Self.groups, method: .post, body: body) { response in
                #expect(response.status == .conflict)
                #expect(response.body.text.contains("group already exists: team a"))
            }
            try await client.execute(uri: "\(Self.groups)/team%20a", method: .get) { response in
                #expect(response.status == .ok)
                let group = try Self.json(response)
                #expect(group["name"] as? String == "team a")
                #expect(group["registered_clients"] as? [String] == [])
            }
            try await client.execute(uri: Self.groups, method: .get) { response in
                let names = (try Self.json(response)["groups"] as? [[String: Any]])?.compactMap {
                    $0["name"] as? String
                }
                #expect(names == ["default", "team a"])
            }
        }
    }

    @Test(
        "invalid bodies and names answer 400",
        arguments: [
            (#"{"name": "invalid@group!name"}"#, "invalid group name"), (#"{}"#, "name cannot be empty"),
            (#"{"name": 3}"#, "field 'name' must be a string"), (#"{"name""#, "not valid JSON"),
        ])
    func createValidation(body: String, message: String) async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.groups, method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.text.contains(message), "\(response.body.text)")
            }
        }
    }

    @Test("get and delete: 400 for a bad name, 404 for a missing group, 400 for default, 204 otherwise")
    func getAndDelete() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            try await client.execute(uri: "\(Self.groups)/Bad!", method: .get) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "\(Self.groups)/non-existent-group-12345", method: .get) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "\(Self.groups)/non-existent-group-12345", method: .delete) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "\(Self.groups)/default", method: .delete) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.text.contains("cannot delete the default group"))
            }
            _ = try await client.execute(
                uri: Self.groups, method: .post, body: ByteBuffer(string: #"{"name": "gone"}"#))
            try await client.execute(uri: "\(Self.groups)/gone?with-workloads=true", method: .delete) { response in
                #expect(response.status == .noContent)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "\(Self.groups)/gone", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("three concurrent identical creates give one 201 and two 409")
    func concurrentCreates() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        try await test.application().test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await client.execute(
                            uri: Self.groups, method: .post, body: ByteBuffer(string: #"{"name": "race"}"#)
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1.code) }
            }
            #expect(statuses.sorted() == [201, 409, 409])
        }
    }

    @Test("three hivekeep processes creating one group at once: exactly one succeeds")
    func concurrentCreatesAcrossProcesses() async throws {
        let test = try TestApp()
        defer { test.directory.remove() }
        let hivekeep = try TestProducts.executable("hivekeep")
        let children = try (0..<3).map { index in
            try ChildProcess(
                hivekeep, ["group", "create", "shared"], environment: test.directory.isolatedEnvironment(),
                logDirectory: test.directory.path, name: "create-\(index)")
        }
        var codes: [Int32] = []
        for child in children { codes.append(try await child.wait()) }
        #expect(codes.sorted() == [0, 1, 1])
        #expect(children.filter { $0.errorOutput.contains("group already exists: shared") }.count == 2)
        try await test.application().test(.router) { client in
            try await client.execute(uri: Self.groups, method: .get) { response in
                #expect(response.body.text.components(separatedBy: "\"shared\"").count == 2)
            }
        }
    }
}

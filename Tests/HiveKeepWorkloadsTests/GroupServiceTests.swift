import Foundation
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import HiveKeepWorkloads
import Testing

@Suite("Group service", .timeLimit(.minutes(2)))
struct GroupServiceTests {
    @Test("the default group always exists, with an empty client array")
    func defaultExists() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let groups = try await fixture.groups().list()
        #expect(groups == [Group(name: "default", registeredClients: [])])
        #expect(try await fixture.groups().get("default").registeredClients == [])
    }

    @Test("a created group is listed in name order and a second create is already-exists")
    func createAndDuplicate() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.groups()
        try await service.create("zeta")
        try await service.create("alpha team")
        #expect(try await service.list().map(\.name) == ["alpha team", "default", "zeta"])
        let error = try await #require(throws: HiveKeepError.self) { try await service.create("zeta") }
        #expect(error.code == .alreadyExists)
        #expect(error.message == "group already exists: zeta")
        let file = try fixture.read(fixture.paths.dataDirectory + "/groups/zeta.json")
        #expect(file == "{\"name\":\"zeta\",\"registered_clients\":[]}\n")
    }

    @Test("three concurrent identical creates through separate services give one success and two conflicts")
    func concurrentCreates() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do {
                        try await fixture.groups().create("race")
                        return "created"
                    } catch let error as HiveKeepError {
                        return error.code.rawValue
                    } catch {
                        return "other"
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.sorted() == ["already-exists", "already-exists", "created"])
        #expect(try await fixture.groups().list().map(\.name) == ["default", "race"])
    }

    @Test("the default group cannot be deleted and a missing group is not found")
    func deleteErrors() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.groups()
        let error = try await #require(throws: HiveKeepError.self) {
            try await service.delete("default", withWorkloads: false)
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message == "cannot delete the default group")
        let missing = try await #require(throws: HiveKeepError.self) {
            try await service.delete("nope", withWorkloads: false)
        }
        #expect(missing.code == .notFound)
        let invalid = try await #require(throws: HiveKeepError.self) {
            try await service.delete("Bad!", withWorkloads: false)
        }
        #expect(invalid.code == .invalidArgument)
        #expect(fixture.workloads.recorded.isEmpty)
    }

    @Test("deleting a group moves its workloads to default, or deletes them with-workloads")
    func deleteUsesTheWorkloadSeam() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.groups()
        try await service.create("keep")
        try await service.create("drop")
        try await service.delete("keep", withWorkloads: false)
        try await service.delete("drop", withWorkloads: true)
        #expect(fixture.workloads.recorded == ["move:keep", "delete:drop"])
        #expect(try await service.list().map(\.name) == ["default"])
    }

    @Test("clients are added once, sorted, and removed from every group")
    func registeredClients() async throws {
        let fixture = try WorkloadsFixture()
        defer { fixture.directory.remove() }
        let service = fixture.groups()
        try await service.create("team")
        try await service.addClient("vscode", to: ["team", "default"])
        try await service.addClient("cursor", to: ["team"])
        try await service.addClient("vscode", to: ["team"])
        #expect(try await service.get("team").registeredClients == ["cursor", "vscode"])
        try await service.removeClient("vscode", from: nil)
        #expect(try await service.get("team").registeredClients == ["cursor"])
        #expect(try await service.get("default").registeredClients == [])
        let error = try await #require(throws: HiveKeepError.self) {
            try await service.addClient("cursor", to: ["ghost"])
        }
        #expect(error.code == .notFound)
    }
}

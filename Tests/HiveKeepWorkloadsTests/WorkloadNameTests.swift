import HiveKeepCore
import HiveKeepWorkloads
import Testing

@Suite("Workload names")
struct WorkloadNameTests {
    @Test("letters, digits, '.', '_' and '-' make a valid name", arguments: ["time", "a.b", "x_1-2", "v1..2"])
    func validNames(name: String) {
        #expect(WorkloadName.problem(with: name) == nil)
    }

    @Test(
        "a name that would be hidden or special on disk is refused for a new workload, with the reason",
        arguments: [
            (".hidden", "cannot start with '.'"), (".", "path traversal"), ("..", "path traversal"),
            ("..x", "cannot start with '.'"), ("a/b", "only letters"), ("", "empty"),
            (String(repeating: "a", count: 101), "longer than"),
        ])
    func refusedNames(name: String, reason: String) throws {
        let error = try #require(throws: HiveKeepError.self) { try WorkloadName.validate(name) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.hasPrefix("invalid workload name: "))
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test("a dotted name saved earlier can still be looked up; '.', '..' and '/' never can")
    func existingNames() throws {
        try WorkloadName.validateExisting(".legacy")
        for name in [".", "..", "../x", "a/b", ""] {
            #expect(throws: HiveKeepError.self, "\(name)") { try WorkloadName.validateExisting(name) }
        }
    }
}

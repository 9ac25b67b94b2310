import HiveKeepCore
import HiveKeepWorkloads
import Testing

@Suite("Group names")
struct GroupNameTests {
    @Test(
        "names made of lowercase letters, digits, '_', '-' and single inner spaces are valid",
        arguments: ["default", "team-a", "my_group 2", "a", "x y z"])
    func validNames(name: String) {
        #expect(GroupName.problem(with: name) == nil)
    }

    @Test(
        "invalid names are rejected with a reason",
        arguments: [
            ("", "empty"), ("Team", "lowercase"), ("invalid@group!name", "may contain only"),
            (" lead", "leading or trailing"), ("trail ", "leading or trailing"), ("a  b", "consecutive"),
            ("a\tb", "may contain only"), ("a\nb", "may contain only"), ("a\0b", "NUL"),
            ("../etc", "may contain only"), (String(repeating: "a", count: 101), "longer than"),
        ])
    func invalidNames(name: String, reason: String) throws {
        let error = try #require(throws: HiveKeepError.self) { try GroupName.validate(name) }
        #expect(error.code == .invalidArgument)
        #expect(error.message.hasPrefix("invalid group name: "))
        #expect(error.message.contains(reason), "\(error.message)")
    }
}

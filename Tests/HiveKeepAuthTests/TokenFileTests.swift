import Foundation
import HiveKeepAuth
import HiveKeepCore
import HiveKeepStore
import HiveKeepTestSupport
import Testing

/// The API and proxy token files: modes, rotation, comparison and where the API token lives.
@Suite struct TokenFileTests {
    @Test func ensureCreatesA0600FileInA0700DirectoryAndKeepsIt() throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-token")
        defer { directory.remove() }
        let file = TokenFile(path: directory.child("state/hivekeep/api-token"))
        #expect(try file.read() == nil)
        let token = try file.ensure()
        #expect(token.count == 64 && token.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(try mode(file.path) == 0o600)
        #expect(try mode(directory.child("state/hivekeep")) == 0o700)
        #expect(try file.ensure() == token)
        #expect(try file.read() == token)
    }

    @Test func rotateReplacesTheTokenAndTheOldOneNoLongerMatches() throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-token")
        defer { directory.remove() }
        let file = TokenFile(path: directory.child("api-token"))
        let first = try file.ensure()
        let second = try file.rotate()
        #expect(first != second)
        #expect(try file.read() == second)
        #expect(try mode(file.path) == 0o600)
        #expect(file.matches(second))
        #expect(!file.matches(first))
        file.remove()
        #expect(!file.matches(second))
        file.remove()  // a missing file is fine
    }

    @Test func constantTimeEqualityComparesLengthAndEveryByte() {
        let token = String(repeating: "a", count: 63) + "b"
        #expect(TokenFile.constantTimeEqual(token, token))
        #expect(!TokenFile.constantTimeEqual(token, String(token.dropLast())))
        #expect(!TokenFile.constantTimeEqual(token, token + "b"))
        #expect(!TokenFile.constantTimeEqual(token, "b" + token.dropFirst()))
        #expect(!TokenFile.constantTimeEqual(token, String(repeating: "a", count: 64)))
        #expect(!TokenFile.constantTimeEqual(token, ""))
    }

    @Test func anEmptyTokenFileIsAnErrorAndMatchesNothing() throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-token")
        defer { directory.remove() }
        let path = directory.child("api-token")
        try Data("\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: HiveKeepError.self) { try TokenFile(path: path).read() }
        #expect(!TokenFile(path: path).matches(""))
    }

    @Test func theAPITokenFileHonoursTheEnvironmentAndElseLivesInTheStateDirectory() {
        let paths = HiveKeepPaths(configDirectory: "/c", dataDirectory: "/d", stateDirectory: "/s")
        let explicit = TokenFile.apiToken(
            paths: paths, environment: EnvironmentValues(["HIVEKEEP_API_TOKEN_FILE": "/run/secrets/api"]))
        #expect(explicit.path == "/run/secrets/api")
        let empty = TokenFile.apiToken(paths: paths, environment: EnvironmentValues(["HIVEKEEP_API_TOKEN_FILE": ""]))
        #expect(empty.path == "/s/api-token")
        #expect(TokenFile.apiToken(paths: paths, environment: EnvironmentValues([:])).path == "/s/api-token")
        #expect(TokenFile.proxyToken(paths: paths, workload: "fetch").path == "/d/statuses/fetch.token")
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}

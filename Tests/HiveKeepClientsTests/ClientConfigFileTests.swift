import Foundation
import HiveKeepCore
import HiveKeepTestSupport
import Testing

@testable import HiveKeepClients

@Suite("Writing users' client files")
struct ClientConfigFileTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test("a missing file is created 0600 in new 0700 directories")
    func createsPrivateFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("a/b/mcp.json")
        let wrote = try ClientConfigFile(path: path).edit { _ in Array("{}\n".utf8) }
        #expect(wrote)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{}\n")
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(directory.child("a/b")) == 0o700)
    }

    @Test("an edit that changes nothing does not create or touch the file")
    func noChangeNoWrite() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("x/mcp.json")
        #expect(try ClientConfigFile(path: path).edit { $0 } == false)
        #expect(!FileManager.default.fileExists(atPath: directory.child("x")))
    }

    @Test("a symlinked file is written through to its target, which keeps its mode; the link stays a link")
    func writesThroughSymlink() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let target = directory.child("dotfiles/mcp.json")
        try FileManager.default.createDirectory(atPath: directory.child("dotfiles"), withIntermediateDirectories: true)
        try "{}".write(toFile: target, atomically: false, encoding: .utf8)
        chmod(target, 0o640)
        try FileManager.default.createDirectory(atPath: directory.child("home"), withIntermediateDirectories: true)
        let link = directory.child("home/mcp.json")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "../dotfiles/mcp.json")
        try ClientConfigFile(path: link).edit { $0 + Array("\n".utf8) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "../dotfiles/mcp.json")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "{}\n")
        #expect(try Self.mode(target) == 0o640)
    }

    @Test("a change made by someone else between read and write is not overwritten: the edit starts over")
    func retriesAfterConcurrentChange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("claude.json")
        try "one".write(toFile: path, atomically: false, encoding: .utf8)
        var calls = 0
        try ClientConfigFile(path: path).edit { bytes in
            calls += 1
            if calls == 1 { try? "two".write(toFile: path, atomically: false, encoding: .utf8) }
            return bytes + Array("+mine".utf8)
        }
        #expect(calls == 2)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two+mine")
    }

    @Test("a file that keeps changing makes the edit fail instead of losing the other change")
    func givesUpWhenAlwaysChanging() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.child("busy.json")
        try "0".write(toFile: path, atomically: false, encoding: .utf8)
        var counter = 0
        let error = try #require(throws: HiveKeepError.self) {
            try ClientConfigFile(path: path).edit { bytes in
                counter += 1
                try? "\(counter)".write(toFile: path, atomically: false, encoding: .utf8)
                return bytes + [0x21]
            }
        }
        #expect(error.message.contains("kept changing"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(counter)")
    }
}

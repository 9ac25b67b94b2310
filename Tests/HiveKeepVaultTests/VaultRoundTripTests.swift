import Foundation
import HiveKeepCore
import HiveKeepStore
import Sodium
import Testing

@testable import HiveKeepVault

@Suite("vault round trip")
struct VaultRoundTripTests {
    @Test("values written by one vault object are read back by a fresh one with the same password")
    func roundTrip() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let binary: [UInt8] = [0, 1, 2, 255, 0, 10, 13]
        let writer = try fixture.create()
        try writer.update { contents in
            try contents.set("binary", try SecureBytes(copying: binary))
            try contents.set("empty", try SecureBytes(count: 0))
            contents.remove("beta")
        }
        let contents = try fixture.vault().read()
        #expect(contents.keys == ["alpha", "binary", "empty"])
        #expect(VaultFixture.text(contents, "alpha") == "first value")
        #expect(try #require(contents["binary"]).isEqual(to: binary))
        #expect(contents["empty"]?.count == 0)
    }

    @Test("a write removes the temporary file a writer killed mid-write left beside the vault")
    func abandonedTemporaryRemoved() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create()
        // As a SIGKILLed writer leaves it: its process gone, the name AtomicFile gives.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let leftover = AtomicFile.parentDirectory(of: fixture.path) + "/.secrets.vault.\(child.processIdentifier).7.tmp"
        try AtomicFile.write(try fixture.bytes(), to: leftover)
        try fixture.vault().update { try $0.set("gamma", try VaultFixture.secure("third value")) }
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(VaultFixture.text(try fixture.vault().read(), "gamma") == "third value")
    }

    @Test("the file is mode 0600, starts with the magic and never contains a value in clear")
    func fileIsPrivateAndEncrypted() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create(["token": "planted-secret-value-4711"])
        let bytes = try fixture.bytes()
        #expect(try FileSystem.mode(of: fixture.path) == 0o600)
        #expect(bytes.starts(with: VaultFormat.magic))
        let planted = Array("planted-secret-value-4711".utf8)
        let found = (0...(bytes.count - planted.count)).contains { Array(bytes[$0..<$0 + planted.count]) == planted }
        #expect(!found)
        #expect(bytes.count == VaultFormat.bodyOffset + VaultHeader.decodeBodyLength(bytes))
    }

    @Test("a missing vault reads as empty and is not created by a read")
    func missingVaultReadsEmpty() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        #expect(try fixture.vault().read().count == 0)
        #expect(try FileSystem.readFile(fixture.path) == nil)
    }

    @Test("the key is derived once per object, not once per write or read")
    func derivesOncePerObject() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create()
        for index in 0..<5 {
            try vault.update { try $0.set("key-\(index)", try VaultFixture.secure("value")) }
            _ = try vault.read()
        }
        #expect(vault.derivationCount == 1)
        let reader = try fixture.vault()
        _ = try reader.read()
        _ = try reader.read()
        #expect(reader.derivationCount == 1)
    }

    @Test("an update that throws or changes nothing leaves the file byte for byte as it was")
    func noChangeNoWrite() throws {
        struct Abort: Error {}
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create()
        let before = try fixture.bytes()
        #expect(throws: Abort.self) {
            try vault.update { contents in
                try contents.set("alpha", try VaultFixture.secure("changed"))
                throw Abort()
            }
        }
        try vault.update { contents in _ = contents["alpha"] }
        #expect(try fixture.bytes() == before)
    }

    @Test("concurrent updates from many tasks in one process lose nothing")
    func concurrentTasksLoseNothing() async throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create([:])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    try await Blocking.run {
                        try vault.update { try $0.set("task-\(index)", try VaultFixture.secure("value \(index)")) }
                    }
                }
            }
            try await group.waitForAll()
        }
        let contents = try fixture.vault().read()
        #expect(contents.count == 40)
        #expect(VaultFixture.text(contents, "task-17") == "value 17")
    }

    @Test("descriptions name keys but never values")
    func descriptionsHideValues() throws {
        var contents = VaultContents()
        try contents.set("api-token", try VaultFixture.secure("hunter2-value"))
        #expect(String(describing: contents).contains("api-token"))
        #expect(!String(describing: contents).contains("hunter2"))
    }
}

extension VaultHeader {
    /// The body length a file's header announces (tests only).
    static func decodeBodyLength(_ file: [UInt8]) -> Int {
        (try? decode(file)).map { Int($0.bodyLength) } ?? -1
    }
}

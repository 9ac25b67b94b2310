import HiveKeepStore
import Sodium
import Testing

@testable import HiveKeepVault

/// A vault object reuses the contents of the file it last opened or wrote only while the file holds exactly those
/// bytes: every other change is seen by its next read or write.
@Suite("vault contents cache")
struct VaultCacheTests {
    @Test("a write by another vault object is seen by the next write and read of an object that has the file cached")
    func otherObjectsWriteIsSeen() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let first = try fixture.create()
        let second = try fixture.vault()
        try second.update { try $0.set("from-second", try VaultFixture.secure("two")) }
        #expect(VaultFixture.text(try first.read(), "from-second") == "two")
        try second.update { try $0.set("again", try VaultFixture.secure("three")) }
        try first.update { try $0.set("from-first", try VaultFixture.secure("one")) }
        let contents = try fixture.vault().read()
        #expect(contents.keys == ["again", "alpha", "beta", "from-first", "from-second"])
        #expect(VaultFixture.text(contents, "again") == "three")
    }

    @Test("a file replaced by another version of the same size is detected, not taken for the cached one")
    func sameSizeReplacementIsDetected() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create(["token": "value-AAAA"])
        let older = try fixture.bytes()
        try vault.update { try $0.set("token", try VaultFixture.secure("value-BBBB")) }
        let newer = try fixture.bytes()
        #expect(older.count == newer.count)
        try fixture.write(older)
        #expect(VaultFixture.text(try vault.read(), "token") == "value-AAAA")
        try vault.update { try $0.set("other", try VaultFixture.secure("x")) }
        let contents = try fixture.vault().read()
        #expect(VaultFixture.text(contents, "token") == "value-AAAA")
        #expect(VaultFixture.text(contents, "other") == "x")
    }

    @Test("a body damaged after this object wrote the file is reported by its next write, which changes nothing")
    func damageAfterOwnWriteIsReported() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create()
        let damaged = try fixture.flipByte(at: VaultFormat.bodyOffset + 3, in: try fixture.bytes())
        #expect(throws: VaultError.bodyTampered) { try vault.update { try $0.set("x", try VaultFixture.secure("y")) } }
        #expect(throws: VaultError.bodyTampered) { try vault.read() }
        #expect(try fixture.bytes() == damaged)
    }

    @Test("writes with the file cached decrypt nothing and derive nothing, and leave a file a fresh object opens")
    func cachedWritesRoundTrip() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create([:])
        for index in 0..<50 {
            try vault.update { try $0.set("key-\(index)", try VaultFixture.secure("value \(index)")) }
        }
        try vault.update { contents in
            contents.remove("key-7")
            try contents.set("key-8", try VaultFixture.secure("changed"))
        }
        #expect(vault.derivationCount == 1)
        let contents = try fixture.vault().read()
        #expect(contents.count == 49)
        #expect(!contents.contains("key-7"))
        #expect(VaultFixture.text(contents, "key-8") == "changed")
        #expect(VaultFixture.text(contents, "key-49") == "value 49")
    }

    @Test("changes on top of a read map: set, replace, remove, re-add, remove all, in any key order")
    func changesOverBaseMap() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        let vault = try fixture.create(["b": "2", "d": "4", "é": "5", "a": "1"])
        try vault.update { contents in
            #expect(contents.count == 4)
            try contents.set("c", try VaultFixture.secure("3"))
            try contents.set("a", try VaultFixture.secure("one"))
            #expect(VaultFixture.text(contents, "d") == "4")
            #expect(contents.remove("d") != nil)
            #expect(contents.remove("d") == nil)
            #expect(contents.remove("missing") == nil)
            try contents.set("z", try VaultFixture.secure("26"))
            contents.remove("z")
            try contents.set("z", try VaultFixture.secure("last"))
            #expect(contents.count == 5)
            #expect(contents.keys == ["a", "b", "c", "z", "é"])
        }
        var contents = try fixture.vault().read()
        #expect(contents.keys == ["a", "b", "c", "z", "é"])
        #expect(VaultFixture.text(contents, "a") == "one")
        #expect(VaultFixture.text(contents, "é") == "5")
        #expect(try contents.value("d") == nil)
        contents.removeAll()
        try contents.set("new", try VaultFixture.secure("n"))
        #expect(contents.keys == ["new"])
        #expect(contents.count == 1)
    }

    @Test("maps compare equal by keys and values, however they were built")
    func sameEntries() throws {
        let fixture = try VaultFixture()
        defer { fixture.remove() }
        try fixture.create(["a": "1", "b": "2"])
        let read = try fixture.vault().read()
        var built = VaultContents()
        try built.set("b", try VaultFixture.secure("2"))
        try built.set("a", try VaultFixture.secure("1"))
        #expect(read.hasSameEntries(as: built))
        try built.set("a", try VaultFixture.secure("x"))
        #expect(!read.hasSameEntries(as: built))
    }

    @Test("a map whose writer did not sort the keys is read; one with a key twice is malformed")
    func unsortedAndDuplicateKeys() throws {
        func plaintext(_ entries: [(String, String)]) throws -> SecureBytes {
            var bytes: [UInt8] = []
            BigEndian.append(UInt32(entries.count), to: &bytes)
            for (key, value) in entries {
                BigEndian.append(UInt32(key.utf8.count), to: &bytes)
                bytes += Array(key.utf8)
                BigEndian.append(UInt32(value.utf8.count), to: &bytes)
                bytes += Array(value.utf8)
            }
            return try SecureBytes(copying: bytes)
        }
        let map = try VaultCodec.decode(try plaintext([("b", "2"), ("c", "3"), ("a", "1")]))
        let contents = VaultContents(base: map)
        #expect(contents.keys == ["a", "b", "c"])
        #expect(VaultFixture.text(contents, "a") == "1")
        #expect(VaultFixture.text(contents, "c") == "3")
        #expect(throws: VaultError.malformedContents) {
            try VaultCodec.decode(try plaintext([("b", "2"), ("a", "1"), ("b", "3")]))
        }
        #expect(throws: VaultError.malformedContents) { try VaultCodec.decode(try plaintext([("", "2")])) }
    }
}

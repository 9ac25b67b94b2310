import HiveKeepCore
import HiveKeepSecrets
import Sodium
import Testing

/// The checks of the conformance suite (see ``ProviderConformance``).
extension ProviderConformance {
    func getReturnsTheStoredBytes() async throws {
        let secret = "s3cr3t välue ✓ \(#line)"
        let provider = try await provider(["API_TOKEN": secret])
        let mark = mark()
        let value = try #require(try await provider.get("API_TOKEN", context: context))
        #expect(value.isEqual(to: Array(secret.utf8)))
        expectRecords(since: mark, [(.get, "API_TOKEN", .ok)], secret: secret)
    }

    func getOfAnUnknownKeyIsNil() async throws {
        let provider = try await provider(["PRESENT": "value"])
        let mark = mark()
        #expect(try await provider.get("ABSENT", context: context) == nil)
        expectRecords(since: mark, [(.get, "ABSENT", .notFound)])
    }

    func createThenGetRoundTrips() async throws {
        let provider = try await provider()
        let secret = "ghp_created-\(#line)"
        let mark = mark()
        try await provider.create("GITHUB_TOKEN", value: Self.secure(secret), context: context)
        let value = try #require(try await provider.get("GITHUB_TOKEN", context: context))
        #expect(value.isEqual(to: Array(secret.utf8)))
        expectRecords(since: mark, [(.create, "GITHUB_TOKEN", .ok), (.get, "GITHUB_TOKEN", .ok)], secret: secret)
    }

    func createOfAnExistingKeyFails() async throws {
        let provider = try await provider(["TOKEN": "original"])
        let mark = mark()
        await expectError(.alreadyExists, secret: "replacement") {
            try await provider.create("TOKEN", value: Self.secure("replacement"), context: context)
        }
        expectRecords(since: mark, [(.create, "TOKEN", .alreadyExists)], secret: "replacement")
        #expect(try await value(provider, "TOKEN") == "original")
    }

    func updateOfAnUnknownKeyIsNotFound() async throws {
        let provider = try await provider(["OTHER": "value"])
        let mark = mark()
        await expectError(.notFound, secret: "new-value") {
            try await provider.update("MISSING", value: Self.secure("new-value"), context: context)
        }
        expectRecords(since: mark, [(.update, "MISSING", .notFound)])
        #expect(try await value(provider, "MISSING") == nil)
    }

    func updateReplacesTheValue() async throws {
        let provider = try await provider(["TOKEN": "old-value"])
        let mark = mark()
        try await provider.update("TOKEN", value: Self.secure("new-value"), context: context)
        expectRecords(since: mark, [(.update, "TOKEN", .ok)], secret: "new-value")
        #expect(try await value(provider, "TOKEN") == "new-value")
    }

    func deleteRemovesTheKey() async throws {
        let provider = try await provider(["DOOMED": "value", "KEPT": "other"])
        let mark = mark()
        try await provider.delete("DOOMED", context: context)
        #expect(try await provider.get("DOOMED", context: context) == nil)
        expectRecords(since: mark, [(.delete, "DOOMED", .ok), (.get, "DOOMED", .notFound)])
        #expect(try await value(provider, "KEPT") == "other")
    }

    func deleteOfAnUnknownKeyIsNotFound() async throws {
        let provider = try await provider(["KEPT": "value"])
        let mark = mark()
        await expectError(.notFound) { try await provider.delete("MISSING", context: context) }
        expectRecords(since: mark, [(.delete, "MISSING", .notFound)])
        #expect(try await value(provider, "KEPT") == "value")
    }

    func listIsSortedAndExact() async throws {
        let keys = ["b_key", "A_KEY", "a/b", "Z", "with space"]
        let provider = try await provider(Dictionary(uniqueKeysWithValues: keys.map { ($0, "v-\($0)") }))
        let mark = mark()
        #expect(try await provider.list(context: context) == keys.sorted())
        expectRecords(since: mark, [(.list, nil, .ok)])
        #expect(try await self.provider().list(context: context) == [])
    }

    func cleanupRemovesEverything() async throws {
        let keys = ["ONE", "TWO", "THREE"]
        let provider = try await provider(Dictionary(uniqueKeysWithValues: keys.map { ($0, "v") }))
        let mark = mark()
        try await provider.cleanup(context: context)
        expectRecords(since: mark, [(.cleanup, nil, .ok)])
        for key in keys {
            #expect(try await value(provider, key) == nil)
        }
        if provider.capabilities.canList {
            #expect(try await provider.list(context: context) == [])
        }
    }

    func excludedOperationsAreUnsupported() async throws {
        let provider = try await provider(["KEY": "value"])
        let capabilities = provider.capabilities
        let value = try Self.secure("value")
        if !capabilities.canWrite {
            await expectError(.unsupportedOperation) {
                try await provider.create("NEW", value: value, context: context)
            }
            await expectError(.unsupportedOperation) {
                try await provider.update("KEY", value: value, context: context)
            }
        }
        if !capabilities.canDelete {
            await expectError(.unsupportedOperation) { try await provider.delete("KEY", context: context) }
        }
        if !capabilities.canList {
            await expectError(.unsupportedOperation) { _ = try await provider.list(context: context) }
        }
        if !capabilities.canCleanup {
            await expectError(.unsupportedOperation) { try await provider.cleanup(context: context) }
        }
        if capabilities.canRead {
            #expect(try await self.value(provider, "KEY") == "value")
        }
    }

    func failingAuditChangesNothing() async throws {
        let provider = try await provider(["EXISTING": "original"])
        audit.setFailing(true)
        await #expect(throws: (any Error).self) {
            try await provider.create("NEW", value: Self.secure("fresh"), context: context)
        }
        await #expect(throws: (any Error).self) {
            try await provider.update("EXISTING", value: Self.secure("changed"), context: context)
        }
        if provider.capabilities.canDelete {
            await #expect(throws: (any Error).self) { try await provider.delete("EXISTING", context: context) }
        }
        if provider.capabilities.canCleanup {
            await #expect(throws: (any Error).self) { try await provider.cleanup(context: context) }
        }
        audit.setFailing(false)
        #expect(try await value(provider, "NEW") == nil)
        #expect(try await value(provider, "EXISTING") == "original")
        #expect(audit.events.isEmpty)
    }

    func failingAuditFailsReads() async throws {
        let provider = try await provider(["KEY": "value"])
        audit.setFailing(true)
        await #expect(throws: (any Error).self) { _ = try await provider.get("KEY", context: context) }
        audit.setFailing(false)
        #expect(audit.events.isEmpty)
    }

    func unusualKeysRoundTrip() async throws {
        let keys = ["with space", "ünïcødé 🔑", "path/like/key", "dots.dashes-under_scores", "x"]
        let provider = try await provider(Dictionary(uniqueKeysWithValues: keys.map { ($0, "value of \($0)") }))
        for key in keys {
            let mark = mark()
            let value = try #require(try await provider.get(key, context: context), "\(key)")
            #expect(value.isEqual(to: Array("value of \(key)".utf8)), "\(key)")
            expectRecords(since: mark, [(.get, key, .ok)])
        }
        if provider.capabilities.canList {
            #expect(try await provider.list(context: context) == keys.sorted())
        }
    }

    func largeValueRoundTrips() async throws {
        // Printable ASCII, so every provider (the keyring holds UTF-8 text) can keep it.
        let large = String((0..<65_536).map { Character(UnicodeScalar(UInt8(33 + $0 % 94))) })
        let provider = try await provider(["LARGE": large])
        let value = try #require(try await provider.get("LARGE", context: context))
        #expect(value.count == 65_536)
        #expect(value.isEqual(to: Array(large.utf8)))
    }
}

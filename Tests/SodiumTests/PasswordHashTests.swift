import Sodium
import Testing

@Suite("Argon2id key derivation")
struct PasswordHashTests {
    /// The OWASP-minimum profile the vault must accept; expected output computed with the Argon2 reference
    /// implementation (argon2-cffi `hash_secret_raw`, type ID, version 19, 1 lane) and with PyNaCl.
    @Test func owaspMinimumParametersGiveReferenceOutput() throws {
        let key = try PasswordHash.deriveKey(
            password: SecureBytes(copying: "correct horse battery staple".utf8),
            salt: Array(0..<16),
            outputLength: 32,
            limits: .minimumAllowed
        )
        #expect(
            hexString(key.plainBytes)
                == "818259b6310026a8e0dbac5d2e6927abcfdb07b32258fac4f61b18b80f929085")
    }

    /// libsodium test/default/pwhash_argon2id.c, tv() vector 0 (expected output from pwhash_argon2id.exp). Its
    /// 7 MB memory limit is below HiveKeep's floor, so the test passes libsodium's own minimum explicitly.
    @Test func libsodiumPublishedVectorMatches() throws {
        let password = try hex(
            """
            a347ae92bce9f80f6f595a4480fc9c2fe7e7d7148d371e9487d75f5c23008ffae065577a928febd9b1973a5a95073acdbeb6a030cf\
            c0d79caa2dc5cd011cef02c08da232d76d52dfbca38ca8dcbd665b17d1665f7cf5fe59772ec909733b24de97d6f58d220b20c60d7c\
            07ec1fd93c52c31020300c6c1facd77937a597c7a6
            """
        )
        let expected = """
            18acec5d6507739f203d1f5d9f1d862f7c2cdac4f19d2bdff64487e60d969e3ced615337b9eec6ac4461c6ca07f0939741e57c24d0\
            005c7ea171a0ee1e7348249d135b38f222e4dad7b9a033ed83f5ca27277393e316582033c74affe2566a2bea47f91f0fd9fe49ece7\
            e1f79f3ad6e9b23e0277c8ecc4b313225748dd2a80f5679534a0700e246a79a49b3f74eb89ec6205fe1eeb941c73b1fcf1
            """
        #expect(password.count == 127)
        let key = try password.withUnsafeBytes { passwordBytes in
            try PasswordHash.deriveKey(
                password: passwordBytes,
                salt: hex("5541fbc995d5c197ba290346d2c559de"),
                outputLength: 155,
                limits: Argon2Limits(opsLimit: 5, memLimitBytes: 7_256_678),
                minimum: Argon2Limits(opsLimit: 1, memLimitBytes: 8192)
            )
        }
        #expect(hexString(key.plainBytes) == expected)
    }

    @Test func derivationIsDeterministicAndSensitiveToPasswordAndSalt() throws {
        let salt = try PasswordHash.randomSalt()
        let otherSalt = try PasswordHash.randomSalt()
        func derive(_ password: String, _ salt: [UInt8]) throws -> SecureBytes {
            try PasswordHash.deriveKey(
                password: SecureBytes(copying: password.utf8), salt: salt, outputLength: 32,
                limits: .minimumAllowed
            )
        }
        let key = try derive("vault password", salt)
        #expect(key.count == 32)
        #expect(key.isEqual(to: try derive("vault password", salt)))
        #expect(!key.isEqual(to: try derive("vault passwore", salt)))
        #expect(!key.isEqual(to: try derive("vault password", otherSalt)))
    }

    @Test func libsodiumProfilesAreWithinHiveKeepBounds() throws {
        #expect(Argon2Limits.interactive == Argon2Limits(opsLimit: 2, memLimitBytes: 64 << 20))
        #expect(Argon2Limits.moderate == Argon2Limits(opsLimit: 3, memLimitBytes: 256 << 20))
        try Argon2Limits.interactive.validate()
        try Argon2Limits.moderate.validate()
        try Argon2Limits.minimumAllowed.validate()
        try Argon2Limits.maximumAllowed.validate()
    }

    @Test(arguments: [
        Argon2Limits(opsLimit: 1, memLimitBytes: 64 << 20),
        Argon2Limits(opsLimit: 11, memLimitBytes: 64 << 20),
        Argon2Limits(opsLimit: 2, memLimitBytes: (19 << 20) - 1024),
        Argon2Limits(opsLimit: 2, memLimitBytes: (1 << 30) + 1024),
        Argon2Limits(opsLimit: -1, memLimitBytes: 64 << 20),
        Argon2Limits(opsLimit: 2, memLimitBytes: -1),
        Argon2Limits(opsLimit: Int.max, memLimitBytes: Int.max),
    ])
    func limitsOutsideBoundsAreRejectedBeforeDeriving(limits: Argon2Limits) throws {
        // Int.max bytes could never be allocated: getting invalidParameters rather than outOfMemory shows that
        // the check ran before derivation.
        let error = try #require(throws: SodiumError.self) {
            try PasswordHash.deriveKey(
                password: SecureBytes(copying: "pw".utf8), salt: Array(repeating: 1, count: 16),
                outputLength: 32, limits: limits
            )
        }
        guard case .invalidParameters(let reason) = error else {
            Issue.record("expected invalidParameters, got \(error)")
            return
        }
        #expect(reason.contains("Argon2id"))
        #expect(throws: SodiumError.self) { try limits.validate() }
    }

    @Test func customBoundsAreApplied() throws {
        let limits = Argon2Limits(opsLimit: 3, memLimitBytes: 64 << 20)
        try limits.validate(minimum: limits, maximum: limits)
        #expect(throws: SodiumError.self) {
            try limits.validate(minimum: Argon2Limits(opsLimit: 4, memLimitBytes: 19 << 20))
        }
        #expect(throws: SodiumError.self) {
            try limits.validate(maximum: Argon2Limits(opsLimit: 10, memLimitBytes: 32 << 20))
        }
    }

    @Test func badSaltAndOutputLengthsAreRejected() throws {
        let password = try SecureBytes(copying: "pw".utf8)
        #expect(throws: SodiumError.invalidSaltLength(expected: 16, actual: 15)) {
            try PasswordHash.deriveKey(
                password: password, salt: Array(repeating: 0, count: 15), outputLength: 32,
                limits: .minimumAllowed
            )
        }
        #expect(throws: SodiumError.self) {
            try PasswordHash.deriveKey(
                password: password, salt: Array(repeating: 0, count: 16), outputLength: 15,
                limits: .minimumAllowed
            )
        }
        #expect(PasswordHash.saltLength == 16)
    }
}

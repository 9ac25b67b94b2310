import Foundation
import HiveKeepCore
import HiveKeepSecrets
import HiveKeepTestSupport
import Keyring
import Sodium
import Testing

/// Where the vault password comes from: files, the variable, the keyring, in that order.
@Suite(.timeLimit(.minutes(2))) struct VaultPasswordSourceTests {
    /// Writes `contents` to `path` with `mode`.
    static func write(_ contents: String, to path: String, mode: mode_t = 0o600) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, mode) == 0)
    }

    static func resolve(
        _ variables: [String: String], keyring: Keyring? = nil, storeID: String = "unused"
    ) async throws -> VaultPasswordSource.Resolved? {
        try await VaultPasswordSource.resolve(
            environment: EnvironmentValues(variables), keyring: keyring, storeID: storeID)
    }

    static func text(_ resolved: VaultPasswordSource.Resolved?) -> String? {
        resolved?.password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aPasswordFileBeatsTheVariableWhichBeatsTheKeyring() async throws {
        let keyring = try KeyringTestSession.keyring()
        let store = KeyringTestSession.uniqueStore()
        try await VaultPasswordSource.storeInKeyring(
            SecureBytes(copying: "from-keyring".utf8), keyring: keyring, storeID: store)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.child("password")
        try Self.write("from-file\n", to: file)
        var variables = ["HIVEKEEP_SECRETS_PASSWORD_FILE": file, "HIVEKEEP_SECRETS_PASSWORD": "from-variable"]

        let fromFile = try await Self.resolve(variables, keyring: keyring, storeID: store)
        #expect(Self.text(fromFile) == "from-file")
        #expect(fromFile?.origin == .file(file))

        variables["HIVEKEEP_SECRETS_PASSWORD_FILE"] = nil
        let fromVariable = try await Self.resolve(variables, keyring: keyring, storeID: store)
        #expect(Self.text(fromVariable) == "from-variable")
        #expect(fromVariable?.origin == .environment("HIVEKEEP_SECRETS_PASSWORD"))

        variables["HIVEKEEP_SECRETS_PASSWORD"] = nil
        let fromKeyring = try await Self.resolve(variables, keyring: keyring, storeID: store)
        #expect(Self.text(fromKeyring) == "from-keyring")
        #expect(fromKeyring?.origin == .keyring)
        try await keyring.clear(VaultPasswordSource.keyringItem(storeID: store))
    }

    @Test func theSystemdCredentialIsUsedUnlessTheFileVariableNamesAnotherFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let credential = directory.child("credentials/hivekeep-secrets-password")
        try Self.write("from-credential", to: credential, mode: 0o400)
        let variables = ["CREDENTIALS_DIRECTORY": directory.child("credentials"), "HIVEKEEP_SECRETS_PASSWORD": "var"]
        let fromCredential = try await Self.resolve(variables)
        #expect(Self.text(fromCredential) == "from-credential")
        #expect(fromCredential?.origin == .file(credential))

        let file = directory.child("explicit")
        try Self.write("from-file", to: file)
        let fromFile = try await Self.resolve(variables.merging(["HIVEKEEP_SECRETS_PASSWORD_FILE": file]) { $1 })
        #expect(Self.text(fromFile) == "from-file")
    }

    @Test func aCredentialsDirectoryWithoutTheCredentialIsNoSource() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let resolved = try await Self.resolve([
            "CREDENTIALS_DIRECTORY": directory.path, "HIVEKEEP_SECRETS_PASSWORD": "from-variable",
        ])
        #expect(resolved?.origin == .environment("HIVEKEEP_SECRETS_PASSWORD"))
        #expect(
            VaultPasswordSource.hasExplicitSource(
                environment: EnvironmentValues(["CREDENTIALS_DIRECTORY": directory.path])) == false)
    }

    @Test func exactlyOneTrailingNewlineIsStripped() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.child("password")
        for (contents, expected) in [("pw\n\n", "pw\n"), ("pw\n", "pw"), ("pw", "pw"), (" pw \n", " pw ")] {
            try Self.write(contents, to: file)
            #expect(Self.text(try await Self.resolve(["HIVEKEEP_SECRETS_PASSWORD_FILE": file])) == expected)
        }
    }

    @Test(arguments: [0o640, 0o604, 0o660, 0o644, 0o610] as [mode_t])
    func aFileAccessibleByGroupOrOthersIsRefusedByName(_ mode: mode_t) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.child("shared-password")
        try Self.write("not-used-secret", to: file, mode: mode)
        do {
            _ = try await Self.resolve(["HIVEKEEP_SECRETS_PASSWORD_FILE": file, "HIVEKEEP_SECRETS_PASSWORD": "x"])
            Issue.record("a file with mode \(String(mode, radix: 8)) was accepted")
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(file))
            #expect(!error.description.contains("not-used-secret"))
        }
    }

    @Test func aMissingFileNamedByTheVariableIsAnErrorNamingBoth() async throws {
        let missing = "/nonexistent-\(UUID().uuidString)/password"
        do {
            _ = try await Self.resolve(["HIVEKEEP_SECRETS_PASSWORD_FILE": missing, "HIVEKEEP_SECRETS_PASSWORD": "x"])
            Issue.record("a missing password file was ignored")
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(missing))
            #expect(error.message.contains("HIVEKEEP_SECRETS_PASSWORD_FILE"))
        }
    }

    @Test func anEmptyPasswordFileIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.child("password")
        try Self.write("\n", to: file)
        await #expect(throws: HiveKeepError.self) {
            _ = try await Self.resolve(["HIVEKEEP_SECRETS_PASSWORD_FILE": file])
        }
    }

    @Test func noSourceGivesNil() async throws {
        #expect(try await Self.resolve(["HOME": "/root"]) == nil)
        #expect(try await Self.resolve(["HIVEKEEP_SECRETS_PASSWORD": ""]) == nil)
        #expect(try await Self.resolve([:], keyring: KeyringTestSession.unreachable(), storeID: "s") == nil)
        let keyring = try KeyringTestSession.keyring()
        #expect(try await Self.resolve([:], keyring: keyring, storeID: KeyringTestSession.uniqueStore()) == nil)
    }

    @Test func theKeyringEntryRoundTripsAndIsReplacedByTheNextStore() async throws {
        let keyring = try KeyringTestSession.keyring()
        let store = KeyringTestSession.uniqueStore()
        try await VaultPasswordSource.storeInKeyring(
            SecureBytes(copying: "first pässword".utf8), keyring: keyring, storeID: store)
        try await VaultPasswordSource.storeInKeyring(
            SecureBytes(copying: "second pässword".utf8), keyring: keyring, storeID: store)
        let resolved = try #require(try await Self.resolve([:], keyring: keyring, storeID: store))
        #expect(Self.text(resolved) == "second pässword")
        #expect(resolved.origin == .keyring)
        #expect(!"\(resolved)".contains("pässword"))
        #expect(try await keyring.search(kind: .vaultPassword, store: store).map(\.key) == ["secrets.vault"])
        #expect(try await keyring.search(kind: .secret, store: store).isEmpty)
        try await keyring.clear(VaultPasswordSource.keyringItem(storeID: store))
    }

    @Test func aPasswordTheKeyringCannotHoldIsRefused() async throws {
        let keyring = KeyringTestSession.unreachable()
        for bytes: [UInt8] in [[], [0x61, 0x00]] {
            await #expect(throws: HiveKeepError.self) {
                try await VaultPasswordSource.storeInKeyring(
                    SecureBytes(copying: bytes), keyring: keyring, storeID: "s")
            }
        }
    }

    @Test func originsNameTheirSourceAndSayWhetherTheOperatorConfiguredIt() {
        #expect("\(VaultPasswordSource.Origin.file("/run/creds/pw"))".contains("/run/creds/pw"))
        #expect(
            "\(VaultPasswordSource.Origin.environment("HIVEKEEP_SECRETS_PASSWORD"))".contains(
                "HIVEKEEP_SECRETS_PASSWORD"))
        #expect("\(VaultPasswordSource.Origin.keyring)".contains("keyring"))
        #expect(VaultPasswordSource.Origin.file("/p").isExplicit)
        #expect(VaultPasswordSource.Origin.environment("V").isExplicit)
        #expect(!VaultPasswordSource.Origin.keyring.isExplicit)
    }

    @Test func thePasswordVariablesAreListedForScrubbing() {
        let environment = [
            "HIVEKEEP_SECRETS_PASSWORD": "pw", "HIVEKEEP_SECRETS_PASSWORD_FILE": "/f", "PATH": "/bin",
            "CREDENTIALS_DIRECTORY": "/run/credentials/hivekeep.service",
        ]
        #expect(
            Set(VaultPasswordSource.variablesToScrub(from: environment))
                == ["HIVEKEEP_SECRETS_PASSWORD", "HIVEKEEP_SECRETS_PASSWORD_FILE"])
        #expect(VaultPasswordSource.variablesToScrub(from: ["PATH": "/bin"]).isEmpty)
    }

    @Test func aDurableSourceIsAnExplicitOneOrAReachableKeyring() async throws {
        let unreachable = KeyringTestSession.unreachable()
        #expect(await VaultPasswordSource.hasDurableSource(environment: EnvironmentValues([:]), keyring: nil) == false)
        #expect(
            await VaultPasswordSource.hasDurableSource(environment: EnvironmentValues([:]), keyring: unreachable)
                == false)
        let withVariable = EnvironmentValues(["HIVEKEEP_SECRETS_PASSWORD": "pw"])
        #expect(await VaultPasswordSource.hasDurableSource(environment: withVariable, keyring: unreachable))
        let withFile = EnvironmentValues(["HIVEKEEP_SECRETS_PASSWORD_FILE": "/run/pw"])
        #expect(await VaultPasswordSource.hasDurableSource(environment: withFile, keyring: nil))
        let keyring = try KeyringTestSession.keyring()
        #expect(await VaultPasswordSource.hasDurableSource(environment: EnvironmentValues([:]), keyring: keyring))
        #expect(VaultPasswordSource.sourcesHint.contains("HIVEKEEP_SECRETS_PASSWORD_FILE"))
    }
}

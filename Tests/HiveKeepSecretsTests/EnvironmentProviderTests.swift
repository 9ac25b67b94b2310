import HiveKeepCore
import HiveKeepSecrets
import Sodium
import Testing

/// The environment provider over a snapshot of variables.
@Suite struct EnvironmentProviderTests {
    let audit = RecordingAuditRecorder()
    var context: SecretsCallContext { SecretsCallContext(caller: "cli", audit: audit) }

    static let subject = ConformanceSubject(type: .environment, capabilities: .readOnlyUnlisted) { initial in
        var variables = ["PATH": "/usr/bin", "HOME": "/root"]
        for (key, value) in initial {
            variables["TOOLHIVE_SECRET_" + key] = value
        }
        return EnvironmentProvider(environment: EnvironmentValues(variables))
    }

    @Test(arguments: ProviderConformance.Check.applicable(to: .readOnlyUnlisted))
    func passesTheConformanceSuite(_ check: ProviderConformance.Check) async throws {
        try await ProviderConformance(Self.subject).run(check)
    }

    @Test func theToolHivePrefixIsReadBeforeTheHiveKeepPrefix() async throws {
        let provider = EnvironmentProvider(
            environment: EnvironmentValues([
                "TOOLHIVE_SECRET_TOKEN": "from-toolhive",
                "HIVEKEEP_SECRET_TOKEN": "from-hivekeep",
            ]))
        let value = try #require(try await provider.get("TOKEN", context: context))
        #expect(value.isEqual(to: Array("from-toolhive".utf8)))
    }

    @Test func theHiveKeepPrefixIsReadWhenTheToolHiveOneIsUnsetOrEmpty() async throws {
        let provider = EnvironmentProvider(
            environment: EnvironmentValues([
                "HIVEKEEP_SECRET_ONLY": "hivekeep-only",
                "TOOLHIVE_SECRET_EMPTY": "",
                "HIVEKEEP_SECRET_EMPTY": "fallback",
            ]))
        #expect(try await provider.get("ONLY", context: context)?.isEqual(to: Array("hivekeep-only".utf8)) == true)
        #expect(try await provider.get("EMPTY", context: context)?.isEqual(to: Array("fallback".utf8)) == true)
    }

    @Test func variablesWithoutASecretPrefixAreNotSecrets() async throws {
        let provider = EnvironmentProvider(environment: EnvironmentValues(["API_TOKEN": "plain", "HOME": "/root"]))
        #expect(try await provider.get("API_TOKEN", context: context) == nil)
        #expect(try await provider.get("HOME", context: context) == nil)
        #expect(audit.events.map(\.outcome) == [.notFound, .notFound])
    }

    @Test func theSnapshotIsNotAffectedByLaterChanges() async throws {
        var values = ["TOOLHIVE_SECRET_TOKEN": "before"]
        let provider = EnvironmentProvider(environment: EnvironmentValues(values))
        values["TOOLHIVE_SECRET_TOKEN"] = "after"
        #expect(try await provider.get("TOKEN", context: context)?.isEqual(to: Array("before".utf8)) == true)
    }

    @Test func unsupportedCallsWriteNoAuditRecord() async throws {
        let provider = EnvironmentProvider(environment: EnvironmentValues(["TOOLHIVE_SECRET_TOKEN": "value"]))
        _ = try? await provider.list(context: context)
        try? await provider.create("NEW", value: SecureBytes(copying: "v".utf8), context: context)
        try? await provider.delete("TOKEN", context: context)
        #expect(audit.events.isEmpty)
    }

    @Test func theDescriptionAndMirrorShowNoValue() {
        let provider = EnvironmentProvider(environment: EnvironmentValues(["TOOLHIVE_SECRET_TOKEN": "hunter2-value"]))
        var dumped = ""
        dump(provider, to: &dumped)
        for text in [String(describing: provider), String(reflecting: provider), dumped] {
            #expect(!text.contains("hunter2-value"))
            #expect(!text.contains("TOOLHIVE_SECRET_TOKEN"))
        }
    }
}

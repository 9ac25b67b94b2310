import Foundation
import HiveKeepCore
import HiveKeepRuntime
import HiveKeepTestSupport
import Testing

@Suite(.serialized, .timeLimit(.minutes(1))) struct SandboxProbeTests {
    typealias Support = RuntimeTestSupport

    @Test("on this machine a trivial sandbox runs, and the probe says so")
    func works() async {
        let result = await SandboxProbe.check(environment: Support.parentEnvironment)
        #expect(result.isAvailable, "\(result)")
        #expect(result.reason == nil)
        #expect(result.bubblewrap?.hasSuffix("/bwrap") == true)
    }

    @Test("no bwrap: unavailable, saying to install bubblewrap")
    func missing() async {
        let result = await SandboxProbe.check(environment: ["PATH": "/nonexistent"])
        #expect(!result.isAvailable)
        #expect(result.reason?.contains("install the bubblewrap package") == true)
        #expect(result.description.hasPrefix("sandbox: unavailable: bubblewrap (bwrap) is not installed"))
    }

    @Test("a bwrap that cannot make namespaces: unavailable, with bwrap's own message")
    func failing() async throws {
        let directory = try TemporaryDirectory(prefix: "hivekeep-probe")
        defer { directory.remove() }
        let fake = directory.child("bwrap")
        let message = "bwrap: No permissions to creating new namespace, likely because the kernel does not allow it"
        try Data("#!/bin/sh\necho '\(message)' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: fake))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
        let result = await SandboxProbe.check(explicit: fake, environment: [:])
        #expect(!result.isAvailable)
        #expect(result.bubblewrap == fake)
        #expect(result.reason?.contains(message) == true, "\(result)")
        #expect(result.reason?.contains("exited with code 1") == true, "\(result)")
    }
}

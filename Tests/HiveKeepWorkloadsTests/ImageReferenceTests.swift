import HiveKeepCore
import Testing

@testable import HiveKeepWorkloads

/// OCI image references: the grammar of the distribution project's `reference` package.
@Suite("image references")
struct ImageReferenceTests {
    @Test(
        "well-formed references parse into registry, path, tag and digest",
        arguments: [
            ("alpine", nil, "alpine", nil),
            ("ghcr.io/stackloklabs/osv-mcp/server:0.1.0", "ghcr.io", "stackloklabs/osv-mcp/server", "0.1.0"),
            ("localhost/hivekeep-test/time:1", "localhost", "hivekeep-test/time", "1"),
            ("localhost:5000/a__b/c-d--e.f:latest", "localhost:5000", "a__b/c-d--e.f", "latest"),
            ("mcr.microsoft.com/playwright/mcp:v0.0.58", "mcr.microsoft.com", "playwright/mcp", "v0.0.58"),
            ("library/busybox", nil, "library/busybox", nil),
        ] as [(String, String?, String, String?)])
    func parses(text: String, registry: String?, path: String, tag: String?) throws {
        let reference = try ImageReference(parsing: text)
        #expect(reference.registry == registry)
        #expect(reference.path == path)
        #expect(reference.tag == tag)
        #expect(reference.digest == nil)
    }

    @Test("a digest is kept beside a tag")
    func digest() throws {
        let hex = String(repeating: "ab", count: 32)
        let reference = try ImageReference(parsing: "quay.io/x/y:1@sha256:\(hex)")
        #expect(reference.digest == "sha256:\(hex)")
        #expect(reference.tag == "1")
        #expect(reference.registry == "quay.io")
    }

    @Test(
        "malformed references are a 400 saying what is wrong",
        arguments: [
            ("Ghcr.IO/UPPER/case", "path component"),
            ("ghcr.io/a/b:", "tag"),
            ("ghcr.io/a/b:-bad", "tag"),
            ("ghcr.io//b", "path component"),
            ("-lead/x", "path component"),
            ("a/b_", "path component"),
            ("a/b.-c", "path component"),
            ("has space/x", "printable"),
            ("a/b@sha256:xyz", "digest"),
            ("bad_host.io:99999x/a", "registry host"),
            ("", "printable"),
        ])
    func refuses(text: String, why: String) {
        do {
            _ = try ImageReference(parsing: text)
            Issue.record("\(text) parsed")
        } catch let error as HiveKeepError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("invalid image reference"), "\(error.message)")
            #expect(error.message.contains(why), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

import Foundation
import HiveKeepTestSupport

/// Runs the real `openssl` command line tool, an independent implementation to check HiveKeep's keys against.
enum OpenSSL {
    /// The openssl executable.
    static var executable: String {
        ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "/usr/bin/openssl"
    }

    /// Runs `openssl ARGUMENTS` in `directory` and returns its exit status and output.
    @discardableResult
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let outputPath = directory.child("openssl-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }

    /// A new key pair of `algorithm` (genpkey options); writes `private.pem` and returns the public key PEM.
    static func publicKeyPEM(algorithm: [String], in directory: TemporaryDirectory, name: String = "private.pem")
        throws -> String
    {
        let generate = try run(["genpkey"] + algorithm + ["-out", name], in: directory)
        guard generate.status == 0 else { throw TestSupportError("openssl genpkey failed: \(generate.output)") }
        let publicPath = name + ".pub"
        let export = try run(["pkey", "-in", name, "-pubout", "-out", publicPath], in: directory)
        guard export.status == 0 else { throw TestSupportError("openssl pkey failed: \(export.output)") }
        return try String(contentsOfFile: directory.child(publicPath), encoding: .utf8)
    }
}

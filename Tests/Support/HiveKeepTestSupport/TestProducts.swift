import Foundation

/// Finds executables built by `swift test` next to the test bundle, so tests run the real binaries.
public enum TestProducts {
    /// The build products directory (`.build/<triple>/debug`), taken from the running test binary's location.
    public static var directory: String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var url = binary.deletingLastPathComponent()
        // On Linux the test binary is `<products>/<package>PackageTests.xctest`; on Darwin it is inside a bundle.
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("hivekeep").path) {
            url = url.deletingLastPathComponent()
        }
        return url.path
    }

    /// The path of the built executable `name`; fails loudly when it was not built.
    public static func executable(_ name: String) throws -> String {
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError("executable \(name) not found in \(directory); run the tests with `swift test`")
        }
        return path
    }
}

/// A failure of the test support code itself.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

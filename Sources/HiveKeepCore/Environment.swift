#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A snapshot of environment variables, passed explicitly so that code reading the environment is testable and
/// no test changes the process's own environment.
public struct EnvironmentValues: Sendable, Hashable {
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The current process environment.
    public static func process() -> EnvironmentValues {
        var values: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let string = String(cString: entry)
            if let equals = string.firstIndex(of: "=") {
                values[String(string[..<equals])] = String(string[string.index(after: equals)...])
            }
            pointer += 1
        }
        return EnvironmentValues(values)
    }

    /// The value of `name`, or nil when unset or empty.
    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }
}

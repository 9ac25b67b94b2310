import HiveKeepCore

/// How long a stopping MCP server (its whole process group) gets between SIGTERM and SIGKILL.
///
/// `HIVEKEEP_STOP_GRACE` sets it: a number of seconds (`10`, `0.5`) or a number with a unit (`1500ms`, `3s`);
/// anything else, or a value above ``maximum``, is ignored and the default (10 s) applies. The runner uses it for
/// its server; the workload service waits a little longer than it before it kills a runner itself.
public enum StopGrace {
    /// The grace when nothing sets it.
    public static let standard: Duration = .seconds(10)
    /// The longest grace accepted (a typo must not make a shutdown wait for hours).
    public static let maximum: Duration = .seconds(300)
    /// The name of the variable that sets it.
    public static let variable = "HIVEKEEP_STOP_GRACE"

    /// The grace `environment` asks for, or ``standard``.
    public static func from(_ environment: [String: String]) -> Duration {
        environment[variable].flatMap(parse) ?? standard
    }

    /// Parses `10`, `0.5`, `10s` or `1500ms`; nil for anything else, a negative value or one above ``maximum``.
    public static func parse(_ text: String) -> Duration? {
        var number = Substring(text.trimmingSpaces)
        var scale = 1000.0
        if number.hasSuffix("ms") {
            number = number.dropLast(2)
            scale = 1
        } else if number.hasSuffix("s") {
            number = number.dropLast()
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let grace = Duration.milliseconds(Int64((value * scale).rounded()))
        return grace <= maximum ? grace : nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// One finding of `hivekeep doctor`: what was checked, how it went, and what to do about it.
public struct DoctorCheck: Codable, Sendable, Hashable {
    /// How a check went; `fail` makes `hivekeep doctor` exit non-zero.
    public enum Outcome: String, Codable, Sendable, Hashable, Comparable {
        case ok, warn, fail

        public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rank < rhs.rank }

        private var rank: Int {
            switch self {
            case .ok: 0
            case .warn: 1
            case .fail: 2
            }
        }
    }

    /// A short, stable name (`secrets`, `audit`, `bubblewrap`, ...).
    public var name: String
    public var outcome: Outcome
    /// What was found, in words; never a secret value.
    public var detail: String
    /// What to do, for `warn` and `fail`.
    public var advice: String?

    public init(_ name: String, _ outcome: Outcome, _ detail: String, advice: String? = nil) {
        self.name = name
        self.outcome = outcome
        self.detail = detail
        self.advice = advice
    }
}

/// HiveKeep's own version, reported by `hivekeep --version` and `GET /api/v1beta/version`.
public enum HiveKeepVersion {
    /// The semantic version of this build.
    public static let current = "0.1.0-dev"
}

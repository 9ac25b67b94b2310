/// Who the current request is for, as audit records name it (`token`, `socket:uid=N`, `oidc:<sub>`), carried
/// through every service call a request makes without threading a parameter through each layer.
///
/// The API server binds it for the duration of each authenticated request; code with no request (the CLI, a
/// runner) leaves it unset, and audit records then name the caller the code gives.
public enum RequestCaller {
    @TaskLocal public static var principal: String?

    /// The name an audit record gives for an operation whose code says `caller`: the request's principal when
    /// there is one (with the code's caller after it when that says more than "api"), else `caller`.
    public static func auditName(for caller: String) -> String {
        guard let principal else { return caller }
        return caller == "api" || caller.isEmpty ? principal : "\(principal) (\(caller))"
    }
}

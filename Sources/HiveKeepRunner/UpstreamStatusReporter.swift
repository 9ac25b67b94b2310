import HiveKeepProxy
import HiveKeepWorkloads

/// The status of a remote workload without sign-in (no credentials, or static headers and bearer token) follows its
/// upstream: `running` after a call it answered, `error` with the reason when it could not be reached, answered with
/// a 5xx, or refused the workload's credentials (401, 403). It adds no credential of its own.
actor UpstreamStatusReporter: UpstreamAuthorizer {
    let report: UpstreamSignIn.Report
    private var last: (WorkloadStatus, String?)?

    init(report: @escaping UpstreamSignIn.Report) {
        self.report = report
    }

    func authorization() async -> Result<String?, UpstreamAuthorizationRefusal> {
        .success(nil)
    }

    func rejected(_ authorization: String) async -> String? {
        nil
    }

    func answered(status: Int?) async {
        let next: (WorkloadStatus, String?)
        switch status {
        case let code? where (200..<300).contains(code): next = (.running, nil)
        case let code? where code == 401 || code == 403:
            next = (.error, "the remote MCP server refused the workload's credentials (HTTP \(code))")
        case let code? where code >= 500: next = (.error, "the remote MCP server answered HTTP \(code)")
        case nil: next = (.error, "the remote MCP server cannot be reached")
        default: return
        }
        if let last, last.0 == next.0, last.1 == next.1 { return }
        last = next
        report(next.0, next.1)
    }
}

import Foundation
import HiveKeepTestSupport

/// Workload proxies require their token: the harness gets it the way a user does, with `hivekeep proxy-token NAME`.
extension WorkloadHarness {
    /// Runs the `hivekeep` CLI in the harness's home; returns its exit status, output and error output.
    func cli(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        try FileManager.default.createDirectory(atPath: clientLogs, withIntermediateDirectories: true)
        let child = try ChildProcess(
            try TestProducts.executable("hivekeep"), arguments, environment: environment, logDirectory: clientLogs)
        let status = try await child.wait(timeout: .seconds(30))
        return (status, child.output, child.errorOutput)
    }

    /// The proxy token of workload `name`, from `hivekeep proxy-token NAME`.
    func proxyToken(_ name: String) async throws -> String {
        let result = try await cli(["proxy-token", name])
        let token = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0, token.count == 64 else {
            throw TestSupportError("proxy-token \(name) failed (\(result.status)): \(result.error)")
        }
        return token
    }

    /// The token of the workload whose proxy listens on the port of `url` (found with `hivekeep list --all --json`,
    /// which needs no API server); nil when none does.
    func proxyToken(forURL url: String) async throws -> String? {
        guard let port = URL(string: url)?.port else { return nil }
        let listed = try await cli(["list", "--all", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]] ?? []
        guard let name = list.first(where: { $0["port"] as? Int == port })?["name"] as? String else { return nil }
        return try await proxyToken(name)
    }
}

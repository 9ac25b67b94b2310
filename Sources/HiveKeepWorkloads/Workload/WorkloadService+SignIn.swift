import AsyncHTTPClient
import Foundation
import HiveKeepCore
import NIOCore
import NIOHTTP1

/// Finishing a remote workload's OAuth sign-in from anywhere: the URL the browser was sent to after sign-in (pasted
/// from another machine, where `127.0.0.1` is not the runner's) is handed to the runner's own callback listener.
///
/// The runner announces its authorization URL in the status context (`sign in: URL`) while the workload is
/// `unauthenticated`; that URL's `redirect_uri` names the listener (`http://127.0.0.1:PORT/callback`) and its
/// `state` the flow. Only a redirect for that very flow is forwarded, and only to that loopback listener: the server
/// never fetches a URL the caller chose.
extension WorkloadService {
    /// The sign-in the workload waits for: its authorization URL; nil when it waits for none.
    public func pendingSignIn(_ name: String) throws -> URL? {
        try requireExisting(name)
        let record = try currentRecord(name)
        guard record.status == .unauthenticated, let context = record.statusContext, context.hasPrefix("sign in: ")
        else { return nil }
        return URL(string: String(context.dropFirst("sign in: ".count)))
    }

    /// Hands `redirectURL` (the browser's address after sign-in) to the waiting runner.
    ///
    /// - Throws: 404 for an unknown workload, 409 when it waits for no sign-in, 400 for a redirect that is not
    ///   this sign-in's (no `code`/`error`, another `state`, another path), 503 when the runner's listener does not
    ///   take it.
    public func completeSignIn(_ name: String, redirectURL: String) async throws {
        guard let authorization = try pendingSignIn(name),
            let announced = URLComponents(url: authorization, resolvingAgainstBaseURL: false)
        else {
            throw HiveKeepError(.conflict, "workload \(name) is not waiting for sign-in")
        }
        func item(_ items: [URLQueryItem]?, _ name: String) -> String? { items?.first { $0.name == name }?.value }
        guard let redirect = item(announced.queryItems, "redirect_uri").flatMap(URLComponents.init(string:)),
            redirect.scheme == "http", redirect.host == "127.0.0.1", let port = redirect.port
        else {
            throw HiveKeepError(.conflict, "workload \(name) waits for a sign-in without a loopback callback")
        }
        let trimmed = redirectURL.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pasted = URLComponents(string: trimmed), let query = pasted.percentEncodedQuery else {
            throw HiveKeepError.invalid("redirect_url must be the full URL the browser was sent to after sign-in")
        }
        guard item(pasted.queryItems, "code") != nil || item(pasted.queryItems, "error") != nil else {
            throw HiveKeepError.invalid("redirect_url carries no code (copy the address after signing in)")
        }
        guard item(pasted.queryItems, "state") == item(announced.queryItems, "state") else {
            throw HiveKeepError.invalid(
                "redirect_url belongs to another sign-in (its state differs); sign in again with the current URL")
        }
        guard pasted.path == redirect.path else {
            throw HiveKeepError.invalid("redirect_url is not this workload's callback (\(redirect.path))")
        }
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(redirect.path)?\(query)")
        request.method = .GET
        let status: UInt
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            status = response.status.code
            _ = try? await response.body.collect(upTo: 1 << 16)
        } catch {
            throw HiveKeepError(.unavailable, "the workload's runner did not take the sign-in: \(type(of: error))")
        }
        guard status == 200 else {
            throw HiveKeepError(.unavailable, "the workload's runner did not take the sign-in (HTTP \(status))")
        }
    }
}

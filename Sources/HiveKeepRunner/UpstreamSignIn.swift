import Foundation
import HiveKeepOAuth
import HiveKeepProxy
import HiveKeepWorkloads
import Logging

/// A remote workload's OAuth session with its upstream: it gets a token before the proxy serves (the stored one,
/// else the client credentials grant when asked for, else the authorization code flow: status `unauthenticated`
/// with the authorization URL in the status context, the callback listened for on 127.0.0.1), keeps it fresh
/// (refreshed shortly before expiry; a failure that may pass is retried with backoff while the status says so, a
/// refused one asks for sign-in again), and gives the proxy the `Authorization` of every upstream request
/// (``UpstreamAuthorizer``). Tokens live only in memory and in the secrets store (``UpstreamTokenStore``); no token
/// is ever logged or put in a status.
actor UpstreamSignIn: UpstreamAuthorizer {
    /// How the session reports to the workload's status.
    typealias Report = @Sendable (WorkloadStatus, String?) -> Void

    let settings: OAuthSettings
    let client: OAuthClient
    let store: UpstreamTokenStore
    let report: Report
    let logger: Logger
    let timing: UpstreamSignInTiming

    var endpoints: OAuthEndpoints?
    var registration: OAuthClientRegistration?
    var tokens: OAuthTokens?
    /// The access token a refresh made because the upstream refused the previous one: if it is refused too, the
    /// session asks for sign-in rather than refreshing again.
    var refreshedAfterRejection: String?
    var inFlightRefresh: Task<Bool, Never>?
    /// Set to end ``run(ready:)``'s wait early (a refused refresh: sign in now).
    var woken = false
    var lastReported: (WorkloadStatus, String?)?
    /// While a refresh is being retried: what the status context says (the status itself stays `running`).
    var retryNote: String?

    init(
        settings: OAuthSettings, client: OAuthClient, store: UpstreamTokenStore, timing: UpstreamSignInTiming,
        logger: Logger, report: @escaping Report
    ) {
        self.settings = settings
        self.client = client
        self.store = store
        self.timing = timing
        self.logger = logger
        self.report = report
    }

    /// Gets a token before the proxy serves (waiting for sign-in as long as it takes), calls `ready` once, then keeps
    /// the token fresh until cancelled.
    func run(ready: @Sendable () async throws -> Void) async throws {
        try await loadStored()
        try await obtainTokens()
        try await ready()
        while !Task.isCancelled {
            if tokens == nil {
                try await obtainTokens()
                continue
            }
            try await sleepUntilRefreshDue()
            guard tokens != nil else { continue }
            var attempt = 0
            while tokens != nil, !Task.isCancelled, await !refreshOnce() {
                // A failure that may pass: retry with backoff (the refresh already said so in the status).
                guard tokens != nil else { break }
                try await Task.sleep(for: timing.retryDelay(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// The stored registration, endpoints and tokens, when any and made for the current settings.
    private func loadStored() async throws {
        guard let record = try await store.client() else { return }
        guard record.settingsKey == UpstreamTokenStore.settingsKey(settings) else {
            logger.info(
                "the sign-in settings changed since the last sign-in; signing in again",
                metadata: ["workload.name": "\(store.workload)"])
            return
        }
        endpoints = record.endpoints
        registration = record.registration
        tokens = try await store.tokens()
        if tokens != nil {
            logger.info("using the stored upstream token", metadata: ["workload.name": "\(store.workload)"])
        }
    }

    /// Waits until the token is due for a refresh (never, when its expiry is unknown: then only a refusal by the
    /// upstream refreshes it), or until woken; it looks a few times a second.
    private func sleepUntilRefreshDue() async throws {
        let delay = timing.refreshDelay(expiresAt: tokens?.expiresAt, now: Date())
        let deadline = delay.map { ContinuousClock.now + $0 }
        while !woken {
            if let deadline, ContinuousClock.now >= deadline { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        woken = false
    }

    /// Reports a status once per change.
    func say(_ status: WorkloadStatus, _ context: String?) {
        if let lastReported, lastReported.0 == status, lastReported.1 == context { return }
        lastReported = (status, context)
        report(status, context)
    }

    // MARK: UpstreamAuthorizer

    func authorization() async -> Result<String?, UpstreamAuthorizationRefusal> {
        guard let tokens else {
            return .failure(
                UpstreamAuthorizationRefusal(
                    "the workload is waiting for sign-in to its remote server (see its status, or run hivekeep "
                        + "workload login \(store.workload))"))
        }
        return .success("Bearer " + tokens.accessToken)
    }

    func rejected(_ authorization: String) async -> String? {
        guard let tokens else { return nil }
        if "Bearer " + tokens.accessToken != authorization {
            return "Bearer " + tokens.accessToken
        }
        if tokens.accessToken == refreshedAfterRejection {
            logger.warning(
                "the remote server refused a freshly refreshed token; sign-in is needed",
                metadata: ["workload.name": "\(store.workload)"])
            await requireSignIn("the remote server refused HiveKeep's token")
            return nil
        }
        logger.info(
            "the remote server refused the token; refreshing it", metadata: ["workload.name": "\(store.workload)"])
        guard await refreshOnce(), let fresh = self.tokens else { return nil }
        refreshedAfterRejection = fresh.accessToken
        return "Bearer " + fresh.accessToken
    }

    func answered(status: Int?) async {
        guard tokens != nil else { return }
        switch status {
        case let code? where (200..<300).contains(code) || code == 202:
            say(.running, retryNote)
        case let code? where code >= 500:
            say(.error, "the remote MCP server answered HTTP \(code)")
        case nil:
            say(.error, "the remote MCP server cannot be reached")
        default:
            return
        }
    }
}

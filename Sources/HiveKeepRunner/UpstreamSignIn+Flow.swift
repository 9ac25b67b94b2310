import Foundation
import HiveKeepCore
import HiveKeepOAuth
import HiveKeepWorkloads
import Logging

/// Getting and refreshing tokens.
extension UpstreamSignIn {
    /// Gets tokens when there are none: the client credentials grant when the workload asks for it, else the
    /// authorization code flow. Failures that may pass are retried with backoff; a refused sign-in starts a new one.
    func obtainTokens() async throws {
        var attempt = 0
        while tokens == nil {
            try Task.checkCancellation()
            do {
                let endpoints = try await currentEndpoints()
                let fresh: OAuthTokens
                if settings.clientCredentials {
                    fresh = try await client.clientCredentials(
                        endpoints: endpoints, client: try givenClient(), settings: settings)
                } else {
                    fresh = try await signIn(endpoints: endpoints)
                }
                try await store.save(fresh)
                tokens = fresh
                refreshedAfterRejection = nil
                retryNote = nil
                logger.info("signed in to the remote server", metadata: ["workload.name": "\(store.workload)"])
                say(.running, nil)
                return
            } catch let error as OAuthError {
                let (status, reason) = Self.describe(error)
                logger.warning(
                    "sign-in to the remote server failed",
                    metadata: ["workload.name": "\(store.workload)", "reason": "\(reason)"])
                say(status, "sign-in failed, retrying: \(reason)")
                try await Task.sleep(for: timing.retryDelay(attempt: attempt))
                attempt += 1
            }
        }
    }

    /// One authorization code flow: the callback listener, the client (given, stored or registered now), the
    /// authorization URL in the status, then the code exchanged for tokens.
    private func signIn(endpoints: OAuthEndpoints) async throws -> OAuthTokens {
        let listener = try await listen()
        defer { listener.close() }
        let registered = try await clientFor(redirectURI: listener.redirectURI, endpoints: endpoints)
        let request = try client.authorizationRequest(
            endpoints: endpoints, client: registered, settings: settings, redirectURI: listener.redirectURI)
        logger.notice(
            "waiting for sign-in to the remote server: open the authorization URL",
            metadata: ["workload.name": "\(store.workload)", "oauth.authorization_url": "\(request.url)"])
        say(.unauthenticated, "sign in: \(request.url.absoluteString)")
        let completion = try await listener.wait(for: request)
        return try await client.exchange(
            completion, request: request, endpoints: endpoints, client: registered, settings: settings)
    }

    /// The callback listener: on `callback_port`, else on the port of a stored registration's redirect URI (so
    /// that registration stays valid), else on a free port.
    private func listen() async throws(OAuthError) -> CallbackListener {
        if let port = settings.callbackPort { return try await CallbackListener.start(port: port) }
        if settings.clientID == nil, let uri = registration?.redirectURI, let port = URL(string: uri)?.port,
            let listener = try? await CallbackListener.start(port: port), listener.redirectURI == uri
        {
            return listener
        }
        return try await CallbackListener.start(port: 0)
    }

    /// The client: the workload's `client_id` (with its secret), else a registration made for `redirectURI`.
    private func clientFor(redirectURI: String, endpoints: OAuthEndpoints) async throws -> OAuthClientRegistration {
        if settings.clientID != nil { return try givenClient() }
        if let registration, registration.redirectURI == redirectURI { return registration }
        let fresh = try await client.register(endpoints: endpoints, redirectURI: redirectURI, scopes: settings.scopes)
        registration = fresh
        try await store.save(
            UpstreamTokenStore.ClientRecord(
                endpoints: endpoints, registration: fresh, settingsKey: UpstreamTokenStore.settingsKey(settings)))
        logger.info("registered HiveKeep at the authorization server", metadata: ["workload.name": "\(store.workload)"])
        return fresh
    }

    private func givenClient() throws(OAuthError) -> OAuthClientRegistration {
        guard let id = settings.clientID else { throw .refused("the workload names no client_id") }
        let secret = settings.clientSecret.flatMap { $0.isEmpty ? nil : $0 }
        return OAuthClientRegistration(
            clientID: id, clientSecret: secret, redirectURI: nil,
            tokenEndpointAuthMethod: secret == nil ? "none" : "client_secret_basic")
    }

    private func currentEndpoints() async throws -> OAuthEndpoints {
        if let endpoints { return endpoints }
        let found = try await client.discover(settings: settings)
        endpoints = found
        try await store.save(
            UpstreamTokenStore.ClientRecord(
                endpoints: found, registration: registration, settingsKey: UpstreamTokenStore.settingsKey(settings)))
        return found
    }

    /// Refreshes the token once (concurrent callers share one refresh). Returns whether a fresh token is in hand;
    /// false after a failure that may pass (the status context says so) or one that asks for sign-in (then the
    /// tokens are gone and ``run(ready:)`` signs in).
    func refreshOnce() async -> Bool {
        if let inFlightRefresh { return await inFlightRefresh.value }
        let task = Task { await self.performRefresh() }
        inFlightRefresh = task
        let refreshed = await task.value
        inFlightRefresh = nil
        return refreshed
    }

    private func performRefresh() async -> Bool {
        guard let current = tokens, let endpoints else { return false }
        do {
            let client = settings.clientID != nil ? try givenClient() : registration
            guard let client else { throw OAuthError.signInRequired("HiveKeep's registration is gone") }
            let fresh =
                settings.clientCredentials
                ? try await self.client.clientCredentials(endpoints: endpoints, client: client, settings: settings)
                : try await self.client.refresh(current, endpoints: endpoints, client: client, settings: settings)
            try await store.save(fresh)
            tokens = fresh
            retryNote = nil
            logger.info("refreshed the upstream token", metadata: ["workload.name": "\(store.workload)"])
            say(.running, nil)
            return true
        } catch OAuthError.temporarilyUnavailable(let reason) {
            let note = "refreshing the upstream token failed, retrying: \(reason)"
            logger.warning(
                "refreshing the upstream token failed; retrying",
                metadata: ["workload.name": "\(store.workload)", "reason": "\(reason)"])
            retryNote = note
            let valid = current.expiresAt.map { $0 > Date() } ?? true
            say(valid ? .running : .error, note)
            return false
        } catch {
            let (_, reason) = Self.describe(error)
            logger.warning(
                "the upstream token cannot be refreshed; sign-in is needed",
                metadata: ["workload.name": "\(store.workload)", "reason": "\(reason)"])
            await requireSignIn(reason)
            return false
        }
    }

    /// Drops the tokens (in memory and in the store) and wakes ``run(ready:)`` to sign in again.
    func requireSignIn(_ reason: String) async {
        tokens = nil
        retryNote = nil
        do {
            try await store.forgetTokens()
        } catch {
            logger.warning(
                "cannot forget the refused upstream token", metadata: ["workload.name": "\(store.workload)"])
        }
        say(.unauthenticated, "sign-in needed: \(reason)")
        woken = true
    }

    /// The status and the words for a failure (OAuth errors never carry a token).
    static func describe(_ error: any Error) -> (WorkloadStatus, String) {
        switch error {
        case OAuthError.temporarilyUnavailable(let reason): (.error, reason)
        case OAuthError.signInRequired(let reason), OAuthError.callbackRejected(let reason): (.unauthenticated, reason)
        case OAuthError.discoveryFailed(let reason), OAuthError.refused(let reason): (.error, reason)
        case let error as HiveKeepError: (.error, error.message)
        default: (.error, "\(type(of: error))")
        }
    }
}

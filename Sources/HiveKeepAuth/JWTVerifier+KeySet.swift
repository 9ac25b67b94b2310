import Foundation
import Logging

extension JWTVerifier {
    /// The cached key set, loaded on first use. After a failed first load, another attempt is made at most once per
    /// ``retryInterval``; until one succeeds every token is refused.
    func currentKeys() async -> JWTKeySet? {
        if let keys { return keys }
        if let loading { return await loading.value }
        if let lastFailure, ContinuousClock.now - lastFailure < Self.retryInterval { return nil }
        return await load()
    }

    /// The key set fetched again because a token names a key id the cached set lacks; nil (and no fetch) when the
    /// last such fetch was less than ``refreshInterval`` ago. A failed refresh keeps the cached keys.
    func refreshForUnknownKey() async -> JWTKeySet? {
        if let loading { return await loading.value }
        if let lastRefresh, ContinuousClock.now - lastRefresh < Self.refreshInterval { return nil }
        lastRefresh = .now
        return await load()
    }

    /// Fetches the key set once for every caller waiting on it, and caches it when it could be read.
    private func load() async -> JWTKeySet? {
        let task = Task { await self.fetchKeySet() }
        loading = task
        let result = await task.value
        loading = nil
        if let result {
            keys = result
            lastFailure = nil
        } else {
            lastFailure = .now
        }
        return result
    }

    private func fetchKeySet() async -> JWTKeySet? {
        do {
            let url: String
            if let keySetURL {
                url = keySetURL
            } else {
                url = try await discovery.keySetURL()
                keySetURL = url
            }
            let body = try await discovery.fetch(url)
            do {
                let keySet = try await JWTKeySet(jwks: body)
                logger.debug(
                    "loaded the OIDC key set",
                    metadata: ["oidc.url": "\(url)", "oidc.keys": "\(keySet.algorithms.keys.sorted())"])
                return keySet
            } catch {
                logger.warning("the OIDC key set is not a JWKS document", metadata: ["oidc.url": "\(url)"])
                return nil
            }
        } catch {
            return nil  // Logged by the discovery.
        }
    }
}

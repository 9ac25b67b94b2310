import AsyncHTTPClient
import Foundation
import HiveKeepCore
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL

/// Fetches a registry document over HTTPS, guarding against server-side request forgery: the host is resolved once
/// and checked, the connection goes to that address (with the name kept for the Host header, SNI and certificate
/// checks), redirects are followed by hand and each hop is checked again, and the body is capped in size.
struct RegistryFetcher: Sendable {
    var options: FetchOptions
    var logger: Logger

    /// The body of `url`; `caBundle` is a PEM file of extra trusted certificate authorities.
    func fetch(_ url: String, allowPrivate: Bool, caBundle: String?) async throws -> Data {
        let policy = AddressPolicy(allowPrivate: allowPrivate, alwaysAllowed: options.alwaysAllowedAddresses)
        let deadline = ContinuousClock.now + options.timeout
        var current = url
        for _ in 0...options.maxRedirects {
            let target = try await FetchTarget.check(current, policy: policy)
            switch try await get(target, caBundle: caBundle, deadline: deadline) {
            case .body(let data): return data
            case .redirect(let location):
                guard let next = URL(string: location, relativeTo: target.url)?.absoluteString else {
                    throw HiveKeepError.invalid("registry URL \(current) redirects to an invalid location")
                }
                logger.info("registry fetch redirected", metadata: ["registry.url": "\(current)"])
                current = next
            }
        }
        throw HiveKeepError.invalid("registry URL \(url) redirects more than \(options.maxRedirects) times")
    }

    enum Outcome {
        case body(Data)
        case redirect(String)
    }

    private func get(_ target: FetchTarget, caBundle: String?, deadline: ContinuousClock.Instant) async throws
        -> Outcome
    {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caBundle { tls.additionalTrustRoots = [.file(caBundle)] }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        if !AddressPolicy.isAddress(target.host) { configuration.dnsOverride = [target.host: target.address] }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let outcome = try await send(target, client: client, deadline: deadline)
            try await client.shutdown()
            return outcome
        } catch {
            try? await client.shutdown()
            throw Self.describe(error, url: target.url.absoluteString)
        }
    }

    private func send(_ target: FetchTarget, client: HTTPClient, deadline: ContinuousClock.Instant) async throws
        -> Outcome
    {
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.headers.add(name: "Accept", value: "application/json")
        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else { throw HiveKeepError.invalid("registry URL timed out") }
        let response = try await client.execute(request, timeout: .nanoseconds(Self.nanoseconds(remaining)))
        let url = target.url.absoluteString
        if (300..<400).contains(Int(response.status.code)) {
            guard let location = response.headers.first(name: "Location") else {
                throw HiveKeepError.invalid("registry URL \(url) answered a redirect without a location")
            }
            return .redirect(location)
        }
        guard response.status == .ok else {
            throw HiveKeepError.invalid("registry URL \(url) answered HTTP \(response.status.code)")
        }
        let body = try await response.body.collect(upTo: options.maxBytes)
        return .body(Data(body.readableBytesView))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// A one-line, client-safe description of a fetch failure.
    static func describe(_ error: any Error, url: String) -> any Error {
        switch error {
        case let error as HiveKeepError: error
        case is NIOTooManyBytesError: HiveKeepError.invalid("registry URL \(url) sent a document that is too large")
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            HiveKeepError.invalid("registry URL \(url) timed out")
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            HiveKeepError(.invalidArgument, "registry URL \(url) failed the TLS check", cause: error)
        default: HiveKeepError(.invalidArgument, "registry URL \(url) cannot be fetched", cause: error)
        }
    }
}

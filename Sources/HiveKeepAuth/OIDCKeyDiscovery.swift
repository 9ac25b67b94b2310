import AsyncHTTPClient
import Foundation
import HiveKeepCore
import Logging
import NIOCore
import NIOHTTP1

/// Finds and fetches an issuer's key set: from `settings.jwksURL`, else from the `jwks_uri` of
/// `<issuer>/.well-known/openid-configuration`, whose `issuer` must be the configured one. Each response is bounded
/// (1 MiB, 5 s); a failure is logged at warning with the URL and status, never with a token.
struct OIDCKeyDiscovery: Sendable {
    static let maxBytes = 1 << 20
    static let timeout = TimeAmount.seconds(5)

    let settings: OIDCSettings
    let httpClient: HTTPClient
    let logger: Logger

    /// Why a fetch failed (logged, never shown to a caller of the API).
    enum Failure: Error, CustomStringConvertible {
        case status(Int)
        case unreadable(String)

        var description: String {
            switch self {
            case .status(let code): "HTTP status \(code)"
            case .unreadable(let reason): reason
            }
        }
    }

    /// The key set's URL: the configured one, or the one the discovery document names.
    func keySetURL() async throws -> String {
        if let configured = settings.jwksURL { return configured }
        let url = Self.trimmedIssuer(settings.issuer) + "/.well-known/openid-configuration"
        let body = try await fetch(url)
        struct Discovery: Decodable {
            var issuer: String
            var jwksURI: String
            enum CodingKeys: String, CodingKey {
                case issuer
                case jwksURI = "jwks_uri"
            }
        }
        guard let document = try? JSONDecoder().decode(Discovery.self, from: Data(body)) else {
            throw warn(url, Failure.unreadable("not an OpenID discovery document with issuer and jwks_uri"))
        }
        guard document.issuer == settings.issuer else {
            throw warn(url, Failure.unreadable("the discovery document names another issuer: \(document.issuer)"))
        }
        do {
            try Self.checkURL(document.jwksURI, what: "jwks_uri")
        } catch {
            throw warn(url, error)
        }
        return document.jwksURI
    }

    /// The body of a GET of `url`, at most 1 MiB, within 5 s; any status but 200 fails.
    func fetch(_ url: String) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/json")
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: Self.timeout)
        } catch {
            throw warn(url, error)
        }
        guard response.status == .ok else {
            throw warn(url, Failure.status(Int(response.status.code)), status: Int(response.status.code))
        }
        do {
            return Array(try await response.body.collect(upTo: Self.maxBytes).readableBytesView)
        } catch {
            throw warn(url, Failure.unreadable("the response is larger than \(Self.maxBytes) bytes or broken"))
        }
    }

    private func warn(_ url: String, _ error: any Error, status: Int? = nil) -> any Error {
        var metadata: Logger.Metadata = ["oidc.issuer": "\(settings.issuer)", "oidc.url": "\(url)"]
        if let status { metadata["http.status"] = "\(status)" }
        logger.warning("could not fetch the OIDC key set: \(error)", metadata: metadata)
        return error
    }

    /// The issuer without a trailing slash, the base of its well-known documents.
    static func trimmedIssuer(_ issuer: String) -> String {
        issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    }

    /// Checks that `text` is an absolute `https` URL, or an `http` URL whose host is a loopback address.
    static func checkURL(_ text: String, what: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty
        else {
            throw HiveKeepError(.invalidArgument, "the OIDC \(what) \(text) is not an absolute URL")
        }
        switch scheme {
        case "https": return
        case "http" where isLoopback(host): return
        case "http":
            throw HiveKeepError(
                .invalidArgument, "the OIDC \(what) \(text) uses http; only https, or http to a loopback address")
        default:
            throw HiveKeepError(.invalidArgument, "the OIDC \(what) \(text) is not an https URL")
        }
    }

    /// `localhost`, an address in 127.0.0.0/8, or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && octets.allSatisfy { $0 != nil } && octets[0] == 127
    }
}

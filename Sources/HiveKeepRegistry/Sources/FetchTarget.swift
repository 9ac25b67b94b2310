import Foundation
import HiveKeepCore

/// One checked hop of a registry fetch: the URL, its host and the one address the connection must go to.
struct FetchTarget: Sendable {
    var url: URL
    var host: String
    var address: String

    /// Checks `string` before anything is sent: the scheme (https, or http only when private addresses are
    /// allowed or the address is loopback), then the host, resolved once, against `policy`.
    static func check(_ string: String, policy: AddressPolicy) async throws -> FetchTarget {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(),
            let rawHost = URLComponents(url: url, resolvingAgainstBaseURL: false)?.host, !rawHost.isEmpty
        else {
            throw HiveKeepError.invalid("registry URL \(string) is not a valid absolute URL")
        }
        guard scheme == "https" || scheme == "http" else {
            throw HiveKeepError.invalid("registry URL \(string) must use https")
        }
        let host = rawHost.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let addresses = try await HostResolver.resolve(host)
        guard let address = addresses.first(where: policy.allows) else {
            throw HiveKeepError.invalid(
                "registry URL \(string) resolves to a private, loopback or link-local address "
                    + "(\(addresses.joined(separator: ", "))); set allow_private_ip to allow it")
        }
        if scheme == "http" && !policy.allowPrivate && !AddressPolicy.isLoopback(address) {
            throw HiveKeepError.invalid("registry URL \(string) must use https (or set allow_private_ip)")
        }
        return FetchTarget(url: url, host: host, address: address)
    }
}

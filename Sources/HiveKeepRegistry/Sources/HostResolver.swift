import HiveKeepCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Resolves a host name once, with the system resolver, to numeric addresses.
enum HostResolver {
    /// The addresses of `host`, IPv4 first; `host` itself when it is already an address.
    static func resolve(_ host: String) async throws -> [String] {
        if AddressPolicy.isAddress(host) { return [host] }
        return try await Blocking.run { try resolveBlocking(host) }
    }

    private static func resolveBlocking(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw HiveKeepError.invalid("cannot resolve the registry host \(host)")
        }
        defer { freeaddrinfo(first) }
        var v4: [String] = []
        var v6: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            if let address = numeric(entry.pointee) {
                if entry.pointee.ai_family == AF_INET { v4.append(address) } else { v6.append(address) }
            }
            node = entry.pointee.ai_next
        }
        let unique = (v4 + v6).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard !unique.isEmpty else { throw HiveKeepError.invalid("the registry host \(host) has no address") }
        return unique
    }

    private static func numeric(_ info: addrinfo) -> String? {
        guard let address = info.ai_addr else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = getnameinfo(
            address, info.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
        guard status == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

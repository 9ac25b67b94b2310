#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which IP addresses a registry URL may be fetched from: public unicast addresses only, unless private addresses
/// are allowed. Loopback, private (RFC 1918, unique-local), link-local, carrier-grade NAT, unspecified, multicast
/// and reserved ranges count as private. An IPv4-mapped IPv6 address is judged by its IPv4 address.
public struct AddressPolicy: Sendable, Hashable {
    /// Whether private addresses are allowed (`allow_private_ip`).
    public var allowPrivate: Bool
    /// Addresses treated as public although they are not: a seam for tests that serve from loopback.
    public var alwaysAllowed: Set<String>

    public init(allowPrivate: Bool, alwaysAllowed: Set<String> = []) {
        self.allowPrivate = allowPrivate
        self.alwaysAllowed = alwaysAllowed
    }

    /// Whether a connection to `address` (a numeric IPv4 or IPv6 address) is allowed.
    public func allows(_ address: String) -> Bool {
        allowPrivate || alwaysAllowed.contains(address) || !Self.isPrivate(address)
    }

    /// Whether `address` is anything but a public unicast address; a string that is not an address counts as private.
    public static func isPrivate(_ address: String) -> Bool {
        if let v4 = ipv4Bytes(address) { return isPrivateIPv4(v4) }
        guard let v6 = ipv6Bytes(address) else { return true }
        if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xff && v6[11] == 0xff {
            return isPrivateIPv4(Array(v6[12..<16]))
        }
        if v6[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
        if v6[0] & 0xfe == 0xfc { return true }  // fc00::/7 unique local
        if v6[0] == 0xfe && v6[1] & 0xc0 == 0x80 { return true }  // fe80::/10 link-local
        if v6[0] == 0xfe && v6[1] & 0xc0 == 0xc0 { return true }  // fec0::/10 site-local (deprecated)
        if v6[0] == 0xff { return true }  // multicast
        if v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8 { return true }  // documentation
        return v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b  // NAT64 can reach private v4
    }

    static func isPrivateIPv4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): true
        case (100, 64...127): true  // carrier-grade NAT
        case (169, 254): true  // link-local, including cloud metadata services
        case (172, 16...31): true
        case (192, 168): true
        case (192, 0) where b[2] == 0 || b[2] == 2: true  // IETF protocol assignments, TEST-NET-1
        case (198, 18...19): true  // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: true  // TEST-NET-2, TEST-NET-3
        case (224...255, _): true  // multicast, reserved, broadcast
        default: false
        }
    }

    static func ipv4Bytes(_ address: String) -> [UInt8]? {
        var value = in_addr()
        guard inet_pton(AF_INET, address, &value) == 1 else { return nil }
        return withUnsafeBytes(of: &value) { Array($0) }
    }

    static func ipv6Bytes(_ address: String) -> [UInt8]? {
        var value = in6_addr()
        guard inet_pton(AF_INET6, address, &value) == 1 else { return nil }
        return withUnsafeBytes(of: &value) { Array($0) }
    }

    /// Whether `host` is a numeric IPv4 or IPv6 address.
    static func isAddress(_ host: String) -> Bool { ipv4Bytes(host) != nil || ipv6Bytes(host) != nil }

    /// Whether `address` is a loopback address.
    static func isLoopback(_ address: String) -> Bool {
        if let v4 = ipv4Bytes(address) { return v4[0] == 127 }
        return address == "::1"
    }
}

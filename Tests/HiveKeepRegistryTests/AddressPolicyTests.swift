import Testing

@testable import HiveKeepRegistry

@Suite("Address policy")
struct AddressPolicyTests {
    @Test("loopback, private, link-local, CGNAT, unspecified and mapped addresses count as private")
    func privateAddresses() {
        for address in [
            "127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "not-an-address",
        ] {
            #expect(AddressPolicy.isPrivate(address), "\(address)")
        }
    }

    @Test("public addresses are allowed")
    func publicAddresses() {
        for address in ["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"] {
            #expect(!AddressPolicy.isPrivate(address), "\(address)")
        }
    }

    @Test("allow_private_ip and the test seam open private addresses")
    func allowances() {
        #expect(!AddressPolicy(allowPrivate: false).allows("10.0.0.1"))
        #expect(AddressPolicy(allowPrivate: true).allows("10.0.0.1"))
        #expect(AddressPolicy(allowPrivate: false, alwaysAllowed: ["127.0.0.1"]).allows("127.0.0.1"))
        #expect(!AddressPolicy(allowPrivate: false, alwaysAllowed: ["127.0.0.1"]).allows("127.0.0.2"))
    }
}

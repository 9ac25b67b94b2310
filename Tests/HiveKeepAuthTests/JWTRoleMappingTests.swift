import Foundation
import HiveKeepAuth
import Testing

/// How the roles claim of a verified token becomes a role.
@Suite struct JWTRoleMappingTests {
    @Test func theHighestMappedRoleWinsAndUnmappedValuesGiveNone() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        let verifier = issuer.verifier()
        let cases: [((any Sendable)?, Role?)] = [
            (["readers", "hive-admins", "ops"], .admin),
            (["readers"], .viewer),
            ("ops", .operator),
            (["strangers"], nil),
            ([] as [String], nil),
            (nil, nil),
            (42, nil),
        ]
        for (groups, role) in cases {
            let token = try await issuer.mint(kid: "ec-1", claims: issuer.claims(["groups": groups]))
            let verified = try await verifier.verify(token).get()
            #expect(verified.role == role, "\(String(describing: groups))")
        }
    }

    @Test func aDottedRolesClaimReadsANestedValue() async throws {
        let issuer = try await TestIssuer()
        defer { issuer.stop() }
        var settings = issuer.settings()
        settings.rolesClaim = "realm_access.roles"
        let verifier = issuer.verifier(settings)
        let nested: [String: any Sendable] = ["roles": ["hive-admins"]]
        let token = try await issuer.mint(kid: "rsa-1", claims: issuer.claims(["realm_access": nested]))
        let verified = try await verifier.verify(token).get()
        #expect(verified.roleClaimValues == ["hive-admins"])
        #expect(verified.role == .admin)
    }
}

import HiveKeepSecrets
import HiveKeepStore
import Testing

/// The store id that keeps two installations' keyring items apart.
@Suite struct KeyringStoreIDTests {
    @Test func spellingsOfOnePathGiveOneID() {
        let expected = KeyringStoreID.derive(configDirectory: "/home/ada/.config/hivekeep")
        for spelling in [
            "/home/ada/.config/hivekeep/", "/home//ada/.config/hivekeep", "/home/ada/./.config/hivekeep",
            "/home/ada/x/../.config/hivekeep",
        ] {
            #expect(KeyringStoreID.derive(configDirectory: spelling) == expected, "\(spelling)")
        }
        let paths = HiveKeepPaths(
            configDirectory: "/home/ada/.config/hivekeep/", dataDirectory: "/d", stateDirectory: "/s")
        #expect(KeyringStoreID.derive(paths: paths) == expected)
    }

    @Test func differentConfigDirectoriesGiveDifferentIDs() {
        let first = KeyringStoreID.derive(configDirectory: "/home/ada/.config/hivekeep")
        let second = KeyringStoreID.derive(configDirectory: "/home/bob/.config/hivekeep")
        #expect(first != second)
    }

    /// Pinned: the derivation must never change, or items stored under the old id would be lost. The value is
    /// BLAKE2b with a 16-byte digest (Python: `hashlib.blake2b(path, digest_size=16).hexdigest()`).
    @Test func theIDIsThePinnedBLAKE2bDigestOfThePathInHex() {
        #expect(
            KeyringStoreID.derive(configDirectory: "/home/ada/.config/hivekeep") == "757dfc77f065e7540d0a5fae03848297")
    }
}

import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import HiveKeepServer

/// The peer credentials behind signing on the Unix socket.
@Suite("Unix socket peers")
struct UnixPeerTests {
    @Test("a NIO channel over one end of a socket pair reports this process as its peer")
    func readsPeerOfSocketPair() async throws {
        var descriptors: [Int32] = [-1, -1]
        #if canImport(Glibc)
            let type = Int32(SOCK_STREAM.rawValue)
        #else
            let type = SOCK_STREAM
        #endif
        #expect(socketpair(AF_UNIX, type, 0, &descriptors) == 0)
        defer { close(descriptors[1]) }
        // The channel owns descriptors[0] from here on and closes it.
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .withConnectedSocket(descriptors[0]).get()
        let peer = await UnixPeer.of(try #require(channel as? any SocketOptionProvider))
        try await channel.close()
        let found = try #require(peer)
        #expect(found.userID == getuid())
        #if os(Linux)
            #expect(found.processID == getpid())
        #endif
    }

    @Test("only the server's own user, or root, may have something signed")
    func signingPolicy() {
        #expect(UnixPeer(userID: 1000).maySign(serverUserID: 1000))
        #expect(UnixPeer(userID: 0).maySign(serverUserID: 1000))
        #expect(!UnixPeer(userID: 1001).maySign(serverUserID: 1000))
        #expect(!UnixPeer(userID: 65534).maySign(serverUserID: 0))
    }
}

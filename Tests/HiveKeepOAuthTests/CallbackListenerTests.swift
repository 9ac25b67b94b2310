import Foundation
import HiveKeepOAuth
import NIOCore
import NIOHTTP1
import Testing

@Suite struct CallbackListenerTests {
    static func request(state: String, redirectURI: String) -> AuthorizationRequest {
        AuthorizationRequest(
            url: URL(string: "https://as.example.com/authorize")!, state: state, codeVerifier: "v",
            redirectURI: redirectURI)
    }

    @Test func listensOnTheGivenPortAndRefusesOneThatIsTaken() async throws {
        let first = try await CallbackListener.start()
        defer { first.close() }
        #expect(first.redirectURI == "http://127.0.0.1:\(first.port)/callback")
        await #expect {
            try await CallbackListener.start(port: first.port)
        } throws: { error in
            guard case .refused(let message) = error as? OAuthError else { return false }
            return message.contains("127.0.0.1:\(first.port)")
        }
    }

    @Test func otherRequestsGet404AndDoNotEndTheFlow() async throws {
        let listener = try await CallbackListener.start()
        let request = Self.request(state: "s1", redirectURI: listener.redirectURI)
        let waiting = Task { try await listener.wait(for: request) }
        let base = "http://127.0.0.1:\(listener.port)"
        #expect(try await OAuthHarness.fetch(base + "/favicon.ico").status == 404)
        #expect(try await OAuthHarness.fetch(base + "/callback").status == 404)
        let page = try await OAuthHarness.fetch(base + "/callback?code=the-code&state=s1")
        #expect(page.status == 200)
        #expect(page.headers.first(name: "Cache-Control") == "no-store")
        #expect(try await waiting.value == AuthorizationCompletion(code: "the-code", state: "s1"))
    }

    @Test func cancellingTheWaitClosesTheListener() async throws {
        let listener = try await CallbackListener.start()
        let request = Self.request(state: "s1", redirectURI: listener.redirectURI)
        let waiting = Task { try await listener.wait(for: request) }
        waiting.cancel()
        await #expect {
            try await waiting.value
        } throws: { error in
            guard case .callbackRejected(let message) = error as? OAuthError else { return false }
            return message.contains("abandoned")
        }
        // The port is free again: a new listener can take it.
        let again = try await CallbackListener.start(port: listener.port)
        again.close()
    }
}

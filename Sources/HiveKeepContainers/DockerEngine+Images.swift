import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension DockerEngine {
    public func imageExists(_ reference: String) async throws -> Bool {
        do {
            _ = try await http.call(.GET, "/images/\(EngineHTTP.segment(reference))/json")
            return true
        } catch ContainerEngineError.engine(status: 404, _) {
            return false
        }
    }

    /// Pulls one tag (`latest` when the reference names none: the API would pull every tag) or digest. The engine's
    /// progress lines go to `progress` as they arrive; an error line ends the pull with
    /// ``ContainerEngineError/unauthorized(image:message:)`` (the registry wants credentials, or refused those
    /// given), ``ContainerEngineError/imageNotFound(_:)`` (unknown image) or
    /// ``ContainerEngineError/engine(status:message:)``.
    /// Credentials travel base64url-encoded in `X-Registry-Auth` and appear in no line or message.
    public func pull(
        _ reference: String, credentials: RegistryCredentials?, progress: @escaping @Sendable (String) -> Void
    ) async throws {
        var headers: [(String, String)] = []
        if let credentials { headers.append(("X-Registry-Auth", try Self.registryAuth(credentials))) }
        let response: HTTPClientResponse
        do {
            response = try await http.send(
                .POST, "/images/create", query: Self.pullQuery(reference), headers: headers, timeout: .seconds(3600))
        } catch ContainerEngineError.engine(_, let message) where Self.authenticationRefused(message) {
            throw ContainerEngineError.unauthorized(image: reference, message: message)
        } catch ContainerEngineError.engine(let status, let message) where status == 404 || Self.notFound(message) {
            throw ContainerEngineError.imageNotFound(reference)
        }
        var pending: [UInt8] = []
        var failure: String?
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if let message = Self.errorMessage(line) { failure = message } else if !line.isEmpty { progress(line) }
            }
        }
        if let failure, Self.authenticationRefused(failure) {
            throw ContainerEngineError.unauthorized(image: reference, message: failure)
        }
        if let failure {
            throw Self.notFound(failure)
                ? .imageNotFound(reference) : ContainerEngineError.engine(status: 500, message: failure)
        }
    }

    /// `fromImage` and `tag` for one image: a digest or tag stays in the name; no tag means `latest`.
    static func pullQuery(_ reference: String) -> [(String, String)] {
        if reference.contains("@") { return [("fromImage", reference)] }
        let lastComponent = reference.split(separator: "/").last.map(String.init) ?? reference
        if lastComponent.contains(":") { return [("fromImage", reference)] }
        return [("fromImage", reference), ("tag", "latest")]
    }

    static func registryAuth(_ credentials: RegistryCredentials) throws -> String {
        let json = try JSONEncoder().encode([
            "username": credentials.username, "password": credentials.password,
            "serveraddress": credentials.serverAddress,
        ])
        return json.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_")
    }

    /// The `error` (or `errorDetail.message`) of a progress line, if it is one.
    static func errorMessage(_ line: String) -> String? {
        struct Line: Decodable {
            struct Detail: Decodable { var message: String? }
            var error: String?
            var errorDetail: Detail?
        }
        guard let parsed = try? JSONDecoder().decode(Line.self, from: Data(line.utf8)) else { return nil }
        return parsed.errorDetail?.message ?? parsed.error
    }

    static func notFound(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["not found", "manifest unknown", "does not exist", "no such image"].contains { lowered.contains($0) }
    }

    /// Whether an engine's pull error says the registry refused for authentication: Podman (containers/image)
    /// "unauthorized: authentication required", "invalid username/password"; Docker "no basic auth credentials",
    /// "unauthorized". Docker Hub's "repository does not exist or may require 'docker login'" stays not found: it
    /// does not say which.
    static func authenticationRefused(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["unauthorized", "authentication required", "no basic auth credentials", "invalid username/password"]
            .contains { lowered.contains($0) }
    }
}

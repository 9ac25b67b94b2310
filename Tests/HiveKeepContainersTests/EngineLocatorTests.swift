import Foundation
import HiveKeepTestSupport
import Testing

@testable import HiveKeepContainers

@Suite struct EngineLocatorTests {
    @Test func candidatesFollowTheIssuesOrder() throws {
        var locator = EngineLocator(
            environment: ["DOCKER_HOST": "unix:///run/a.sock", "XDG_RUNTIME_DIR": "/run/user/1000"],
            configuredSocket: "/srv/engine.sock")
        locator.systemPodmanSocket = "/run/podman/podman.sock"
        let candidates = try locator.candidates()
        #expect(candidates.map(\.source) == [.dockerHost, .configuration, .rootlessPodman, .systemPodman, .docker])
        #expect(
            candidates.map(\.socketPath) == [
                "/run/a.sock", "/srv/engine.sock", "/run/user/1000/podman/podman.sock", "/run/podman/podman.sock",
                "/var/run/docker.sock",
            ])
    }

    @Test func unsetPlacesAreLeftOut() throws {
        let candidates = try EngineLocator(environment: [:], configuredSocket: nil).candidates()
        #expect(candidates.map(\.source) == [.systemPodman, .docker])
    }

    @Test func aDockerHostOtherThanUnixIsRefusedWithoutEchoingIt() async throws {
        let locator = EngineLocator(
            environment: ["DOCKER_HOST": "tcp://user:hunter2@10.0.0.1:2376"], configuredSocket: nil)
        let error = await #expect(throws: ContainerEngineError.self) { try await locator.locate() }
        guard case .unavailable(let lookedFor) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(lookedFor.count == 1)
        #expect(lookedFor[0].contains("only unix://"))
        #expect(lookedFor[0].contains("tcp"))
        #expect(!lookedFor[0].contains("hunter2") && !lookedFor[0].contains("10.0.0.1"))
    }

    @Test func aRelativeConfiguredSocketIsRefused() throws {
        #expect(throws: ContainerEngineError.self) {
            try EngineLocator(environment: [:], configuredSocket: "engine.sock").candidates()
        }
    }

    @Test func noAnsweringSocketListsEveryPlaceInOrder() async throws {
        let directory = try TemporaryDirectory(prefix: "locator")
        defer { directory.remove() }
        // A socket file nobody listens on any more, beside paths that do not exist.
        let dead = directory.child("dead.sock")
        let fd = try UnixSocketFixture.bindAndClose(dead)
        #expect(fd >= 0)
        var locator = EngineLocator(
            environment: ["DOCKER_HOST": "unix://\(dead)", "XDG_RUNTIME_DIR": directory.child("xdg")],
            configuredSocket: directory.child("configured.sock"))
        locator.systemPodmanSocket = directory.child("system.sock")
        locator.dockerSocket = directory.child("docker.sock")
        let error = await #expect(throws: ContainerEngineError.self) { try await locator.locate() }
        #expect(
            error
                == .unavailable(lookedFor: [
                    "unix://\(dead) ($DOCKER_HOST)",
                    "unix://\(directory.child("configured.sock")) (config.yaml container_runtime.socket)",
                    "unix://\(directory.child("xdg"))/podman/podman.sock (rootless Podman)",
                    "unix://\(directory.child("system.sock")) (system Podman)",
                    "unix://\(directory.child("docker.sock")) (Docker)",
                ]))
    }

    @Test(.enabled(if: TestContainerEngine.isAvailable, "no container engine (see the printed reason)"))
    func theFirstAnsweringSocketWinsAndSaysWhereItCameFrom() async throws {
        let engine = try #require(TestContainerEngine.socketPath)
        let directory = try TemporaryDirectory(prefix: "locator")
        defer { directory.remove() }
        var locator = EngineLocator(
            environment: ["DOCKER_HOST": "unix://\(directory.child("absent.sock"))"], configuredSocket: engine)
        locator.systemPodmanSocket = directory.child("system.sock")
        locator.dockerSocket = directory.child("docker.sock")
        #expect(try await locator.locate() == EngineEndpoint(socketPath: engine, source: .configuration))

        locator.environment["DOCKER_HOST"] = "unix://\(engine)"
        locator.configuredSocket = directory.child("absent.sock")
        #expect(try await locator.locate() == EngineEndpoint(socketPath: engine, source: .dockerHost))
    }
}

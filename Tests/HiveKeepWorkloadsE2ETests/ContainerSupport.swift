import Foundation
import HiveKeepTestSupport
import Testing

/// The test engine seen from the E2E tests: its socket as `DOCKER_HOST` for the harness, and direct Engine API
/// calls (curl over the socket) to look at and kill containers from outside HiveKeep.
enum ContainerProbe {
    static var dockerHost: [String: String] {
        guard let path = TestContainerEngine.socketPath else { return [:] }
        return ["DOCKER_HOST": "unix://\(path)"]
    }

    /// One Engine API call; returns the body (fails the test on a transport error).
    @discardableResult
    static func call(_ method: String, _ path: String, json: String? = nil) throws -> String {
        let socket = try #require(TestContainerEngine.socketPath)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "30", "-X", method, "--unix-socket", socket, "http://d/v1.41" + path]
        if let json { process.arguments? += ["-H", "Content-Type: application/json", "-d", json] }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// `podman` or `docker`, from the engine's own `/version` (a component named Podman or not), as HiveKeep names it.
    static func product() throws -> String {
        let body = try call("GET", "/version")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        let components = object["Components"] as? [[String: Any]] ?? []
        let podman = components.contains { ($0["Name"] as? String)?.lowercased().contains("podman") == true }
        return podman ? "podman" : "docker"
    }

    /// The ids of the containers labeled as `workload`'s (running or not).
    static func containers(of workload: String) throws -> [String] {
        let filter = #"{"label":["dev.hivekeep.workload=\#(workload)"]}"#
        let query = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let body = try call("GET", "/containers/json?all=true&filters=\(query)")
        let list = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]] ?? []
        return list.compactMap { $0["Id"] as? String }
    }

    /// The container's environment (`Config.Env`) from inspect.
    static func environment(of id: String) throws -> [String] {
        let body = try call("GET", "/containers/\(id)/json")
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        return (object["Config"] as? [String: Any])?["Env"] as? [String] ?? []
    }

    /// Waits until `workload` has exactly one container and it is not `except`; returns its id.
    static func waitForContainer(of workload: String, except: String? = nil, timeout: Duration = .seconds(60))
        async throws -> String
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let ids = try containers(of: workload)
            if ids.count == 1, ids[0] != except { return ids[0] }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("no new container of \(workload) appeared")
    }

    /// Waits until `workload` has no container.
    static func waitForNoContainer(of workload: String, timeout: Duration = .seconds(60)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var ids = try containers(of: workload)
        while !ids.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            ids = try containers(of: workload)
        }
        return ids
    }

    /// Creates and starts a `sleep` container named `name` with `labels`, outside HiveKeep; returns its id.
    static func startForeign(_ name: String, labels: [String: String]) throws -> String {
        let labelJSON = try String(decoding: JSONSerialization.data(withJSONObject: labels), as: UTF8.self)
        let body = #"{"Image":"\#(TestContainerEngine.busyboxImage)","Cmd":["sleep","300"],"Labels":\#(labelJSON)}"#
        let created = try call("POST", "/containers/create?name=\(name)", json: body)
        let object = try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any] ?? [:]
        let id = try #require(object["Id"] as? String, "create answered \(created)")
        try call("POST", "/containers/\(id)/start")
        return id
    }

    /// Whether a container with that id exists.
    static func exists(_ id: String) throws -> Bool {
        let body = try call("GET", "/containers/\(id)/json")
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["Id"] as? String == id
    }

    /// Removes what an earlier, interrupted run left for these workload names (a runner killed before it could
    /// remove its container), so that counting a test's containers counts only its own.
    static func clear(_ workloads: String...) throws { try clear(workloads) }

    static func clear(_ workloads: [String]) throws {
        for workload in workloads {
            for id in try containers(of: workload) { try call("DELETE", "/containers/\(id)?force=true") }
        }
    }
}

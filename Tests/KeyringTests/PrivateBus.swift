import Foundation
import Testing

/// A separate `dbus-daemon` for one test, with a chosen answer to "start org.freedesktop.secrets".
///
/// It reads only its own config: no standard service directories, so gnome-keyring is never activated on it.
final class PrivateBus {
    /// How the bus answers a request for the Secret Service.
    enum SecretsActivation {
        /// No service file: the request fails at once ("not provided by any .service files").
        case none
        /// A service file whose program never takes the name: the request hangs until the bus gives up.
        case hangs
    }

    let address: String
    private let directory: URL
    private let process: SpawnedProcess

    private init(address: String, directory: URL, process: SpawnedProcess) {
        self.address = address
        self.directory = directory
        self.process = process
    }

    /// Starts a bus and runs `body` with its address; the daemon is stopped afterwards, also when `body` throws.
    static func with<R>(_ activation: SecretsActivation, _ body: (String) async throws -> R) async throws -> R {
        let bus = try await start(activation)
        defer { bus.stop() }
        return try await body(bus.address)
    }

    private static func start(_ activation: SecretsActivation) async throws -> PrivateBus {
        let directory = try ChildProcess.temporaryDirectory()
        let services = directory.appendingPathComponent("services")
        try FileManager.default.createDirectory(at: services, withIntermediateDirectories: true)
        if activation == .hangs {
            let sleep = try ChildProcess.which("sleep")
            let service = "[D-BUS Service]\nName=org.freedesktop.secrets\nExec=\(sleep) 3\n"
            try Data(service.utf8).write(to: services.appendingPathComponent("org.freedesktop.secrets.service"))
        }
        let socket = directory.appendingPathComponent("bus").path
        let config = directory.appendingPathComponent("session.conf")
        try Data(configuration(socket: socket, services: services.path).utf8).write(to: config)

        let process = try SpawnedProcess(
            try ChildProcess.which("dbus-daemon"), ["--config-file=\(config.path)", "--nofork", "--nopidfile"],
            environment: ChildProcess.scrubbedEnvironment(), stdin: "/dev/null",
            stdout: directory.appendingPathComponent("dbus.log").path,
            stderr: directory.appendingPathComponent("dbus.err").path)
        let bus = PrivateBus(address: "unix:path=\(socket)", directory: directory, process: process)
        var attempts = 0
        while !FileManager.default.fileExists(atPath: socket), attempts < 200 {
            attempts += 1
            try await Task.sleep(for: .milliseconds(10))
        }
        guard FileManager.default.fileExists(atPath: socket) else {
            bus.stop()
            throw PrivateBusError.didNotStart
        }
        return bus
    }

    /// Kills the daemon (and anything it activated), reaps it and removes its directory.
    func stop() {
        process.killGroup()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func configuration(socket: String, services: String) -> String {
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path=\(socket)</listen>
          <servicedir>\(services)</servicedir>
          <limit name="service_start_timeout">3000</limit>
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>
        """
    }
}

/// Why a private bus could not be used.
enum PrivateBusError: Error {
    case didNotStart
}

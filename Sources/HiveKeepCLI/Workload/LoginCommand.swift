import ArgumentParser
import Foundation
import HiveKeepWorkloads

/// `hivekeep login NAME [--redirect URL]`: sign a remote workload in to its server (OAuth). Prints the
/// authorization URL the workload waits on (open it in any browser) and waits until the workload is signed in.
/// On another machine than the workload's, the browser ends on a `http://127.0.0.1:PORT/callback?...` address that
/// does not load: pass that address with `--redirect` and the runner receives it.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Sign a remote workload in to its server (OAuth).")

    @Argument(help: "The workload's name.")
    var name: String

    @Option(help: "The address the browser was sent to after sign-in (from any machine).")
    var redirect: String?

    @Option(help: "How long to wait for the sign-in, in seconds (0: no limit).")
    var timeout: Int = 0

    func run() async throws {
        let service = try CLIEnvironment().workloadService()
        _ = try await service.status(name)
        if let redirect {
            try await service.completeSignIn(name, redirectURL: redirect)
            print("\(name): sign-in handed to the workload")
        }
        let deadline = timeout > 0 ? ContinuousClock.now + .seconds(timeout) : nil
        var shown: URL?
        while true {
            let status = try await service.status(name)
            if status == .running {
                print("\(name): signed in, running")
                return
            }
            if let url = try await service.pendingSignIn(name), url != shown {
                shown = url
                print("Open this URL in a browser to sign in \(name) to its server:\n\n  \(url.absoluteString)\n")
                print("Waiting... (from another machine: hivekeep login \(name) --redirect 'ADDRESS AFTER SIGN-IN')")
            }
            guard [.starting, .unauthenticated, .error].contains(status) else {
                throw ValidationError("\(name) is \(status.rawValue): start it first (hivekeep restart \(name))")
            }
            if let deadline, ContinuousClock.now > deadline {
                throw ValidationError("\(name) was not signed in within \(timeout) s (status \(status.rawValue))")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}

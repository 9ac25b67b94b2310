import Foundation

/// The terminal a hidden prompt turned echo off on, and its settings from before, for the signal handler (which may
/// read only plain memory). Written on the main thread before the handler is installed and after it is removed.
nonisolated(unsafe) private var promptTerminal: Int32 = -1
nonisolated(unsafe) private var promptTerminalSettings = termios()

/// Restores the prompt's terminal, ends the line, and lets `signal` end the process as it would have.
private func restoreTerminalAndReraise(_ signal: Int32) {
    if promptTerminal >= 0 {
        _ = tcsetattr(promptTerminal, TCSANOW, &promptTerminalSettings)
        _ = write(promptTerminal, "\n", 1)
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&action.sa_mask)
    _ = sigaction(signal, &action, nil)
    _ = raise(signal)
}

/// Puts a terminal back as it was when a signal ends the process during a hidden prompt.
///
/// A process killed by `SIGINT` (Ctrl-C), `SIGQUIT`, `SIGHUP` or `SIGTERM` runs no `defer`: without this, the shell
/// it leaves would have echo off. While a prompt waits, a handler for those signals restores the saved settings
/// (`tcsetattr` and `write` are async-signal-safe), ends the line, puts the signal's default action back and raises
/// it again, so the process still dies of it and its parent sees the usual status. One prompt at a time: the CLI
/// asks for one value after another on one thread.
enum HiddenPromptTerminal {
    private static let signals: [Int32] = [SIGINT, SIGQUIT, SIGHUP, SIGTERM]

    /// Saves `settings` of `tty` and installs the handler; returns what restores `settings`, ends the line and puts
    /// the previous handlers back (call it once the prompt is answered or has failed).
    static func protect(_ tty: Int32, _ settings: termios) -> () -> Void {
        promptTerminalSettings = settings
        promptTerminal = tty
        var previous: [(Int32, sigaction)] = []
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreTerminalAndReraise
            sigemptyset(&action.sa_mask)
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous.append((signal, old)) }
        }
        return {
            var original = settings
            _ = tcsetattr(tty, TCSAFLUSH, &original)
            _ = write(tty, "\n", 1)
            for (signal, old) in previous {
                var old = old
                _ = sigaction(signal, &old, nil)
            }
            promptTerminal = -1
        }
    }
}

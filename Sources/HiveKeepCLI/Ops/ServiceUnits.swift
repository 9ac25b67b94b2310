/// The systemd units `hivekeep service install` writes: pure text from a few choices, so they can be printed,
/// written and checked with `systemd-analyze verify`.
///
/// - `hivekeep.service` runs `hivekeep serve` (which reconciles workloads at start: after a reboot the wanted ones
///   come back). The vault password and the API token arrive as systemd credentials (`LoadCredential=`;
///   HiveKeep reads `$CREDENTIALS_DIRECTORY/hivekeep-secrets-password`, and `HIVEKEEP_API_TOKEN_FILE` points at the
///   token's credential). A stop sends SIGTERM to every process of the unit: each runner ends its server's process
///   group (TERM, then KILL after `HIVEKEEP_STOP_GRACE`), so `TimeoutStopSec` leaves room for that.
/// - Hardening that bubblewrap and a container engine allow: no new privileges, a read-only system, private /tmp,
///   no kernel modules, read-only cgroups; not `RestrictNamespaces` (bubblewrap needs user, mount, pid and network
///   namespaces), not `MemoryDenyWriteExecute` (Node's JIT), and `AF_NETLINK` stays allowed (bubblewrap brings up
///   the loopback of a private network namespace with it). Not `ProtectKernelTunables` nor `ProtectKernelLogs`:
///   both cover parts of `/proc` (`/proc/sys` read-only, `/proc/kmsg` hidden) with mounts, and inside a new user
///   namespace the kernel refuses a fresh procfs while such mounts hide part of the old one, so bubblewrap's
///   `--proc /proc` fails ("Can't mount proc on /newroot/proc: Operation not permitted"). The container engine is
///   reached over its Unix socket (`AF_UNIX`; a read-only `/run` still allows connecting), the engine itself runs
///   outside the unit; a system install's `hivekeep` user needs the socket's group (e.g. `docker`).
/// - With `keyring`, the headless keyring: `hivekeep-keyring.service` runs gnome-keyring-daemon unlocked from a
///   credential on a D-Bus session bus (`hivekeep-dbus.service` for a system install; the user's own bus for a user
///   install) and is ready only once it owns its bus name; `hivekeep.service` requires it and starts after it.
struct ServiceUnits {
    /// Where the units run: the system manager (a dedicated `hivekeep` user) or the invoking user's manager.
    enum Scope: String {
        case system, user
    }

    var scope: Scope
    var keyring: Bool
    /// The absolute path of the `hivekeep` executable.
    var executable: String
    /// The directory the credential files are read from (by systemd, when the unit starts).
    var credentialsDirectory: String
    /// The stop grace of the runners' servers, in seconds (the unit's stop timeout allows for it).
    var stopGraceSeconds: Int = 10

    /// The unit files, by name, in the order they start.
    var files: [(name: String, text: String)] {
        var files: [(String, String)] = []
        if keyring && scope == .system { files.append(("hivekeep-dbus.service", dbusUnit)) }
        if keyring { files.append(("hivekeep-keyring.service", keyringUnit)) }
        files.append(("hivekeep.service", serverUnit))
        return files
    }

    /// Every name `install` may have written (what `uninstall` removes).
    static let allNames = ["hivekeep.service", "hivekeep-keyring.service", "hivekeep-dbus.service"]

    private var busAddress: String {
        scope == .system ? "unix:path=%t/hivekeep/bus" : "unix:path=%t/bus"
    }

    private var wantedBy: String { scope == .system ? "multi-user.target" : "default.target" }

    private var account: String {
        scope == .system ? "User=hivekeep\nGroup=hivekeep\nStateDirectory=hivekeep\nEnvironment=HOME=%S/hivekeep\n" : ""
    }

    private var serverUnit: String {
        let keyringOrder = keyring ? "After=hivekeep-keyring.service\nRequires=hivekeep-keyring.service\n" : ""
        let bus = keyring ? "Environment=DBUS_SESSION_BUS_ADDRESS=\(busAddress)\n" : ""
        // With the keyring, the vault password (if a vault is used at all) is kept there: no credential file.
        let vaultPassword =
            keyring
            ? "" : "LoadCredential=hivekeep-secrets-password:\(credentialsDirectory)/secrets-password\n"
        let hardening =
            scope == .system
            ? """
            ProtectSystem=strict
            ProtectHome=read-only
            PrivateTmp=yes
            ProtectKernelModules=yes
            ProtectControlGroups=yes
            ProtectClock=yes
            ProtectHostname=yes
            LockPersonality=yes
            RestrictRealtime=yes
            RestrictSUIDSGID=yes
            RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
            SystemCallArchitectures=native
            CapabilityBoundingSet=

            """ : ""
        return """
            [Unit]
            Description=HiveKeep: MCP servers as managed workloads, and their secrets
            Wants=network-online.target
            After=network-online.target
            \(keyringOrder)
            [Service]
            Type=simple
            ExecStart=\(executable) serve
            \(account)\(bus)\(vaultPassword)LoadCredential=hivekeep-api-token:\(credentialsDirectory)/api-token
            Environment=HIVEKEEP_API_TOKEN_FILE=%d/hivekeep-api-token
            Environment=HIVEKEEP_STOP_GRACE=\(stopGraceSeconds)
            Restart=on-failure
            RestartSec=5
            TimeoutStopSec=\(stopGraceSeconds + 20)
            UMask=0077
            NoNewPrivileges=yes
            \(hardening)
            [Install]
            WantedBy=\(wantedBy)

            """
    }

    private var dbusUnit: String {
        """
        [Unit]
        Description=HiveKeep: a D-Bus session bus for the headless keyring
        Before=hivekeep-keyring.service

        [Service]
        Type=simple
        \(account)RuntimeDirectory=hivekeep
        ExecStart=/usr/bin/dbus-daemon --session --nofork --nopidfile --address=\(busAddress)
        Restart=on-failure

        [Install]
        WantedBy=\(wantedBy)

        """
    }

    private var keyringUnit: String {
        let dbusOrder = scope == .system ? "Requires=hivekeep-dbus.service\nAfter=hivekeep-dbus.service\n" : ""
        let probe =
            "until /usr/bin/dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus "
            + "org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null "
            + "| /usr/bin/grep -q \"boolean true\"; do /usr/bin/sleep 0.1; done"
        return """
            [Unit]
            Description=HiveKeep: gnome-keyring unlocked from a credential, for the keyring secrets provider
            \(dbusOrder)Before=hivekeep.service

            [Service]
            Type=simple
            \(account)Environment=DBUS_SESSION_BUS_ADDRESS=\(busAddress)
            UnsetEnvironment=DISPLAY
            LoadCredential=hivekeep-keyring-password:\(credentialsDirectory)/keyring-password
            ExecStart=/bin/sh -c 'exec /usr/bin/gnome-keyring-daemon --foreground --unlock --components=secrets \
            < %d/hivekeep-keyring-password'
            ExecStartPost=/bin/sh -c '\(probe)'
            TimeoutStartSec=30
            Restart=on-failure
            NoNewPrivileges=yes

            [Install]
            WantedBy=\(wantedBy)

            """
    }
}

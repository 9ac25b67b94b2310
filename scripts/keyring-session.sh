#!/bin/sh
# Starts an unlocked gnome-keyring Secret Service in the current (private) D-Bus session, waits until it owns
# org.freedesktop.secrets, then runs the command in its place.
#
#   dbus-run-session -- sh scripts/keyring-session.sh CMD ARGS...
#
# Environment:
#   KEYRING_PW          the password that creates or unlocks the `login` keyring (must not be empty; default
#                       "hivekeep-test"). Keyrings live in $HOME/.local/share/keyrings: use a throwaway HOME for tests.
#   HIVEKEEP_TEST_LOGS  where gnome-keyring.log goes (default /tmp). The daemon never writes to our stdout/stderr:
#                       a leftover process holding a test's pipe would hang CI.
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: dbus-run-session -- sh $0 CMD [ARGS...]" >&2
    exit 64
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    echo "keyring-session.sh: no D-Bus session; run it as: dbus-run-session -- sh $0 CMD [ARGS...]" >&2
    exit 69
fi

# With a display an unlock request would wait for a person at a prompt.
unset DISPLAY WAYLAND_DISPLAY
# A control socket inherited from another session would make --unlock talk to that session's daemon.
unset GNOME_KEYRING_CONTROL

log_dir="${HIVEKEEP_TEST_LOGS:-/tmp}"
mkdir -p "$log_dir"
log="$log_dir/gnome-keyring.log"
password="${KEYRING_PW:-hivekeep-test}"
if [ -z "$password" ]; then
    echo "keyring-session.sh: KEYRING_PW must not be empty (an empty password creates no login keyring)" >&2
    exit 64
fi

# --unlock reads the password from stdin; it forks the daemon and returns before the daemon has registered.
printf '%s' "$password" | gnome-keyring-daemon --unlock --components=secrets >>"$log" 2>&1 || {
    echo "keyring-session.sh: gnome-keyring-daemon failed to start (see $log)" >&2
    exit 69
}

# Asking before the daemon owns its name makes D-Bus activate a second daemon whose keyring is locked.
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
        echo "keyring-session.sh: the secret service did not appear within 5 s (see $log)" >&2
        exit 69
    fi
    sleep 0.05
done

exec "$@"

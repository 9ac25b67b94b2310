# Sourced by container-images.sh and container-engine.sh: Podman's configuration for the tests, all under
# .cache/containers/ (graph root and run root kept between runs so built images stay cached). Recipe from
# ENVIRONMENT.md: runc with explicit limits (crun fails on this kernel's cgroup mix), cgroupfs, file events; its
# temporary directory and network definitions kept here too, apart from other checkouts' Podman. Its registries.conf
# lets it pull from the plain-HTTP registries the tests start on 127.0.0.1 (scripts/test-registry.sh, any port: a
# location matches as a prefix of host:port); Podman reads it when the service starts.
CONTAINERS_ROOT=${HIVEKEEP_CONTAINERS_ROOT:-$PWD/.cache/containers}
mkdir -p "$CONTAINERS_ROOT/storage" "$CONTAINERS_ROOT/run" "$CONTAINERS_ROOT/tmp" "$CONTAINERS_ROOT/networks"
cat >"$CONTAINERS_ROOT/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
# Private to this tree: other checkouts on the machine run their own Podman with their own state.
tmp_dir = "$CONTAINERS_ROOT/tmp"

[network]
network_config_dir = "$CONTAINERS_ROOT/networks"
CONF
cat >"$CONTAINERS_ROOT/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$CONTAINERS_ROOT/storage"
runroot = "$CONTAINERS_ROOT/run"
CONF
cat >"$CONTAINERS_ROOT/registries.conf" <<CONF
[[registry]]
location = "127.0.0.1"
insecure = true
CONF
export CONTAINERS_CONF=$CONTAINERS_ROOT/containers.conf
export CONTAINERS_STORAGE_CONF=$CONTAINERS_ROOT/storage.conf
export CONTAINERS_REGISTRIES_CONF=$CONTAINERS_ROOT/registries.conf

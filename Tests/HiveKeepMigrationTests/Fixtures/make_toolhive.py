"""Writes a ToolHive installation the way ToolHive writes it, independently of HiveKeep's code.

usage: make_toolhive.py ROOT SPEC_JSON
SPEC_JSON: {"password": str, "provider": str, "secrets": {name: value} | null, "truncate": int | null,
            "runconfigs": {name: object}, "groups": {name: [clients]}, "global_clients": [clients]}

The secrets file is AES-256-GCM (the `cryptography` package) with key SHA-256(password), a random 12-byte nonce
and no associated data; the file is nonce || ciphertext || tag and the plaintext is {"secrets": {...}}, as
ToolHive's pkg/secrets/aes does. Layout: ROOT/.config/toolhive/config.yaml, ROOT/.local/share/toolhive/
secrets_encrypted, ROOT/.local/state/toolhive/{runconfigs,groups}/NAME.json.
"""
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

root, spec = sys.argv[1], json.loads(sys.argv[2])
config_dir = os.path.join(root, ".config", "toolhive")
data_dir = os.path.join(root, ".local", "share", "toolhive")
state_dir = os.path.join(root, ".local", "state", "toolhive")
for directory in (config_dir, data_dir, state_dir + "/runconfigs", state_dir + "/groups"):
    os.makedirs(directory, mode=0o750, exist_ok=True)

clients = "".join(f"    - {c}\n" for c in spec.get("global_clients", []))
with open(os.path.join(config_dir, "config.yaml"), "w") as f:
    f.write(f"secrets:\n  provider_type: {spec['provider']}\n  setup_completed: true\n")
    f.write("clients:\n  registered_clients:" + ("\n" + clients if clients else " []\n"))
    f.write("default_group_migration: true\n")

if spec.get("secrets") is not None:
    key = hashlib.sha256(spec["password"].encode()).digest()
    nonce = os.urandom(12)
    plaintext = json.dumps({"secrets": spec["secrets"]}).encode()
    blob = nonce + AESGCM(key).encrypt(nonce, plaintext, None)
    if spec.get("truncate") is not None:
        blob = blob[: spec["truncate"]]
    path = os.path.join(data_dir, "secrets_encrypted")
    with open(path, "wb") as f:
        f.write(blob)
    os.chmod(path, 0o600)

for name, config in spec.get("runconfigs", {}).items():
    with open(os.path.join(state_dir, "runconfigs", name + ".json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")

for name, registered in spec.get("groups", {}).items():
    with open(os.path.join(state_dir, "groups", name + ".json"), "w") as f:
        json.dump({"name": name, "registered_clients": registered}, f)

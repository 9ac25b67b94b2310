"""How standard JSON parsers read each of many message bodies (one process for a whole property test).

Input: a file with one hex-encoded body per line. Output: one JSON line per body with, for Python's `json` module
(what Python MCP servers built on the standard library use) and for pydantic-core's `from_json` (jiter, what the
`mcp` SDK's `model_validate_json` uses): whether it parsed, whether the top level is an array, and the hex UTF-8 of
`method` and `params.name` when they are strings (surrogates passed through, so a lone one is visible).
"""

import json
import sys

try:
    from pydantic_core import from_json
except ImportError:  # the test venv has pydantic (a dependency of mcp); without it only `json` is reported
    from_json = None


def text(value):
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").hex()
    return None


def reading(parse, body):
    try:
        value = parse(body)
    except Exception:  # noqa: BLE001 - any refusal is "not parsed"
        return {"ok": False}
    if isinstance(value, list):
        return {"ok": True, "batch": True}
    if not isinstance(value, dict):
        return {"ok": True, "object": False}
    params = value.get("params")
    name = params.get("name") if isinstance(params, dict) else None
    return {"ok": True, "object": True, "method": text(value.get("method")), "name": text(name)}


with open(sys.argv[1]) as cases:
    for line in cases:
        body = bytes.fromhex(line.strip())
        out = {"json": reading(json.loads, body)}
        if from_json is not None:
            out["jiter"] = reading(from_json, body)
        sys.stdout.write(json.dumps(out) + "\n")

"""A stdio MCP server the proxy's limit and rule tests steer (standard library only).

Session era by default; with `--stateless` it also answers `server/discover` as a 2026-07-28 server, listing its
tools in the result. Tools:
- `echo`: answers with its arguments; `secret`: a tool a filter hides;
- `hold`: never answered until `release` (answers every held call) or a `notifications/cancelled` for it;
- `seen`: reports what the server received: held ids, notifications, the log level, and each request's method,
  `_meta` and arguments;
- `log`: sends a `notifications/message` at level `error` before answering.
`logging/setLevel` is recorded and answered.
"""

import json
import sys

STATELESS = "--stateless" in sys.argv[1:]
TOOLS = [
    {"name": name, "description": "The %s tool" % name, "inputSchema": {"type": "object"}}
    for name in ("echo", "secret", "hold", "release", "seen", "log")
]
held = []
notifications = []
metas = []
level = None


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def text_result(ident, text):
    send({"jsonrpc": "2.0", "id": ident, "result": {"content": [{"type": "text", "text": text}], "isError": False}})


for line in sys.stdin:
    if not line.strip():
        continue
    message = json.loads(line)
    method, ident = message.get("method"), message.get("id")
    params = message.get("params") or {}
    if ident is None:
        if method is not None:
            notifications.append(message)
        if method == "notifications/cancelled":
            cancelled = params.get("requestId")
            if cancelled in held:
                held.remove(cancelled)
        continue
    if method is None:
        continue
    metas.append({"method": method, "meta": params.get("_meta") or {}, "arguments": params.get("arguments")})
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "protocolVersion": "2025-06-18", "capabilities": {"tools": {}, "logging": {}},
            "serverInfo": {"name": "control", "version": "1"}}})
    elif method == "server/discover" and STATELESS:
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "supportedVersions": ["2026-07-28"], "capabilities": {"tools": {}, "logging": {}}, "tools": TOOLS,
            "_meta": {"io.modelcontextprotocol/serverInfo": {"name": "control", "version": "1"}}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}})
    elif method == "logging/setLevel":
        level = params.get("level")
        send({"jsonrpc": "2.0", "id": ident, "result": {}})
    elif method == "tools/call":
        name = params.get("name")
        if name == "hold":
            held.append(ident)
        elif name == "release":
            for waiting in held:
                text_result(waiting, "released")
            count = len(held)
            held.clear()
            text_result(ident, str(count))
        elif name == "seen":
            text_result(ident, json.dumps(
                {"held": held, "notifications": notifications, "level": level, "metas": metas}))
        elif name == "log":
            send({"jsonrpc": "2.0", "method": "notifications/message",
                  "params": {"level": "error", "logger": "control", "data": "logged by the server"}})
            text_result(ident, "logged")
        else:
            text_result(ident, json.dumps(params.get("arguments") or {}))
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": ident, "result": {}})
    else:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "Method not found"}})

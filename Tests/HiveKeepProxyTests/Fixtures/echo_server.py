"""A session-era-only stdio MCP server (2025-06-18 handshake, no server/discover) with `echo` and `ask` tools.

A tools/call carrying params._meta.progressToken first sends one notifications/progress for that token.
`ask` sends a sampling/createMessage request to the client and answers the call with the client's reply text.
Standard library only, so it starts fast and stays trivial (the proxy benchmark's echo server too).
"""

import json
import sys

TOOLS = [
    {"name": "echo", "description": "Echo the text", "inputSchema": {"type": "object"}},
    {"name": "ask", "description": "Ask the client to sample", "inputSchema": {"type": "object"}},
]
asking = {}
asked = 0


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    if not line.strip():
        continue
    message = json.loads(line)
    method, ident = message.get("method"), message.get("id")
    params = message.get("params") or {}
    if method is None and ident in asking:
        text = json.dumps(message.get("result") or message.get("error"))
        send({"jsonrpc": "2.0", "id": asking.pop(ident), "result": {"content": [{"type": "text", "text": text}]}})
        continue
    if ident is None:
        continue
    meta = params.get("_meta") or {}
    if any(key.startswith("io.modelcontextprotocol/") for key in meta):
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32600, "message": "envelope on a session-era server"}})
    elif method == "initialize":
        send({"jsonrpc": "2.0", "id": ident, "result": {
            "protocolVersion": "2025-06-18", "capabilities": {"tools": {}},
            "serverInfo": {"name": "echo", "version": "1"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": ident, "result": {"tools": TOOLS}})
    elif method == "tools/call" and params.get("name") == "ask":
        asked += 1
        asking["srv-%d" % asked] = ident
        send({"jsonrpc": "2.0", "id": "srv-%d" % asked, "method": "sampling/createMessage",
              "params": {"messages": [], "maxTokens": 1}})
    elif method == "tools/call":
        if "progressToken" in meta:
            send({"jsonrpc": "2.0", "method": "notifications/progress",
                  "params": {"progressToken": meta["progressToken"], "progress": 1, "total": 1}})
        text = json.dumps((params.get("arguments") or {}))
        send({"jsonrpc": "2.0", "id": ident, "result": {"content": [{"type": "text", "text": text}], "isError": False}})
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": ident, "result": {}})
    else:
        send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "Method not found"}})

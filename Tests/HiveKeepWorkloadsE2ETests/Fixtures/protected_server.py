"""A streamable-HTTP MCP server that demands static credentials, for the remote-workload tests.

usage: protected_server.py PORT BEARER API_KEY SEEN_FILE
Every request needs `Authorization: Bearer BEARER` and `X-Api-Key: API_KEY`, else 401. Each request's
Authorization header (or "-") is appended to SEEN_FILE, one per line, so a test can check what reached the server.
"""

import sys

import uvicorn
from mcp.server.mcpserver import MCPServer

port, bearer, api_key, seen_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
server = MCPServer("hivekeep-protected-test")


@server.tool()
def echo(text: str) -> str:
    """Returns `text`."""
    return text


app = server.streamable_http_app()


async def guarded(scope, receive, send):
    if scope["type"] == "http":
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        with open(seen_file, "a") as seen:
            seen.write(headers.get("authorization", "-") + "\n")
        if headers.get("authorization") != "Bearer " + bearer or headers.get("x-api-key") != api_key:
            await send({"type": "http.response.start", "status": 401,
                        "headers": [(b"content-type", b"text/plain"), (b"www-authenticate", b"Bearer")]})
            await send({"type": "http.response.body", "body": b"unauthorized"})
            return
    await app(scope, receive, send)


uvicorn.run(guarded, host="127.0.0.1", port=port, log_level="warning")

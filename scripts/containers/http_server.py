"""A small MCP server that speaks streamable HTTP itself (the container image localhost/hivekeep-test/http:1)."""

import os

import uvicorn
from mcp.server.mcpserver import MCPServer

server = MCPServer("hivekeep-test-http")


@server.tool()
def echo(text: str) -> str:
    """Returns its argument."""
    return text


@server.tool()
def env(name: str) -> str:
    """Returns the value of an environment variable (empty when unset): proves what reached the container."""
    return os.environ.get(name, "")


if __name__ == "__main__":
    port = int(os.environ.get("MCP_PORT", "8080"))
    uvicorn.run(server.streamable_http_app(host="0.0.0.0"), host="0.0.0.0", port=port, log_level="warning")

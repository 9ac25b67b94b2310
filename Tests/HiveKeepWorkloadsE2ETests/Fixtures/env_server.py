"""A small MCP server for the workload tests (stdio, or HTTP when HiveKeep asks): it reports its own environment."""

import os

from mcp.server.mcpserver import MCPServer

server = MCPServer("hivekeep-env-test")


@server.tool()
def read_env(name: str) -> str:
    """Returns the value of the environment variable `name`, or <unset>."""
    return os.environ.get(name, "<unset>")


@server.tool()
def env_names() -> str:
    """Returns the names of every environment variable, sorted, comma-separated."""
    return ",".join(sorted(os.environ))


@server.tool()
def pid() -> str:
    """Returns the server's process id."""
    return str(os.getpid())


@server.tool()
def echo(text: str) -> str:
    """Returns `text`."""
    return text


if __name__ == "__main__":
    # HiveKeep sets MCP_TRANSPORT, and for HTTP transports MCP_HOST and MCP_PORT, as ToolHive does.
    transport = os.environ.get("MCP_TRANSPORT", "stdio")
    if transport in ("sse", "streamable-http"):
        server.run(transport, host=os.environ.get("MCP_HOST", "127.0.0.1"), port=int(os.environ["MCP_PORT"]))
    else:
        server.run()

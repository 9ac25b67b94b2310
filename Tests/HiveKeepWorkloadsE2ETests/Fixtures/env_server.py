"""A small stdio MCP server for the workload tests: it reports its own environment and can crash on demand."""

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
    server.run()

"""The reference Python MCP client, driven by the workload tests.

usage: mcp_client.py URL (streamable|streamable-legacy|sse) (list | call TOOL JSON_ARGS)
Prints one JSON object: {"tools": [{name, description}]}, {"content": [text...], "is_error": bool}, or
{"error": message} when the peer answers with a JSON-RPC error.
A non-empty MCP_BEARER in the environment is sent as `Authorization: Bearer MCP_BEARER`.
"""

import asyncio
import json
import os
import sys

from mcp import Client, ClientSession
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp.shared.exceptions import MCPError


async def act(session, action):
    if action[0] == "list":
        result = await session.list_tools()
        return {"tools": [{"name": t.name, "description": t.description} for t in result.tools]}
    try:
        result = await session.call_tool(action[1], json.loads(action[2]))
    except MCPError as error:
        return {"error": str(error)}
    texts = [c.text for c in result.content if getattr(c, "text", None) is not None]
    return {"content": texts, "is_error": bool(result.is_error)}


async def main():
    url, transport, *action = sys.argv[1:]
    token = os.environ.get("MCP_BEARER", "")
    headers = {"Authorization": "Bearer " + token} if token else None
    if transport == "sse":
        async with sse_client(url, headers=headers) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                out = await act(session, action)
    else:
        mode = "legacy" if transport == "streamable-legacy" else "auto"
        server = streamable_http_client(url, http_client=create_mcp_http_client(headers=headers))
        async with Client(server, mode=mode, read_timeout_seconds=30) as client:
            out = await act(client, action)
            out["protocol_version"] = client.protocol_version
    print(json.dumps(out))


asyncio.run(main())

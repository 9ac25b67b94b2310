"""Drives an MCP endpoint with the reference `mcp` client and prints what it saw as one JSON line.

Usage: mcp_client.py (http|sse) URL (auto|legacy) [TOOL]
A non-empty MCP_BEARER in the environment is sent as `Authorization: Bearer MCP_BEARER`.
"""

import asyncio
import json
import os
import sys

from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def main() -> None:
    transport, url, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    tool = sys.argv[4] if len(sys.argv) > 4 else "get_current_time"
    token = os.environ.get("MCP_BEARER", "")
    headers = {"Authorization": "Bearer " + token} if token else None
    if transport == "http":
        server = streamable_http_client(url, http_client=create_mcp_http_client(headers=headers))
    else:
        server = sse_client(url, headers=headers)
    async with Client(server, mode=mode) as client:
        tools = await client.list_tools()
        result = await client.call_tool(tool, {"timezone": "UTC"})
        text = "".join(getattr(item, "text", "") for item in result.content)
        print(json.dumps({
            "tools": [t.name for t in tools.tools],
            "descriptions": {t.name: t.description for t in tools.tools},
            "isError": bool(result.is_error),
            "text": text,
        }))


asyncio.run(main())

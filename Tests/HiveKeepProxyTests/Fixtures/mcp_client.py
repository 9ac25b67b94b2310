"""Drives an MCP endpoint with the reference `mcp` client and prints what it saw as one JSON line.

Usage: mcp_client.py (http|sse) URL (auto|legacy) [TOOL]
"""

import asyncio
import json
import sys

from mcp import Client
from mcp.client.sse import sse_client


async def main() -> None:
    transport, url, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    tool = sys.argv[4] if len(sys.argv) > 4 else "get_current_time"
    server = url if transport == "http" else sse_client(url)
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

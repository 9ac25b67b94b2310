"""Starts the test authorization server and the protected MCP server on free loopback ports.

Usage: python oauth_fixture.py [--access-token-ttl SECONDS]
Prints one JSON line, then serves until killed:
  {"issuer": "http://127.0.0.1:A", "mcp": "http://127.0.0.1:M/mcp", "control": "http://127.0.0.1:A/control"}
"""

import argparse
import json
import os
import secrets
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import uvicorn  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

import authorization_server  # noqa: E402
import protected_mcp_server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--access-token-ttl", type=int, default=3600)
    options = parser.parse_args()
    authorization_server.STATE.access_token_ttl = options.access_token_ttl

    resource_server_secret = secrets.token_urlsafe(24)
    as_app = authorization_server.create_app(resource_server_secret)
    as_server = make_server("127.0.0.1", 0, as_app, threaded=True)
    issuer = f"http://127.0.0.1:{as_server.server_port}"
    threading.Thread(target=as_server.serve_forever, daemon=True).start()

    mcp_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    mcp_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    mcp_socket.bind(("127.0.0.1", 0))
    mcp_socket.listen(128)  # connections wait in the backlog until uvicorn accepts them
    mcp_url = f"http://127.0.0.1:{mcp_socket.getsockname()[1]}/mcp"
    app = protected_mcp_server.create_app(issuer, mcp_url, resource_server_secret)
    config = uvicorn.Config(app, log_level="warning")
    server = uvicorn.Server(config)

    print(json.dumps({"issuer": issuer, "mcp": mcp_url, "control": issuer + "/control"}), flush=True)
    server.run(sockets=[mcp_socket])


if __name__ == "__main__":
    main()

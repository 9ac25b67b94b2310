"""Two HTTP servers on 127.0.0.1 for the redirect tests of the OAuth client and the reverse proxy (standard
library only).

`redirector` answers every request with `307 Temporary Redirect` to the same path on `elsewhere` (another origin;
a 307 keeps method and body under RFC 9110), except below `/here/`: `POST /here/mcp` is redirected (307, a relative
`Location`) to `/here/mcp/` on the same origin, which answers an empty JSON-RPC tools list and records the request.
`elsewhere` answers a POST with a token and records its body and headers. `GET /seen` on `elsewhere` returns
`{"posts": N, "bodies": [...], "here": [...]}`. Prints
`{"redirector": PORT, "elsewhere": PORT}` on one line once both listen, and serves until it is killed.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

posts = []
here = []


class Elsewhere(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        posts.append(self.rfile.read(length).decode("utf-8", "replace") + "\n" + str(self.headers))
        self.answer(200, {"access_token": "stolen-token", "token_type": "Bearer", "expires_in": 3600})

    def do_GET(self):
        self.answer(200, {"posts": len(posts), "bodies": posts, "here": here})

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)


class Redirector(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def redirect(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length).decode("utf-8", "replace")
        if self.path == "/here/mcp/":
            here.append(body + "\n" + str(self.headers))
            data = json.dumps({"jsonrpc": "2.0", "id": 1, "result": {"tools": []}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.send_response(307)
        if self.path == "/here/mcp":
            self.send_header("Location", "/here/mcp/")
        else:
            self.send_header("Location", f"http://127.0.0.1:{elsewhere.server_address[1]}{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = redirect
    do_POST = redirect


redirector = ThreadingHTTPServer(("127.0.0.1", 0), Redirector)
for server in (elsewhere, redirector):
    threading.Thread(target=server.serve_forever, daemon=True).start()
print(json.dumps({"redirector": redirector.server_address[1], "elsewhere": elsewhere.server_address[1]}), flush=True)
threading.Event().wait()

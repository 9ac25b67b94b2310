"""Runs oidc-provider-mock (PyPI) on a free loopback port and prints {"issuer": "http://localhost:PORT"}.

oidc-provider-mock 0.3.4 offers OpenID discovery (no RFC 8414 document), dynamic registration (always hands out a
client secret), the authorization code grant with a sign-in form (field `sub`), and refresh; it ignores PKCE and
has no client credentials grant and no RFC 7009 revocation.
"""

import json
import threading

import oidc_provider_mock

with oidc_provider_mock.run_server_in_thread(port=0) as server:
    print(json.dumps({"issuer": f"http://localhost:{server.server_port}"}), flush=True)
    threading.Event().wait()

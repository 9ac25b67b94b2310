"""Runs PyPI's oidc-provider-mock on a free loopback port, logs in as `alice` without a person (authorization code
flow driven with urllib), and prints the port, then the ID token it issued (a JWT signed with the provider's own
key, audience = the client id). Then keeps serving discovery and the key set until killed."""
import json, os, sys, threading, urllib.error, urllib.parse, urllib.request
import werkzeug.serving
import oidc_provider_mock
from oidc_provider_mock._storage import User

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
CLIENT, REDIRECT = "hivekeep", "http://127.0.0.1/callback"
app = oidc_provider_mock.app(user_claims=[User(sub="alice", claims={"groups": ["hive-admins"]})])
server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = "http://127.0.0.1:%d" % server.server_port


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


query = urllib.parse.urlencode({"client_id": CLIENT, "redirect_uri": REDIRECT, "response_type": "code",
                                "scope": "openid", "state": "s1", "nonce": "n1"})
login = urllib.request.Request(base + "/oauth2/authorize?" + query, data=urllib.parse.urlencode({"sub": "alice"}).encode())
try:
    urllib.request.build_opener(NoRedirect).open(login)
    sys.exit("the provider did not redirect back with a code")
except urllib.error.HTTPError as redirect:
    location = redirect.headers["Location"]
code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]
exchange = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                   "client_id": CLIENT, "client_secret": "any"}).encode()
tokens = json.load(urllib.request.urlopen(urllib.request.Request(base + "/oauth2/token", data=exchange)))
print(server.server_port, flush=True)
print(tokens["id_token"], flush=True)
threading.Event().wait()

"""A test OpenID issuer, independent of HiveKeep: keys made here with `cryptography`, tokens signed with PyJWT.

Prints its port, then serves on 127.0.0.1:
  GET  /.well-known/openid-configuration   discovery (its issuer is http://127.0.0.1:PORT, or the one set by /config)
  GET  /jwks                               the published keys
  GET  /stats                              how many times each of the two above was requested
  POST /publish {"kid"}                    publishes one more of the keys made at start (key rotation)
  POST /config {"discovery_issuer"}        makes discovery name another issuer
  POST /mint {"kid", "claims", "attack"?}  a token signed with that key; attack: "none", "hs256-pem", "hs256-n",
                                           "tamper" (payload changed after signing)
"""
import base64, hashlib, hmac, http.server, json, sys, threading
import jwt
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

KEYS = {  # kid: (algorithm, private key, published at start)
    "rsa-1": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048), True),
    "ec-1": ("ES256", ec.generate_private_key(ec.SECP256R1()), True),
    "ed-1": ("EdDSA", ed25519.Ed25519PrivateKey.generate(), True),
    "p384-1": ("ES384", ec.generate_private_key(ec.SECP384R1()), True),  # a kind HiveKeep must ignore
    "rsa-2": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048), False),
    "rsa-3": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048), False),
}
HMAC_SECRET = b"a shared secret published as an oct key, which HiveKeep must ignore"
published = {kid for kid, (_, _, start) in KEYS.items() if start}
counts = {"discovery": 0, "jwks": 0}
state = {"discovery_issuer": None}
lock = threading.Lock()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(kid):
    alg, key, _ = KEYS[kid]
    algorithm = {"RS256": RSAAlgorithm, "ES256": ECAlgorithm, "ES384": ECAlgorithm, "EdDSA": OKPAlgorithm}[alg]
    jwk = algorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": kid, "alg": alg, "use": "sig"})
    return jwk


def jwks():
    keys = [public_jwk(kid) for kid in sorted(published)]
    keys.append({"kty": "oct", "kid": "hmac-1", "alg": "HS256", "k": b64(HMAC_SECRET)})
    return {"keys": keys}


def unsigned(header, claims):
    return b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())


def mint(request):
    kid, claims, attack = request["kid"], request["claims"], request.get("attack")
    if kid == "hmac-1":
        return jwt.encode(claims, HMAC_SECRET, algorithm="HS256", headers={"kid": kid})
    alg, key, _ = KEYS[kid]
    if attack == "none":
        return unsigned({"alg": "none", "kid": kid, "typ": "JWT"}, claims) + "."
    if attack in ("hs256-pem", "hs256-n"):
        public = key.public_key()
        if attack == "hs256-pem":
            secret = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        else:
            secret = public_jwk(kid)["n"].encode()
        signing_input = unsigned({"alg": "HS256", "kid": kid, "typ": "JWT"}, claims)
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return signing_input + "." + b64(signature)
    headers = {"kid": kid} if request.get("with_kid", True) else None
    token = jwt.encode(claims, key, algorithm=alg, headers=headers)
    if attack == "tamper":
        header, _, signature = token.split(".")
        changed = dict(claims, sub="mallory")
        token = header + "." + b64(json.dumps(changed).encode()) + "." + signature
    return token


class Handler(http.server.BaseHTTPRequestHandler):
    def reply(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        issuer = "http://127.0.0.1:%d" % self.server.server_address[1]
        with lock:
            if self.path == "/.well-known/openid-configuration":
                counts["discovery"] += 1
                self.reply(200, {"issuer": state["discovery_issuer"] or issuer, "jwks_uri": issuer + "/jwks"})
            elif self.path == "/jwks":
                counts["jwks"] += 1
                self.reply(200, jwks())
            elif self.path == "/stats":
                self.reply(200, counts)
            else:
                self.reply(404, {"error": "not found"})

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with lock:
            if self.path == "/publish":
                published.add(request["kid"])
                self.reply(200, jwks())
            elif self.path == "/config":
                state.update(request)
                self.reply(200, state)
            elif self.path == "/mint":
                self.reply(200, mint(request).encode(), "text/plain")
            else:
                self.reply(404, {"error": "not found"})

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()

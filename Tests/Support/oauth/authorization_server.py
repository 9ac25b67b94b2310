"""An OAuth 2.1 authorization server for tests, built on Authlib's server components (Flask).

Authlib does the protocol: the authorization code grant with PKCE (RFC 7636, S256 required), refresh with rotation,
client credentials, dynamic client registration (RFC 7591) and revocation (RFC 7009). This module adds in-memory
storage, a sign-in page a test drives like a person (a form with a `sub` field and Approve/Deny buttons), RFC 8414
metadata, the RFC 8707 `resource` indicator (bound to codes and tokens, checked on exchange and refresh, reported by
introspection), an introspection endpoint (RFC 7662) for the resource server, and test controls under /control.
"""

import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape

import flask
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidGrantError, TokenMixin, grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7591 import ClientRegistrationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge

SCOPES = ["mcp", "profile"]
ALL_AUTH = ["client_secret_basic", "client_secret_post", "none"]


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str | None
    redirect_uris: list[str]
    grant_types: list[str]
    auth_method: str
    scope: str = " ".join(SCOPES)

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def get_allowed_scope(self, scope):
        allowed = set(self.scope.split())
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return self.client_secret is not None and secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method == self.auth_method

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: str
    resource: str | None
    code_challenge: str | None
    code_challenge_method: str | None

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope


@dataclass
class Token(TokenMixin):
    access_token: str
    refresh_token: str | None
    client_id: str
    scope: str
    user: str | None
    resource: str | None
    expires_at: float
    revoked: bool = False
    refresh_revoked: bool = False

    def check_client(self, client):
        return client.get_client_id() == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return int(self.expires_at - time.time())

    def is_expired(self):
        return time.time() >= self.expires_at

    def is_revoked(self):
        return self.revoked

    def get_user(self):
        return self.user

    def get_client(self):
        return STATE.clients.get(self.client_id)


@dataclass
class State:
    """Everything the server knows, shared with the resource server and the controls."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    clients: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)  # access token -> Token
    refresh: dict = field(default_factory=dict)  # refresh token -> Token
    access_token_ttl: int = 3600
    # Test controls: the next `fail_count` token requests answer `fail_status`.
    fail_status: int = 503
    fail_count: int = 0
    metadata_issuer: str | None = None  # names another issuer in the metadata (a misconfigured or forged server)
    token_requests: list = field(default_factory=list)  # (grant_type, resource, client auth method)


STATE = State()


def _resource_of(request):
    value = request.payload.data.get("resource")
    return value or None


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ALL_AUTH

    def save_authorization_code(self, code, request):
        data = request.payload.data
        STATE.codes[code] = Code(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope or "",
            user=request.user,
            resource=data.get("resource") or None,
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code, client):
        found = STATE.codes.get(code)
        if found and found.client_id == client.client_id:
            return found
        return None

    def delete_authorization_code(self, authorization_code):
        STATE.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user

    def validate_token_request(self):
        super().validate_token_request()
        code = self.request.authorization_code
        if code.resource and _resource_of(self.request) not in (None, code.resource):
            raise InvalidGrantError("the resource does not match the authorization request")


class PKCE(CodeChallenge):
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def get_authorization_code_challenge(self, authorization_code):
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code):
        return authorization_code.code_challenge_method


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ALL_AUTH
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        token = STATE.refresh.get(refresh_token)
        if token is None or token.refresh_revoked:
            return None
        if token.resource and _resource_of(self.request) not in (None, token.resource):
            raise InvalidGrantError("the resource does not match the grant")
        return token

    def authenticate_user(self, refresh_token):
        return refresh_token.user

    def revoke_old_credential(self, refresh_token):
        refresh_token.revoked = True  # the old access token
        if self.INCLUDE_NEW_REFRESH_TOKEN:
            refresh_token.refresh_revoked = True  # rotated: the old refresh token is spent


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = ALL_AUTH

    def query_token(self, token_string, token_type_hint):
        return STATE.tokens.get(token_string) or STATE.refresh.get(token_string)

    def revoke_token(self, token, request):
        token.revoked = True
        token.refresh_revoked = True


class Registration(ClientRegistrationEndpoint):
    def authenticate_token(self, request):
        return True  # open registration, as MCP clients expect

    def get_server_metadata(self):
        return metadata()

    def generate_client_info(self, request):
        info = super().generate_client_info(request)
        if request.payload.data.get("token_endpoint_auth_method", "client_secret_basic") == "none":
            info.pop("client_secret", None)
        return info

    def save_client(self, client_info, client_metadata, request):
        client = Client(
            client_id=client_info["client_id"],
            client_secret=client_info.get("client_secret"),
            redirect_uris=client_metadata.get("redirect_uris", []),
            grant_types=client_metadata.get("grant_types", ["authorization_code"]),
            auth_method=client_metadata.get("token_endpoint_auth_method", "client_secret_basic"),
        )
        STATE.clients[client.client_id] = client
        return client


def save_token(token, request):
    resource = _resource_of(request)
    if getattr(request, "authorization_code", None) is not None:
        resource = request.authorization_code.resource or resource
    elif getattr(request, "refresh_token", None) is not None:
        resource = request.refresh_token.resource or resource
    user = request.user if isinstance(request.user, str) else None
    row = Token(
        access_token=token["access_token"],
        refresh_token=token.get("refresh_token"),
        client_id=request.client.client_id,
        scope=token.get("scope", ""),
        user=user,
        resource=resource,
        expires_at=time.time() + token["expires_in"],
    )
    STATE.tokens[row.access_token] = row
    if row.refresh_token:
        STATE.refresh[row.refresh_token] = row


def metadata():
    root = flask.request.host_url.rstrip("/")
    return {
        "issuer": STATE.metadata_issuer or root,
        "authorization_endpoint": root + "/authorize",
        "token_endpoint": root + "/token",
        "registration_endpoint": root + "/register",
        "revocation_endpoint": root + "/revoke",
        "introspection_endpoint": root + "/introspect",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ALL_AUTH,
        "scopes_supported": SCOPES,
    }


SIGN_IN_PAGE = """<!doctype html>
<html><head><title>Sign in</title></head><body>
<h1>Sign in to {client}</h1>
<form method="post" action="{action}">
<label>User <input type="text" name="sub" value=""></label>
<button type="submit" name="action" value="approve">Approve</button>
<button type="submit" name="action" value="deny">Deny</button>
</form></body></html>
"""


def create_app(resource_server_secret: str) -> flask.Flask:
    """The Flask app; `resource_server_secret` authenticates the resource server at /introspect."""
    app = flask.Flask(__name__)
    app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {
        "authorization_code": STATE.access_token_ttl,
        "refresh_token": STATE.access_token_ttl,
        "client_credentials": STATE.access_token_ttl,
    }
    app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = True
    server = AuthorizationServer(app, query_client=STATE.clients.get, save_token=save_token)
    server.register_grant(AuthorizationCodeGrant, [PKCE(required=True)])
    server.register_grant(RefreshTokenGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_endpoint(Revocation)
    server.register_endpoint(Registration)

    @app.get("/.well-known/oauth-authorization-server")
    def authorization_server_metadata():
        return flask.jsonify(metadata())

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        with STATE.lock:
            try:
                grant = server.get_consent_grant(end_user=None)
            except Exception as error:  # invalid client or redirect URI: no redirect, an error page
                return f"invalid authorization request: {escape(str(error))}", 400
            if flask.request.method == "GET":
                action = escape(flask.request.full_path)
                return SIGN_IN_PAGE.format(client=escape(grant.client.client_id), action=action)
            if flask.request.form.get("action") != "approve":
                return server.create_authorization_response(grant_user=None)
            sub = flask.request.form.get("sub") or "alice"
            return server.create_authorization_response(grant_user=sub)

    @app.post("/token")
    def token():
        with STATE.lock:
            data = flask.request.form
            auth = "basic" if flask.request.authorization else ("post" if data.get("client_secret") else "none")
            STATE.token_requests.append(
                {"grant_type": data.get("grant_type"), "resource": data.get("resource"), "client_auth": auth}
            )
            if STATE.fail_count > 0:
                STATE.fail_count -= 1
                return flask.jsonify({"error": "temporarily_unavailable"}), STATE.fail_status
            return server.create_token_response()

    @app.post("/revoke")
    def revoke():
        with STATE.lock:
            return server.create_endpoint_response(Revocation.ENDPOINT_NAME)

    @app.post("/register")
    def register():
        with STATE.lock:
            return server.create_endpoint_response(Registration.ENDPOINT_NAME)

    @app.post("/introspect")
    def introspect():
        given = flask.request.authorization
        if not given or given.username != "resource-server" or given.password != resource_server_secret:
            return flask.jsonify({"error": "invalid_client"}), 401
        with STATE.lock:
            row = STATE.tokens.get(flask.request.form.get("token", ""))
            if row is None or row.revoked or row.is_expired():
                return flask.jsonify({"active": False})
            return flask.jsonify({
                "active": True, "client_id": row.client_id, "scope": row.scope, "sub": row.user,
                "exp": int(row.expires_at), "aud": row.resource, "token_type": "Bearer",
            })

    _add_controls(app)
    return app


def _add_controls(app: flask.Flask):
    """Test controls (no authentication: the fixture listens on loopback only)."""

    @app.post("/control/fail-token")
    def fail_token():
        body = flask.request.get_json(force=True)
        with STATE.lock:
            STATE.fail_status = int(body.get("status", 503))
            STATE.fail_count = int(body.get("count", 1))
        return "", 204

    @app.post("/control/expire-access-tokens")
    def expire_access_tokens():
        with STATE.lock:
            for row in STATE.tokens.values():
                row.expires_at = time.time() - 1
        return "", 204

    @app.post("/control/revoke-refresh-tokens")
    def revoke_refresh_tokens():
        with STATE.lock:
            for row in STATE.refresh.values():
                row.refresh_revoked = True
        return "", 204

    @app.post("/control/metadata-issuer")
    def metadata_issuer():
        STATE.metadata_issuer = flask.request.get_json(force=True).get("issuer")
        return "", 204

    @app.post("/control/refresh-rotation")
    def refresh_rotation():
        body = flask.request.get_json(force=True)
        RefreshTokenGrant.INCLUDE_NEW_REFRESH_TOKEN = bool(body.get("rotate", True))
        return "", 204

    @app.get("/control/token-requests")
    def token_requests():
        with STATE.lock:
            return flask.jsonify(STATE.token_requests)

    @app.post("/control/clients")
    def make_client():
        body = flask.request.get_json(force=True)
        client = Client(
            client_id="confidential-" + secrets.token_hex(4),
            client_secret=secrets.token_urlsafe(24),
            redirect_uris=body.get("redirect_uris", []),
            grant_types=body.get("grant_types", ["client_credentials"]),
            auth_method="client_secret_basic",
        )
        with STATE.lock:
            STATE.clients[client.client_id] = client
        return flask.jsonify({"client_id": client.client_id, "client_secret": client.client_secret}), 201

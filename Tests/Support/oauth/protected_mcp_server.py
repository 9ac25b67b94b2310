"""A remote MCP server protected by OAuth, built with the `mcp` SDK's server-side auth support.

The SDK serves the protected resource metadata (RFC 9728) at /.well-known/oauth-protected-resource/mcp and answers
401 with `WWW-Authenticate: Bearer ..., resource_metadata="..."`; the token verifier here asks the authorization
server's introspection endpoint (RFC 7662) and reports the token's `resource`, which the SDK checks against this
server's URL (RFC 8707).
"""

import httpx
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer


class IntrospectionVerifier(TokenVerifier):
    def __init__(self, introspection_url: str, client_secret: str):
        self.url = introspection_url
        self.auth = ("resource-server", client_secret)

    async def verify_token(self, token: str) -> AccessToken | None:
        async with httpx.AsyncClient() as client:
            response = await client.post(self.url, data={"token": token}, auth=self.auth)
        if response.status_code != 200:
            return None
        claims = response.json()
        if not claims.get("active"):
            return None
        return AccessToken(
            token=token,
            client_id=claims["client_id"],
            scopes=(claims.get("scope") or "").split(),
            expires_at=claims.get("exp"),
            resource=claims.get("aud"),
            subject=claims.get("sub"),
        )


def create_app(issuer: str, mcp_url: str, client_secret: str):
    server = MCPServer(
        "protected-echo",
        token_verifier=IntrospectionVerifier(issuer + "/introspect", client_secret),
        auth=AuthSettings(
            issuer_url=issuer,
            resource_server_url=mcp_url,
            required_scopes=["mcp"],
            validate_token_resource=True,
        ),
    )

    @server.tool()
    def whoami() -> str:
        """Who the bearer token belongs to."""
        token = get_access_token()
        return f"sub={token.subject} client={token.client_id}" if token else "anonymous"

    @server.tool()
    def echo(text: str) -> str:
        """Returns the text."""
        return text

    return server.streamable_http_app()

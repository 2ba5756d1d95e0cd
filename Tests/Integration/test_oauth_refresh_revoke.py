"""Refresh and revocation at the OAuth endpoints, for tokens from InitiateAuth, through
Authlib and the discovery document."""
import base64
import hashlib
import hmac
import time

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError

PASSWORD = "Corr3ct-Horse!"


@pytest.fixture
def app(idp, server):
    pool_id = idp.create_user_pool(PoolName=f"refresh-{time.time_ns()}")["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"refresh-{time.time_ns()}")
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    public = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="spa", ExplicitAuthFlows=flows)["UserPoolClient"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ann", Password=PASSWORD, Permanent=True)
    discovery = requests.get(f"{server.endpoint}/{pool_id}/.well-known/openid-configuration", timeout=10).json()
    return {"pool": pool_id, "public": public, "discovery": discovery}


def signed_in(idp, client_id):
    return idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]


def test_refresh_then_revoke_through_the_oauth_endpoints(idp, app):
    client_id, discovery = app["public"]["ClientId"], app["discovery"]
    tokens = signed_in(idp, client_id)
    session = OAuth2Session(client_id, token_endpoint_auth_method="none")
    fresh = session.refresh_token(discovery["token_endpoint"], refresh_token=tokens["RefreshToken"])
    assert fresh["token_type"] == "Bearer" and fresh["expires_in"] == 3600 and "id_token" in fresh
    # The new access token works against the API as the user's own.
    assert idp.get_user(AccessToken=fresh["access_token"])["Username"] == "ann"

    revoked = session.revoke_token(discovery["revocation_endpoint"], tokens["RefreshToken"], token_type_hint="refresh_token")
    assert revoked.status_code == 200
    with pytest.raises(OAuthError) as caught:
        session.refresh_token(discovery["token_endpoint"], refresh_token=tokens["RefreshToken"])
    assert caught.value.error == "invalid_grant"


def test_a_confidential_client_must_show_its_secret(idp, app):
    secret_client = idp.create_user_pool_client(
        UserPoolId=app["pool"], ClientName="web", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    secret_hash = base64.b64encode(hmac.new(secret_client["ClientSecret"].encode(), ("ann" + secret_client["ClientId"]).encode(),
                                            hashlib.sha256).digest()).decode()
    tokens = idp.admin_initiate_auth(
        UserPoolId=app["pool"], ClientId=secret_client["ClientId"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash})["AuthenticationResult"]
    endpoint = app["discovery"]["token_endpoint"]
    with pytest.raises(OAuthError) as caught:
        OAuth2Session(secret_client["ClientId"], "wrong").refresh_token(endpoint, refresh_token=tokens["RefreshToken"])
    assert caught.value.error == "invalid_client"
    fresh = OAuth2Session(secret_client["ClientId"], secret_client["ClientSecret"]).refresh_token(
        endpoint, refresh_token=tokens["RefreshToken"])
    assert "access_token" in fresh and "id_token" in fresh
    # A refresh token belongs to the client it was issued to.
    with pytest.raises(OAuthError) as caught:
        OAuth2Session(app["public"]["ClientId"], token_endpoint_auth_method="none").refresh_token(endpoint, refresh_token=tokens["RefreshToken"])
    assert caught.value.error == "invalid_grant"

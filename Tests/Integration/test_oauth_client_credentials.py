"""Machine-to-machine tokens through a real OAuth 2.0 client library (Authlib), found from
the pool's discovery document alone."""
import time

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from authlib.jose import JsonWebKey, jwt


@pytest.fixture
def service(idp, server):
    pool_id = idp.create_user_pool(PoolName=f"m2m-{time.time_ns()}")["UserPool"]["Id"]
    idp.create_resource_server(
        UserPoolId=pool_id, Identifier="orders", Name="Orders",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}, {"ScopeName": "write", "ScopeDescription": "Write"}])
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="billing", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=["orders/read", "orders/write"])["UserPoolClient"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"m2m-{time.time_ns()}")
    discovery = requests.get(f"{server.endpoint}/{pool_id}/.well-known/openid-configuration", timeout=10).json()
    return {"pool": pool_id, "client": client, "discovery": discovery}


def test_a_client_credentials_token_with_a_custom_scope(service):
    client, discovery = service["client"], service["discovery"]
    session = OAuth2Session(client["ClientId"], client["ClientSecret"], scope="orders/read")
    token = session.fetch_token(discovery["token_endpoint"], grant_type="client_credentials")
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600 and "refresh_token" not in token and "id_token" not in token

    keys = JsonWebKey.import_key_set(requests.get(discovery["jwks_uri"], timeout=10).json())
    claims = jwt.decode(token["access_token"], keys)
    claims.validate()
    assert claims["iss"] == discovery["issuer"]
    assert claims["sub"] == client["ClientId"] == claims["client_id"]
    assert claims["token_use"] == "access" and claims["scope"] == "orders/read" and claims["version"] == 2

    # client_secret_post works as well as HTTP Basic, and no scope means every allowed one.
    posted = OAuth2Session(client["ClientId"], client["ClientSecret"], token_endpoint_auth_method="client_secret_post")
    everything = posted.fetch_token(discovery["token_endpoint"], grant_type="client_credentials")
    assert jwt.decode(everything["access_token"], keys)["scope"] == "orders/read orders/write"


def test_the_token_endpoint_refuses_as_cognito_does(service):
    client, endpoint = service["client"], service["discovery"]["token_endpoint"]
    with pytest.raises(OAuthError) as caught:
        OAuth2Session(client["ClientId"], "not-the-secret").fetch_token(endpoint, grant_type="client_credentials")
    assert caught.value.error == "invalid_client"
    with pytest.raises(OAuthError) as caught:
        OAuth2Session(client["ClientId"], client["ClientSecret"], scope="orders/delete").fetch_token(endpoint, grant_type="client_credentials")
    assert caught.value.error == "invalid_scope"

    answer = requests.post(endpoint, data={"grant_type": "password", "client_id": client["ClientId"]}, timeout=10)
    assert answer.status_code == 400 and answer.json() == {"error": "unsupported_grant_type"}
    assert answer.headers["Cache-Control"].startswith("no-cache, no-store") and answer.headers["Pragma"] == "no-cache"
    assert requests.post(endpoint, json={"grant_type": "client_credentials"}, timeout=10).status_code == 405

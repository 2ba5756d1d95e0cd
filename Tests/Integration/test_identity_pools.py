"""Identity pools through the API as boto3's cognito-identity client uses them."""
import boto3
import pytest
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-Horse!"
ROLE = "arn:aws:iam::000000000000:role/photo-users"
GUEST = "arn:aws:iam::000000000000:role/photo-guests"


@pytest.fixture
def identity(server):
    return boto3.client("cognito-identity", endpoint_url=server.endpoint, region_name="us-east-1")


@pytest.fixture
def setup(idp, identity):
    pool = idp.create_user_pool(PoolName="photos")["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    for name in ("ann", "bob"):
        idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool}"
    created = identity.create_identity_pool(
        IdentityPoolName="photos", AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client, "ServerSideTokenCheck": False}])
    identity.set_identity_pool_roles(IdentityPoolId=created["IdentityPoolId"], Roles={"authenticated": ROLE, "unauthenticated": GUEST})
    return {"pool": pool, "client": client, "provider": provider, "id": created["IdentityPoolId"]}


def id_token(idp, setup, name):
    result = idp.initiate_auth(ClientId=setup["client"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD})
    return result["AuthenticationResult"]["IdToken"]


def error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_pool_crud(identity, setup):
    described = identity.describe_identity_pool(IdentityPoolId=setup["id"])
    assert described["IdentityPoolName"] == "photos" and described["CognitoIdentityProviders"][0]["ProviderName"] == setup["provider"]
    listed = identity.list_identity_pools(MaxResults=60)["IdentityPools"]
    assert {"IdentityPoolId": setup["id"], "IdentityPoolName": "photos"} in listed
    roles = identity.get_identity_pool_roles(IdentityPoolId=setup["id"])
    assert roles["Roles"] == {"authenticated": ROLE, "unauthenticated": GUEST}
    assert error(identity.describe_identity_pool, IdentityPoolId="us-east-1:00000000-0000-4000-8000-000000000000") == (
        "ResourceNotFoundException", "IdentityPool 'us-east-1:00000000-0000-4000-8000-000000000000' not found.")
    assert error(identity.describe_identity_pool, IdentityPoolId="not an id") == (
        "ValidationException",
        "1 validation error detected: Value 'not an id' at 'identityPoolId' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+")


def test_user_pool_login_gets_credentials(idp, identity, setup):
    token = id_token(idp, setup, "ann")
    identity_id = identity.get_id(IdentityPoolId=setup["id"], Logins={setup["provider"]: token})["IdentityId"]
    # The same user maps to the same identity, another user to another.
    assert identity.get_id(IdentityPoolId=setup["id"], Logins={setup["provider"]: id_token(idp, setup, "ann")})["IdentityId"] == identity_id
    assert identity.get_id(IdentityPoolId=setup["id"], Logins={setup["provider"]: id_token(idp, setup, "bob")})["IdentityId"] != identity_id
    result = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={setup["provider"]: token})
    credentials = result["Credentials"]
    assert result["IdentityId"] == identity_id
    assert credentials["AccessKeyId"].startswith("ASIA") and len(credentials["SecretKey"]) == 40
    assert credentials["SessionToken"] and credentials["Expiration"]
    assert identity.describe_identity(IdentityId=identity_id)["Logins"] == [setup["provider"]]
    assert error(identity.get_credentials_for_identity, IdentityId=identity_id) == (
        "NotAuthorizedException", f"Access to Identity '{identity_id}' is forbidden.")


def test_guests_and_bad_tokens(idp, identity, setup):
    guest = identity.get_id(IdentityPoolId=setup["id"])["IdentityId"]
    assert identity.get_credentials_for_identity(IdentityId=guest)["Credentials"]["AccessKeyId"].startswith("ASIA")
    access = idp.initiate_auth(ClientId=setup["client"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]["AccessToken"]
    assert error(identity.get_id, IdentityPoolId=setup["id"], Logins={setup["provider"]: access}) == (
        "NotAuthorizedException", "Invalid login token. Missing a required claim: aud")
    identity.update_identity_pool(IdentityPoolId=setup["id"], IdentityPoolName="photos", AllowUnauthenticatedIdentities=False,
                                  CognitoIdentityProviders=[{"ProviderName": setup["provider"], "ClientId": setup["client"]}])
    assert error(identity.get_id, IdentityPoolId=setup["id"]) == (
        "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")


OWN_PREFIX = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "OwnPhotos", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*"},
    {"Sid": "ListOwnPrefix", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::photos",
     "Condition": {"StringLike": {"s3:prefix": "${cognito-identity.amazonaws.com:sub}/*"}}},
    {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
  ]
}"""


def test_signed_requests_are_checked_against_the_role(tmp_path, server, idp, identity, setup):
    """The issue's scenario: a user pool ID token → an identity → credentials → an S3
    request signed with them, allowed under the user's own prefix and denied elsewhere."""
    import boto3
    from botocore.config import Config

    policy = tmp_path / "photos.json"
    policy.write_text(OWN_PREFIX)
    assert server.sigil("role", "put", "--name", "photo-users", "--policy", f"photos={policy}").strip() == ROLE
    token = id_token(idp, setup, "ann")
    identity_id = identity.get_id(IdentityPoolId=setup["id"], Logins={setup["provider"]: token})["IdentityId"]
    credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={setup["provider"]: token})["Credentials"]
    s3 = boto3.client(
        "s3", endpoint_url=server.endpoint + "/_sigil/aws", region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretKey"],
        aws_session_token=credentials["SessionToken"], config=Config(s3={"addressing_style": "path"}))

    allowed = s3.get_object(Bucket="photos", Key=f"{identity_id}/cat.jpg")
    assert allowed["ResponseMetadata"]["HTTPHeaders"]["x-sigil-decision"] == "Allow"
    report = __import__("json").loads(allowed["Body"].read())
    assert report["Action"] == "s3:GetObject" and report["Statement"]["Sid"] == "OwnPhotos"
    assert report["Resource"] == f"arn:aws:s3:::photos/{identity_id}/cat.jpg"
    s3.put_object(Bucket="photos", Key=f"{identity_id}/new.jpg", Body=b"x")
    s3.list_objects_v2(Bucket="photos", Prefix=f"{identity_id}/")

    other = identity.get_id(IdentityPoolId=setup["id"], Logins={setup["provider"]: id_token(idp, setup, "bob")})["IdentityId"]
    with pytest.raises(ClientError) as denied:
        s3.get_object(Bucket="photos", Key=f"{other}/cat.jpg")
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    assert "no identity-based policy allows the s3:GetObject action" in denied.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as deleting:
        s3.delete_object(Bucket="photos", Key=f"{identity_id}/cat.jpg")
    assert deleting.value.response["Error"]["Code"] == "AccessDenied"
    assert "explicit deny" in deleting.value.response["Error"]["Message"]

    # A wrong secret, or a token that was tampered with, never reaches the policies.
    forged = boto3.client(
        "s3", endpoint_url=server.endpoint + "/_sigil/aws", region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key="x" * 40,
        aws_session_token=credentials["SessionToken"], config=Config(s3={"addressing_style": "path"}))
    with pytest.raises(ClientError) as bad_signature:
        forged.get_object(Bucket="photos", Key=f"{identity_id}/cat.jpg")
    assert bad_signature.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    tampered = credentials["SessionToken"][:-6] + ("AAAAAA" if not credentials["SessionToken"].endswith("AAAAAA") else "BBBBBB")
    tampering = boto3.client(
        "s3", endpoint_url=server.endpoint + "/_sigil/aws", region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretKey"],
        aws_session_token=tampered, config=Config(s3={"addressing_style": "path"}))
    with pytest.raises(ClientError) as bad_token:
        tampering.get_object(Bucket="photos", Key=f"{identity_id}/cat.jpg")
    assert bad_token.value.response["Error"]["Code"] == "InvalidToken"


def test_basic_flow_and_developer_identities(server, identity):
    """GetOpenIdToken (checked with pyjwt against the served JWKS), then STS's
    AssumeRoleWithWebIdentity on the same server; and a developer-authenticated identity."""
    import jwt

    pool = identity.create_identity_pool(IdentityPoolName="basic", AllowUnauthenticatedIdentities=True,
                                         DeveloperProviderName="login.photos")["IdentityPoolId"]
    identity.set_identity_pool_roles(IdentityPoolId=pool, Roles={"unauthenticated": "arn:aws:iam::000000000000:role/viewer"})
    guest = identity.get_id(IdentityPoolId=pool)["IdentityId"]
    token = identity.get_open_id_token(IdentityId=guest)["Token"]
    keys = jwt.PyJWKClient(server.endpoint + "/_sigil/identity/.well-known/jwks.json")
    claims = jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=pool,
                        issuer=server.endpoint + "/_sigil/identity")
    assert claims["sub"] == guest and claims["amr"] == ["unauthenticated"]

    sts = boto3.client("sts", endpoint_url=server.endpoint, region_name="us-east-1")
    assumed = sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::000000000000:role/viewer", RoleSessionName="web",
                                                WebIdentityToken=token, DurationSeconds=900)
    assert assumed["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert assumed["AssumedRoleUser"]["Arn"] == "arn:aws:sts::000000000000:assumed-role/viewer/web"
    assert assumed["SubjectFromWebIdentityToken"] == guest and assumed["Audience"] == pool
    with pytest.raises(ClientError) as refused:
        sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::000000000000:role/viewer", RoleSessionName="web", WebIdentityToken="a.b.c")
    assert refused.value.response["Error"]["Code"] == "InvalidIdentityToken"
    with pytest.raises(ClientError) as other_role:
        sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::000000000000:role/admin", RoleSessionName="web", WebIdentityToken=token)
    assert other_role.value.response["Error"]["Code"] == "AccessDenied"

    developer = identity.get_open_id_token_for_developer_identity(IdentityPoolId=pool, Logins={"login.photos": "user-1"})
    looked_up = identity.lookup_developer_identity(IdentityPoolId=pool, DeveloperUserIdentifier="user-1", MaxResults=10)
    assert looked_up["IdentityId"] == developer["IdentityId"] and looked_up["DeveloperUserIdentifierList"] == ["user-1"]
    assert identity.get_id(IdentityPoolId=pool, Logins={"cognito-identity.amazonaws.com": developer["Token"]})["IdentityId"] == developer["IdentityId"]


def test_an_outside_openid_connect_provider(tmp_path, server, identity):
    """A second Sigil plays an outside OpenID Connect provider: registered with its client
    id and trusted by ARN, its ID tokens are checked against the keys its discovery
    document names."""
    import subprocess
    from conftest import SIGIL, Server

    outside = Server(str(tmp_path))
    try:
        other_idp = boto3.client("cognito-idp", endpoint_url=outside.endpoint, region_name="us-east-1")
        pool = other_idp.create_user_pool(PoolName="outside")["UserPool"]["Id"]
        client = other_idp.create_user_pool_client(UserPoolId=pool, ClientName="web",
                                                   ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        other_idp.admin_create_user(UserPoolId=pool, Username="zed", MessageAction="SUPPRESS")
        other_idp.admin_set_user_password(UserPoolId=pool, Username="zed", Password=PASSWORD, Permanent=True)
        token = other_idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": "zed", "PASSWORD": PASSWORD})["AuthenticationResult"]["IdToken"]
        provider = f"localhost:{outside.port}/{pool}"
        registered = subprocess.run(
            [SIGIL, "oidc-provider", "add", "--db", server.db, "--url", f"http://{provider}", "--client-id", client],
            capture_output=True, text=True, timeout=60)
        assert registered.returncode == 0, registered.stderr
        assert registered.stdout.strip() == f"arn:aws:iam::000000000000:oidc-provider/{provider}"
        identity_pool = identity.create_identity_pool(
            IdentityPoolName="oidc", AllowUnauthenticatedIdentities=False,
            OpenIdConnectProviderARNs=[f"arn:aws:iam::000000000000:oidc-provider/{provider}"])["IdentityPoolId"]
        identity.set_identity_pool_roles(IdentityPoolId=identity_pool, Roles={"authenticated": ROLE})
        identity_id = identity.get_id(IdentityPoolId=identity_pool, Logins={provider: token})["IdentityId"]
        credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={provider: token})["Credentials"]
        assert credentials["AccessKeyId"].startswith("ASIA")
        assert identity.describe_identity(IdentityId=identity_id)["Logins"] == [provider]
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        assert error(identity.get_id, IdentityPoolId=identity_pool, Logins={provider: forged}) == (
            "NotAuthorizedException", "Invalid login token. Couldn't verify signed token.")
    finally:
        outside.stop()

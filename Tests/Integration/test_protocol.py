"""The AWS JSON 1.1 protocol itself: errors as AWS sends them, bad bodies, a bounded fuzz."""
import http.client
import json
import os
import random
import shutil
import sqlite3
import subprocess

import pytest

TARGET = "AWSCognitoIdentityProviderService."


def post(server, operation, body, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    all_headers = {"Content-Type": "application/x-amz-json-1.1"}
    if operation is not None:
        all_headers["X-Amz-Target"] = TARGET + operation
    all_headers.update(headers or {})
    connection.request("POST", "/", body=body, headers=all_headers)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), payload


def test_errors_carry_the_exception_name(server):
    status, headers, payload = post(server, "DescribeUserPool", b'{"UserPoolId": "us-east-1_NotThere1"}')
    assert status == 400
    assert json.loads(payload) == {"__type": "ResourceNotFoundException", "message": "User pool us-east-1_NotThere1 does not exist."}
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException:"
    assert headers["x-amzn-RequestId"]


@pytest.mark.parametrize("operation, body, expected", [
    ("ListUserPools", b'{"MaxResults": 5', "SerializationException"),
    ("ListUserPools", b'[1, 2]', "SerializationException"),
    ("ListUserPools", b'{"MaxResults": "five"}', "SerializationException"),
    ("ListUserPools", b'{"MaxResults": 0}', "InvalidParameterException"),
    ("ListUserPools", b'{}', "InvalidParameterException"),
    ("CreateUserPool", json.dumps({"PoolName": "x" * 200}).encode(), "InvalidParameterException"),
    ("NoSuchOperation", b'{}', "UnknownOperationException"),
    (None, b'{}', "UnknownOperationException"),
    ("CreateUserPoolReplica", b'{"UserPoolId": "us-east-1_AAAAAAAAA", "RegionName": "eu-west-1"}', "UnsupportedOperationException"),
    ("ListUsers", b'{"UserPoolId": "us-east-1_AAAAAAAAA", "Filter": "email ~ \\"x\\""}', "InvalidParameterException"),
])
def test_bad_requests(server, operation, body, expected):
    status, _, payload = post(server, operation, body)
    assert status == 400
    assert json.loads(payload)["__type"] == expected


def test_missing_member_is_named(server):
    _, _, payload = post(server, "DescribeUserPool", b"{}")
    message = json.loads(payload)["message"]
    assert message == "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null"


def test_oversized_body_is_refused(server):
    status, _, payload = post(server, "ListUserPools", b'{"MaxResults": 1, "x": "' + b"a" * (2 << 20) + b'"}')
    assert status == 413
    assert json.loads(payload)["__type"] == "RequestEntityTooLargeException"


def test_bounded_fuzz_never_breaks_the_server(server, idp):
    pool_id = idp.create_user_pool(PoolName="fuzz")["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="keep", MessageAction="SUPPRESS")
    rng = random.Random(20261127)
    operations = ["CreateUserPool", "AdminCreateUser", "ListUsers", "InitiateAuth", "SignUp", "AdminUpdateUserAttributes", "CreateGroup"]
    valid = json.dumps({"UserPoolId": pool_id, "Username": "fuzzed", "ClientId": "x" * 26, "PoolName": "p", "GroupName": "g"}).encode()
    samples = [
        lambda: valid[: rng.randrange(len(valid))],
        lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))),
        lambda: json.dumps({"UserPoolId": rng.choice([pool_id, 12, None, [], {}]), "Username": rng.choice(["u", "", "x" * 5000, 3]),
                            "UserAttributes": rng.choice([[{"Name": "email", "Value": "\udcff"}], "nope", [{"Name": 1}]])},
                           ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass"),
        lambda: b'{"UserPoolId": "' + bytes([0xC3, 0x28, 0xA0, 0xA1]) + b'"}',
        lambda: b"[" * rng.randrange(1, 2000),
        lambda: json.dumps({"Filter": "".join(rng.choice('email^="\\ ') for _ in range(rng.randrange(40))), "UserPoolId": pool_id}).encode(),
    ]
    for _ in range(3000):
        status, _, payload = post(server, rng.choice(operations), rng.choice(samples)())
        assert status in (200, 400, 413), status
        if status == 400:
            assert "__type" in json.loads(payload)
    # Still answering, and the store is whole.
    assert idp.admin_get_user(UserPoolId=pool_id, Username="keep")["Username"] == "keep"
    with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        mismatched = db.execute(
            "SELECT count(*) FROM pools p WHERE p.user_count != (SELECT count(*) FROM users u WHERE u.pool_key = p.key)").fetchone()[0]
        assert mismatched == 0


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_smoke(server):
    result = subprocess.run(
        ["aws", "cognito-idp", "list-user-pools", "--max-results", "10", "--endpoint-url", server.endpoint, "--region", "us-east-1"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"})
    assert result.returncode == 0, result.stderr
    assert "UserPools" in json.loads(result.stdout)


def test_signature_v4_when_access_keys_are_configured():
    """With --access-key, admin calls need a valid Signature V4 (boto3 signs them); the
    end-user calls stay unsigned, as on AWS."""
    import tempfile

    import boto3
    from botocore.exceptions import ClientError

    from conftest import Server

    directory = tempfile.mkdtemp(prefix="sigil-sigv4-")
    signed_server = Server(directory, extra=("--access-key", "AKIDSIGIL:s3cret-key"))
    try:
        def client(key, secret):
            return boto3.client("cognito-idp", endpoint_url=signed_server.endpoint, region_name="us-east-1",
                                aws_access_key_id=key, aws_secret_access_key=secret)

        good = client("AKIDSIGIL", "s3cret-key")
        pool_id = good.create_user_pool(PoolName="signed")["UserPool"]["Id"]
        with pytest.raises(ClientError) as wrong_secret:
            client("AKIDSIGIL", "not-the-secret").list_user_pools(MaxResults=5)
        assert wrong_secret.value.response["Error"]["Code"] == "InvalidSignatureException"
        with pytest.raises(ClientError) as unknown_key:
            client("AKIDOTHER", "s3cret-key").list_user_pools(MaxResults=5)
        assert unknown_key.value.response["Error"]["Code"] == "UnrecognizedClientException"
        status, _, payload = post(signed_server, "ListUserPools", b'{"MaxResults": 5}')
        assert json.loads(payload)["__type"] == "MissingAuthenticationTokenException"
        client_id = good.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
        # A valid signature scoped to another service or region is refused.
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        def scoped(service, region):
            request = AWSRequest(method="POST", url=f"http://127.0.0.1:{signed_server.port}/", data=b'{"MaxResults": 5}', headers={
                "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools", "Content-Type": "application/x-amz-json-1.1"})
            SigV4Auth(Credentials("AKIDSIGIL", "s3cret-key"), service, region).add_auth(request)
            return post(signed_server, "ListUserPools", b'{"MaxResults": 5}', headers=dict(request.headers.items()))

        assert scoped("cognito-idp", "us-east-1")[0] == 200
        status, _, payload = scoped("s3", "us-east-1")
        assert (status, json.loads(payload)) == (400, {
            "__type": "InvalidSignatureException", "message": "Credential should be scoped to correct service: 'cognito-idp'."})
        status, _, payload = scoped("cognito-idp", "us-west-2")
        assert json.loads(payload) == {
            "__type": "InvalidSignatureException", "message": "Credential should be scoped to a valid region, not 'us-west-2'."}
        # SignUp is unsigned on AWS, so it works with any credentials at all.
        anyone = client("AKIDOTHER", "whatever")
        assert anyone.sign_up(ClientId=client_id, Username="u", Password="Corr3ct-Horse!")["UserSub"]
    finally:
        signed_server.stop()
        shutil.rmtree(directory, ignore_errors=True)

"""What outside testing found: Cognito fidelity, a server that must survive idle and
oversized connections, signatures scoped to the service, and stores that must not open
with the wrong key."""
import os
import resource
import shutil
import socket
import subprocess
import tempfile
import time

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import SIGIL, Server


@pytest.fixture
def scratch():
    directory = tempfile.mkdtemp(prefix="sigil-hardening-")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_the_commonest_admin_create_user_call_creates_the_user(idp, pool, server):
    user = idp.admin_create_user(UserPoolId=pool["id"], Username="plain", TemporaryPassword="Temp0rary-Pass!")["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert idp.admin_get_user(UserPoolId=pool["id"], Username="plain")["Username"] == "plain"
    # No phone and no email: nothing to deliver, so the outbox has nothing for the user.
    with pytest.raises(RuntimeError, match="No code has been sent"):
        server.last_code(pool["id"], "plain")


def test_verified_flags_in_any_case(idp, pool):
    idp.admin_create_user(
        UserPoolId=pool["id"], Username="cased", MessageAction="SUPPRESS", TemporaryPassword="Temp0rary-Pass!",
        UserAttributes=[{"Name": "email", "Value": "cased@example.com"}, {"Name": "email_verified", "Value": "True"}])
    idp.admin_set_user_password(UserPoolId=pool["id"], Username="cased", Password="Perm4nent-Pass!", Permanent=True)
    details = idp.forgot_password(ClientId=pool["client"], Username="cased")["CodeDeliveryDetails"]
    assert details == {"Destination": "c***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def test_no_account_recovery_setting_is_invented(idp):
    pool = idp.create_user_pool(PoolName="no-recovery")["UserPool"]
    assert "AccountRecoverySetting" not in pool
    assert "AccountRecoverySetting" not in idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]


def test_identity_pools_answer_constraint_violations_with_validation_exception(server):
    identity = boto3.client("cognito-identity", endpoint_url=server.endpoint, region_name="us-east-1")
    assert error(identity.create_identity_pool, IdentityPoolName="with!excl", AllowUnauthenticatedIdentities=True) == (
        "ValidationException",
        "1 validation error detected: Value 'with!excl' at 'identityPoolName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+")


def test_schema_mistakes_use_cognito_messages(idp):
    assert error(idp.create_user_pool, PoolName="s", Schema=[{"Name": "tier"}]) == (
        "InvalidParameterException", "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
    assert error(idp.create_user_pool, PoolName="s", Schema=[{"Name": "email", "StringAttributeConstraints": {"MaxLength": "2049"}}]) == (
        "InvalidParameterException", "user.email: String attributes cannot have a length of more than 2048")


def limit_descriptors():
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def request(port, timeout=30):
    connection = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    body = b'{"MaxResults": 5}'
    connection.sendall(
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
        b"Content-Type: application/x-amz-json-1.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    connection.close()
    return answer


def test_idle_connections_do_not_take_the_server_down(scratch):
    """1,100 idle connections under a 1,024-descriptor limit, then a request: the server
    closes the idle ones after its idle timeout and answers."""
    server = Server(scratch, extra=("--idle-timeout", "2"), preexec_fn=limit_descriptors)
    idle = []
    try:
        for _ in range(1100):
            sock = socket.socket()
            sock.settimeout(5)
            try:
                sock.connect(("127.0.0.1", server.port))
            except OSError:
                sock.close()
                break
            idle.append(sock)
        assert len(idle) > 1000
        started = time.monotonic()
        assert b"UserPools" in request(server.port)
        assert time.monotonic() - started < 20
        assert server.process.poll() is None
        assert b"UserPools" in request(server.port)
    finally:
        for sock in idle:
            sock.close()
        server.stop()


def test_a_half_sent_request_is_closed_after_the_idle_timeout(scratch):
    server = Server(scratch, extra=("--idle-timeout", "2"))
    try:
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=15)
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Ta")
        started = time.monotonic()
        assert sock.recv(1024) == b""
        assert time.monotonic() - started < 10
        sock.close()
    finally:
        server.stop()


def test_an_oversized_body_gets_413_and_the_connection_closes(server):
    body = b"x" * (40 << 20)
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    started = time.monotonic()
    sock.sendall(
        b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\n"
        b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
    try:
        sock.sendall(body)
    except OSError:
        pass
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"RequestEntityTooLargeException" in answer
    assert time.monotonic() - started < 15


def serve_fails(database, *extra):
    result = subprocess.run([SIGIL, "serve", "--db", database, "--port", "0", *extra], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    return result.stderr


def make_store_with_a_user(database):
    pool = subprocess.run([SIGIL, "pool", "create", "--name", "keys", "--db", database], capture_output=True, text=True, timeout=60)
    assert pool.returncode == 0, pool.stderr
    pool_id = pool.stdout.split()[0]
    created = subprocess.run(
        [SIGIL, "user", "create", "--pool", pool_id, "--user", "ann", "--temporary-password", "Passw0rd!x", "--suppress", "--db", database],
        capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr


def test_a_store_without_its_key_does_not_start(scratch):
    database = os.path.join(scratch, "keyed.db")
    make_store_with_a_user(database)
    for name in ("keyed.db", "keyed.db-wal", "keyed.db-shm", "keyed.db.key"):
        path = os.path.join(scratch, name)
        if os.path.exists(path):
            assert os.stat(path).st_mode & 0o777 == 0o600, name
    key = os.path.join(scratch, "keyed.db.key")
    saved = open(key).read()
    os.remove(key)
    message = serve_fails(database)
    assert key in message and "SIGIL_AT_REST_KEY" in message
    assert not os.path.exists(key)
    with open(key, "w") as handle:
        handle.write("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n")
    os.chmod(key, 0o600)
    assert "not the key" in serve_fails(database)
    with open(key, "w") as handle:
        handle.write(saved)
    os.chmod(key, 0o644)
    assert "chmod 600" in serve_fails(database)


def test_a_url_is_not_a_store(scratch):
    message = serve_fails("postgres://user@localhost:5432/sigil")
    assert "SQLite file" in message
    assert not os.path.exists("postgres:")


def test_two_servers_on_one_store_sign_with_published_keys(scratch):
    """A server must not sign a new pool's tokens with a key it remembers from a deleted
    pool that had the same row in the store."""
    import jwt

    first = Server(scratch)
    second = Server(scratch, db=first.db)
    try:
        clients = [boto3.client("cognito-idp", endpoint_url=s.endpoint, region_name="us-east-1") for s in (first, second)]

        def pool_with_user(idp, name):
            pool_id = idp.create_user_pool(PoolName=name)["UserPool"]["Id"]
            client_id = idp.create_user_pool_client(
                UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
            )["UserPoolClient"]["ClientId"]
            idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
            idp.admin_set_user_password(UserPoolId=pool_id, Username="ann", Password="Passw0rd!x", Permanent=True)
            return pool_id, client_id

        def kid(idp, pool_id, client_id):
            result = idp.admin_initiate_auth(
                UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": "ann", "PASSWORD": "Passw0rd!x"})
            return jwt.get_unverified_header(result["AuthenticationResult"]["IdToken"])["kid"]

        old = pool_with_user(clients[0], "old")
        kid(clients[0], *old)
        clients[1].delete_user_pool(UserPoolId=old[0])
        new = pool_with_user(clients[1], "new")
        kid(clients[1], *new)
        signed = kid(clients[0], *new)
        import json
        import urllib.request
        published = json.load(urllib.request.urlopen(f"{second.endpoint}/{new[0]}/.well-known/jwks.json"))
        assert signed in {key["kid"] for key in published["keys"]}
    finally:
        first.stop()
        second.stop()


def test_a_slow_outside_provider_does_not_delay_other_clients(scratch):
    """Four GetId calls wait on an OpenID provider that answers in 5 s; meanwhile other
    clients' calls are answered in milliseconds (engine work runs off the event loops)."""
    import base64
    import http.server
    import json as json_module
    import threading

    from conftest import free_port

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            time.sleep(5)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    slow_port = free_port()
    slow = http.server.ThreadingHTTPServer(("127.0.0.1", slow_port), Slow)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    server = Server(scratch)
    try:
        provider = f"localhost:{slow_port}"
        registered = subprocess.run(
            [SIGIL, "oidc-provider", "add", "--db", server.db, "--url", f"http://{provider}", "--client-id", "web"],
            capture_output=True, text=True, timeout=60)
        assert registered.returncode == 0, registered.stderr
        identity = boto3.client("cognito-identity", endpoint_url=server.endpoint, region_name="us-east-1")
        idp = boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="us-east-1")
        pool_id = identity.create_identity_pool(
            IdentityPoolName="slow", AllowUnauthenticatedIdentities=False,
            OpenIdConnectProviderARNs=[f"arn:aws:iam::000000000000:oidc-provider/{provider}"])["IdentityPoolId"]

        def part(value):
            return base64.urlsafe_b64encode(json_module.dumps(value).encode()).rstrip(b"=").decode()

        token = ".".join([part({"alg": "RS256", "kid": "k"}),
                          part({"iss": f"http://{provider}", "aud": "web", "sub": "s", "exp": int(time.time()) + 600}), "c2ln"])
        stuck = []

        def get_id():
            started = time.monotonic()
            try:
                identity.get_id(IdentityPoolId=pool_id, Logins={provider: token})
            except ClientError:
                pass
            stuck.append(time.monotonic() - started)

        callers = [threading.Thread(target=get_id) for _ in range(4)]
        for caller in callers:
            caller.start()
        time.sleep(1)
        latencies = []
        for _ in range(20):
            started = time.monotonic()
            idp.list_user_pools(MaxResults=5)
            latencies.append(time.monotonic() - started)
        for caller in callers:
            caller.join(timeout=60)
        assert min(stuck) > 4, "the outside provider was not slow after all"
        assert max(latencies) < 0.5, latencies
    finally:
        server.stop()
        slow.shutdown()

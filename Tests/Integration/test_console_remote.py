"""The console attached to remote endpoints, as an operator would use it: the real binary
in tmux with `--endpoint`, against a `sigil serve` that requires signed requests
(`--access-key`) and against moto_server, a third-party Cognito API."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import boto3
import pyotp
import pytest

from conftest import Server, free_port
from test_console_tmux import Console, row_of

KEY_ID, SECRET = "AKIAREMOTECONSOLE", "remote-console-secret"
CREDENTIALS = f"AWS_ACCESS_KEY_ID={KEY_ID} AWS_SECRET_ACCESS_KEY={SECRET} AWS_DEFAULT_REGION=us-east-1"


@pytest.fixture
def signed_server():
    directory = tempfile.mkdtemp(prefix="sigil-remote-")
    server = Server(directory, extra=["--access-key", f"{KEY_ID}:{SECRET}"])
    idp = boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="us-east-1",
                       aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET)
    yield server, idp, directory
    server.stop()
    shutil.rmtree(directory, ignore_errors=True)


def test_console_attached_to_a_signed_sigil_server(signed_server):
    server, idp, directory = signed_server
    pool_id = idp.create_user_pool(PoolName="remote-shop", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web",
                                            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    for name in ["alice", "alina", "bob", "carol"]:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
    console = Console(directory, ["--endpoint", server.endpoint], environment=CREDENTIALS)
    try:
        screen = console.wait_text("by username · 4 users")
        assert f"⇄ {server.endpoint} (us-east-1)" in screen

        # Filter, then disable alina: the confirmation says where the change lands.
        console.keys("/")
        console.text("ali")
        console.wait_for(lambda s: row_of(s, "alina") is not None and row_of(s, "bob") is None, "the filtered list")
        console.keys("Enter", "Down")
        console.keys("d")
        screen = console.wait_text("Disable alina?")
        assert f"On {server.endpoint} (us-east-1)" in screen, screen
        console.keys("y")
        console.wait_text("Disabled alina")
        assert idp.admin_get_user(UserPoolId=pool_id, Username="alina")["Enabled"] is False

        # A second client signs up: the user appears live (the server's event stream).
        console.keys("Escape")
        console.wait_for(lambda s: row_of(s, "bob") is not None, "the whole list again")
        idp.sign_up(ClientId=client_id, Username="dave", Password="Passw0rd!dave",
                    UserAttributes=[{"Name": "email", "Value": "dave@example.com"}])
        console.wait_for(lambda s: row_of(s, "dave") is not None, "dave, signed up elsewhere")

        # The outbox, through the server's admin API: dave's code.
        code = server.last_code(pool_id, "dave")
        console.keys("6")
        console.wait_text(code)

        # Sign in with SRP, enrolling an authenticator (MFA required).
        idp.set_user_pool_mfa_config(UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
        idp.admin_set_user_password(UserPoolId=pool_id, Username="carol", Password="Passw0rd!carol", Permanent=True)
        console.keys("5")
        console.wait_text("App client    web")
        console.keys("Enter")
        console.wait_text("Forgot your password?")
        console.text("carol")
        console.keys("Tab")
        console.text("Passw0rd!carol")
        console.keys("Enter")
        _, secret = console.wait_secret()
        console.text(pyotp.TOTP(secret).now())
        console.keys("Enter")
        console.wait_text("Signed in as carol")
        console.wait_text("✓ valid")
    finally:
        console.stop()


@pytest.fixture
def moto_server():
    if shutil.which("moto_server") is None and not os.path.exists(os.path.join(os.path.dirname(sys.executable), "moto_server")):
        pytest.fail("moto_server is needed (scripts/test installs moto[server] into the virtualenv)")
    port = free_port()
    binary = shutil.which("moto_server") or os.path.join(os.path.dirname(sys.executable), "moto_server")
    process = subprocess.Popen([binary, "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    for _ in range(100):
        try:
            idp.list_user_pools(MaxResults=1)
            break
        except Exception:
            time.sleep(0.1)
    yield endpoint, idp
    process.terminate()
    process.wait(timeout=15)


def test_console_attached_to_moto(moto_server, tmp_path):
    endpoint, idp = moto_server
    pool_id = idp.create_user_pool(PoolName="moto-pool")["UserPool"]["Id"]
    idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    for name in ["mia", "max"]:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool_id, Username=name, Password="Passw0rd!" + name, Permanent=True)
    console = Console(str(tmp_path), ["--endpoint", endpoint], environment="AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test")
    try:
        console.wait_for(lambda s: row_of(s, "mia") is not None and row_of(s, "max") is not None, "moto's users")
        # The selected user's details (moto keeps no auth events: none are shown).
        console.wait_text("Attributes")
        # What only Sigil keeps is said to be unavailable, not a failure.
        console.keys("6")
        console.wait_text("does not offer an outbox")
        console.keys("5")
        console.wait_text("App client    web")
        console.keys("Enter")
        console.wait_text("Forgot your password?")
        console.text("mia")
        console.keys("Tab")
        console.text("Passw0rd!mia")
        console.keys("Enter")
        console.wait_text("Signed in as mia")
    finally:
        console.stop()

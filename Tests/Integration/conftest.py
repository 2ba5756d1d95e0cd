"""Starts a `sigil serve` on a free port for the integration tests and stops it after.

The tests talk to it as real clients do: boto3, pycognito, pyjwt, pyotp and the AWS CLI.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

import boto3
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIGIL = os.environ.get("SIGIL_BINARY", os.path.join(ROOT, ".build", "debug", "sigil"))

# boto3 wants credentials; Sigil accepts any unless started with --access-key.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, directory, extra=(), preexec_fn=None, db=None):
        self.directory = directory
        self.db = db or os.path.join(directory, "sigil.db")
        self.port = free_port()
        self.endpoint = f"http://localhost:{self.port}"
        log = os.path.join(directory, "server.log")
        self.log = open(log if not os.path.exists(log) else os.path.join(directory, f"server-{self.port}.log"), "w")
        self.process = subprocess.Popen(
            [SIGIL, "serve", "--db", self.db, "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True, preexec_fn=preexec_fn)
        line = self.process.stdout.readline()
        if "serving" not in line:
            self.stop()
            raise RuntimeError(f"sigil serve did not start: {line!r}")

    def stop(self):
        """Stops only the process this test started: SIGTERM, then SIGKILL if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def sigil(self, *arguments):
        """Runs the sigil command line on the server's store, as scripts do."""
        result = subprocess.run([SIGIL, *arguments, "--db", self.db], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"sigil {' '.join(arguments)} failed: {result.stderr}")
        return result.stdout

    def last_code(self, pool_id, username):
        return self.sigil("outbox", "last", "--pool", pool_id, "--user", username).strip()


@pytest.fixture(scope="session")
def server():
    directory = tempfile.mkdtemp(prefix="sigil-integration-")
    started = Server(directory)
    yield started
    started.stop()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def idp(server):
    return boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="us-east-1")


@pytest.fixture
def pool(idp):
    """A fresh pool with email sign-in codes and an app client for every flow."""
    pool_id = idp.create_user_pool(PoolName=f"it-{time.time_ns()}", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return {"id": pool_id, "client": client_id}

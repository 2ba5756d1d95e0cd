"""Concurrency, graceful shutdown, and logs that never hold a secret."""
import os
import shutil
import signal
import sqlite3
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3

from conftest import Server

PASSWORD = "Corr3ct-Horse!"


def client_for(server):
    return boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="us-east-1")


def test_concurrent_requests_keep_the_store_exact(server, idp):
    pool_id = idp.create_user_pool(PoolName="concurrent")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"])["UserPoolClient"]["ClientId"]

    def work(index):
        local = client_for(server)
        local.admin_create_user(UserPoolId=pool_id, Username=f"c{index}", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS")
        local.admin_set_user_password(UserPoolId=pool_id, Username=f"c{index}", Password=PASSWORD, Permanent=True)
        tokens = local.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": f"c{index}", "PASSWORD": PASSWORD})["AuthenticationResult"]
        return local.get_user(AccessToken=tokens["AccessToken"])["Username"]

    with ThreadPoolExecutor(max_workers=16) as pool:
        names = list(pool.map(work, range(64)))
    assert sorted(names) == sorted(f"c{index}" for index in range(64))
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["EstimatedNumberOfUsers"] == 64


def test_graceful_shutdown_finishes_requests_and_closes_the_store():
    directory = tempfile.mkdtemp(prefix="sigil-shutdown-")
    server = Server(directory)
    try:
        idp = client_for(server)
        pool_id = idp.create_user_pool(PoolName="shutdown")["UserPool"]["Id"]
        results, stop = [], threading.Event()

        def busy():
            local = client_for(server)
            index = 0
            while not stop.is_set():
                try:
                    local.admin_create_user(UserPoolId=pool_id, Username=f"s{index}", MessageAction="SUPPRESS")
                    results.append("ok")
                except Exception as error:  # the server is going away
                    results.append(type(error).__name__)
                    return
                index += 1

        threads = [threading.Thread(target=busy) for _ in range(4)]
        for thread in threads:
            thread.start()
        deadline = time.time() + 60
        while len(results) < 20 and time.time() < deadline:
            time.sleep(0.01)
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=20) == 0
        stop.set()
        for thread in threads:
            thread.join()
        created = results.count("ok")
        # Closed cleanly: the last connection checkpointed and removed the write-ahead log.
        assert not os.path.exists(server.db + "-wal") or os.path.getsize(server.db + "-wal") == 0
        with sqlite3.connect(server.db) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = db.execute("SELECT count(*) FROM users").fetchone()[0]
            assert db.execute("SELECT user_count FROM pools").fetchone()[0] == stored
        # Every request the server answered is in the store; none was cut off half-written.
        assert stored >= created
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


def test_the_log_holds_no_secrets(server, idp, pool):
    idp.sign_up(ClientId=pool["client"], Username="quiet", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "q@example.com"}])
    code = server.last_code(pool["id"], "quiet")
    idp.confirm_sign_up(ClientId=pool["client"], Username="quiet", ConfirmationCode=code)
    tokens = idp.initiate_auth(ClientId=pool["client"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "quiet", "PASSWORD": PASSWORD})["AuthenticationResult"]
    server.log.flush()
    with open(os.path.join(server.directory, "server.log")) as log:
        text = log.read()
    assert "InitiateAuth" in text
    for secret in (PASSWORD, code, tokens["AccessToken"][:40], tokens["RefreshToken"][:40]):
        assert secret not in text

"""The whole authorization code flow, as a browser and an app make it, over and over:
GET /oauth2/authorize (a redirect to the sign-in page), GET /login (the page, which sets
the form token), POST /login with the password (a redirect to the app with a code), then
the app's POST /oauth2/token with the code and its PKCE verifier.

    codeflow.py ENDPOINT SECONDS WORKERS

Each worker is a process with its own keep-alive connection. Prints one line:
RESULT flows/s p50_ms p99_ms errors count
"""
import base64
import hashlib
import http.client
import multiprocessing
import os
import re
import sys
import time
from urllib.parse import urlencode, urlsplit, parse_qs

import boto3

CALLBACK = "http://localhost:3000/callback"
PASSWORD = "Bench-Passw0rd!"


def seed(endpoint):
    idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
    pool_id = idp.create_user_pool(PoolName="code-flow-bench")["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"flow-{time.time_ns()}")
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", SupportedIdentityProviders=["COGNITO"], CallbackURLs=[CALLBACK],
        AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"])["UserPoolClient"]["ClientId"]
    for index in range(8):
        idp.admin_create_user(UserPoolId=pool_id, Username=f"user{index}", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": f"user{index}@example.com"}])
        idp.admin_set_user_password(UserPoolId=pool_id, Username=f"user{index}", Password=PASSWORD, Permanent=True)
    return client_id


def worker(endpoint, client_id, index, deadline, results):
    parts = urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    latencies, errors, csrf = [], 0, None
    while time.time() < deadline:
        verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        query = urlencode({"client_id": client_id, "response_type": "code", "redirect_uri": CALLBACK, "scope": "openid email",
                           "state": "s", "code_challenge": challenge, "code_challenge_method": "S256"})
        start = time.perf_counter()
        try:
            connection.request("GET", "/oauth2/authorize?" + query)
            answer = connection.getresponse()
            answer.read()
            location = answer.getheader("Location")
            connection.request("GET", location, headers={"Cookie": f"XSRF-TOKEN={csrf}"} if csrf else {})
            page = connection.getresponse()
            body = page.read().decode()
            cookie = page.getheader("Set-Cookie") or ""
            found = re.search(r"XSRF-TOKEN=([^;]+)", cookie)
            csrf = found.group(1) if found else csrf
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
            fields.update(username=f"user{index % 8}", password=PASSWORD, _csrf=csrf)
            connection.request("POST", "/login", body=urlencode(fields),
                               headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"XSRF-TOKEN={csrf}"})
            signed = connection.getresponse()
            signed.read()
            code = parse_qs(urlsplit(signed.getheader("Location")).query)["code"][0]
            connection.request("POST", "/oauth2/token", body=urlencode({
                "grant_type": "authorization_code", "client_id": client_id, "code": code, "redirect_uri": CALLBACK,
                "code_verifier": verifier}), headers={"Content-Type": "application/x-www-form-urlencoded"})
            token = connection.getresponse()
            ok = token.status == 200 and b"id_token" in token.read()
            if not ok:
                errors += 1
                continue
            latencies.append(time.perf_counter() - start)
        except Exception:
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port)
    results.put((latencies, errors))


def main():
    endpoint, seconds, workers = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    client_id = seed(endpoint)
    results = multiprocessing.Queue()
    deadline = time.time() + seconds
    processes = [multiprocessing.Process(target=worker, args=(endpoint, client_id, index, deadline, results)) for index in range(workers)]
    for process in processes:
        process.start()
    latencies, errors = [], 0
    for _ in processes:
        done, failed = results.get()
        latencies += done
        errors += failed
    for process in processes:
        process.join()
    latencies.sort()
    count = len(latencies)
    if count == 0:
        print("RESULT 0 0 0", errors, 0)
        return
    p50 = latencies[count // 2] * 1000
    p99 = latencies[min(count - 1, int(count * 0.99))] * 1000
    print(f"RESULT {count / seconds:.1f} {p50:.2f} {p99:.2f} {errors} {count}")


if __name__ == "__main__":
    main()

"""Messages leave the outbox for real: mail to an SMTP server (aiosmtpd, with STARTTLS
and a login), SMS to a webhook, and codes handed encrypted to a CustomEmailSender."""
import base64
import email
import email.policy
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import boto3
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import Server, free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append({"from": envelope.mail_from, "to": envelope.rcpt_tos, "authenticated": session.authenticated,
                              "mail": email.message_from_bytes(envelope.content, policy=email.policy.default)})
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"mailer" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


class Webhook(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        Webhook.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def mail_and_sms():
    folder = tempfile.mkdtemp(prefix="sigil-delivery-")
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True)
    controller.start()
    webhook = HTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    os.environ["SIGIL_SMTP_PASSWORD"] = "s3cret"
    server = Server(folder, extra=["--smtp", f"localhost:{port}", "--smtp-security", "starttls", "--smtp-user", "mailer",
                                   "--smtp-ca", cert, "--sms-webhook", f"http://127.0.0.1:{webhook.server_address[1]}/sms"])
    yield {"server": server, "inbox": inbox,
           "idp": boto3.client("cognito-idp", endpoint_url=server.endpoint, region_name="us-east-1")}
    server.stop()
    del os.environ["SIGIL_SMTP_PASSWORD"]
    controller.stop()
    webhook.shutdown()


def wait_for(predicate, what):
    for _ in range(100):
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"no {what} arrived")


def test_codes_arrive_by_mail_and_sms(mail_and_sms):
    idp, inbox, server = mail_and_sms["idp"], mail_and_sms["inbox"], mail_and_sms["server"]
    pool_id = idp.create_user_pool(
        PoolName=f"mail-{time.time_ns()}", AutoVerifiedAttributes=["email"],
        EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "From": "Acme Accounts <accounts@acme.example>",
                            "ReplyToEmailAddress": "help@acme.example",
                            "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/accounts@acme.example"},
        VerificationMessageTemplate={"EmailSubject": "Your Acme code", "EmailMessage": "Welcome! Your code is {####}. Grüße"},
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
    idp.sign_up(ClientId=client, Username="mia", Password="Passw0rd!", UserAttributes=[{"Name": "email", "Value": "mia@example.com"}])
    wait_for(lambda: inbox.messages, "mail")
    received = inbox.messages[-1]
    mail = received["mail"]
    code = server.last_code(pool_id, "mia")
    assert received["authenticated"] and received["from"] == "accounts@acme.example" and received["to"] == ["mia@example.com"]
    assert mail["From"] == "Acme Accounts <accounts@acme.example>" and mail["Reply-To"] == "help@acme.example"
    assert mail["Subject"] == "Your Acme code"
    assert mail.get_content().strip() == f"Welcome! Your code is {code}. Grüße"
    # SMS goes to the webhook.
    idp.admin_create_user(UserPoolId=pool_id, Username="sam", TemporaryPassword="Temp-Passw0rd!",
                          UserAttributes=[{"Name": "phone_number", "Value": "+15555550142"}])
    wait_for(lambda: any(item["to"] == "+15555550142" for item in Webhook.received), "SMS")
    sms = [item for item in Webhook.received if item["to"] == "+15555550142"][-1]
    assert sms["purpose"] == "invitation" and "Temp-Passw0rd!" in sms["message"] and sms["poolId"] == pool_id


SENDER = '''
import base64, os
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def handler(event, context):
    sealed = base64.b64decode(event["request"]["code"])
    code = AESGCM(base64.b64decode(os.environ["SIGIL_SENDER_KEY"])).decrypt(sealed[:12], sealed[12:], None).decode()
    with open(os.environ["SEEN"], "a") as out:
        out.write(event["triggerSource"] + " " + event["request"]["type"] + " " + code + "\\n")
    return event
'''


def test_a_custom_email_sender_gets_the_code_encrypted(mail_and_sms, tmp_path):
    idp, inbox, server = mail_and_sms["idp"], mail_and_sms["inbox"], mail_and_sms["server"]
    name = f"sender-{time.time_ns()}"
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
    kms = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    key = server.sigil("function", "sender-key", kms).strip()
    (tmp_path / "sender.py").write_text(SENDER)
    seen = tmp_path / "seen.txt"
    server.sigil("function", "map", arn, "--handler", str(tmp_path / "sender.py"), "--interpreter", sys.executable,
                 "--env", f"SIGIL_SENDER_KEY={key}", "--env", f"SEEN={seen}")
    pool_id = idp.create_user_pool(PoolName=name, AutoVerifiedAttributes=["email"], LambdaConfig={
        "CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": arn}, "KMSKeyID": kms})["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
    before = len(inbox.messages)
    idp.sign_up(ClientId=client, Username="nia", Password="Passw0rd!", UserAttributes=[{"Name": "email", "Value": "nia@example.com"}])
    wait_for(lambda: seen.exists(), "custom sender call")
    code = server.last_code(pool_id, "nia")
    assert seen.read_text().split() == ["CustomEmailSender_SignUp", "customEmailSenderRequestV1", code]
    # The function sends it, Sigil does not.
    time.sleep(0.5)
    assert len(inbox.messages) == before


SMS_SENDER = '''
import { appendFileSync } from "node:fs";
import { createDecipheriv } from "node:crypto";

export const handler = async (event) => {
  const sealed = Buffer.from(event.request.code, "base64");
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(process.env.SIGIL_SENDER_KEY, "base64"), sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(-16));
  const code = Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]).toString();
  appendFileSync(process.env.SEEN, `${event.triggerSource} ${event.request.type} ${event.request.userAttributes.phone_number} ${code}\\n`);
  return event;
};
'''


def test_a_custom_sms_sender_in_node_decrypts_the_code(mail_and_sms, tmp_path):
    idp, server = mail_and_sms["idp"], mail_and_sms["server"]
    name = f"sms-sender-{time.time_ns()}"
    arn = f"arn:aws:lambda:us-east-1:123456789012:function:{name}"
    kms = "arn:aws:kms:us-east-1:123456789012:alias/sigil-sms"
    (tmp_path / "sms.mjs").write_text(SMS_SENDER)
    seen = tmp_path / "seen.txt"
    server.sigil("function", "map", arn, "--handler", str(tmp_path / "sms.mjs"),
                 "--env", f"SIGIL_SENDER_KEY={server.sigil('function', 'sender-key', kms).strip()}", "--env", f"SEEN={seen}")
    pool_id = idp.create_user_pool(PoolName=name, AutoVerifiedAttributes=["phone_number"], LambdaConfig={
        "CustomSMSSender": {"LambdaVersion": "V1_0", "LambdaArn": arn}, "KMSKeyID": kms})["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
    before = len(Webhook.received)
    idp.sign_up(ClientId=client, Username="pat", Password="Passw0rd!", UserAttributes=[{"Name": "phone_number", "Value": "+15555550177"}])
    wait_for(lambda: seen.exists(), "custom SMS sender call")
    code = server.last_code(pool_id, "pat")
    assert seen.read_text().split() == ["CustomSMSSender_SignUp", "customSMSSenderRequestV1", "+15555550177", code]
    time.sleep(0.5)
    assert len(Webhook.received) == before

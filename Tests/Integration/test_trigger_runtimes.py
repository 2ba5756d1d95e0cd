"""Trigger functions run the ways Lambda runs them: AWS's own runtime interface client
(awslambdaric) over Sigil's Runtime API, handlers written against aws-lambda-powertools'
Cognito event classes, and a remote function behind the Lambda Invoke API."""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"


def make_pool(idp, name, config, flows=("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")):
    pool_id = idp.create_user_pool(PoolName=name, LambdaConfig=config, AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=list(flows))["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def test_awslambdaric_runs_a_python_handler(idp, server, tmp_path):
    name = f"ric-{time.time_ns()}"
    (tmp_path / "ric_handler.py").write_text(
        "import awslambdaric\n"
        "def handler(event, context):\n"
        "    event['response']['autoConfirmUser'] = True\n"
        "    print('confirmed by awslambdaric', context.aws_request_id)\n"
        "    return event\n")
    server.sigil("function", "map", ARN.format(name), "--handler", str(tmp_path / "ric_handler.py"),
                 "--interpreter", sys.executable, "--runtime-client", "awslambdaric")
    assert "(awslambdaric)" in server.sigil("function", "list")
    _, client = make_pool(idp, name, {"PreSignUp": ARN.format(name)})
    assert idp.sign_up(ClientId=client, Username="ria", Password="Passw0rd!")["UserConfirmed"] is True
    log = open(os.path.join(server.directory, "functions", f"{name}.log")).read()
    assert "confirmed by awslambdaric" in log


POWERTOOLS = '''
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import (
    CustomMessageTriggerEvent, PostAuthenticationTriggerEvent, PostConfirmationTriggerEvent, PreAuthenticationTriggerEvent,
    PreSignUpTriggerEvent, PreTokenGenerationTriggerEvent)

SEEN = "{seen}"

def note(line):
    with open(SEEN, "a") as out:
        out.write(line + "\\n")

def handler(event, context):
    source = event["triggerSource"]
    if source.startswith("PreSignUp_"):
        parsed = PreSignUpTriggerEvent(event)
        note(parsed.trigger_source + " " + parsed.user_name + " " + parsed.request.user_attributes["email"])
        parsed.response.auto_confirm_user = True
        parsed.response.auto_verify_email = True
        return parsed.raw_event
    if source.startswith("PostConfirmation_"):
        parsed = PostConfirmationTriggerEvent(event)
        note(parsed.trigger_source + " " + parsed.request.user_attributes["sub"])
    elif source.startswith("PreAuthentication_"):
        parsed = PreAuthenticationTriggerEvent(event)
        note(parsed.trigger_source + " " + parsed.caller_context.client_id)
    elif source.startswith("PostAuthentication_"):
        parsed = PostAuthenticationTriggerEvent(event)
        note(parsed.trigger_source + " new device " + str(parsed.request.new_device_used))
    elif source.startswith("CustomMessage_"):
        parsed = CustomMessageTriggerEvent(event)
        parsed.response.email_subject = "Hi " + parsed.user_name
        parsed.response.email_message = "Code " + parsed.request.code_parameter + " " + parsed.request.link_parameter
        parsed.response.sms_message = "Code " + parsed.request.code_parameter
        note(parsed.trigger_source)
        return parsed.raw_event
    elif source.startswith("TokenGeneration_"):
        parsed = PreTokenGenerationTriggerEvent(event)
        parsed.response.claims_override_details.claims_to_add_or_override = {{"plan": "gold"}}
        parsed.response.claims_override_details.set_group_configuration_groups_to_override(["members"])
        note(parsed.trigger_source + " groups " + ",".join(parsed.request.group_configuration.groups_to_override))
        return parsed.raw_event
    return event
'''


def test_handlers_written_with_powertools_event_classes(idp, server, tmp_path):
    name = f"powertools-{time.time_ns()}"
    arn = ARN.format(name)
    seen = tmp_path / "seen.txt"
    (tmp_path / "typed.py").write_text(POWERTOOLS.format(seen=seen))
    server.sigil("function", "map", arn, "--handler", str(tmp_path / "typed.py"), "--interpreter", sys.executable)
    config = {key: arn for key in ("PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication", "CustomMessage",
                                   "PreTokenGeneration")}
    pool_id, client = make_pool(idp, name, config)
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    assert idp.sign_up(ClientId=client, Username="pia", Password="Passw0rd!",
                       UserAttributes=[{"Name": "email", "Value": "pia@example.com"}])["UserConfirmed"] is True
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="pia", GroupName="staff")
    tokens = idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client,
                               AuthParameters={"USERNAME": "pia", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    import jwt
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert claims["plan"] == "gold" and claims["cognito:groups"] == ["members"]
    idp.admin_create_user(UserPoolId=pool_id, Username="quin", UserAttributes=[{"Name": "email", "Value": "quin@example.com"}],
                          DesiredDeliveryMediums=["EMAIL"])
    invitation = server.sigil("outbox", "list", "--pool", pool_id, "--user", "quin", "--json")
    assert "Hi quin" in invitation
    lines = seen.read_text().splitlines()
    assert lines[0] == "PreSignUp_SignUp pia pia@example.com"
    assert any(line.startswith("PreAuthentication_Authentication " + client) for line in lines)
    assert "TokenGeneration_Authentication groups staff" in lines
    assert "PostAuthentication_Authentication new device False" in lines
    assert "CustomMessage_AdminCreateUser" in lines
    assert "PreSignUp_AdminCreateUser quin quin@example.com" in lines


class InvokeAPI(BaseHTTPRequestHandler):
    """A Lambda Invoke API for one function: checks the SigV4 signature as Lambda would
    and answers as the handler does."""
    calls = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        InvokeAPI.calls.append({"path": self.path, "authorization": self.headers["Authorization"]})
        if not self.path.startswith("/2015-03-31/functions/") or not self.path.endswith("/invocations"):
            return self.answer(404, {"Type": "User", "Message": "Function not found"})
        if not self.signature_matches(body):
            return self.answer(403, {"message": "The request signature we calculated does not match the signature you provided."})
        event = json.loads(body)
        if event["userName"].startswith("blocked"):
            return self.answer(200, {"errorMessage": "Blocked by the remote function", "errorType": "Exception"},
                               {"X-Amz-Function-Error": "Unhandled"})
        event["response"]["autoConfirmUser"] = True
        self.answer(200, event)

    def signature_matches(self, body):
        authorization = self.headers["Authorization"] or ""
        fields = dict(part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
        signed = fields["SignedHeaders"].split(";")
        request = AWSRequest(method="POST", url=f"http://{self.headers['Host']}{self.path}", data=body,
                             headers={name: self.headers[name] for name in signed})
        request.context["timestamp"] = self.headers["X-Amz-Date"]
        _, date, region, service, _ = fields["Credential"].split("/")
        auth = SigV4Auth(Credentials("test", "test"), service, region)
        expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
        return service == "lambda" and expected == fields["Signature"]

    def answer(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def invoke_api():
    httpd = HTTPServer(("127.0.0.1", 0), InvokeAPI)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_remote_function_through_the_invoke_api(idp, server, invoke_api):
    name = f"remote-{time.time_ns()}"
    server.sigil("function", "map", ARN.format(name), "--invoke-endpoint", invoke_api)
    _, client = make_pool(idp, name, {"PreSignUp": ARN.format(name)})
    assert idp.sign_up(ClientId=client, Username="remy", Password="Passw0rd!")["UserConfirmed"] is True
    call = InvokeAPI.calls[-1]
    assert call["path"] == f"/2015-03-31/functions/{name}/invocations"
    assert "/us-east-1/lambda/aws4_request" in call["authorization"]
    with pytest.raises(idp.exceptions.UserLambdaValidationException) as caught:
        idp.sign_up(ClientId=client, Username="blocked-bo", Password="Passw0rd!")
    assert caught.value.response["Error"]["Message"] == "PreSignUp failed with error Blocked by the remote function."
    # A function the API does not know.
    server.sigil("function", "map", ARN.format(name), "--invoke-endpoint", invoke_api + "/elsewhere")
    with pytest.raises(idp.exceptions.UnexpectedLambdaException) as caught:
        idp.sign_up(ClientId=client, Username="remo", Password="Passw0rd!")
    assert "HTTP 404" in caught.value.response["Error"]["Message"]

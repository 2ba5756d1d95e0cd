"""The example handlers in examples/triggers, run as their README says, against
`sigil serve` with boto3."""
import os
import re
import time

import jwt
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLES = os.path.join(ROOT, "examples", "triggers")
ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"


def mapped(server, file, *extra):
    name = f"example-{time.time_ns()}"
    server.sigil("function", "map", ARN.format(name), "--handler", os.path.join(EXAMPLES, file), *extra)
    return name, ARN.format(name)


def pool_with(idp, config, flows=("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")):
    pool_id = idp.create_user_pool(PoolName=f"example-{time.time_ns()}", LambdaConfig=config)["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=list(flows))["UserPoolClient"]["ClientId"]
    return pool_id, client


@pytest.mark.parametrize("file", ["python/auto_confirm.py", "node/auto-confirm.mjs"])
def test_auto_confirm(idp, server, file):
    _, arn = mapped(server, file, "--env", "ALLOWED_DOMAINS=example.com")
    _, client = pool_with(idp, {"PreSignUp": arn})
    ok = idp.sign_up(ClientId=client, Username="ana", Password="Passw0rd!", UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    other = idp.sign_up(ClientId=client, Username="oli", Password="Passw0rd!", UserAttributes=[{"Name": "email", "Value": "oli@other.test"}])
    assert ok["UserConfirmed"] is True and other["UserConfirmed"] is False


def signed_in(idp, pool_id, client, username="ana", email="ana@example.com", group=None):
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": email}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password="Passw0rd!", Permanent=True)
    if group:
        idp.create_group(UserPoolId=pool_id, GroupName=group)
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)
    result = idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client,
                               AuthParameters={"USERNAME": username, "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    decode = lambda token: jwt.decode(token, options={"verify_signature": False})
    return decode(result["IdToken"]), decode(result["AccessToken"])


def test_add_claims_version_2(idp, server):
    _, arn = mapped(server, "python/add_claims.py")
    pool_id, client = pool_with(idp, {"PreTokenGenerationConfig": {"LambdaVersion": "V2_0", "LambdaArn": arn}})
    id_token, access = signed_in(idp, pool_id, client, group="admins")
    assert id_token["tenant"] == "example.com" and access["tenant"] == "example.com"
    assert "orders/read" in access["scope"].split()


def test_add_claims_version_1(idp, server):
    _, arn = mapped(server, "node/add-claims.mjs")
    pool_id, client = pool_with(idp, {"PreTokenGeneration": arn})
    id_token, _ = signed_in(idp, pool_id, client, group="staff")
    assert id_token["tenant"] == "example.com" and id_token["cognito:groups"] == ["staff", "members"]


def test_migrate_from_csv(idp, server):
    _, arn = mapped(server, "python/migrate_from_csv.py")
    pool_id, client = pool_with(idp, {"UserMigration": arn})
    with pytest.raises(idp.exceptions.UserLambdaValidationException) as caught:
        idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client, AuthParameters={"USERNAME": "dora", "PASSWORD": "guess"})
    assert caught.value.response["Error"]["Message"] == "UserMigration failed with error Bad password."
    tokens = idp.initiate_auth(AuthFlow="USER_PASSWORD_AUTH", ClientId=client,
                               AuthParameters={"USERNAME": "dora", "PASSWORD": "Legacy-pass-1"})["AuthenticationResult"]
    assert tokens["AccessToken"]
    user = idp.admin_get_user(UserPoolId=pool_id, Username="dora")
    assert user["UserStatus"] == "CONFIRMED" and {"Name": "email", "Value": "dora@legacy.example"} in user["UserAttributes"]


def test_one_time_code(idp, server):
    name, arn = mapped(server, "node/one-time-code.mjs")
    pool_id, client = pool_with(idp, {"DefineAuthChallenge": arn, "CreateAuthChallenge": arn, "VerifyAuthChallengeResponse": arn},
                                flows=("ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"))
    idp.admin_create_user(UserPoolId=pool_id, Username="ola", MessageAction="SUPPRESS", UserAttributes=[{"Name": "email", "Value": "ola@example.com"}])
    challenge = idp.initiate_auth(AuthFlow="CUSTOM_AUTH", ClientId=client, AuthParameters={"USERNAME": "ola"})
    assert challenge["ChallengeParameters"]["destination"] == "o***@example.com"
    log = open(os.path.join(server.directory, "functions", f"{name}.log")).read()
    code = re.findall(r"One-time code for ola: (\d{6})", log)[-1]
    wrong = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=challenge["Session"],
                                          ChallengeResponses={"USERNAME": "ola", "ANSWER": "000000" if code != "000000" else "111111"})
    assert wrong["ChallengeName"] == "CUSTOM_CHALLENGE"
    tokens = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="CUSTOM_CHALLENGE", Session=wrong["Session"],
                                           ChallengeResponses={"USERNAME": "ola", "ANSWER": code})
    assert tokens["AuthenticationResult"]["IdToken"]

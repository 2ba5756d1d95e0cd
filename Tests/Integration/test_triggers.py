"""Lambda triggers through `sigil serve`: handler files mapped with `sigil function map`,
run unmodified by Sigil's runtimes, as boto3 signs users up."""
import os
import time

import pytest

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"


@pytest.fixture
def trigger_pool(idp, tmp_path):
    name = f"presignup-{time.time_ns()}"
    pool_id = idp.create_user_pool(PoolName=name, LambdaConfig={"PreSignUp": ARN.format(name)})["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]
    return {"pool": pool_id, "client": client_id, "arn": ARN.format(name), "dir": tmp_path}


def test_a_python_pre_sign_up_handler_confirms_users(idp, server, trigger_pool):
    handler = os.path.join(trigger_pool["dir"], "auto_confirm.py")
    with open(handler, "w") as file:
        file.write("def lambda_handler(event, context):\n"
                   "    event['response']['autoConfirmUser'] = event['request']['userAttributes']['email'].endswith('@example.com')\n"
                   "    return event\n")
    server.sigil("function", "map", trigger_pool["arn"], "--handler", handler + ":lambda_handler")
    confirmed = idp.sign_up(ClientId=trigger_pool["client"], Username="ann", Password="Passw0rd!",
                            UserAttributes=[{"Name": "email", "Value": "ann@example.com"}])
    assert confirmed["UserConfirmed"] is True
    pending = idp.sign_up(ClientId=trigger_pool["client"], Username="bob", Password="Passw0rd!",
                          UserAttributes=[{"Name": "email", "Value": "bob@elsewhere.test"}])
    assert pending["UserConfirmed"] is False


def test_a_node_handler_refuses_and_an_unmapped_function_says_how_to_map_it(idp, server, trigger_pool):
    with pytest.raises(idp.exceptions.UnexpectedLambdaException) as caught:
        idp.sign_up(ClientId=trigger_pool["client"], Username="carol", Password="Passw0rd!")
    assert "sigil function map " + trigger_pool["arn"] in caught.value.response["Error"]["Message"]
    handler = os.path.join(trigger_pool["dir"], "refuse.mjs")
    with open(handler, "w") as file:
        file.write("export const handler = async () => { throw new Error('Invitations only'); };\n")
    server.sigil("function", "map", trigger_pool["arn"], "--handler", handler)
    with pytest.raises(idp.exceptions.UserLambdaValidationException) as caught:
        idp.sign_up(ClientId=trigger_pool["client"], Username="carol", Password="Passw0rd!")
    assert caught.value.response["Error"]["Message"] == "PreSignUp failed with error Invitations only."
    with pytest.raises(idp.exceptions.UserNotFoundException):
        idp.admin_get_user(UserPoolId=trigger_pool["pool"], Username="carol")


ONE_TIME_CODE = """
const fs = require("fs");
const crypto = require("crypto");
exports.handler = async (event) => {
  const { request, response } = event;
  const session = request.session || [];
  const last = session[session.length - 1];
  switch (event.triggerSource) {
    case "DefineAuthChallenge_Authentication":
      if (session.length === 1 && last.challengeName === "SRP_A") {
        response.challengeName = "PASSWORD_VERIFIER";
      } else if (last && last.challengeName === "PASSWORD_VERIFIER" && last.challengeResult) {
        response.challengeName = "CUSTOM_CHALLENGE";
      } else if (last && last.challengeName === "CUSTOM_CHALLENGE" && last.challengeResult) {
        response.issueTokens = true;
      } else {
        response.failAuthentication = true;
      }
      break;
    case "CreateAuthChallenge_Authentication": {
      const code = crypto.randomInt(100000, 999999).toString();
      fs.writeFileSync(process.env.CODE_FILE, code);
      response.publicChallengeParameters = { email: request.userAttributes.email, delivery: "EMAIL" };
      response.privateChallengeParameters = { code };
      break;
    }
    case "VerifyAuthChallengeResponse_Authentication":
      response.answerCorrect = request.challengeAnswer === request.privateChallengeParameters.code;
      break;
  }
  return event;
};
"""


def test_custom_auth_with_a_password_then_a_one_time_code(idp, server, tmp_path):
    from pycognito.aws_srp import AWSSRP
    name = f"otp-{time.time_ns()}"
    arn = ARN.format(name)
    handler = tmp_path / "otp.js"
    handler.write_text(ONE_TIME_CODE)
    code_file = tmp_path / "code.txt"
    server.sigil("function", "map", arn, "--handler", str(handler), "--env", f"CODE_FILE={code_file}")
    pool_id = idp.create_user_pool(PoolName=name, LambdaConfig={
        "DefineAuthChallenge": arn, "CreateAuthChallenge": arn, "VerifyAuthChallengeResponse": arn})["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                            ExplicitAuthFlows=["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="olga", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "olga@example.com"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="olga", Password="Passw0rd!", Permanent=True)

    def password_step(password):
        srp = AWSSRP(username="olga", password=password, pool_id=pool_id, client_id=client_id, client=idp)
        parameters = srp.get_auth_params()
        parameters["CHALLENGE_NAME"] = "SRP_A"
        started = idp.initiate_auth(AuthFlow="CUSTOM_AUTH", AuthParameters=parameters, ClientId=client_id)
        assert started["ChallengeName"] == "PASSWORD_VERIFIER"
        answers = srp.process_challenge(started["ChallengeParameters"], parameters)
        return idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
                                             ChallengeResponses=answers, Session=started["Session"])

    with pytest.raises(idp.exceptions.NotAuthorizedException) as caught:
        password_step("Wrong-passw0rd")
    assert caught.value.response["Error"]["Message"] == "Incorrect username or password."
    challenge = password_step("Passw0rd!")
    assert challenge["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert challenge["ChallengeParameters"] == {"email": "olga@example.com", "delivery": "EMAIL", "USERNAME": "olga"}
    tokens = idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="CUSTOM_CHALLENGE", Session=challenge["Session"],
                                           ChallengeResponses={"USERNAME": "olga", "ANSWER": code_file.read_text()})
    assert tokens["AuthenticationResult"]["TokenType"] == "Bearer"
    user = idp.get_user(AccessToken=tokens["AuthenticationResult"]["AccessToken"])
    assert user["Username"] == "olga"

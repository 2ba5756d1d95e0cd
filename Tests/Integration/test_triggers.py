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

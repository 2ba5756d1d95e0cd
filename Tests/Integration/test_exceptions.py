"""Each exception the engine raises reaches boto3 with its name, as from Cognito."""
import time

import pytest
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-Horse!"


@pytest.fixture(scope="module")
def world(idp, server):
    """A pool with users in the states the calls below need."""
    pool_id = idp.create_user_pool(PoolName=f"errors-{time.time_ns()}", AutoVerifiedAttributes=["email"], AliasAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="confirmed", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "c@example.com"}, {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="confirmed", Password=PASSWORD, Permanent=True)
    idp.admin_create_user(UserPoolId=pool_id, Username="temporary", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS")
    idp.sign_up(ClientId=client_id, Username="pending", Password=PASSWORD, UserAttributes=[{"Name": "email", "Value": "p@example.com"}])
    idp.admin_create_user(UserPoolId=pool_id, Username="reset", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "r@example.com"}, {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="reset", Password=PASSWORD, Permanent=True)
    idp.admin_reset_user_password(UserPoolId=pool_id, Username="reset")
    idp.create_group(UserPoolId=pool_id, GroupName="g")
    job = idp.create_user_import_job(UserPoolId=pool_id, JobName="j", CloudWatchLogsRoleArn="arn:aws:iam::000000000000:role/r")["UserImportJob"]
    return {"pool": pool_id, "client": client_id, "job": job["JobId"]}


def auth(world, username, password=PASSWORD):
    return {"ClientId": world["client"], "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": username, "PASSWORD": password}}


CASES = [
    ("ResourceNotFoundException", "describe_user_pool", lambda w: {"UserPoolId": "us-east-1_NotThere1"}),
    ("UserNotFoundException", "admin_get_user", lambda w: {"UserPoolId": w["pool"], "Username": "ghost"}),
    ("UsernameExistsException", "admin_create_user", lambda w: {"UserPoolId": w["pool"], "Username": "confirmed", "MessageAction": "SUPPRESS"}),
    ("AliasExistsException", "admin_create_user", lambda w: {
        "UserPoolId": w["pool"], "Username": "twin", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": "c@example.com"}, {"Name": "email_verified", "Value": "true"}]}),
    ("InvalidParameterException", "list_users", lambda w: {"UserPoolId": w["pool"], "Filter": "custom:x = \"1\""}),
    ("InvalidPasswordException", "admin_set_user_password", lambda w: {"UserPoolId": w["pool"], "Username": "confirmed", "Password": "short"}),
    ("NotAuthorizedException", "initiate_auth", lambda w: auth(w, "confirmed", "Wrong-pass1")),
    ("UserNotConfirmedException", "initiate_auth", lambda w: auth(w, "pending")),
    ("PasswordResetRequiredException", "initiate_auth", lambda w: auth(w, "reset")),
    ("CodeMismatchException", "confirm_sign_up", lambda w: {"ClientId": w["client"], "Username": "pending", "ConfirmationCode": "000000"}),
    ("ExpiredCodeException", "confirm_forgot_password", lambda w: {
        "ClientId": w["client"], "Username": "confirmed", "ConfirmationCode": "123456", "Password": "New-pass-1"}),
    ("GroupExistsException", "create_group", lambda w: {"UserPoolId": w["pool"], "GroupName": "g"}),
    ("PreconditionNotMetException", "stop_user_import_job", lambda w: {"UserPoolId": w["pool"], "JobId": w["job"]}),
    ("UnsupportedUserStateException", "admin_create_user", lambda w: {"UserPoolId": w["pool"], "Username": "confirmed", "MessageAction": "RESEND"}),
    ("InvalidOAuthFlowException", "create_user_pool_client", lambda w: {
        "UserPoolId": w["pool"], "ClientName": "o", "AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid"]}),
    ("ScopeDoesNotExistException", "create_user_pool_client", lambda w: {"UserPoolId": w["pool"], "ClientName": "s", "AllowedOAuthScopes": ["Cognito"]}),
    ("EnableSoftwareTokenMFAException", "verify_software_token", None),
    ("UnsupportedOperationException", "create_user_pool_replica", lambda w: {"UserPoolId": w["pool"], "RegionName": "eu-west-1"}),
]


@pytest.mark.parametrize("expected, method, arguments", CASES, ids=[case[0] for case in CASES])
def test_exception_names(idp, world, expected, method, arguments):
    if arguments is None:
        access = idp.initiate_auth(**auth(world, "confirmed"))["AuthenticationResult"]["AccessToken"]
        idp.associate_software_token(AccessToken=access)
        arguments = lambda w: {"AccessToken": access, "UserCode": "000000"}  # noqa: E731
    with pytest.raises(ClientError) as caught:
        getattr(idp, method)(**arguments(world))
    assert caught.value.response["Error"]["Code"] == expected
    assert caught.value.response["Error"]["Message"]


def test_lockout_and_limits(idp, world):
    for _ in range(5):
        with pytest.raises(ClientError):
            idp.initiate_auth(**auth(world, "temporary", "Wrong-pass1"))
    with pytest.raises(ClientError) as caught:
        idp.initiate_auth(**auth(world, "temporary"))
    assert caught.value.response["Error"]["Message"] == "Password attempts exceeded"
    codes = []
    for _ in range(6):
        try:
            idp.resend_confirmation_code(ClientId=world["client"], Username="pending")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert codes == ["LimitExceededException"] * len(codes) and codes

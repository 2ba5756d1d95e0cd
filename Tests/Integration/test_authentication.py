"""Sign-up and sign-in as real clients do them: boto3, pycognito (SRP), pyjwt, pyotp."""
import base64
import hashlib
import hmac
import json
import time
import urllib.request

import jwt
import pyotp
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito

PASSWORD = "Corr3ct-Horse!"


def error_code(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"]


def signed_up(idp, server, pool, username):
    """Signs up, then confirms with the code `sigil outbox last` prints."""
    response = idp.sign_up(
        ClientId=pool["client"], Username=username, Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
    assert response["UserConfirmed"] is False
    assert response["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    code = server.last_code(pool["id"], username)
    assert code.isdigit() and len(code) == 6
    idp.confirm_sign_up(ClientId=pool["client"], Username=username, ConfirmationCode=code)
    return response["UserSub"]


def password_auth(idp, pool, username, password=PASSWORD):
    return idp.initiate_auth(
        ClientId=pool["client"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": username, "PASSWORD": password})


def test_sign_up_confirm_and_password_sign_in(idp, server, pool):
    sub = signed_up(idp, server, pool, "ann")
    result = password_auth(idp, pool, "ann")["AuthenticationResult"]
    assert result["TokenType"] == "Bearer" and result["ExpiresIn"] == 3600
    assert error_code(idp.confirm_sign_up, ClientId=pool["client"], Username="ann", ConfirmationCode="123456") == "NotAuthorizedException"
    assert error_code(password_auth, idp=idp, pool=pool, username="ann", password="Wrong-pass1") == "NotAuthorizedException"
    assert error_code(password_auth, idp=idp, pool=pool, username="ghost") == "UserNotFoundException"
    user = idp.get_user(AccessToken=result["AccessToken"])
    assert user["Username"] == "ann"
    assert {a["Name"]: a["Value"] for a in user["UserAttributes"]}["sub"] == sub


def test_tokens_verify_with_pyjwt_against_the_served_jwks(idp, server, pool):
    signed_up(idp, server, pool, "jay")
    result = password_auth(idp, pool, "jay")["AuthenticationResult"]
    discovery = json.load(urllib.request.urlopen(f"{server.endpoint}/{pool['id']}/.well-known/openid-configuration"))
    assert discovery["issuer"] == f"{server.endpoint}/{pool['id']}"
    keys = jwt.PyJWKClient(discovery["jwks_uri"])
    id_claims = jwt.decode(
        result["IdToken"], keys.get_signing_key_from_jwt(result["IdToken"]).key, algorithms=["RS256"],
        audience=pool["client"], issuer=discovery["issuer"])
    assert id_claims["token_use"] == "id" and id_claims["cognito:username"] == "jay" and id_claims["email_verified"] is True
    access_claims = jwt.decode(
        result["AccessToken"], keys.get_signing_key_from_jwt(result["AccessToken"]).key, algorithms=["RS256"],
        issuer=discovery["issuer"], options={"verify_aud": False})
    assert access_claims["client_id"] == pool["client"] and access_claims["scope"] == "aws.cognito.signin.user.admin"
    with pytest.raises(jwt.InvalidSignatureError):
        forged = result["IdToken"][:-4] + ("AAAA" if not result["IdToken"].endswith("AAAA") else "BBBB")
        jwt.decode(forged, keys.get_signing_key_from_jwt(result["IdToken"]).key, algorithms=["RS256"], audience=pool["client"])


def test_srp_with_pycognito(idp, server, pool):
    signed_up(idp, server, pool, "sam")
    user = Cognito(pool["id"], pool["client"], username="sam", boto3_client_kwargs={"endpoint_url": server.endpoint})
    user.authenticate(password=PASSWORD)  # also verifies both tokens against the JWKS
    assert user.access_claims["username"] == "sam"
    wrong = Cognito(pool["id"], pool["client"], username="sam", boto3_client_kwargs={"endpoint_url": server.endpoint})
    with pytest.raises(ClientError) as caught:
        wrong.authenticate(password="Wrong-pass1")
    assert caught.value.response["Error"]["Code"] == "NotAuthorizedException"
    # The refresh token renews the tokens.
    user.renew_access_token()
    assert user.access_claims["username"] == "sam"


def test_secret_hash_clients(idp, server, pool):
    client = idp.create_user_pool_client(
        UserPoolId=pool["id"], ClientName="secret", GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    signed_up(idp, server, pool, "sid")

    def secret_hash(username):
        digest = hmac.new(client["ClientSecret"].encode(), (username + client["ClientId"]).encode(), hashlib.sha256).digest()
        return base64.b64encode(digest).decode()

    result = idp.initiate_auth(
        ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "sid", "PASSWORD": PASSWORD, "SECRET_HASH": secret_hash("sid")})["AuthenticationResult"]
    assert result["AccessToken"]
    assert error_code(
        idp.initiate_auth, ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "sid", "PASSWORD": PASSWORD}) == "NotAuthorizedException"
    user = Cognito(pool["id"], client["ClientId"], username="sid", client_secret=client["ClientSecret"],
                   boto3_client_kwargs={"endpoint_url": server.endpoint})
    user.authenticate(password=PASSWORD)
    assert user.id_claims["cognito:username"] == "sid"


def test_new_password_required_refresh_and_global_sign_out(idp, pool):
    idp.admin_create_user(UserPoolId=pool["id"], Username="tom", TemporaryPassword="Temp-pass1", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "tom@example.com"}])
    challenge = password_auth(idp, pool, "tom", "Temp-pass1")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert json.loads(challenge["ChallengeParameters"]["requiredAttributes"]) == []
    done = idp.respond_to_auth_challenge(
        ClientId=pool["client"], ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "tom", "NEW_PASSWORD": PASSWORD})["AuthenticationResult"]
    assert error_code(
        idp.respond_to_auth_challenge, ClientId=pool["client"], ChallengeName="NEW_PASSWORD_REQUIRED", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "tom", "NEW_PASSWORD": PASSWORD}) == "NotAuthorizedException"
    refreshed = idp.initiate_auth(
        ClientId=pool["client"], AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": done["RefreshToken"]})["AuthenticationResult"]
    assert "RefreshToken" not in refreshed and refreshed["AccessToken"] != done["AccessToken"]
    idp.global_sign_out(AccessToken=refreshed["AccessToken"])
    assert error_code(idp.get_user, AccessToken=refreshed["AccessToken"]) == "NotAuthorizedException"
    assert error_code(
        idp.initiate_auth, ClientId=pool["client"], AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": done["RefreshToken"]}) == "NotAuthorizedException"


def test_totp_mfa_with_pyotp(idp, server, pool):
    idp.set_user_pool_mfa_config(UserPoolId=pool["id"], SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="OPTIONAL")
    signed_up(idp, server, pool, "tia")
    access = password_auth(idp, pool, "tia")["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    totp = pyotp.TOTP(secret)
    assert error_code(idp.verify_software_token, AccessToken=access, UserCode="000000" if totp.now() != "000000" else "111111") == "EnableSoftwareTokenMFAException"
    assert idp.verify_software_token(AccessToken=access, UserCode=totp.now())["Status"] == "SUCCESS"
    idp.set_user_mfa_preference(AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    challenge = password_auth(idp, pool, "tia")
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    # The code of the next 30-second step: the one just used for enrolment can't be replayed.
    code = totp.at(time.time() + 30)
    done = idp.respond_to_auth_challenge(
        ClientId=pool["client"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=challenge["Session"],
        ChallengeResponses={"USERNAME": "tia", "SOFTWARE_TOKEN_MFA_CODE": code})
    assert done["AuthenticationResult"]["IdToken"]
    again = password_auth(idp, pool, "tia")
    assert error_code(
        idp.respond_to_auth_challenge, ClientId=pool["client"], ChallengeName="SOFTWARE_TOKEN_MFA", Session=again["Session"],
        ChallengeResponses={"USERNAME": "tia", "SOFTWARE_TOKEN_MFA_CODE": code}) == "ExpiredCodeException"


def test_forgot_password(idp, server, pool):
    signed_up(idp, server, pool, "fay")
    sent = idp.forgot_password(ClientId=pool["client"], Username="fay")["CodeDeliveryDetails"]
    assert sent == {"Destination": "f***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    code = server.last_code(pool["id"], "fay")
    assert error_code(
        idp.confirm_forgot_password, ClientId=pool["client"], Username="fay", ConfirmationCode=code, Password="weak") == "InvalidPasswordException"
    idp.confirm_forgot_password(ClientId=pool["client"], Username="fay", ConfirmationCode=code, Password="New-pass-1")
    assert password_auth(idp, pool, "fay", "New-pass-1")["AuthenticationResult"]["AccessToken"]
    assert error_code(idp.forgot_password, ClientId=pool["client"], Username="ghost") == "UserNotFoundException"


def test_lockout_reaches_the_client(idp, server, pool):
    signed_up(idp, server, pool, "lou")
    for _ in range(5):
        assert error_code(password_auth, idp=idp, pool=pool, username="lou", password="Wrong-pass1") == "NotAuthorizedException"
    with pytest.raises(ClientError) as caught:
        password_auth(idp, pool, "lou")
    assert caught.value.response["Error"]["Message"] == "Password attempts exceeded"

"""Threat protection and remembered devices through the API, as boto3 and pycognito use them."""
import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, SMSMFAChallengeException, generate_hash_device

PASSWORD = "Corr3ct-Horse!"


def failure(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


@pytest.fixture
def protected(idp):
    """A pool with threat protection enforced, device tracking and optional SMS MFA."""
    pool = idp.create_user_pool(
        PoolName="protected", AutoVerifiedAttributes=["email"],
        UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"},
        DeviceConfiguration={"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": False},
    )["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, SmsMfaConfiguration={}, MfaConfiguration="OPTIONAL")
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    idp.admin_create_user(
        UserPoolId=pool, Username="ann", MessageAction="SUPPRESS",
        UserAttributes=[
            {"Name": "email", "Value": "ann@example.com"}, {"Name": "email_verified", "Value": "true"},
            {"Name": "phone_number", "Value": "+15555550100"}, {"Name": "phone_number_verified", "Value": "true"},
        ])
    idp.admin_set_user_password(UserPoolId=pool, Username="ann", Password=PASSWORD, Permanent=True)
    return {"id": pool, "client": client}


def admin_sign_in(idp, pool, address, agent="Mozilla/5.0 Firefox/133.0", password=PASSWORD):
    """AdminInitiateAuth with the end user's request described in ContextData."""
    return idp.admin_initiate_auth(
        UserPoolId=pool["id"], ClientId=pool["client"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ann", "PASSWORD": password},
        ContextData={"IpAddress": address, "ServerName": "app.example.com", "ServerPath": "/login",
                     "HttpHeaders": [{"headerName": "User-Agent", "headerValue": agent}]})


def test_risk_configuration_round_trip_and_blocked_ranges(idp, protected):
    idp.set_risk_configuration(
        UserPoolId=protected["id"],
        AccountTakeoverRiskConfiguration={"Actions": {
            "LowAction": {"Notify": False, "EventAction": "NO_ACTION"},
            "MediumAction": {"Notify": False, "EventAction": "MFA_IF_CONFIGURED"},
            "HighAction": {"Notify": False, "EventAction": "BLOCK"}}},
        RiskExceptionConfiguration={"BlockedIPRangeList": ["198.51.100.0/24"]})
    described = idp.describe_risk_configuration(UserPoolId=protected["id"])["RiskConfiguration"]
    assert described["AccountTakeoverRiskConfiguration"]["Actions"]["HighAction"]["EventAction"] == "BLOCK"
    assert described["RiskExceptionConfiguration"]["BlockedIPRangeList"] == ["198.51.100.0/24"]
    assert admin_sign_in(idp, protected, "203.0.113.10")["AuthenticationResult"]["AccessToken"]
    assert failure(admin_sign_in, idp=idp, pool=protected, address="198.51.100.7") == (
        "NotAuthorizedException", "Request not allowed due to security reasons.")
    code, _ = failure(idp.set_risk_configuration, UserPoolId=protected["id"],
                      RiskExceptionConfiguration={"SkippedIPRangeList": ["not-a-range"]})
    assert code == "InvalidParameterException"


def test_events_carry_risk_and_take_feedback(idp, protected):
    admin_sign_in(idp, protected, "203.0.113.10")
    admin_sign_in(idp, protected, "203.0.113.10")
    # Ten minutes later from the other side of the world, with another browser.
    admin_sign_in(idp, protected, "2001:db8:8000::5", agent="curl/8.5")
    events = idp.admin_list_user_auth_events(UserPoolId=protected["id"], Username="ann", MaxResults=1)["AuthEvents"]
    latest = events[0]
    assert latest["EventRisk"]["RiskLevel"] == "High"
    assert latest["EventRisk"]["RiskDecision"] == "NoRisk"
    assert latest["EventContextData"]["Country"] == "DE"
    idp.admin_update_auth_event_feedback(
        UserPoolId=protected["id"], Username="ann", EventId=latest["EventId"], FeedbackValue="Invalid")
    again = idp.admin_list_user_auth_events(UserPoolId=protected["id"], Username="ann", MaxResults=1)["AuthEvents"][0]
    assert again["EventFeedback"]["FeedbackValue"] == "Invalid" and again["EventFeedback"]["Provider"] == "Admin"


def test_compromised_passwords_are_refused_at_sign_up(idp, protected):
    idp.set_risk_configuration(
        UserPoolId=protected["id"],
        CompromisedCredentialsRiskConfiguration={"EventFilter": ["SIGN_UP"], "Actions": {"EventAction": "BLOCK"}})
    assert failure(idp.sign_up, ClientId=protected["client"], Username="zoe", Password="P@ssw0rd",
                   UserAttributes=[{"Name": "email", "Value": "zoe@example.com"}]) == (
        "InvalidPasswordException", "Provided password cannot be used for security reasons.")
    assert idp.sign_up(ClientId=protected["client"], Username="zoe", Password=PASSWORD,
                       UserAttributes=[{"Name": "email", "Value": "zoe@example.com"}])["UserSub"]


def test_remembered_device_with_pycognito(idp, server, protected):
    idp.admin_set_user_mfa_preference(
        UserPoolId=protected["id"], Username="ann", SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    # First sign-in: SMS MFA, then a new device to confirm.
    srp = AWSSRP(username="ann", password=PASSWORD, pool_id=protected["id"], client_id=protected["client"], client=idp)
    with pytest.raises(SMSMFAChallengeException) as challenge:
        srp.authenticate_user()
    tokens = idp.respond_to_auth_challenge(
        ClientId=protected["client"], ChallengeName="SMS_MFA", Session=challenge.value.get_tokens()["Session"],
        ChallengeResponses={"USERNAME": "ann", "SMS_MFA_CODE": server.last_code(protected["id"], "ann")})
    result = tokens["AuthenticationResult"]
    metadata = result["NewDeviceMetadata"]
    password, verifier = generate_hash_device(metadata["DeviceGroupKey"], metadata["DeviceKey"])
    confirmed = idp.confirm_device(
        AccessToken=result["AccessToken"], DeviceKey=metadata["DeviceKey"], DeviceSecretVerifierConfig=verifier,
        DeviceName="pytest")
    assert confirmed["UserConfirmationNecessary"] is False
    # Next sign-in: pycognito answers DEVICE_SRP_AUTH and no code is asked for.
    remembered = AWSSRP(username="ann", password=PASSWORD, pool_id=protected["id"], client_id=protected["client"], client=idp,
                        device_key=metadata["DeviceKey"], device_group_key=metadata["DeviceGroupKey"], device_password=password)
    again = remembered.authenticate_user()
    assert again["AuthenticationResult"]["AccessToken"]
    assert "NewDeviceMetadata" not in again["AuthenticationResult"]
    devices = idp.list_devices(AccessToken=again["AuthenticationResult"]["AccessToken"])["Devices"]
    attributes = {a["Name"]: a["Value"] for a in devices[0]["DeviceAttributes"]}
    assert attributes["device_name"] == "pytest" and attributes["dev:device_remembered_status"] == "remembered"
    # The device's key is in the access token, and its refresh token needs it.
    assert jwt.decode(again["AuthenticationResult"]["AccessToken"], options={"verify_signature": False})["device_key"] == metadata["DeviceKey"]
    refresh = {"REFRESH_TOKEN": result["RefreshToken"]}
    assert failure(idp.initiate_auth, ClientId=protected["client"], AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=refresh) == (
        "NotAuthorizedException", "Invalid Refresh Token.")
    refreshed = idp.initiate_auth(ClientId=protected["client"], AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={**refresh, "DEVICE_KEY": metadata["DeviceKey"]})
    assert refreshed["AuthenticationResult"]["AccessToken"]
    # The admin forms see and change the same device.
    listed = idp.admin_list_devices(UserPoolId=protected["id"], Username="ann")["Devices"]
    assert [d["DeviceKey"] for d in listed] == [metadata["DeviceKey"]]
    idp.admin_update_device_status(UserPoolId=protected["id"], Username="ann", DeviceKey=metadata["DeviceKey"],
                                   DeviceRememberedStatus="not_remembered")
    status = {a["Name"]: a["Value"] for a in idp.admin_get_device(
        UserPoolId=protected["id"], Username="ann", DeviceKey=metadata["DeviceKey"])["Device"]["DeviceAttributes"]}
    assert status["dev:device_remembered_status"] == "not_remembered"
    idp.forget_device(AccessToken=again["AuthenticationResult"]["AccessToken"], DeviceKey=metadata["DeviceKey"])
    assert failure(idp.admin_get_device, UserPoolId=protected["id"], Username="ann", DeviceKey=metadata["DeviceKey"]) == (
        "ResourceNotFoundException", "Device does not exist.")


def test_notice_links_record_feedback(idp, server, protected):
    """A risky sign-in's notice email carries working one-click feedback links."""
    import re
    import urllib.error
    import urllib.request

    idp.set_risk_configuration(
        UserPoolId=protected["id"],
        AccountTakeoverRiskConfiguration={
            "NotifyConfiguration": {"SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com"},
            "Actions": {
                "LowAction": {"Notify": True, "EventAction": "NO_ACTION"},
                "MediumAction": {"Notify": True, "EventAction": "NO_ACTION"},
                "HighAction": {"Notify": True, "EventAction": "NO_ACTION"}}})
    admin_sign_in(idp, protected, "203.0.113.10")
    text = server.sigil("outbox", "list", "--pool", protected["id"], "--user", "ann", "--json")
    links = re.findall(r"http://[^\s\"\\]+value=(?:valid|invalid)", text)
    invalid = next(link for link in links if link.endswith("value=invalid"))
    assert "/_sigil/feedback/" + protected["id"] + "/ann/" in invalid

    # A tampered token is refused and changes nothing.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(re.sub(r"token=[^&]+", "token=forged", invalid))
    assert refused.value.code == 403
    event = idp.admin_list_user_auth_events(UserPoolId=protected["id"], Username="ann")["AuthEvents"][0]
    assert "EventFeedback" not in event

    # The "Yes" link's token can't record "No".
    valid = next(link for link in links if link.endswith("value=valid"))
    with pytest.raises(urllib.error.HTTPError) as swapped:
        urllib.request.urlopen(valid.replace("value=valid", "value=invalid"))
    assert swapped.value.code == 403

    with urllib.request.urlopen(invalid) as answer:
        assert answer.status == 200
        assert "not yours" in answer.read().decode()
    event = idp.admin_list_user_auth_events(UserPoolId=protected["id"], Username="ann")["AuthEvents"][0]
    assert event["EventFeedback"]["FeedbackValue"] == "Invalid" and event["EventFeedback"]["Provider"] == "User"

    # Replaying the other link does not flip the answer.
    with pytest.raises(urllib.error.HTTPError) as flipped:
        urllib.request.urlopen(valid)
    assert flipped.value.code == 403
    event = idp.admin_list_user_auth_events(UserPoolId=protected["id"], Username="ann")["AuthEvents"][0]
    assert event["EventFeedback"]["FeedbackValue"] == "Invalid"

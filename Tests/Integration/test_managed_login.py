"""Managed login driven as apps drive it: a real OpenID Connect client library (Authlib)
that knows only the pool's discovery document, and the sign-in pages filled in as a
person would."""
import os
import time

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session, OAuthError
from authlib.jose import JsonWebKey, jwt

from pages import Browser, redirect_fields

CALLBACK = "http://localhost:3000/callback"
SIGNED_OUT = "http://localhost:3000/"
PASSWORD = "Corr3ct-Horse!"


@pytest.fixture
def app(idp, server):
    """A pool with a domain, a public web client for the code and implicit grants, and alice."""
    pool_id = idp.create_user_pool(PoolName=f"web-{time.time_ns()}", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", SupportedIdentityProviders=["COGNITO"], CallbackURLs=[CALLBACK],
        LogoutURLs=[SIGNED_OUT], AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code", "implicit"],
        AllowedOAuthScopes=["openid", "email", "profile", "aws.cognito.signin.user.admin"])["UserPoolClient"]
    domain = f"web-{time.time_ns()}"
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    idp.admin_create_user(
        UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}, {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD, Permanent=True)
    discovery = requests.get(f"{server.endpoint}/{pool_id}/.well-known/openid-configuration", timeout=10).json()
    return {"pool": pool_id, "client": client, "domain": domain, "discovery": discovery}


def oidc_session(app, **extra):
    return OAuth2Session(
        app["client"]["ClientId"], scope="openid email", redirect_uri=CALLBACK, code_challenge_method="S256", **extra)


def sign_in(browser, url, username="alice", password=PASSWORD):
    """Opens the authorize URL and signs in on the page it leads to."""
    page = browser.get(url)
    assert page.status_code == 200 and "Sign in" in page.text, page.text[:500]
    return browser.submit("/login", username=username, password=password)


def test_the_code_flow_with_pkce_refresh_userinfo_and_revoke(app, server):
    discovery = app["discovery"]
    for key in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "revocation_endpoint", "end_session_endpoint"):
        assert discovery[key].startswith(server.endpoint)
    session = oidc_session(app)
    verifier = "v" * 64
    url, state = session.create_authorization_url(discovery["authorization_endpoint"], code_verifier=verifier, nonce="nonce-1")
    answer = sign_in(Browser(server.endpoint), url)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(CALLBACK + "?code=")
    assert redirect_fields(answer)["state"] == state

    token = session.fetch_token(discovery["token_endpoint"], authorization_response=answer.headers["Location"], code_verifier=verifier)
    keys = JsonWebKey.import_key_set(requests.get(discovery["jwks_uri"], timeout=10).json())
    claims = jwt.decode(token["id_token"], keys, claims_options={"iss": {"essential": True, "value": discovery["issuer"]}})
    claims.validate()
    assert claims["aud"] == app["client"]["ClientId"] and claims["nonce"] == "nonce-1" and claims["at_hash"]
    assert claims["email"] == "alice@example.com" and claims["cognito:username"] == "alice"
    access = jwt.decode(token["access_token"], keys)
    assert access["scope"] == "openid email" and access["version"] == 2 and access["username"] == "alice"

    info = session.get(discovery["userinfo_endpoint"]).json()
    assert info == {"sub": claims["sub"], "username": "alice", "email": "alice@example.com", "email_verified": "true"}

    refreshed = session.refresh_token(discovery["token_endpoint"], refresh_token=token["refresh_token"])
    assert jwt.decode(refreshed["access_token"], keys)["scope"] == "openid email"

    assert session.revoke_token(discovery["revocation_endpoint"], token["refresh_token"]).status_code == 200
    with pytest.raises(OAuthError) as caught:
        session.refresh_token(discovery["token_endpoint"], refresh_token=token["refresh_token"])
    assert caught.value.error == "invalid_grant"
    unauthorized = requests.get(discovery["userinfo_endpoint"], headers={"Authorization": "Bearer nonsense"}, timeout=10)
    assert unauthorized.status_code == 401 and unauthorized.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')

    # Codes, tokens and the state never reach the server's log.
    code = redirect_fields(answer)["code"]
    with open(os.path.join(server.directory, "server.log")) as log:
        text = log.read()
    assert "/oauth2/authorize" in text and code not in text and token["refresh_token"] not in text and state not in text


def test_single_sign_on_and_logout(app, server):
    discovery, browser = app["discovery"], Browser(server.endpoint)
    url, state = oidc_session(app).create_authorization_url(discovery["authorization_endpoint"], code_verifier="x" * 50)
    first = sign_in(browser, url)
    assert first.headers["Set-Cookie"].startswith("cognito=") and "HttpOnly" in first.headers["Set-Cookie"]
    assert "SameSite=Lax" in first.headers["Set-Cookie"]
    # The session cookie skips the form for the next authorize, unless the app asks again.
    again = browser.get(url)
    assert again.status_code == 302 and "code=" in again.headers["Location"]
    assert 'name="password"' in browser.get(url + "&prompt=login").text
    assert "code=" in browser.get(url + "&prompt=none").headers["Location"]

    refused = browser.get(discovery["end_session_endpoint"], client_id=app["client"]["ClientId"], logout_uri="https://evil.example/")
    assert refused.status_code == 400 and "Location" not in refused.headers
    out = browser.get(discovery["end_session_endpoint"], client_id=app["client"]["ClientId"], logout_uri=SIGNED_OUT)
    assert out.status_code == 302 and out.headers["Location"] == SIGNED_OUT
    after = browser.get(url)
    assert after.status_code == 200 and 'name="password"' in after.text
    silent = browser.get(url + "&prompt=none")
    assert silent.status_code == 302 and redirect_fields(silent)["error"] == "login_required"
    assert redirect_fields(silent)["state"] == state


def test_the_implicit_grant(app, server):
    session = OAuth2Session(app["client"]["ClientId"], scope="openid profile", redirect_uri=CALLBACK)
    url, state = session.create_authorization_url(app["discovery"]["authorization_endpoint"], response_type="token", nonce="n")
    answer = sign_in(Browser(server.endpoint), url)
    fields = redirect_fields(answer)
    assert answer.headers["Location"].startswith(CALLBACK + "#")
    assert fields["state"] == state and fields["token_type"] == "Bearer" and "refresh_token" not in fields
    assert jwt.decode(fields["id_token"], JsonWebKey.import_key_set(
        requests.get(app["discovery"]["jwks_uri"], timeout=10).json()))["nonce"] == "n"


def test_refusals(app, server, idp):
    discovery, client_id = app["discovery"], app["client"]["ClientId"]
    authorize = discovery["authorization_endpoint"]
    # An unlisted redirect URI is never followed.
    wrong = requests.get(authorize, params={"client_id": client_id, "response_type": "code", "redirect_uri": "https://evil.example/cb"},
                         allow_redirects=False, timeout=10)
    assert wrong.status_code == 400 and "Location" not in wrong.headers and "redirect_mismatch" in wrong.text
    assert wrong.headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in wrong.headers["Content-Security-Policy"]
    # A scope the client may not ask for goes back to the app as an error.
    scoped = requests.get(authorize, params={"client_id": client_id, "response_type": "code", "redirect_uri": CALLBACK,
                                             "scope": "openid phone", "state": "s"}, allow_redirects=False, timeout=10)
    assert scoped.status_code == 302 and redirect_fields(scoped) == {
        "error": "invalid_scope", "error_description": "The app client is not allowed the scope phone.", "state": "s"}

    # Code reuse and a wrong verifier.
    session = oidc_session(app)
    url, _ = session.create_authorization_url(authorize, code_verifier="r" * 60)
    answer = sign_in(Browser(server.endpoint), url)
    with pytest.raises(OAuthError) as caught:
        session.fetch_token(discovery["token_endpoint"], authorization_response=answer.headers["Location"], code_verifier="q" * 60)
    assert caught.value.error == "invalid_grant"
    with pytest.raises(OAuthError) as caught:
        session.fetch_token(discovery["token_endpoint"], authorization_response=answer.headers["Location"], code_verifier="r" * 60)
    assert caught.value.error == "invalid_grant"

    # An empty field, a wrong password and a disabled user are told on the page.
    browser = Browser(server.endpoint)
    browser.get(url)
    empty = browser.submit("/login", username="alice", password="")
    assert empty.status_code == 400 and "Enter your password." in empty.text
    wrong_password = sign_in(browser, url, password="nope")
    assert wrong_password.status_code == 400 and "Incorrect username or password." in wrong_password.text
    idp.admin_disable_user(UserPoolId=app["pool"], Username="alice")
    disabled = sign_in(Browser(server.endpoint), url)
    assert disabled.status_code == 400 and "User is disabled." in disabled.text

    # A form without the browser's form token is refused.
    forged = requests.post(f"{server.endpoint}/login", data={"client_id": client_id, "username": "alice", "password": PASSWORD},
                           allow_redirects=False, timeout=10)
    assert forged.status_code == 403


def test_sign_up_with_the_emailed_code(app, server):
    url, _ = oidc_session(app).create_authorization_url(app["discovery"]["authorization_endpoint"], code_verifier="s" * 50)
    browser = Browser(server.endpoint)
    browser.get(url)
    signup = browser.get("/signup?" + url.split("?", 1)[1])
    assert signup.status_code == 200 and 'name="attr:email"' in signup.text
    confirm = browser.submit("/signup", username="bob", password=PASSWORD, **{"attr:email": "bob@example.com"})
    assert confirm.status_code == 200 and "We sent a code by email" in confirm.text, confirm.text[-1500:]
    code = server.last_code(app["pool"], "bob")
    signed = browser.submit("/confirmUser", code=code)
    assert "Your account is confirmed" in signed.text
    answer = browser.submit("/login", username="bob", password=PASSWORD)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(CALLBACK + "?code=")


def test_a_pool_domain_by_host_name(app, server):
    client_id = app["client"]["ClientId"]
    params = {"client_id": client_id, "response_type": "code", "redirect_uri": CALLBACK}
    ok = Browser(server.endpoint, host=f"{app['domain']}.auth.localhost").get("/oauth2/authorize", **params)
    assert ok.status_code == 200 and 'name="password"' in ok.text
    cognito_style = Browser(server.endpoint, host=f"{app['domain']}.auth.us-east-1.amazoncognito.com").get("/login", **params)
    assert cognito_style.status_code == 200
    other = Browser(server.endpoint, host="someone-else.auth.localhost").get("/oauth2/authorize", **params)
    assert other.status_code == 400 and "does not belong" in other.text


def test_a_confidential_client_authenticates_at_the_token_endpoint(app, server, idp):
    client = idp.create_user_pool_client(
        UserPoolId=app["pool"], ClientName="backend", GenerateSecret=True, CallbackURLs=[CALLBACK], AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], SupportedIdentityProviders=["COGNITO"])["UserPoolClient"]
    session = OAuth2Session(client["ClientId"], client["ClientSecret"], scope="openid", redirect_uri=CALLBACK)
    url, _ = session.create_authorization_url(app["discovery"]["authorization_endpoint"])
    answer = sign_in(Browser(server.endpoint), url)
    with pytest.raises(OAuthError) as caught:
        OAuth2Session(client["ClientId"], "wrong", redirect_uri=CALLBACK).fetch_token(
            app["discovery"]["token_endpoint"], authorization_response=answer.headers["Location"])
    assert caught.value.error == "invalid_client"
    answer = sign_in(Browser(server.endpoint), url)
    token = session.fetch_token(app["discovery"]["token_endpoint"], authorization_response=answer.headers["Location"])
    assert token["id_token"] and token["refresh_token"]


PNG = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(24)


def test_the_pages_wear_the_branding(app, server, idp):
    params = {"client_id": app["client"]["ClientId"], "response_type": "code", "redirect_uri": CALLBACK}
    # A classic (version 1) domain takes SetUICustomization's CSS.
    idp.set_ui_customization(UserPoolId=app["pool"], ClientId=app["client"]["ClientId"], CSS=".submitButton-customizable { color: #123456; }")
    classic = Browser(server.endpoint).get("/login", **params)
    assert ".submitButton-customizable { color: #123456; }" in classic.text

    # A version 2 domain takes the client's managed login branding: colours and logo.
    idp.update_user_pool_domain(UserPoolId=app["pool"], Domain=app["domain"], ManagedLoginVersion=2)
    branding = idp.create_managed_login_branding(
        UserPoolId=app["pool"], ClientId=app["client"]["ClientId"],
        Settings={"components": {"primaryButton": {"lightMode": {"defaults": {"backgroundColor": "aa2200ff"}}}}},
        Assets=[{"Category": "FORM_LOGO", "ColorMode": "LIGHT", "Extension": "PNG", "Bytes": PNG}])["ManagedLoginBranding"]
    described = idp.describe_managed_login_branding_by_client(UserPoolId=app["pool"], ClientId=app["client"]["ClientId"])
    assert described["ManagedLoginBranding"]["Settings"] == branding["Settings"]
    with pytest.raises(idp.exceptions.ManagedLoginBrandingExistsException):
        idp.create_managed_login_branding(UserPoolId=app["pool"], ClientId=app["client"]["ClientId"], UseCognitoProvidedValues=True)
    page = Browser(server.endpoint).get("/login", **params)
    assert "--accent: #aa2200ff;" in page.text and "#123456" not in page.text
    logo = f"{server.endpoint}/{app['pool']}/managed-login/assets/{branding['ManagedLoginBrandingId']}/0"
    assert f'src="{logo}"' in page.text
    image = requests.get(logo, timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png" and image.content == PNG


def test_a_new_password_and_a_choice_of_mfa_on_the_pages(app, server, idp):
    params = {"client_id": app["client"]["ClientId"], "response_type": "code", "redirect_uri": CALLBACK, "state": "s"}
    # An invited user sets a password on the pages before the app hears of the sign-in.
    idp.admin_create_user(UserPoolId=app["pool"], Username="dana", TemporaryPassword="Temp-Passw0rd!", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "dana@example.com"}, {"Name": "email_verified", "Value": "true"}])
    browser = Browser(server.endpoint)
    browser.get("/oauth2/authorize", **params)
    page = browser.submit("/login", username="dana", password="Temp-Passw0rd!")
    assert "Change your password" in page.text
    mismatch = browser.submit("/challenge", password=PASSWORD, confirm="different")
    assert mismatch.status_code == 400 and "The two passwords are not the same." in mismatch.text
    weak = browser.submit("/challenge", password="short", confirm="short")
    assert weak.status_code == 400 and "Password does not conform to policy" in weak.text
    done = browser.submit("/challenge", password=PASSWORD, confirm=PASSWORD)
    assert done.status_code == 302 and redirect_fields(done)["state"] == "s"

    # With SMS and email codes both on and no preference, the user chooses.
    idp.set_user_pool_mfa_config(UserPoolId=app["pool"], SmsMfaConfiguration={"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/sns"}},
                                 EmailMfaConfiguration={}, MfaConfiguration="OPTIONAL")
    idp.admin_update_user_attributes(UserPoolId=app["pool"], Username="dana", UserAttributes=[
        {"Name": "phone_number", "Value": "+15555550123"}, {"Name": "phone_number_verified", "Value": "true"}])
    idp.admin_set_user_mfa_preference(UserPoolId=app["pool"], Username="dana", SMSMfaSettings={"Enabled": True},
                                      EmailMfaSettings={"Enabled": True})
    browser = Browser(server.endpoint)
    browser.get("/oauth2/authorize", **params)
    choose = browser.submit("/login", username="dana", password=PASSWORD)
    assert "Choose a sign-in method" in choose.text and 'value="EMAIL_OTP"' in choose.text
    code_page = browser.submit("/challenge", answer="EMAIL_OTP")
    assert "We sent a code by email" in code_page.text
    wrong = browser.submit("/challenge", code="00000000")
    assert wrong.status_code == 400 and "That code is not right" in wrong.text
    signed = browser.submit("/challenge", code=server.last_code(app["pool"], "dana"))
    assert signed.status_code == 302 and "code=" in signed.headers["Location"]

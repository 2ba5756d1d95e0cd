"""Managed login in a real browser: Debian's Chromium, headless, driven by Selenium.

One person goes through the pages as an app's user would: signs up with the code from
the outbox, signs in and enrols an authenticator app, signs out, signs in with MFA,
resets a forgotten password and signs out. A small relying party receives the codes and
exchanges them with Authlib. Each page is saved as a screenshot in
test-artifacts/browser/ at the top of the repository.
"""
import http.server
import os
import shutil
import threading
import time

import pyotp
import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, free_port

ARTIFACTS = os.path.join(ROOT, "test-artifacts", "browser")
PASSWORD = "Brow5er-Pass!"
NEW_PASSWORD = "N3w-Brow5er-Pass!"


class App(http.server.BaseHTTPRequestHandler):
    """The relying party: its callback and signed-out pages say where the browser landed."""

    def do_GET(self):
        body = f"<!doctype html><title>App</title><h1>App</h1><p id='path'>{self.path.split('?')[0]}</p>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_):
        pass


@pytest.fixture
def app_server():
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), App)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://localhost:{port}"
    httpd.shutdown()


@pytest.fixture
def browser():
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    assert os.path.exists(driver_path), "chromium-driver is not installed (scripts/test installs it)"
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=900,1000", "--disable-gpu"):
        options.add_argument(argument)
    binary = shutil.which("chromium")
    if binary:
        options.binary_location = binary
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture
def site(idp, server, app_server):
    pool_id = idp.create_user_pool(PoolName=f"browser-{time.time_ns()}", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="Browser demo", SupportedIdentityProviders=["COGNITO"],
        CallbackURLs=[app_server + "/callback"], LogoutURLs=[app_server + "/signed-out"], AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"])["UserPoolClient"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"browser-{time.time_ns()}")
    discovery = requests.get(f"{server.endpoint}/{pool_id}/.well-known/openid-configuration", timeout=10).json()
    os.makedirs(ARTIFACTS, exist_ok=True)
    return {"pool": pool_id, "client": client["ClientId"], "discovery": discovery, "app": app_server}


class Authenticator:
    """An authenticator app: each code is for a time step later than the last one used, as
    a used code is refused (waiting for the clock when the next step is too far ahead)."""

    def __init__(self, secret):
        self.totp, self.last = pyotp.TOTP(secret), None

    def code(self):
        current = int(time.time() // 30)
        step = current if self.last is None else max(current, self.last + 1)
        if step > current + 1:
            time.sleep((step - 1) * 30 - time.time() + 0.5)
        self.last = step
        return self.totp.at(step * 30)


class Person:
    """Drives the browser and keeps a numbered screenshot of each page."""

    def __init__(self, driver, site, server):
        self.driver, self.site, self.server = driver, site, server
        self.shots = 0
        self.oauth = OAuth2Session(site["client"], scope="openid email", redirect_uri=site["app"] + "/callback",
                                   code_challenge_method="S256")
        self.verifier = None

    def shot(self, name):
        """Saves the page once it has finished loading (Chromium refuses a screenshot of a
        page still loading now and then), trying again once if it still does."""
        self.shots += 1
        self.loaded()
        path = os.path.join(ARTIFACTS, f"{self.shots:02d}-{name}.png")
        try:
            self.driver.save_screenshot(path)
        except WebDriverException:
            time.sleep(0.5)
            self.driver.save_screenshot(path)

    def loaded(self):
        WebDriverWait(self.driver, 15).until(lambda driver: driver.execute_script("return document.readyState") == "complete")

    def wait_for(self, css):
        return WebDriverWait(self.driver, 15).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))

    def open_sign_in(self):
        self.verifier = os.urandom(32).hex()
        url, _ = self.oauth.create_authorization_url(self.site["discovery"]["authorization_endpoint"], code_verifier=self.verifier)
        self.driver.get(url)
        self.wait_for("input[name=password]")

    def type(self, name, text):
        field = self.driver.find_element(By.NAME, name)
        field.clear()
        field.send_keys(text)

    def press(self):
        """Sends the form and waits for the next page to replace this one."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 15).until(expected_conditions.staleness_of(page))
        self.loaded()

    def follow(self, link):
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.driver.find_element(By.LINK_TEXT, link).click()
        WebDriverWait(self.driver, 15).until(expected_conditions.staleness_of(page))
        self.loaded()

    def heading(self):
        return self.wait_for("h1").text

    def landed_in_app(self):
        """Waits for the app's callback and trades its code for tokens."""
        WebDriverWait(self.driver, 15).until(lambda driver: driver.current_url.startswith(self.site["app"] + "/callback"))
        token = self.oauth.fetch_token(self.site["discovery"]["token_endpoint"], authorization_response=self.driver.current_url,
                                       code_verifier=self.verifier)
        assert token["id_token"] and token["access_token"]
        return token

    def sign_out(self):
        self.driver.get(f"{self.site['discovery']['end_session_endpoint']}?client_id={self.site['client']}"
                        f"&logout_uri={self.site['app']}/signed-out")
        WebDriverWait(self.driver, 15).until(lambda driver: driver.current_url == self.site["app"] + "/signed-out")


def test_a_person_signs_up_enrols_mfa_signs_in_and_resets_the_password(browser, site, server):
    person = Person(browser, site, server)

    # Sign up, with the emailed code.
    person.open_sign_in()
    person.shot("sign-in")
    person.follow("Sign up")
    person.wait_for("input[name='attr:email']")
    person.type("username", "carol")
    person.type("attr:email", "carol@example.com")
    person.type("password", PASSWORD)
    person.shot("sign-up")
    person.press()
    assert person.heading() == "Confirm your account"
    person.shot("confirm-account")
    person.type("code", server.last_code(site["pool"], "carol"))
    person.press()
    assert "Your account is confirmed" in person.wait_for("#message").text
    person.shot("confirmed")

    # Sign in: MFA is required, so the first sign-in enrols an authenticator app.
    person.type("password", PASSWORD)
    person.press()
    assert person.heading() == "Set up an authenticator app"
    person.shot("authenticator-enrolment")
    assert browser.find_element(By.CSS_SELECTOR, "figure.qr img").get_attribute("src").startswith("data:image/svg+xml;base64,")
    authenticator = Authenticator(browser.find_element(By.ID, "secret-key").text)
    person.type("code", authenticator.code())
    person.press()
    claims = person.landed_in_app()
    person.shot("signed-in")
    assert claims["token_type"] == "Bearer"
    person.sign_out()

    # Sign in again: the authenticator's code is asked for.
    person.open_sign_in()
    person.type("username", "carol")
    person.type("password", PASSWORD)
    person.press()
    assert person.heading() == "Enter your sign-in code"
    person.shot("mfa-code")
    person.type("code", "000000" if authenticator.totp.now() != "000000" else "111111")
    person.press()
    assert "That code is not right" in person.wait_for("#message").text
    person.shot("mfa-wrong-code")
    person.type("code", authenticator.code())
    person.press()
    person.landed_in_app()
    person.sign_out()

    # Forgot the password: a code by email, a new password, then sign in with it.
    person.open_sign_in()
    person.follow("Forgot your password?")
    person.wait_for("input[name=username]")
    person.type("username", "carol")
    person.shot("forgot-password")
    person.press()
    assert person.heading() == "Reset your password"
    person.type("code", server.last_code(site["pool"], "carol"))
    person.type("password", NEW_PASSWORD)
    person.type("confirm", NEW_PASSWORD)
    person.shot("reset-password")
    person.press()
    assert "Your password is changed" in person.wait_for("#message").text
    person.type("password", NEW_PASSWORD)
    person.press()
    assert person.heading() == "Enter your sign-in code"
    person.type("code", authenticator.code())
    person.press()
    landed = person.landed_in_app()
    assert landed["refresh_token"]
    person.sign_out()
    person.shot("signed-out")
    assert browser.find_element(By.ID, "path").text == "/signed-out"

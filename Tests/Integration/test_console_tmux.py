"""The console end to end: the real `sigil console` binary inside tmux, driven with
send-keys and read with capture-pane, as a person at a terminal would use it.

It browses a seeded pool, filters, opens and disables a user, watches a user an app
creates through the console's own API appear, signs in through the hosted sign-in
screen with TOTP enrolment (the code computed from the secret read off the screen),
reads the decoded tokens, and quits with the terminal restored.
"""
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid

import boto3
import pyotp
import pytest

from conftest import SIGIL, free_port

WIDTH, HEIGHT = 120, 40


class Console:
    """A tmux server of its own (its own socket), running one console."""

    def __init__(self, directory, arguments, environment=""):
        self.socket = f"sigil-e2e-{uuid.uuid4().hex[:8]}"
        self.session = "console"
        # The shell reports how the console ended and how the terminal was left; the
        # console's own process id goes to a file, for the tests that signal it.
        self.pid_file = os.path.join(directory, "console.pid")
        script = (
            f"bash -c 'echo $$ > {self.pid_file}; exec env TERM=tmux-256color SWIFT_BACKTRACE=interactive=no {environment} "
            f"{SIGIL} console {' '.join(arguments)}'; "
            f"echo CONSOLE-EXITED $?; stty -a; sleep 600"
        )
        self.tmux("new-session", "-d", "-s", self.session, "-x", str(WIDTH), "-y", str(HEIGHT), "bash", "-c", script)

    def tmux(self, *arguments):
        return subprocess.run(["tmux", "-L", self.socket, *arguments], capture_output=True, text=True, timeout=30, check=True).stdout

    def keys(self, *keys):
        self.tmux("send-keys", "-t", self.session, *keys)

    def text(self, text):
        self.tmux("send-keys", "-t", self.session, "-l", text)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, predicate, what, timeout=20):
        deadline = time.time() + timeout
        screen = ""
        while time.time() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen was:\n{screen}")

    def wait_text(self, text, timeout=20):
        return self.wait_for(lambda screen: text in screen, repr(text), timeout)

    def wait_secret(self):
        """The enrolment page once its secret is drawn (the page opens before the
        secret is read), and the secret read off it."""
        screen = self.wait_for(lambda s: "Set up an authenticator app" in s and re.search(r"│ Secret\s", s),
                               "the authenticator secret")
        return screen, totp_secret(screen)

    def stop(self):
        """Stops only this test's tmux server (and the console in it)."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def console():
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the console end-to-end test (scripts/setup.sh installs it)")
    directory = tempfile.mkdtemp(prefix="sigil-console-")
    db = os.path.join(directory, "sigil.db")
    seeded = subprocess.run([SIGIL, "seed", "--db", db, "--users", "300", "--name", "shop"], capture_output=True, text=True, timeout=120)
    assert seeded.returncode == 0, seeded.stderr
    port = free_port()
    started = Console(directory, ["--db", db, "--port", str(port), "--no-demo"])
    started.endpoint = f"http://localhost:{port}"
    started.db = db
    yield started
    started.stop()
    shutil.rmtree(directory, ignore_errors=True)


def totp_secret(screen):
    """The authenticator secret read off the enrolment page: groups of four base32
    letters under "Secret"."""
    lines = screen.splitlines()
    start = next(i for i, line in enumerate(lines) if re.search(r"│ Secret\s", line))
    secret = ""
    for line in lines[start + 1:start + 4]:
        groups = re.findall(r"\b[A-Z2-7]{4}\b", line.split("│")[-2] if line.count("│") >= 2 else line)
        if not groups:
            break
        secret += "".join(groups)
    assert len(secret) == 32, f"secret {secret!r} from:\n{screen}"
    return secret


def row_of(screen, username):
    for line in screen.splitlines():
        if line.startswith(username + " "):
            return line
    return None


def test_console_end_to_end(console):
    # One pool in the store: the console opens on its directory.
    screen = console.wait_text("by username · 300 users")
    assert "Sigil" in screen and "Users" in screen
    assert re.search(r"API localhost:\d+", screen)

    # Filter with plain text, then open alice.
    console.keys("/")
    console.text("ali")
    # Each key filters again: wait for the list of the whole prefix, not of "a" or "al".
    def filtered(screen):
        lines = screen.splitlines()
        header = next((i for i, line in enumerate(lines) if line.startswith("Username")), None)
        if header is None:
            return False
        rows = []
        for line in lines[header + 1:]:
            if not line.strip() or not line[0].isalnum():
                break
            rows.append(line)
        return row_of(screen, "alice") is not None and all(row.startswith("ali") for row in rows)
    screen = console.wait_for(filtered, "the filtered list")
    console.keys("Enter")
    # Enter keeps the filter; the list now has focus. Select alice and open her details.
    line_index = next(i for i, line in enumerate(screen.splitlines()) if line.startswith("alice "))
    first_row = next(i for i, line in enumerate(screen.splitlines()) if line.startswith("Username"))
    console.keys(*["Down"] * (line_index - first_row - 1))
    console.keys("Enter")
    console.wait_for(lambda s: "┌─ alice " in s and "Attributes" in s and "admins" in s, "alice's details")

    # Disable her: a confirmation naming her, then the new status.
    console.keys("Escape")  # back to the table
    console.keys("d")
    console.wait_text("Disable alice?")
    console.keys("y")
    console.wait_text("Disabled alice")
    screen = console.wait_for(lambda s: "✗" in (row_of(s, "alice") or ""), "alice's row showing her disabled")
    console.wait_text("no (disabled)")

    # An app creates a user through the console's API: it appears without a key press.
    console.keys("Escape")  # clear the filter
    console.wait_for(lambda s: row_of(s, "bob") is not None, "the whole list again")
    idp = boto3.client("cognito-idp", endpoint_url=console.endpoint, region_name="us-east-1")
    pool_id = idp.list_user_pools(MaxResults=10)["UserPools"][0]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="aaa-from-the-app", MessageAction="SUPPRESS")
    console.wait_for(lambda s: row_of(s, "aaa-from-the-app") is not None, "the user the app created")

    # A pool that requires an authenticator app, made through the API.
    mfa_pool = idp.create_user_pool(PoolName="mfa-required")["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=mfa_pool, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    idp.create_user_pool_client(UserPoolId=mfa_pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    idp.admin_create_user(UserPoolId=mfa_pool, Username="tess", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=mfa_pool, Username="tess", Password="Passw0rd!tess", Permanent=True)

    # Switch to it from the palette and open the hosted sign-in.
    console.keys(":")
    console.text("pool mfa-required")
    console.wait_text(mfa_pool)  # the palette lists it (pools made through the API included)
    console.keys("Enter")
    console.wait_text("pool mfa-required " + mfa_pool)
    console.keys("5")
    console.wait_text("Open sign-in page")
    console.keys("Enter")
    console.wait_text("Forgot your password?")
    console.text("tess")
    console.keys("Tab")
    console.text("Passw0rd!tess")
    console.keys("Enter")
    screen, secret = console.wait_secret()
    assert "█" in screen and ("▀" in screen or "▄" in screen), "the QR code is drawn in half blocks"
    console.text(pyotp.TOTP(secret).now())
    console.keys("Enter")

    # The decoded tokens, checked.
    console.wait_text("Signed in as tess")
    screen = console.wait_text("✓ valid")
    assert "cognito:username" in screen and "tess" in screen
    assert "token_use" in screen and " id " in screen.replace("│", " ")
    console.keys("Tab")
    console.wait_text("client_id")

    # Quit with Ctrl-C: the console ends cleanly and the terminal is back to normal.
    console.keys("C-c")
    screen = console.wait_for(
        lambda text: "CONSOLE-EXITED 0" in text and "icanon" in text[text.index("CONSOLE-EXITED"):], "the exit and stty")
    settings = screen[screen.index("CONSOLE-EXITED"):]
    assert re.search(r"(?<!-)\becho\b", settings), settings
    assert re.search(r"(?<!-)\bicanon\b", settings), settings
    assert "Signed in as tess" not in screen, "the console's screen is gone"


@pytest.mark.parametrize("signal_name,status", [("TERM", 0), ("SEGV", 139)])
def test_terminal_restored_when_killed(console, signal_name, status):
    """SIGTERM ends the console cleanly; a crash signal still gives the terminal back."""
    console.wait_text("by username · 300 users")
    with open(console.pid_file) as file:
        pid = file.read().strip()
    subprocess.run(["kill", f"-{signal_name}", pid], check=True)
    # After a crash signal Swift's backtracer reads the debug binary's symbols first, which
    # takes a while on a busy machine.
    # The shell prints the exit status, then the terminal's settings (stty -a): wait for both.
    screen = console.wait_for(
        lambda text: "CONSOLE-EXITED" in text and "icanon" in text[text.index("CONSOLE-EXITED"):], "the exit and stty", timeout=90)
    assert f"CONSOLE-EXITED {status}" in screen, screen
    settings = screen[screen.index("CONSOLE-EXITED"):]
    assert re.search(r"(?<!-)\becho\b", settings), settings
    assert re.search(r"(?<!-)\bicanon\b", settings), settings


def test_risk_dashboard_shows_a_blocked_sign_in(console):
    """Threat protection turned on from the dashboard, a blocked address set through the
    API, a hosted sign-in from that address refused, and the refusal on the dashboard."""
    console.wait_text("by username · 300 users")
    idp = boto3.client("cognito-idp", endpoint_url=console.endpoint, region_name="us-east-1")
    pool_id = idp.list_user_pools(MaxResults=10)["UserPools"][0]["Id"]
    idp.set_risk_configuration(UserPoolId=pool_id, RiskExceptionConfiguration={"BlockedIPRangeList": ["192.0.2.0/24"]})

    console.keys("8")
    console.wait_text("Threat protection OFF")
    console.keys("m")
    console.wait_text("Threat protection for this pool")
    console.text("ENF")
    console.keys("Enter")
    console.wait_text("Threat protection ENFORCED")

    # The hosted sign-in from an address in the blocked range.
    console.keys("5")
    console.wait_text("Open sign-in page")
    console.keys("Down", "Down", "C-u")
    console.text("192.0.2.55")
    console.keys("Enter")
    console.wait_text("Forgot your password?")
    console.text("alice")
    console.keys("Tab")
    console.text("Sigil-demo-2026!")
    console.keys("Enter")
    console.wait_text("NotAuthorizedException")

    # On the dashboard: the refusal, high risk, blocked, and why.
    console.keys("C-p")
    console.text("risk")
    console.keys("Enter")
    screen = console.wait_for(lambda s: any("192.0.2.55" in line and "Block" in line for line in s.splitlines()), "the blocked sign-in")
    row = next(line for line in screen.splitlines() if "192.0.2.55" in line)
    assert "alice" in row and "Fail" in row and "High" in row, row
    assert "1 blocked" in screen
    assert "blocked-range: 192.0.2.55 is in a blocked IP range" in screen

    # Reported as not the user: the feedback shows and is what the API returns.
    console.keys("i")
    console.wait_text("Marked alice's SignIn event invalid")
    console.wait_for(lambda s: any("192.0.2.55" in line and "Invalid" in line for line in s.splitlines()), "the feedback in the row")
    events = idp.admin_list_user_auth_events(UserPoolId=pool_id, Username="alice")["AuthEvents"]
    assert events[0]["EventRisk"]["RiskDecision"] == "Block"
    assert events[0]["EventFeedback"]["FeedbackValue"] == "Invalid"


def test_credential_inspection_from_a_hosted_sign_in(console, tmp_path):
    """An identity pool trusting the seeded user pool, a role with a policy, a hosted
    sign-in, then the credentials screen: the session's identity, its role and tags,
    and the policy simulator allowing the user's own prefix and denying another's."""
    console.wait_text("by username · 300 users")
    idp = boto3.client("cognito-idp", endpoint_url=console.endpoint, region_name="us-east-1")
    identity = boto3.client("cognito-identity", endpoint_url=console.endpoint, region_name="us-east-1")
    pool_id = idp.list_user_pools(MaxResults=10)["UserPools"][0]["Id"]
    client_id = idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"][0]["ClientId"]
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    identity_pool = identity.create_identity_pool(
        IdentityPoolName="photos", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}])["IdentityPoolId"]
    identity.set_identity_pool_roles(IdentityPoolId=identity_pool, Roles={"authenticated": "arn:aws:iam::000000000000:role/photo-users"})
    identity.set_principal_tag_attribute_map(IdentityPoolId=identity_pool, IdentityProviderName=provider, UseDefaults=True)
    policy = tmp_path / "photos.json"
    policy.write_text('{"Version": "2012-10-17", "Statement": {"Sid": "OwnPhotos", "Effect": "Allow", "Action": "s3:GetObject", '
                      '"Resource": "arn:aws:s3:::photos/${cognito-identity.amazonaws.com:sub}/*"}}')
    made = subprocess.run([SIGIL, "role", "put", "--db", console.db, "--name", "photo-users", "--policy", str(policy)],
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr

    # Sign in as alice on the hosted sign-in screen.
    console.keys("5")
    console.wait_text("Open sign-in page")
    console.keys("Enter")
    console.wait_text("Forgot your password?")
    console.text("alice")
    console.keys("Tab")
    console.text("Sigil-demo-2026!")
    console.keys("Enter")
    console.wait_text("Signed in as alice")

    # The credentials screen, from the palette; the identity pool shows and s uses the session.
    console.keys("C-p")
    console.text("credentials")
    console.keys("Enter")
    console.wait_text("Identity pool photos " + identity_pool)
    console.keys("s")
    screen = console.wait_text("credentials for role photo-users")
    identity_id = re.search(r"1 GetId\s+✓ (us-east-1:[0-9a-f-]+)", screen).group(1)
    assert "the pool's authenticated role" in screen
    assert f"client={client_id}, username=" in screen
    assert "(r reveals)" in screen

    console.keys("a", "Enter")
    screen = console.wait_text('Allow: statement 1 ("OwnPhotos")')
    assert f"on arn:aws:s3:::photos/{identity_id}/cat.jpg" in screen
    console.keys("Tab", "C-u")
    console.text("arn:aws:s3:::photos/us-east-1:someone-else/cat.jpg")
    console.keys("Enter")
    console.wait_text("Deny: no statement allows it (implicit deny)")


def test_a_paste_is_text_never_key_presses(console):
    """Bracketed paste in a real terminal: on the pools screen a paste is ignored with a
    hint (it would otherwise open dialogs or quit); in the token inspector it is the token."""
    console.wait_text("by username · 300 users")
    console.keys("1")
    console.wait_text("User pools")
    console.tmux("set-buffer", "cxq2eyJhbGciOiJSUzI1NiJ9.e30.sig")
    console.tmux("paste-buffer", "-p", "-t", console.session)
    screen = console.wait_text("Paste ignored")
    assert "Create user pool" not in screen and "CONSOLE-EXITED" not in screen
    console.keys("7")
    console.wait_text("Token inspector")
    console.tmux("paste-buffer", "-p", "-t", console.session)
    screen = console.wait_text("cxq2eyJhbGciOiJSUzI1NiJ9.e30.sig")
    assert "Token inspector" in screen and "CONSOLE-EXITED" not in screen

"""PreSignUp: people signing up with an address at an allowed domain are confirmed and
their email marked verified, so they can sign in at once (no code to type).

    sigil function map ARN --handler auto_confirm.py:handler --env ALLOWED_DOMAINS=example.com
"""
import os

ALLOWED = [domain.strip().lower() for domain in os.environ.get("ALLOWED_DOMAINS", "example.com").split(",") if domain.strip()]


def handler(event, context):
    email = event["request"]["userAttributes"].get("email", "")
    if email.rsplit("@", 1)[-1].lower() in ALLOWED:
        event["response"]["autoConfirmUser"] = True
        event["response"]["autoVerifyEmail"] = True
    return event

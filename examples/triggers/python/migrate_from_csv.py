"""UserMigration: users of an old system sign in with their old password the first time;
the pool then keeps them. The old system is a CSV file (legacy-users.csv beside this
file, or LEGACY_USERS) of username, email, salt and sha256(salt + password) in hex.

    sigil function map ARN --handler migrate_from_csv.py:handler
"""
import csv
import hashlib
import hmac
import os

USERS = os.environ.get("LEGACY_USERS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy-users.csv"))


def find(username):
    with open(USERS, newline="") as file:
        for row in csv.DictReader(file):
            if row["username"] == username or row["email"] == username:
                return row
    return None


def handler(event, context):
    user = find(event["userName"])
    if user is None:
        raise Exception("User does not exist")
    if event["triggerSource"] == "UserMigration_Authentication":
        digest = hashlib.sha256((user["salt"] + event["request"]["password"]).encode()).hexdigest()
        if not hmac.compare_digest(digest, user["sha256"]):
            raise Exception("Bad password")
        event["response"]["finalUserStatus"] = "CONFIRMED"
    event["response"]["userAttributes"] = {"email": user["email"], "email_verified": "true"}
    event["response"]["messageAction"] = "SUPPRESS"
    return event

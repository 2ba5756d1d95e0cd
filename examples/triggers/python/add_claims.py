"""PreTokenGeneration (version 2 or 3 event): adds a `tenant` claim to both tokens, taken
from the user's email domain, and an `orders/read` scope to the access token of users
in the `admins` group.

    sigil function map ARN --handler add_claims.py:handler
    (the pool's LambdaConfig: PreTokenGenerationConfig {LambdaVersion: V2_0, LambdaArn: ARN})
"""


def handler(event, context):
    attributes = event["request"]["userAttributes"]
    tenant = attributes.get("email", "@unknown").rsplit("@", 1)[-1]
    groups = event["request"]["groupConfiguration"]["groupsToOverride"]
    access = {"claimsToAddOrOverride": {"tenant": tenant}}
    if "admins" in groups:
        access["scopesToAdd"] = ["orders/read"]
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": tenant}},
        "accessTokenGeneration": access,
    }
    return event

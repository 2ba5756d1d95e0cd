"""Creates the same pool, app client and users on a Cognito endpoint (Sigil or moto), and
prints the request bodies the benchmark sends, as JSON."""
import json
import sys

import boto3

endpoint = sys.argv[1]
users = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
idp = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
pool_id = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
client_id = idp.create_user_pool_client(
    UserPoolId=pool_id, ClientName="bench", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
)["UserPoolClient"]["ClientId"]
names = ["ann", "ben", "chloe", "david", "elena", "farid", "grace", "hiro", "ines", "jamal"]
for index in range(users):
    idp.admin_create_user(
        UserPoolId=pool_id, Username=f"user{index:05d}", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": f"{names[index % len(names)]}.{index}@example.com"}])
idp.admin_set_user_password(UserPoolId=pool_id, Username="user00001", Password="Bench-pass-1", Permanent=True)
print(json.dumps({
    "AdminGetUser": {"UserPoolId": pool_id, "Username": "user00042"},
    "ListUsers": {"UserPoolId": pool_id, "Filter": 'email ^= "grace"', "Limit": 60},
    "InitiateAuth": {"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                     "AuthParameters": {"USERNAME": "user00001", "PASSWORD": "Bench-pass-1"}},
}))

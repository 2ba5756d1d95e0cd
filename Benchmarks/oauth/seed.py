"""Creates a pool with a domain, a resource server and a machine-to-machine app client on
a Sigil endpoint, and prints the client's HTTP Basic credentials (base64)."""
import base64
import sys
import time

import boto3

idp = boto3.client("cognito-idp", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="test", aws_secret_access_key="test")
pool_id = idp.create_user_pool(PoolName="oauth-bench")["UserPool"]["Id"]
idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"bench-{time.time_ns()}")
idp.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="Orders",
                           Scopes=[{"ScopeName": "read", "ScopeDescription": "Read"}])
client = idp.create_user_pool_client(
    UserPoolId=pool_id, ClientName="bench", GenerateSecret=True, AllowedOAuthFlowsUserPoolClient=True,
    AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=["orders/read"])["UserPoolClient"]
print(base64.b64encode(f"{client['ClientId']}:{client['ClientSecret']}".encode()).decode())

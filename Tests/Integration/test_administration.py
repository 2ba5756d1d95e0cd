"""Pool, client, user and group administration through boto3, as apps and scripts do it."""
import pytest
from botocore.exceptions import ClientError

PASSWORD = "Corr3ct-Horse!"


def error_code(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"]


def test_pool_lifecycle(idp):
    created = idp.create_user_pool(PoolName="admin-it", UsernameConfiguration={"CaseSensitive": False}, DeletionProtection="ACTIVE")
    pool = created["UserPool"]
    assert pool["Id"].startswith("us-east-1_") and len(pool["Id"]) == len("us-east-1_") + 9
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert [a["Name"] for a in pool["SchemaAttributes"]][0] == "sub"
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["CreationDate"] == pool["CreationDate"]
    listed = idp.list_user_pools(MaxResults=60)["UserPools"]
    assert pool["Id"] in [p["Id"] for p in listed]
    assert error_code(idp.delete_user_pool, UserPoolId=pool["Id"]) == "InvalidParameterException"
    idp.update_user_pool(UserPoolId=pool["Id"], DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool["Id"])
    assert error_code(idp.describe_user_pool, UserPoolId=pool["Id"]) == "ResourceNotFoundException"


def test_clients(idp, pool):
    client = idp.create_user_pool_client(UserPoolId=pool["id"], ClientName="server", GenerateSecret=True)["UserPoolClient"]
    assert len(client["ClientId"]) == 26 and len(client["ClientSecret"]) >= 40
    names = [c["ClientName"] for c in idp.list_user_pool_clients(UserPoolId=pool["id"], MaxResults=10)["UserPoolClients"]]
    assert sorted(names) == ["app", "server"]
    idp.update_user_pool_client(UserPoolId=pool["id"], ClientId=client["ClientId"], ClientName="renamed")
    assert idp.describe_user_pool_client(UserPoolId=pool["id"], ClientId=client["ClientId"])["UserPoolClient"]["ClientName"] == "renamed"
    idp.delete_user_pool_client(UserPoolId=pool["id"], ClientId=client["ClientId"])
    assert error_code(idp.describe_user_pool_client, UserPoolId=pool["id"], ClientId=client["ClientId"]) == "ResourceNotFoundException"
    assert error_code(idp.create_user_pool_client, UserPoolId=pool["id"], ClientName="x", AccessTokenValidity=100) == "InvalidParameterException"


def test_users_and_groups(idp, pool):
    user = idp.admin_create_user(
        UserPoolId=pool["id"], Username="dana", TemporaryPassword=PASSWORD, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "dana@example.com"}, {"Name": "name", "Value": "Dana"}])["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD" and user["Enabled"] is True
    assert error_code(idp.admin_create_user, UserPoolId=pool["id"], Username="dana", MessageAction="SUPPRESS") == "UsernameExistsException"
    idp.admin_update_user_attributes(UserPoolId=pool["id"], Username="dana", UserAttributes=[{"Name": "locale", "Value": "fr"}])
    got = idp.admin_get_user(UserPoolId=pool["id"], Username="dana")
    assert {a["Name"]: a["Value"] for a in got["UserAttributes"]}["locale"] == "fr"
    idp.admin_disable_user(UserPoolId=pool["id"], Username="dana")
    assert idp.admin_get_user(UserPoolId=pool["id"], Username="dana")["Enabled"] is False
    idp.admin_enable_user(UserPoolId=pool["id"], Username="dana")
    idp.admin_set_user_password(UserPoolId=pool["id"], Username="dana", Password=PASSWORD, Permanent=True)
    assert idp.admin_get_user(UserPoolId=pool["id"], Username="dana")["UserStatus"] == "CONFIRMED"

    idp.create_group(UserPoolId=pool["id"], GroupName="staff", Precedence=3, Description="People")
    assert error_code(idp.create_group, UserPoolId=pool["id"], GroupName="staff") == "GroupExistsException"
    idp.admin_add_user_to_group(UserPoolId=pool["id"], Username="dana", GroupName="staff")
    assert [g["GroupName"] for g in idp.admin_list_groups_for_user(UserPoolId=pool["id"], Username="dana")["Groups"]] == ["staff"]
    assert [u["Username"] for u in idp.list_users_in_group(UserPoolId=pool["id"], GroupName="staff")["Users"]] == ["dana"]
    assert error_code(idp.get_group, UserPoolId=pool["id"], GroupName="nope") == "ResourceNotFoundException"
    idp.admin_remove_user_from_group(UserPoolId=pool["id"], Username="dana", GroupName="staff")
    idp.delete_group(UserPoolId=pool["id"], GroupName="staff")
    idp.admin_delete_user(UserPoolId=pool["id"], Username="dana")
    assert error_code(idp.admin_get_user, UserPoolId=pool["id"], Username="dana") == "UserNotFoundException"


def test_list_users_filters_and_paging(idp, pool):
    for index in range(75):
        idp.admin_create_user(
            UserPoolId=pool["id"], Username=f"user{index:03d}", MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": f"{'ann' if index % 5 == 0 else 'bob'}{index}@example.com"}])
    anns = idp.list_users(UserPoolId=pool["id"], Filter='email ^= "ann"')["Users"]
    assert len(anns) == 15
    exact = idp.list_users(UserPoolId=pool["id"], Filter='username = "user007"', AttributesToGet=["email"])["Users"]
    assert [u["Username"] for u in exact] == ["user007"] and [a["Name"] for a in exact[0]["Attributes"]] == ["email"]
    paginator = idp.get_paginator("list_users")
    names = [u["Username"] for page in paginator.paginate(UserPoolId=pool["id"], PaginationConfig={"PageSize": 20}) for u in page["Users"]]
    assert len(names) == 75 and len(set(names)) == 75
    assert error_code(idp.list_users, UserPoolId=pool["id"], Filter="email ~ 'x'") == "InvalidParameterException"
    assert error_code(idp.list_users, UserPoolId=pool["id"], Limit=61) == "InvalidParameterException"


def test_csv_import(idp, pool, server):
    import urllib.request
    header = idp.get_csv_header(UserPoolId=pool["id"])["CSVHeader"]
    assert header[-2:] == ["cognito:mfa_enabled", "cognito:username"]
    job = idp.create_user_import_job(UserPoolId=pool["id"], JobName="it", CloudWatchLogsRoleArn="arn:aws:iam::000000000000:role/import")["UserImportJob"]
    body = "cognito:username,email,email_verified,cognito:mfa_enabled\nimp1,imp1@example.com,true,false\nimp2,bad-email,true,false\n"
    request = urllib.request.Request(job["PreSignedUrl"], data=body.encode(), method="PUT")
    urllib.request.urlopen(request).read()
    assert idp.start_user_import_job(UserPoolId=pool["id"], JobId=job["JobId"])["UserImportJob"]["Status"] == "Pending"
    import time
    for _ in range(100):
        described = idp.describe_user_import_job(UserPoolId=pool["id"], JobId=job["JobId"])["UserImportJob"]
        if described["Status"] == "Succeeded":
            break
        time.sleep(0.1)
    assert described["Status"] == "Succeeded" and described["ImportedUsers"] == 1 and described["FailedUsers"] == 1
    assert idp.admin_get_user(UserPoolId=pool["id"], Username="imp1")["UserStatus"] == "RESET_REQUIRED"

"""Domains and resource servers through boto3, as Terraform, the CDK and scripts set up
managed login."""
import time

import pytest
import requests
from botocore.exceptions import ClientError


def error(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]["Code"], caught.value.response["Error"]["Message"]


def test_a_domain_from_creation_to_deletion(idp, pool):
    prefix = f"shop-{time.time_ns()}"
    created = idp.create_user_pool_domain(UserPoolId=pool["id"], Domain=prefix, ManagedLoginVersion=2)
    assert created["ManagedLoginVersion"] == 2 and "CloudFrontDomain" not in created
    described = idp.describe_user_pool_domain(Domain=prefix)["DomainDescription"]
    assert described["UserPoolId"] == pool["id"] and described["Status"] == "ACTIVE" and described["ManagedLoginVersion"] == 2
    assert idp.describe_user_pool(UserPoolId=pool["id"])["UserPool"]["Domain"] == prefix

    assert error(idp.delete_user_pool, UserPoolId=pool["id"]) == (
        "InvalidParameterException", "User pool cannot be deleted. It has a domain configured that should be deleted first.")
    assert error(idp.create_user_pool_domain, UserPoolId=pool["id"], Domain="my-cognito-app") == (
        "InvalidParameterException", "Domain cannot contain reserved word: cognito")
    code, message = error(idp.create_user_pool_domain, UserPoolId=pool["id"], Domain="Not_Valid")
    assert code == "InvalidParameterException" and message.startswith("The domain name contains an invalid character.")

    idp.update_user_pool_domain(UserPoolId=pool["id"], Domain=prefix, ManagedLoginVersion=1)
    assert idp.describe_user_pool_domain(Domain=prefix)["DomainDescription"]["ManagedLoginVersion"] == 1
    idp.delete_user_pool_domain(UserPoolId=pool["id"], Domain=prefix)
    # A domain nobody has is an empty description, not an error (Terraform relies on it).
    assert idp.describe_user_pool_domain(Domain=prefix)["DomainDescription"] == {}
    assert error(idp.delete_user_pool_domain, UserPoolId=pool["id"], Domain=prefix) == (
        "InvalidParameterException", "No such domain or user pool exists.")


def test_resource_servers_with_custom_scopes(idp, pool):
    scopes = [{"ScopeName": "read", "ScopeDescription": "Read orders"}, {"ScopeName": "write", "ScopeDescription": "Place orders"}]
    server = idp.create_resource_server(UserPoolId=pool["id"], Identifier="https://orders.example", Name="Orders", Scopes=scopes)
    assert server["ResourceServer"]["Scopes"] == scopes
    assert error(idp.create_resource_server, UserPoolId=pool["id"], Identifier="https://orders.example", Name="Again")[0] == (
        "InvalidParameterException")
    idp.create_resource_server(UserPoolId=pool["id"], Identifier="billing", Name="Billing")
    paginator = idp.get_paginator("list_resource_servers")
    listed = [s["Identifier"] for page in paginator.paginate(UserPoolId=pool["id"], PaginationConfig={"PageSize": 1}) for s in page["ResourceServers"]]
    assert listed == ["billing", "https://orders.example"]
    idp.update_resource_server(UserPoolId=pool["id"], Identifier="https://orders.example", Name="Orders", Scopes=scopes[:1])
    described = idp.describe_resource_server(UserPoolId=pool["id"], Identifier="https://orders.example")["ResourceServer"]
    assert described["Scopes"] == scopes[:1]
    idp.delete_resource_server(UserPoolId=pool["id"], Identifier="https://orders.example")
    assert error(idp.describe_resource_server, UserPoolId=pool["id"], Identifier="https://orders.example")[0] == "ResourceNotFoundException"


def test_ui_customization_with_a_logo(idp, pool):
    assert error(idp.get_ui_customization, UserPoolId=pool["id"]) == (
        "InvalidParameterException", "There has to be an existing domain associated with this user pool")
    idp.create_user_pool_domain(UserPoolId=pool["id"], Domain=f"ui-{time.time_ns()}")
    logo = b"\x89PNG\r\n\x1a\n" + bytes(64)
    css = ".banner-customizable { background-color: #0a3d62; }"
    made = idp.set_ui_customization(UserPoolId=pool["id"], CSS=css, ImageFile=logo)["UICustomization"]
    assert made["ClientId"] == "ALL" and made["CSS"] == css
    fetched = requests.get(made["ImageUrl"], timeout=10)
    assert fetched.status_code == 200 and fetched.content == logo and fetched.headers["Content-Type"] == "image/png"
    # A client without its own look gets the pool's.
    assert idp.get_ui_customization(UserPoolId=pool["id"], ClientId=pool["client"])["UICustomization"]["ClientId"] == "ALL"
    assert error(idp.set_ui_customization, UserPoolId=pool["id"], CSS="body { color: red }")[0] == "InvalidParameterException"


def test_terms_links_for_a_client(idp, pool):
    links = {"cognito:default": "https://shop.example/terms", "cognito:french": "https://shop.example/fr/conditions"}
    made = idp.create_terms(UserPoolId=pool["id"], ClientId=pool["client"], TermsName="terms-of-use", TermsSource="LINK",
                            Enforcement="NONE", Links=links)["Terms"]
    assert made["Links"] == links and made["CreationDate"] == made["LastModifiedDate"]
    assert error(idp.create_terms, UserPoolId=pool["id"], ClientId=pool["client"], TermsName="terms-of-use", TermsSource="LINK",
                 Enforcement="NONE", Links=links)[0] == "TermsExistsException"
    listed = idp.list_terms(UserPoolId=pool["id"])["Terms"]
    assert [t["TermsId"] for t in listed] == [made["TermsId"]]
    assert idp.describe_terms_by_client(UserPoolId=pool["id"], ClientId=pool["client"], TermsName="terms-of-use")["Terms"]["TermsId"] == made["TermsId"]
    idp.delete_terms(UserPoolId=pool["id"], TermsId=made["TermsId"])
    assert idp.list_terms(UserPoolId=pool["id"])["Terms"] == []

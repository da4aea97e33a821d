# -*- coding: utf-8 -*-
"""Unit tests of plugins/module_utils/identity.py: domain paths, network domains, resource types and
the results of the domain/account/user/role modules (never a secret)."""

from __future__ import annotations

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.identity import (
    account_result, domain_path, limit_result, network_domain, resource_type_name, resources, user_result)


@pytest.mark.parametrize("given,canonical", [
    ("ROOT", "ROOT"), ("/", "ROOT"), ("/ROOT", "ROOT"), ("root/a", "ROOT/a"), ("/a/b", "ROOT/a/b"), ("a/b", "ROOT/a/b"),
    ("ROOT/customers/acme", "ROOT/customers/acme"), (" /x ", "ROOT/x"),
])
def test_domain_path_forms(given, canonical):
    assert domain_path("path", given) == canonical


@pytest.mark.parametrize("given,words", [
    ("", "is empty"), ("ROOT/a/", "ends with '/'"), ("ROOT//a", "empty segment"), ("a/ /b", "empty segment"),
])
def test_domain_path_refused_naming_the_option(given, words):
    with pytest.raises(CloudStackError) as exc:
        domain_path("domain", given)
    assert exc.value.message.startswith("domain: ") and words in exc.value.message


@pytest.mark.parametrize("value", ["example.com", "a-b.c", "x", "A1.b2", ""])
def test_network_domain_accepted(value):
    assert network_domain("network_domain", value) == value


@pytest.mark.parametrize("value", ["-a.com", "a-.com", "a..com", ".a.com", "a.com.", "a_b.com", "x" * 64 + ".com",
                                   ("a" * 50 + ".") * 4 + "com"])
def test_network_domain_refused(value):
    with pytest.raises(CloudStackError) as exc:
        network_domain("network_domain", value)
    assert exc.value.message.startswith("network_domain: ")


def test_resource_type_names_aliases_and_ordinals():
    assert resource_type_name("instance") == "user_vm"
    assert resource_type_name("IP_ADDRESS") == "public_ip"
    assert resource_type_name("secondary_storage") == "secondary_storage"
    assert resource_type_name(10) == "primary_storage"
    with pytest.raises(CloudStackError):
        resource_type_name("gpu")


def test_resources_grouped_only_when_listed():
    assert resources({"secondarystoragetotal": 0.0}) == []  # a create answer: no limits
    grouped = resources({"vmlimit": "20", "vmtotal": 1, "vmavailable": "19", "memorylimit": "Unlimited",
                         "memorytotal": 0, "memoryavailable": "Unlimited"})
    assert grouped == [{"resource_type": "user_vm", "limit": "20", "total": 1, "available": "19"},
                       {"resource_type": "memory", "limit": "Unlimited", "total": 0, "available": "Unlimited"}]


def test_user_and_account_results_never_hold_a_secret():
    user = {"id": "u", "username": "bob", "apikey": "AK", "secretkey": "SECRET", "password": "PW", "accounttype": 2,
            "firstname": "B", "lastname": "O"}
    out = user_result(user)
    assert out["api_key"] == "AK" and out["account_type"] == "domain_admin" and out["first_name"] == "B"
    assert "SECRET" not in repr(out) and "PW" not in repr(out)
    account = account_result({"id": "a", "name": "acme", "accounttype": 0, "domainpath": "ROOT/x", "user": [user],
                              "vmlimit": "20", "vmtotal": 0, "vmavailable": "20"})
    assert account["users"][0]["username"] == "bob" and "SECRET" not in repr(account)
    assert account["resources"] == [{"resource_type": "user_vm", "limit": "20", "total": 0, "available": "20"}]
    assert account["domain_path"] == "ROOT/x"


def test_limit_result():
    out = limit_result({"resourcetype": "10", "resourcetypename": "primary_storage", "max": 50, "domain": "d",
                        "domainid": "i", "account": "a"})
    assert out == {"resource_type": "primary_storage", "resource_type_id": 10, "limit": 50, "domain": "d",
                   "domain_id": "i", "account": "a"}

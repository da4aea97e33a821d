# -*- coding: utf-8 -*-
"""Secrets in option values: URL userinfo, secret-named details and parameters, key/value pairs."""

from __future__ import annotations

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.connection import resolve_connection
from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.redact import (
    find_secrets, is_secret_name, mask_urls, scrub_secrets, url_secrets)


@pytest.mark.parametrize("url, secrets", [
    ("rbd://admin:cephKEY==@10.0.0.6/rbd", {"cephKEY=="}),
    ("rbd://admin:AQB/x+y==@10.0.0.6/rbd", {"AQB/x+y=="}),  # a Ceph key holding '/' and '+'
    ("rbd://admin:pa%2Fss@mon/pool", {"pa%2Fss", "pa/ss"}),
    ("s3://TOKEN123@bucket/x", {"TOKEN123"}),
    ("nfs://10.0.0.5/export/primary", set()),
    ("nfs://10.0.0.5/export@snapshot", set()),
    ("failed: 'rbd://u:p1@m/p' is not a valid uri", {"p1"}),
])
def test_url_secrets(url, secrets):
    assert url_secrets(url) == secrets


def test_mask_urls_keeps_the_user_and_the_host():
    assert mask_urls("rbd://admin:AQB/x+y==@10.0.0.6/rbd is bad") == "rbd://admin:********@10.0.0.6/rbd is bad"
    assert mask_urls("s3://TOKEN@b/x") == "s3://********@b/x"
    assert mask_urls("nfs://10.0.0.5/export") == "nfs://10.0.0.5/export"


@pytest.mark.parametrize("name", ["password", "vsm_password", "secretkey", "accesskey", "key", "token", "privatekey",
                                  "ldap.bind.password", "credentials", "passphrase"])
def test_secret_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["apikey", "publickey", "name", "value", "keyword", "url", "username", "zoneid"])
def test_not_secret_names(name):
    assert not is_secret_name(name)


def test_find_secrets_walks_pairs_lists_and_dicts():
    params = {
        "command": "createStoragePool",
        "params": {
            "url": "rbd://admin:URLPW@mon/pool",
            "details": [{"key": "password", "value": "NESTED"}, {"key": "user", "value": "bob"}],
            "tags": [{"key": "env", "value": "prod"}],
            "extra": {"secretkey": "S3SECRET", "deep": [{"token": "TOK"}]},
            "apikey": "not-secret",
        },
        "details": {"password": 1234, "enabled": True, "iops": 10},
    }
    assert find_secrets(params) == {"URLPW", "NESTED", "S3SECRET", "TOK", "1234"}


def test_find_secrets_in_a_url_option_without_a_scheme():
    """The module refuses such a URL, but its error and the -vvv invocation must not show the password."""
    assert find_secrets({"storage_url": "admin:SCHEMELESS@10.0.0.6/rbd"}) == {"SCHEMELESS"}
    assert find_secrets({"url": "10.0.0.5/export@snap"}) == set()  # a path holding '@'
    assert find_secrets({"name": "user:pw@host"}) == set()  # not a URL option


def test_scrub_secrets():
    assert scrub_secrets("x NESTED y rbd://a:B@c/d", {"NESTED"}) == "x ******** y rbd://a:********@c/d"


def test_ini_without_section_header_does_not_quote_its_first_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ini = tmp_path / "cs.ini"
    ini.write_text("secret = the-first-line-secret\n[cloudstack]\nendpoint = http://a/client/api\n")
    with pytest.raises(CloudStackError) as err:
        resolve_connection({"api_config": str(ini)}, {})
    assert "the-first-line-secret" not in str(err.value)
    assert "line 1 comes before any [section] header" in str(err.value)


def test_ini_parse_error_names_lines_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ini = tmp_path / "cs.ini"
    ini.write_text("[cloudstack]\nendpoint = http://a/client/api\nsecret-without-equals-sign\n")
    with pytest.raises(CloudStackError) as err:
        resolve_connection({"api_config": str(ini)}, {})
    assert "secret-without-equals-sign" not in str(err.value) and "3" in str(err.value)

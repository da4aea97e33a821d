# -*- coding: utf-8 -*-
"""Connection option resolution: options > environment > cloudstack.ini > defaults."""

from __future__ import annotations

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.connection import (
    client_from_options, connection_argument_spec, resolve_connection)


def options(**kwargs):
    opts = {name: None for name in connection_argument_spec()}
    opts.update(kwargs)
    return opts


def test_environment_fallback_keeps_ngine_io_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {"CLOUDSTACK_ENDPOINT": "http://e/client/api", "CLOUDSTACK_KEY": "k", "CLOUDSTACK_SECRET": "s",
           "CLOUDSTACK_TIMEOUT": "30", "CLOUDSTACK_METHOD": "POST", "CLOUDSTACK_VERIFY": "/ca.pem"}
    conn = resolve_connection(options(), env)
    assert conn["api_url"] == "http://e/client/api"
    assert (conn["api_key"], conn["api_secret"], conn["api_timeout"]) == ("k", "s", 30.0)
    assert conn["api_http_method"] == "post" and conn["api_verify_ssl_cert"] == "/ca.pem"
    assert conn["validate_certs"] is True


def test_options_win_over_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    conn = resolve_connection(options(api_url="http://o/client/api"), {"CLOUDSTACK_ENDPOINT": "http://e/client/api"})
    assert conn["api_url"] == "http://o/client/api"


def test_ini_region(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ini = tmp_path / "cs.ini"
    ini.write_text("[cloudstack]\nendpoint = http://a/client/api\nkey = ka\nsecret = sa\n\n"
                   "[lab]\nendpoint = http://lab/client/api\nusername = admin\npassword = pw\n"
                   "dangerous_no_tls_verify = true\n")
    conn = resolve_connection(options(), {"CLOUDSTACK_CONFIG": str(ini)})
    assert (conn["api_url"], conn["api_key"]) == ("http://a/client/api", "ka")
    conn = resolve_connection(options(api_region="lab"), {"CLOUDSTACK_CONFIG": str(ini)})
    assert (conn["api_url"], conn["api_username"], conn["validate_certs"]) == ("http://lab/client/api", "admin", False)
    assert client_from_options(options(api_region="lab"), {"CLOUDSTACK_CONFIG": str(ini)}).auth_mode == "login"
    with pytest.raises(CloudStackError, match=r"no \[nope\] section"):
        resolve_connection(options(api_region="nope"), {"CLOUDSTACK_CONFIG": str(ini)})


def test_cwd_ini_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "cloudstack.ini").write_text("[cloudstack]\nendpoint = http://cwd/client/api\n")
    assert resolve_connection(options(), {})["api_url"] == "http://cwd/client/api"


def test_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(CloudStackError, match="No API endpoint"):
        resolve_connection(options(), {})
    with pytest.raises(CloudStackError, match="does not exist"):
        resolve_connection(options(api_config=str(tmp_path / "missing.ini")), {})
    with pytest.raises(CloudStackError, match="api_timeout must be a number"):
        resolve_connection(options(api_url="http://x/client/api"), {"CLOUDSTACK_TIMEOUT": "soon"})
    with pytest.raises(CloudStackError, match="api_http_method must be one of"):
        resolve_connection(options(api_url="http://x/client/api"), {"CLOUDSTACK_METHOD": "put"})
    with pytest.raises(CloudStackError, match="validate_certs must be a boolean"):
        resolve_connection(options(api_url="http://x/client/api"), {"CLOUDSTACK_VALIDATE_CERTS": "maybe"})


def test_verify_bundle_and_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    client = client_from_options(options(api_url="https://x/client/api", api_key="k", api_secret="s",
                                         api_verify_ssl_cert="/ca.pem"), {})
    assert client.verify == "/ca.pem"
    client = client_from_options(options(api_url="https://x/client/api", api_key="k", api_secret="s",
                                         validate_certs=False), {})
    assert client.verify is False

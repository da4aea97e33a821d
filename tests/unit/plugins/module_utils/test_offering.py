# -*- coding: utf-8 -*-
"""Unit tests of the shared offering declaration (plugins/module_utils/offering.py)."""

from __future__ import annotations

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError
from ansible_collections.csops.cloudstack.plugins.module_utils.offering import (
    RATES, OfferingModule, _path_key, canonical, offering_result, split)


def test_rates_map_options_to_api_names():
    by_option = {option: (param, attr) for option, param, attr in RATES}
    assert len(RATES) == 12
    assert by_option["disk_bytes_read_rate"] == ("bytesreadrate", "diskBytesReadRate")
    assert by_option["disk_iops_write_rate_max_length"] == ("iopswriteratemaxlength", "diskIopsWriteRateMaxLength")
    assert by_option["disk_bytes_write_rate_max"] == ("byteswriteratemax", "diskBytesWriteRateMax")


def test_canonical_spelling_or_a_line_naming_the_option():
    assert canonical("supported_services", "sourcenat", ("Dhcp", "SourceNat")) == "SourceNat"
    with pytest.raises(CloudStackError) as exc:
        canonical("supported_services", "Teleport", ("Dhcp", "SourceNat"))
    assert exc.value.message.startswith("supported_services: unknown value 'Teleport'")


@pytest.mark.parametrize("text,key", [("ROOT", ""), ("/", ""), ("ROOT/a/B", "a/b"), ("/a/b/", "a/b"), ("a", "a")])
def test_domain_path_keys(text, key):
    assert _path_key(text) == key


def test_result_shape_of_a_network_offering():
    item = {"id": "1", "name": "n", "displaytext": "d", "egressdefaultpolicy": False, "zoneid": "z1,z2",
            "zone": "a,b", "guestiptype": "Isolated", "jobid": "x",
            "service": [{"name": "SourceNat", "provider": [{"name": "VirtualRouter"}],
                         "capability": [{"name": "RedundantRouter", "value": "true", "canchooseservicecapability": False}]}]}
    out = offering_result("networkoffering", item)
    assert out["display_text"] == "d" and out["egress_default_policy"] == "deny" and out["guest_ip_type"] == "Isolated"
    assert out["zone_ids"] == ["z1", "z2"] and out["zones"] == ["a", "b"] and out["domains"] == []
    assert out["services"] == [{"name": "SourceNat", "providers": ["VirtualRouter"],
                                "capabilities": [{"name": "RedundantRouter", "value": "true"}]}]
    assert "jobid" not in out


def test_result_shape_of_a_service_offering():
    out = offering_result("serviceoffering", {"name": "s", "hosttags": "a,b", "diskIopsReadRate": 5, "cacheMode": "none"})
    assert out["host_tags"] == ["a", "b"] and out["storage_tags"] == []
    assert out["disk_iops_read_rate"] == 5 and out["cache_mode"] == "none"
    assert offering_result("serviceoffering", None) == {}


class _Scope(OfferingModule):
    """scope_matches without Ansible: only params and domain_label are used."""

    def __init__(self, params, domain_label="path"):  # pylint: disable=super-init-not-called
        self.params = params
        self.domain_label = domain_label


@pytest.mark.parametrize("option,wanted,obj,label,match", [
    ("zones", ["z-1"], {"zoneid": "u1", "zone": "Z-1"}, "path", True),
    ("zones", ["u1"], {"zoneid": "u1", "zone": "Z-1"}, "path", True),
    ("zones", [], {}, "path", True),
    ("zones", [], {"zoneid": "u1", "zone": "z-1"}, "path", False),
    ("zones", ["z-1", "z-2"], {"zoneid": "u1", "zone": "z-1"}, "path", False),
    ("domains", ["ROOT/customers"], {"domainid": "d1", "domain": "/customers/"}, "path", True),
    ("domains", ["ROOT"], {"domainid": "d0", "domain": "/"}, "path", True),
    ("domains", ["ROOT/customers"], {"domainid": "d1", "domain": "customers"}, "name", True),
    ("domains", ["ROOT/other"], {"domainid": "d1", "domain": "customers"}, "name", False),
])
def test_scope_compared_without_lookups(option, wanted, obj, label, match):
    assert _Scope({option: wanted}, label).scope_matches(obj, option) is match


def test_split():
    assert split(None) == [] and split("") == [] and split("a,b") == ["a", "b"] and split(["x"]) == ["x"]

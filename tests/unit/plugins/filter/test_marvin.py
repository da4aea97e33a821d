# -*- coding: utf-8 -*-
"""The Marvin filter against every Marvin configuration of the CloudStack source tree (tests/data/marvin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ansible_collections.csops.cloudstack.plugins.filter.marvin import marvin_to_zones

DATA = Path(__file__).resolve().parents[3] / "data" / "marvin"
CONFIGS = sorted(DATA.glob("*.cfg"))


def test_all_configs_are_there():
    assert len(CONFIGS) == 9


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_every_config_converts(path):
    result = marvin_to_zones(path.read_text())
    assert set(result) == {"zones", "global_settings", "unsupported"}
    for zone in result["zones"]:
        assert zone["network_type"] in ("Basic", "Advanced")
        assert zone["dns1"] and zone["internal_dns1"]
        for pod in zone["pods"]:
            assert pod["gateway"] and pod["netmask"] and pod["start_ip"]
            for cluster in pod["clusters"]:
                assert cluster["hypervisor"] in ("KVM", "XenServer", "VMware", "Simulator")
                names = [h["name"] for h in cluster["hosts"]]
                assert len(names) == len(set(names)), names
    if not result["zones"]:
        assert "no zones" in result["unsupported"][0]


def test_advanced_details():
    result = marvin_to_zones((DATA / "advanced.cfg").read_text())
    zone = result["zones"][0]
    assert zone["name"] == "Sandbox-simulator"
    assert zone["guest_cidr_address"] == "10.1.1.0/24"
    pnet = zone["physical_networks"][0]
    assert pnet["vlan"] == "100-200" and pnet["isolation_methods"] == ["VLAN"]
    assert [t["type"] for t in pnet["traffic_types"]] == ["Guest", "Management", "Public"]
    assert [p["name"] for p in pnet["providers"]] == ["VirtualRouter", "VpcVirtualRouter", "InternalLbVm"]
    assert zone["public_ranges"][0] == {"gateway": "192.168.2.1", "netmask": "255.255.255.0", "start_ip": "192.168.2.2",
                                        "end_ip": "192.168.2.200", "vlan": "50"}
    cluster = zone["pods"][0]["clusters"][0]
    assert cluster["hypervisor"] == "Simulator"
    assert cluster["hosts"][0]["name"] == "sim-c0-h0"
    assert {"name": "default.page.size", "value": "500"} in result["global_settings"]
    assert any("VMware datacenter" in line for line in result["unsupported"])


def test_s3_and_staging():
    zone = marvin_to_zones((DATA / "s3.cfg").read_text())["zones"][0]
    store = zone["secondary_storage"][0]
    assert store["provider"] == "S3" and store["name"] == "acstest-objectstore"
    assert store["details"]["bucket"] == "acstest.cloudstack.org" and "__name__" not in store["details"]
    assert zone["staging_storage"] == [{"url": "nfs://192.168.56.10/opt/storage/secondary", "provider": "NFS"}]
    assert zone["pods"][0]["guest_ranges"][0]["start_ip"] == "192.168.56.100"


def test_tungsten_is_reported():
    result = marvin_to_zones((DATA / "advancedtf.cfg").read_text())
    assert any("Tungsten" in line for line in result["unsupported"])
    assert result["zones"][0]["physical_networks"][0]["traffic_types"][0]["kvm_network_label"] == "vhost0"


def test_bad_input():
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError, match="not JSON"):
        marvin_to_zones("# header\n{broken")

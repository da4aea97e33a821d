# -*- coding: utf-8 -*-
"""The Marvin filter against every Marvin configuration of the CloudStack source tree (tests/data/marvin)."""

from __future__ import annotations

import json
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


def load(name="advanced.cfg"):
    """A configuration of the CloudStack tree as a dictionary (its comment header dropped as Marvin does)."""
    text = (DATA / name).read_text()
    return json.loads("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))


def first_cluster(config):
    return config["zones"][0]["pods"][0]["clusters"][0]


@pytest.mark.parametrize("hypervisor", ["Simulator", "KVM", "XenServer", "Hyperv", "LXC"])
def test_host_tags_are_kept_for_every_hypervisor(hypervisor):
    config = load()
    cluster = first_cluster(config)
    cluster["hypervisor"] = hypervisor
    cluster["hosts"][0]["hosttags"] = "ssd, gpu"
    cluster["hosts"][1]["hosttags"] = ["fast"]
    cluster["hosts"].append({"url": "http://sim/c0/h2", "username": "root", "password": "password", "hosttags": ""})
    result = marvin_to_zones(config)
    hosts = result["zones"][0]["pods"][0]["clusters"][0]["hosts"]
    assert hosts[0]["host_tags"] == ["ssd", "gpu"]
    assert hosts[1]["host_tags"] == ["fast"]
    assert "host_tags" not in hosts[2]
    assert not any("host field" in line for line in result["unsupported"]), result["unsupported"]


def test_host_fields_the_filter_ignores_are_reported_once_per_cluster():
    config = load()
    cluster = first_cluster(config)
    for host in cluster["hosts"]:
        host.update(hostmac="00:11:22:33:44:55", memory=1024, clustername="C0", hypervisor="simulator")
    cluster["hosts"][0]["allocationstate"] = "Disabled"
    result = marvin_to_zones(config)
    lines = [line for line in result["unsupported"] if "host field" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("zone Sandbox-simulator pod POD0 cluster C0: host field(s) allocationstate, hostmac, memory")
    assert "allocationstate on 1 host(s)" in lines[0] and "hostmac on %d host(s)" % len(cluster["hosts"]) in lines[0]
    assert "BareMetal" in lines[0]
    assert "clustername" not in lines[0] and "hypervisor" not in lines[0]


def test_pod_vmware_datacenter_is_reported():
    config = load()
    config["zones"][0]["pods"][0]["vmwaredc"] = {"name": "dc1", "vcenter": "vc.example", "username": "u", "password": "p"}
    unsupported = marvin_to_zones(config)["unsupported"]
    assert any(line.startswith("zone Sandbox-simulator pod POD0: the VMware datacenter 'dc1' (addVmwareDc)")
               for line in unsupported), unsupported
    # configGenerator.pod's default (an empty list) names nothing
    config["zones"][0]["pods"][0]["vmwaredc"] = []
    assert not any("pod POD0: the VMware" in line for line in marvin_to_zones(config)["unsupported"])


def test_baremetal_parts_are_reported_and_not_built():
    config = load()
    zone = config["zones"][0]
    zone["baremetalrcturl"] = "http://10.0.0.9/rct.json"
    zone["physical_networks"][0]["providers"].append({"name": "BaremetalDhcpProvider"})
    zone["physical_networks"][0]["providers"].append(
        {"name": "Netscaler", "devices": [{"hostname": "10.0.0.7", "username": "a", "password": "b"}]})
    cluster = first_cluster(config)
    cluster["hypervisor"] = "BareMetal"
    result = marvin_to_zones(config)
    text = "\n".join(result["unsupported"])
    assert "baremetal rack configuration 'http://10.0.0.9/rct.json' (addBaremetalRct" in text
    assert "provider BaremetalDhcpProvider on physical network Sandbox-pnet (baremetal" in text
    assert "the 1 device(s) of provider Netscaler" in text
    assert "cluster C0: its 2 primary storage(s) are not created (a BareMetal cluster" in text
    providers = [p["name"] for p in result["zones"][0]["physical_networks"][0]["providers"]]
    assert "BaremetalDhcpProvider" not in providers and "Netscaler" in providers
    assert result["zones"][0]["pods"][0]["clusters"][0]["primary_storage"] == []


def test_vmware_cluster_hosts_come_from_vcenter():
    config = load()
    cluster = first_cluster(config)
    cluster.update(hypervisor="VMware", clustertype="ExternalManaged", url="http://vc/dc/c0")
    result = marvin_to_zones(config)
    assert result["zones"][0]["pods"][0]["clusters"][0]["hosts"] == []
    assert any("cluster C0: its %d host(s) are not added" % len(cluster["hosts"]) in line for line in result["unsupported"])


def test_zone_wide_primary_storage_and_details():
    config = load()
    config["zones"][0]["primaryStorages"] = [{"name": "zps", "url": "nfs://10.0.0.5/zone", "hypervisor": "KVM",
                                              "tags": "a,b", "details": {"k": "v"}}]
    config["zones"][0]["details"] = [{"key": "x", "value": "y"}]
    result = marvin_to_zones(config)
    assert result["zones"][0]["primary_storage"] == [{"name": "zps", "url": "nfs://10.0.0.5/zone", "hypervisor": "KVM",
                                                      "tags": ["a", "b"]}]
    text = "\n".join(result["unsupported"])
    assert "the details of primary storage zps" in text and "zone details (updateZoneDetails" in text


def test_duplicate_zone_name_is_an_error():
    from ansible.errors import AnsibleFilterError
    config = load("advdualzone.cfg")
    config["zones"][1]["name"] = config["zones"][0]["name"]
    with pytest.raises(AnsibleFilterError, match=r"zone name '.+' is used by zones\[0\] and zones\[1\]"):
        marvin_to_zones(config)


def test_json_error_names_the_line_of_the_original_file():
    from ansible.errors import AnsibleFilterError
    text = (DATA / "advanced.cfg").read_text()
    lines = text.split("\n")
    header = sum(1 for line in lines if line.startswith("#"))
    assert header == 16
    index = next(i for i, line in enumerate(lines) if '"guestcidraddress"' in line)
    lines[index] = lines[index].replace('": "', '" "')  # a missing colon
    column = lines[index].index('"10.') + 1
    with pytest.raises(AnsibleFilterError) as err:
        marvin_to_zones("\n".join(lines))
    message = str(err.value)
    assert "at line %d column %d (counting its comment header): Expecting ':' delimiter" % (index + 1, column) in message
    assert '"guestcidraddress" "10.1.1.0/24"' in message
    assert "\n" not in message

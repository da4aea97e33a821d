# -*- coding: utf-8 -*-
"""The zone preflight (module_utils/preflight.py) against the emulator.

A table of broken zone descriptions: each one fails with its own line(s), and the emulator's request log shows
no write (reads only). A valid description passes with at most 2 reads. The emulator runs as a separate process.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackClient, is_read_only
from ansible_collections.csops.cloudstack.plugins.module_utils.preflight import Preflight, secrets_of, unlimited_reader

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "benchmarks"))

from emulator_process import Emulator  # noqa: E402  pylint: disable=wrong-import-position


def valid_zone(name="z1", base=10):
    """An Advanced zone in the role's description format (every part the role builds)."""
    return {
        "name": name, "network_type": "Advanced", "dns1": "8.8.8.8", "internal_dns1": "10.%d.0.2" % base,
        "dns1_ipv6": "2001:4860:4860::8888",
        "guest_cidr_address": "10.%d.128.0/20" % base,
        "physical_networks": [{
            "name": "%s-pnet" % name, "isolation_methods": ["VLAN"], "vlan": "100-200",
            "traffic_types": [{"type": "Management"}, {"type": "Guest"}, {"type": "Public"}],
            "providers": [{"name": "VirtualRouter"}]}],
        "public_ranges": [{"gateway": "172.%d.0.1" % base, "netmask": "255.255.255.0", "start_ip": "172.%d.0.10" % base,
                           "end_ip": "172.%d.0.50" % base, "vlan": "50", "ip6_gateway": "2001:db8:%d::1" % base,
                           "ip6_cidr": "2001:db8:%d::/64" % base, "start_ipv6": "2001:db8:%d::10" % base,
                           "end_ipv6": "2001:db8:%d::50" % base}],
        "pods": [{
            "name": "%s-pod1" % name, "gateway": "10.%d.0.1" % base, "netmask": "255.255.255.0",
            "start_ip": "10.%d.0.10" % base, "end_ip": "10.%d.0.100" % base,
            "storage_ranges": [{"gateway": "10.%d.1.1" % base, "netmask": "255.255.255.0", "start_ip": "10.%d.1.10" % base,
                                "end_ip": "10.%d.1.20" % base}],
            "clusters": [{
                "name": "%s-c1" % name, "hypervisor": "KVM",
                "hosts": [{"name": "10.%d.0.11" % base, "url": "http://10.%d.0.11" % base, "username": "root",
                           "password": "preflight-secret"}],
                "primary_storage": [{"name": "%s-ps1" % name, "url": "nfs://10.%d.0.5/primary" % base}]}]}],
        "primary_storage": [{"name": "%s-zps" % name, "url": "nfs://10.%d.0.5/zone" % base, "hypervisor": "KVM"}],
        "secondary_storage": [{"name": "%s-ss" % name, "url": "nfs://10.%d.0.5/secondary" % base}],
    }


def pod(zone):
    return zone["pods"][0]


def cluster(zone):
    return pod(zone)["clusters"][0]


def change(fn, zones=None):
    """A description made from valid ones by fn(zones)."""
    def make():
        description = zones() if zones else [valid_zone()]
        fn(description)
        return description
    return make


def two_zones():
    return [valid_zone("z1", 10), valid_zone("z2", 20)]


#: the shared network of an Advanced zone with security groups, as the Marvin filter describes it
SG_NETWORK = {"name": "sg-net", "network_offering": "DefaultSharedNetworkOfferingWithSGService", "gateway": "10.30.0.1",
              "netmask": "255.255.255.0", "start_ip": "10.30.0.10", "end_ip": "10.30.0.20"}


# (id, description maker, settings, [substrings that must each be in one problem line])
BROKEN = [
    ("pod-without-gateway", change(lambda z: pod(z[0]).pop("gateway")), None,
     ["zone z1 pod z1-pod1: gateway required to create pod z1-pod1."]),
    ("pod-bad-start-ip", change(lambda z: pod(z[0]).update(start_ip="10.10.0.300")), None,
     ["pod z1-pod1: start_ip: '10.10.0.300' is not a valid IPv4 address."]),
    ("pod-start-after-end", change(lambda z: pod(z[0]).update(start_ip="10.10.0.200")), None,
     ["start_ip 10.10.0.200 is after end_ip 10.10.0.100"]),
    ("pod-range-outside-network", change(lambda z: pod(z[0]).update(end_ip="10.10.1.100")), None,
     ["end_ip 10.10.1.100 is outside the network 10.10.0.0/24"]),
    ("pod-bad-netmask", change(lambda z: pod(z[0]).update(netmask="255.255.0.255")), None,
     ["netmask: '255.255.0.255' is not a valid IPv4 netmask"]),
    ("zone-bad-dns", change(lambda z: z[0].update(dns1="8.8.8")), None,
     ["zone z1: dns1: '8.8.8' is not a valid IPv4 address."]),
    ("zone-bad-guest-cidr", change(lambda z: z[0].update(guest_cidr_address="10.1.0.0/40")), None,
     ["zone z1: guest_cidr_address: '10.1.0.0/40' is not a valid CIDR"]),
    ("zone-bad-network-type", change(lambda z: z[0].update(network_type="Fancy")), None,
     ["zone z1: value of network_type must be one of: Basic, Advanced, got: Fancy"]),
    ("duplicate-zone-name", change(lambda z: z[1].update(name="z1"), two_zones), None,
     ["zones: zone 'z1' is described more than once."]),
    ("duplicate-pod-name", change(lambda z: z[0]["pods"].append(
        dict(copy.deepcopy(pod(z[0])), start_ip="10.10.0.150", end_ip="10.10.0.160", clusters=[], storage_ranges=[]))), None,
     ["zone z1: pod 'z1-pod1' is described more than once."]),
    ("duplicate-cluster-name", change(lambda z: pod(z[0])["clusters"].append({"name": "z1-c1", "hypervisor": "KVM"})), None,
     ["pod z1-pod1: cluster 'z1-c1' is described more than once."]),
    ("duplicate-storage-name", change(lambda z: z[0]["primary_storage"][0].update(name="z1-ps1")), None,
     ["zone z1: primary storage 'z1-ps1' is described more than once."]),
    ("pod-ranges-overlap-across-zones", change(
        lambda z: pod(z[1]).update(gateway="10.10.0.1", start_ip="10.10.0.90", end_ip="10.10.0.95"), two_zones), None,
     ["the range 10.10.0.90-10.10.0.95 overlaps 10.10.0.10-10.10.0.100 of zone z1 pod z1-pod1"]),
    ("public-overlaps-storage-range", change(lambda z: z[0]["public_ranges"].append(
        {"gateway": "10.10.1.1", "netmask": "255.255.255.0", "start_ip": "10.10.1.15", "end_ip": "10.10.1.30"})), None,
     ["overlaps 10.10.1.10-10.10.1.20 of zone z1 pod z1-pod1 storage_ranges[0]"]),
    ("bad-vlan", change(lambda z: z[0]["public_ranges"][0].update(vlan="5000")), None,
     ["public_ranges[0]: vlan: '5000' is not a VLAN id"]),
    ("public-range-unknown-physical-network", change(lambda z: z[0]["public_ranges"][0].update(physical_network="nope")),
     None, ["public_ranges[0]: physical_network 'nope' is neither described in the zone nor on the server."]),
    ("bad-traffic-type", change(lambda z: z[0]["physical_networks"][0]["traffic_types"].append({"type": "Backup"})), None,
     ["traffic_types[3]: value of traffic_type must be one of: Guest, Management, Public, Storage, got: Backup"]),
    ("bad-broadcast-domain", change(lambda z: z[0]["physical_networks"][0].update(broadcast_domain_range="REGION")), None,
     ["physical network z1-pnet: value of broadcast_domain_range must be one of: ZONE, POD, got: REGION"]),
    ("host-url-without-scheme", change(lambda z: cluster(z[0])["hosts"][0].update(url="10.10.0.11")), None,
     ["hosts[0]: url must be a URL such as http://10.0.0.11 (scheme://host/path)."]),
    ("host-without-credentials", change(lambda z: [cluster(z[0])["hosts"][0].pop(k) for k in ("username", "password")]),
     None, ["hosts[0]: username and password required to add host 10.10.0.11."]),
    ("cluster-bad-hypervisor", change(lambda z: cluster(z[0]).update(hypervisor="QEMU")), None,
     ["cluster z1-c1: value of hypervisor must be one of"]),
    ("cluster-without-hypervisor", change(lambda z: (cluster(z[0]).pop("hypervisor"), cluster(z[0]).update(hosts=[]))), None,
     ["cluster z1-c1: hypervisor required to add cluster z1-c1."]),
    ("external-cluster-without-url", change(
        lambda z: cluster(z[0]).update(hypervisor="VMware", cluster_type="ExternalManaged", hosts=[])), None,
     ["cluster z1-c1: url is required to add an ExternalManaged cluster"]),
    ("sg-zone-hypervisor", change(lambda z: (
        z[0].update(securitygroups_enabled=True),
        cluster(z[0]).update(hypervisor="VMware", cluster_type="ExternalManaged", url="http://vc/dc/c1", hosts=[]))),
     None, ["hypervisor VMware is not possible in an Advanced zone with security groups"]),
    ("storage-url-without-scheme", change(lambda z: cluster(z[0])["primary_storage"][0].update(url="10.10.0.5:/primary")),
     None, ["primary_storage[0]: storage_url must be a URL such as nfs://10.0.0.5/export"]),
    ("zone-storage-without-url", change(lambda z: z[0]["primary_storage"][0].pop("url")), None,
     ["zone z1 primary_storage[0]: storage_url is required to create storage pool z1-zps."]),
    ("secondary-s3-incomplete", change(lambda z: z[0]["secondary_storage"][0].update(provider="S3", url=None)), None,
     ["secondary_storage[0]: s3_bucket, s3_endpoint, s3_access_key, s3_secret_key required for an S3 store"]),
    ("unknown-setting", change(lambda z: None), [{"name": "no.such.setting", "value": "1"}],
     ["global setting no.such.setting: the server has no such setting (listConfigurations)."]),
    ("setting-value-of-the-wrong-type", change(lambda z: None), [{"name": "expunge.delay", "value": "soon"}],
     ["global setting expunge.delay: value 'soon' for setting expunge.delay is not a Number"]),
    ("zone-bad-ipv6-dns", change(lambda z: z[0].update(dns1_ipv6="2001:db8::zz")), None,
     ["zone z1: dns1_ipv6: '2001:db8::zz' is not a valid IPv6 address."]),
    ("public-range-bad-ipv6-cidr", change(lambda z: z[0]["public_ranges"][0].update(ip6_cidr="2001:db8:10::/129")), None,
     ["public_ranges[0]: ip6_cidr: '2001:db8:10::/129' is not a valid IPv6 CIDR"]),
    ("public-range-ipv6-outside-cidr", change(lambda z: z[0]["public_ranges"][0].update(end_ipv6="2001:db8:11::50")),
     None, ["public_ranges[0]: end_ipv6 2001:db8:11::50 is outside ip6_cidr 2001:db8:10::/64."]),
    ("public-range-ipv6-start-after-end", change(lambda z: z[0]["public_ranges"][0].update(start_ipv6="2001:db8:10::60")),
     None, ["public_ranges[0]: start_ipv6 2001:db8:10::60 is after end_ipv6 2001:db8:10::50."]),
    ("public-ranges-overlap-across-zones", change(lambda z: z[1]["public_ranges"][0].update(
        gateway="172.10.0.1", start_ip="172.10.0.40", end_ip="172.10.0.60"), two_zones), None,
     ["zone z2 public_ranges[0]: the range 172.10.0.40-172.10.0.60 overlaps 172.10.0.10-172.10.0.50 of zone z1 public_ranges[0]"]),
    ("management-ranges-overlap-in-a-pod", change(lambda z: pod(z[0]).update(management_ranges=[
        {"start_ip": "10.10.0.90", "end_ip": "10.10.0.120"}])), None,
     ["management_ranges[0]: the range 10.10.0.90-10.10.0.120 overlaps 10.10.0.10-10.10.0.100 of zone z1 pod z1-pod1."]),
    ("duplicate-physical-network", change(lambda z: z[0]["physical_networks"].append(
        {"name": "z1-pnet", "isolation_methods": ["VLAN"]})), None,
     ["zone z1: physical network 'z1-pnet' is described more than once."]),
    ("duplicate-host", change(lambda z: cluster(z[0])["hosts"].append(dict(cluster(z[0])["hosts"][0]))), None,
     ["cluster z1-c1: host 'http://10.10.0.11' is described more than once."]),
    ("duplicate-secondary-storage-in-a-zone", change(lambda z: z[0]["secondary_storage"].append(
        {"name": "z1-ss", "url": "nfs://10.10.0.6/secondary"})), None,
     ["zone z1: secondary storage 'z1-ss' is described more than once."]),
    ("secondary-storage-name-across-zones", change(lambda z: z[1]["secondary_storage"][0].update(name="z1-ss"), two_zones),
     None, ["zones: secondary storage 'z1-ss' is described in zones z1, z2; image store names are unique in the whole cloud."]),
    ("vmware-cluster-cloud-managed", change(
        lambda z: cluster(z[0]).update(hypervisor="VMware", url="http://vc/dc/c1", hosts=[])), None,
     ["cluster z1-c1: cluster_type CloudManaged is not possible with hypervisor VMware"]),
    ("kvm-cluster-external-managed", change(
        lambda z: cluster(z[0]).update(cluster_type="ExternalManaged", url="http://10.10.0.11/c1")), None,
     ["cluster z1-c1: cluster_type ExternalManaged is for VMware (vCenter) clusters; a KVM cluster is CloudManaged"]),
    ("storage-range-start-after-end", change(lambda z: pod(z[0])["storage_ranges"][0].update(start_ip="10.10.1.30")), None,
     ["storage_ranges[0]: start_ip 10.10.1.30 is after end_ip 10.10.1.20"]),
    ("guest-network-offering-not-on-the-server", change(lambda z: z[0].update(guest_network=dict(
        SG_NETWORK, network_offering="NoSuchOffering"))), None,
     ["zone z1 guest_network sg-net: network_offering 'NoSuchOffering' is not on the server (listNetworkOfferings)."]),
    ("guest-network-range-overlaps-a-pod", change(lambda z: z[0].update(guest_network=dict(
        SG_NETWORK, gateway="10.10.0.1", start_ip="10.10.0.95", end_ip="10.10.0.99"))), None,
     ["zone z1 guest_network sg-net: the range 10.10.0.95-10.10.0.99 overlaps 10.10.0.10-10.10.0.100 of zone z1 pod z1-pod1."]),
    ("guest-network-range-outside-its-network", change(lambda z: z[0].update(guest_network=dict(
        SG_NETWORK, end_ip="10.30.1.20"))), None,
     ["zone z1 guest_network sg-net: end_ip 10.30.1.20 is outside the network 10.30.0.0/24"]),
    # (ansible-core 2.21 words the type as "dict", 2.17 as "<class 'dict'>")
    ("host-tags-not-a-list", change(lambda z: cluster(z[0])["hosts"][0].update(host_tags={"a": 1})), None,
     ["hosts[0]: argument 'host_tags' is of type"]),
]


@pytest.fixture(scope="module")
def emu():
    with Emulator(job_delay=0.01) as running:
        yield running


def run_preflight(emu, zones, settings):
    emu.reset()
    client = CloudStackClient(emu.endpoint, api_key=emu.api_key, api_secret=emu.secret_key, retries=0)
    check = Preflight(zones, settings, reader=unlimited_reader(client))
    problems = check.run()
    log = [entry for entry in emu.log() if entry.get("command")]
    return problems, log


def test_the_table_is_big_enough():
    assert len(BROKEN) >= 20
    assert len({case[0] for case in BROKEN}) == len(BROKEN)


@pytest.mark.parametrize("make, settings, expected", [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_description_fails_with_its_lines_and_no_write(emu, make, settings, expected):
    problems, log = run_preflight(emu, make(), settings)
    for text in expected:
        assert any(text in line for line in problems), "%r not in %r" % (text, problems)
    assert all("\n" not in line for line in problems)
    # only the problems of this breakage: the valid parts raise nothing
    assert len(problems) <= len(expected) + 1, problems
    assert [entry["command"] for entry in log if not is_read_only(entry["command"])] == []


def test_every_problem_at_once(emu):
    zones = [valid_zone()]
    pod(zones[0]).pop("gateway")
    zones[0]["dns1"] = "x"
    cluster(zones[0])["hosts"][0]["url"] = "nohost"
    problems, log = run_preflight(emu, zones, [{"name": "no.such.setting", "value": "1"}])
    assert len(problems) == 4, problems
    assert [entry for entry in log if not is_read_only(entry["command"])] == []


def test_valid_description_passes_with_at_most_two_reads(emu):
    problems, log = run_preflight(emu, two_zones(), [{"name": "expunge.delay", "value": "60"}])
    assert problems == []
    assert 1 <= len(log) <= 2, [entry["command"] for entry in log]
    assert all(is_read_only(entry["command"]) for entry in log)


def test_valid_description_with_a_shared_guest_network_passes_with_two_reads(emu):
    zones = two_zones()
    zones[0]["guest_network"] = dict(SG_NETWORK)
    problems, log = run_preflight(emu, zones, [{"name": "expunge.delay", "value": "60"}])
    assert problems == []
    assert sorted(entry["command"] for entry in log) == ["listConfigurations", "listNetworkOfferings"]


def test_valid_description_without_settings_reads_nothing(emu):
    problems, log = run_preflight(emu, two_zones(), [])
    assert problems == []
    assert log == []


def test_secrets_of_the_description():
    assert "preflight-secret" in secrets_of([valid_zone()])
    assert "8.8.8.8" not in secrets_of([valid_zone()])


MARVIN = sorted((ROOT / "tests" / "data" / "marvin").glob("*.cfg"))


@pytest.mark.parametrize("path", MARVIN, ids=lambda p: p.name)
def test_every_marvin_configuration_passes_with_at_most_two_reads(emu, path):
    from ansible_collections.csops.cloudstack.plugins.filter.marvin import marvin_to_zones
    description = marvin_to_zones(path.read_text())
    problems, log = run_preflight(emu, description["zones"], description["global_settings"])
    assert problems == []
    assert len(log) <= 2 and all(is_read_only(entry["command"]) for entry in log), [e["command"] for e in log]

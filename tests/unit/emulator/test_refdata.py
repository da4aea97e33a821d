"""Reference data: the emulator serves exactly what the generator found in the CloudStack source.

tests/emulator/tools/gen_refdata.py read the source (commits recorded in the data files) and wrote
the counts it found next to the data; here its counting runs again over the committed files, and the
emulator must serve the same numbers of settings, OS types, OS categories and hypervisor
capabilities, for every release it can present (docs/emulator-refdata.md).
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

from csemu import refdata

TOOLS = os.path.join(os.path.dirname(__file__), "..", "..", "emulator", "tools")
sys.path.insert(0, TOOLS)

import gen_refdata  # noqa: E402


def _docs():
    return [json.load(open(os.path.join(refdata.DATA_DIR, n), encoding="utf-8")) for n in ("settings.json", "ostypes.json", "hypervisor_capabilities.json")]


def _present(running, release):
    """Reset the emulator as a fresh install of `release`."""
    emu = running.emu
    if hasattr(emu, "set_api_version"):
        emu.set_api_version(release)
    else:
        emu.store.api_version = release
    emu.reset(job_delay=0.05, strict=True)


@pytest.fixture()
def release_cs(running, cs):
    yield cs
    _present(running, refdata.DEFAULT_RELEASE)


def test_generator_and_commits_recorded():
    docs = _docs()
    src = docs[0]["source"]
    assert src["generator"] == "tests/emulator/tools/gen_refdata.py" and os.path.exists(os.path.join(TOOLS, "gen_refdata.py"))
    assert src["default_release"] == "4.18"
    for rel, info in src["releases"].items():
        assert re.fullmatch(r"[0-9a-f]{40}", info["commit"]), info
        assert gen_refdata.RELEASES[rel][0] == info["commit"]  # the generator's defaults made these files
        for doc in docs[1:]:
            assert doc["source"]["releases"][rel]["commit"] == info["commit"]


@pytest.mark.parametrize("release", ["4.18", "4.20", "4.22"])
def test_emulator_serves_what_the_generator_counted(running, release_cs, release, capsys):
    cs = release_cs
    docs = _docs()
    recorded = docs[0]["counts"][release]
    counted = gen_refdata.count_release(*docs, release)
    for key, value in counted.items():
        assert recorded[key] == value, (key, recorded[key], value)
    _present(running, release)
    state = cs.control("/state/configurations")[1]
    served = {
        "settings": len(state["configurations"] if isinstance(state, dict) else state),
        "settings_listed": cs.ok("listConfigurations")["count"],
        "os_types": cs.ok("listOsTypes")["count"],
        "os_categories": cs.ok("listOsCategories")["count"],
        "hypervisor_capabilities": cs.ok("listHypervisorCapabilities")["count"],
    }
    commit = docs[0]["source"]["releases"][release]["commit"]
    with capsys.disabled():  # shown in every units run, not only on failure
        print(f"\n{release} ({commit[:12]})", ", ".join(f"{key}: generator {counted[key]}, emulator {value}" for key, value in served.items()))
    assert served == {k: counted[k] for k in served}


def test_default_is_418_settings(cs):
    """A few facts of the 4.18.0.0 source the earlier hand-written table had from main."""
    rows = {c["name"]: c for c in cs.ok("listConfigurations", keyword="console")["configuration"]}
    assert rows["consoleproxy.url.domain"]["category"] == "Console Proxy"  # a Config.java entry in 4.18
    assert cs.ok("listConfigurations", name="novnc.console.show.dot") == {}  # added after 4.18
    dyn = cs.ok("listConfigurations", name="dynamic.apichecker.enabled")["configuration"][0]
    assert dyn["value"] == "true" and dyn["defaultvalue"] == "false"  # server-setup.sql sets it; the ConfigKey default stays
    assert dyn["group"] == "Miscellaneous" and dyn["type"] == "Boolean"
    sys_vm = cs.ok("listConfigurations", name="system.vm.use.local.storage")["configuration"][0]
    assert sys_vm["group"] == "Compute" and sys_vm["subgroup"] == "Virtual Machine"


def test_os_types_and_categories(cs):
    cats = cs.ok("listOsCategories")["oscategory"]
    assert [c["name"] for c in cats][:3] == ["CentOS", "Debian", "Oracle"]  # by id (templates.sql)
    ubuntu = cs.ok("listOsCategories", name="ubun")["oscategory"]
    assert [c["name"] for c in ubuntu] == ["Ubuntu"]
    types = cs.ok("listOsTypes", oscategoryid=ubuntu[0]["id"])["ostype"]
    descs = [t["description"] for t in types]
    assert descs == sorted(descs, key=str.casefold) and "Ubuntu 20.04 LTS" in descs
    assert "Ubuntu 22.04 LTS" not in descs  # GuestOsMapper adds it in the 4.18.1 upgrade
    assert set(types[0]) == {"id", "description", "oscategoryid", "isuserdefined"}  # the 4.18 GuestOSResponse
    assert cs.ok("listOsTypes", keyword="ubuntu 20.04")["count"] == 1
    status, body = cs.api("listOsTypes", id=ubuntu[0]["id"])  # a category uuid is not an OS type
    assert status == 431


def test_hypervisor_capabilities(cs):
    out = cs.ok("listHypervisorCapabilities", hypervisor="kvm")
    rows = out["hypervisorCapabilities"]
    assert {r["hypervisor"] for r in rows} == {"KVM"} and out["count"] == len(rows)
    default = [r for r in rows if r["hypervisorversion"] == "default"][0]
    assert default["maxguestslimit"] == 50 and default["securitygroupenabled"] is True
    assert default["id"] == "13"  # rows older than 4.1 got `uuid = id` (schema-40to410.sql)
    assert cs.ok("listHypervisorCapabilities", hypervisor="NoSuchHypervisor") == {}
    # a row added with UUID() (the emulator's uuid parameter check does not yet take the pre-3.x ids)
    vmware = cs.ok("listHypervisorCapabilities", hypervisor="VMware")["hypervisorCapabilities"]
    row = [r for r in vmware if r["hypervisorversion"] == "8.0"][0]
    assert re.fullmatch(r"[0-9a-f-]{36}", row["id"])
    upd = cs.ok("updateHypervisorCapabilities", id=row["id"], maxguestslimit=200, vmsnapshotenabled="true")
    assert upd["hypervisorcapabilities"]["maxguestslimit"] == 200 and upd["hypervisorcapabilities"]["vmsnapshotenabled"] is True
    again = cs.ok("listHypervisorCapabilities", id=row["id"])["hypervisorCapabilities"][0]
    assert again["maxguestslimit"] == 200 and again["hypervisorversion"] == row["hypervisorversion"]


def test_first_nfs_store_sets_minreq_sysvmtemplate_version(cs):
    """Fresh install: the ConfigKey default; the first NFS image store of a zone with a KVM cluster registers the
    4.18.0 system VM template (StorageManagerImpl.registerSystemVmTemplateOnFirstNfsStore)."""
    def minreq():
        return cs.ok("listConfigurations", name="minreq.sysvmtemplate.version")["configuration"][0]["value"]

    assert minreq() == "4.10.0"
    zone = cs.ok("createZone", name="refdata-z", networktype="Advanced", dns1="8.8.8.8", internaldns1="10.0.0.2")["zone"]
    pod = cs.ok("createPod", zoneid=zone["id"], name="refdata-p", gateway="10.1.0.1", netmask="255.255.255.0",
                startip="10.1.0.10", endip="10.1.0.50")["pod"]
    cs.ok("addImageStore", provider="NFS", url="nfs://10.0.0.5/refdata-a", zoneid=zone["id"])
    assert minreq() == "4.10.0"  # no cluster yet: no hypervisor to register a template for
    cs.ok("addCluster", zoneid=zone["id"], podid=pod["id"], clustername="refdata-c", clustertype="CloudManaged", hypervisor="KVM")
    cs.ok("addImageStore", provider="NFS", url="nfs://10.0.0.5/refdata-b", zoneid=zone["id"])
    assert minreq() == "4.10.0"  # not the first NFS store of the zone
    zone2 = cs.ok("createZone", name="refdata-z2", networktype="Advanced", dns1="8.8.8.8", internaldns1="10.0.0.2")["zone"]
    pod2 = cs.ok("createPod", zoneid=zone2["id"], name="refdata-p2", gateway="10.2.0.1", netmask="255.255.255.0",
                 startip="10.2.0.10", endip="10.2.0.50")["pod"]
    cs.ok("addCluster", zoneid=zone2["id"], podid=pod2["id"], clustername="refdata-c2", clustertype="CloudManaged", hypervisor="KVM")
    cs.ok("addImageStore", provider="NFS", url="nfs://10.0.0.5/refdata-c", zoneid=zone2["id"])
    assert minreq() == "4.18.0"


def test_extension_registry_settings(cs):
    """ExtensionRegistry beans of the Spring contexts (spring-core-registry-core-context.xml): an Order key and a CSV
    key each; persistDefaultValues then excludes the insecure encoders and the plaintext authenticator."""
    rows = {c["name"]: c for c in cs.ok("listConfigurations", keyword="user.")["configuration"]}
    order = rows["user.password.encoders.order"]
    assert order["value"] == order["defaultvalue"] == "PBKDF2,SHA256SALT,MD5,LDAP,SAML2,PLAINTEXT"
    assert order["type"] == "Order" and order["component"] == "ExtensionRegistry" and order["isdynamic"] is False
    assert rows["user.password.encoders.exclude"]["value"] == "MD5,LDAP,PLAINTEXT"
    assert rows["user.password.encoders.exclude"]["type"] == "CSV"
    assert rows["user.authenticators.exclude"]["value"] == "PLAINTEXT"
    assert cs.ok("listConfigurations", name="api.commands.exclude")["count"] == 1

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clusters.

The class behind module csops.cloudstack.cluster, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import Field, ResourceModule, normalize

OVERCOMMIT = (("cpu_overcommit_ratio", "cpuovercommitratio", "cpu.overprovisioning.factor"),
              ("memory_overcommit_ratio", "memoryovercommitratio", "mem.overprovisioning.factor"))


def ratio(value):
    """Compare ratios as numbers: 2 and 2.0 are the same."""
    try:
        return str(float(value))
    except (TypeError, ValueError):
        return str(value)


class Cluster(ResourceModule):
    resource = "cluster"
    list_command = "listClusters"
    create_command = "addCluster"
    update_command = "updateCluster"
    delete_command = "deleteCluster"
    parents = {"zone": ("zoneid", "zonename"), "pod": ("podid", "podname")}
    fields = (
        Field("hypervisor", attr="hypervisortype", create_only=True, compare="lower"),
        Field("cluster_type", "clustertype", create_only=True),
        Field("url", create_only=True, attr="-"),
        Field("username", create_only=True, attr="-"),
        Field("password", create_only=True, attr="-"),
        Field("guest_vswitch_type", "guestvswitchtype", create_only=True, attr="-"),
        Field("guest_vswitch_name", "guestvswitchname", create_only=True, attr="-"),
        Field("public_vswitch_type", "publicvswitchtype", create_only=True, attr="-"),
        Field("public_vswitch_name", "publicvswitchname", create_only=True, attr="-"),
        Field("vsm_ip_address", "vsmipaddress", create_only=True, attr="-"),
        Field("vsm_username", "vsmusername", create_only=True, attr="-"),
        Field("vsm_password", "vsmpassword", create_only=True, attr="-"),
        Field("ovm3_pool", "ovm3pool", create_only=True, attr="-"),
        Field("ovm3_cluster", "ovm3cluster", create_only=True, attr="-"),
        Field("ovm3_vip", "ovm3vip", create_only=True),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        zone=dict(type="str", required=True),
        pod=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "unmanaged", "absent"]),
        hypervisor=dict(type="str", choices=["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm",
                                             "Ovm3", "LXC"]),
        cluster_type=dict(type="str", choices=["CloudManaged", "ExternalManaged"], default="CloudManaged"),
        url=dict(type="str"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        guest_vswitch_type=dict(type="str", choices=["vmwaresvs", "vmwaredvs", "nexusdvs"]),
        guest_vswitch_name=dict(type="str"),
        public_vswitch_type=dict(type="str", choices=["vmwaresvs", "vmwaredvs", "nexusdvs"]),
        public_vswitch_name=dict(type="str"),
        vsm_ip_address=dict(type="str"),
        vsm_username=dict(type="str"),
        vsm_password=dict(type="str", no_log=True),
        ovm3_pool=dict(type="str"),
        ovm3_cluster=dict(type="str"),
        ovm3_vip=dict(type="str"),
        cpu_overcommit_ratio=dict(type="str"),
        memory_overcommit_ratio=dict(type="str"),
    )

    def differences(self, obj):
        diffs = {}
        for field in self.fields:
            if field.attr == "-" or field.option == "cluster_type":
                continue  # write-only values (credentials, vSwitch setup) are not in the answer
            wanted = self.option_value(field)
            if wanted is not None and normalize(obj.get(field.attr), field.compare) != normalize(wanted, field.compare):
                diffs[field.option] = (obj.get(field.attr), wanted)
        allocation, managed = self.wanted_states()
        if allocation and obj.get("allocationstate") != allocation:
            diffs["allocation_state"] = (obj.get("allocationstate"), allocation)
        if managed and obj.get("managedstate") != managed:
            diffs["managed_state"] = (obj.get("managedstate"), managed)
        return diffs

    def wanted_states(self):
        state = self.params["state"]
        if state == "unmanaged":
            return None, "Unmanaged"
        if state in ("enabled", "disabled"):
            return state.capitalize(), "Managed"
        return None, None

    def field(self, option):
        if option in ("allocation_state", "managed_state"):
            return Field(option)
        return super().field(option)

    def validate(self):
        p = self.params
        for option, _attr, _name in OVERCOMMIT:
            if p[option] is not None:
                try:
                    if float(p[option]) < 1:
                        raise ValueError
                except ValueError:
                    raise CloudStackError("%s must be a number of at least 1, got %r." % (option, p[option])) from None

    def create_params(self):
        missing = [o for o in ("pod", "hypervisor") if not self.params[o]]
        if missing:
            raise CloudStackError("%s required to add cluster %s." % (" and ".join(missing), self.params["name"]))
        if self.params["cluster_type"] == "ExternalManaged" and not self.params["url"]:
            raise CloudStackError("url is required to add an ExternalManaged cluster (the vCenter cluster URL).")
        params = self.api_params()
        pod = self.get_pod()
        params.update(clustername=self.params["name"], zoneid=pod.get("zoneid"), podid=pod["id"])
        allocation, _managed = self.wanted_states()
        if allocation:
            params["allocationstate"] = allocation
        return params

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "allocation_state" in diffs:
            params["allocationstate"] = diffs["allocation_state"][1]
        if "managed_state" in diffs:
            params["managedstate"] = diffs["managed_state"][1]
        return params

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=self.params["name"], hypervisortype=self.params["hypervisor"],
                         clustertype=self.params["cluster_type"], allocationstate="Enabled", managedstate="Managed",
                         zonename=self.params["zone"], podname=self.params["pod"])
        if "allocationstate" in params:
            after["allocationstate"] = params["allocationstate"]
        if "managedstate" in params:
            after["managedstate"] = params["managedstate"]
        return after

    def ensure_present(self):
        self.validate()
        cluster = super().ensure_present()
        return self.ensure_overcommit(cluster)

    def ensure_overcommit(self, cluster):
        changed = False
        for option, attr, setting in OVERCOMMIT:
            wanted = self.params[option]
            if wanted is None or ratio(cluster.get(attr)) == ratio(wanted):
                continue
            changed = True
            self.write("updateConfiguration", name=setting, value=wanted, clusterid=cluster.get("id"))
            cluster = dict(cluster, **{attr: wanted})
        if changed and not self.check_mode:
            found = self.list(self.list_command, self.resource, id=cluster["id"])
            cluster = found[0] if found else cluster
        return cluster

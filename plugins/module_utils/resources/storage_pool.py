# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Primary storage pools.

The class behind module csops.cloudstack.storage_pool, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..api import CloudStackError, to_api_value
from ..module import Field, ResourceModule, normalize, wait_argument_spec


def to_text(value):
    return to_api_value(value) if value is not None else ""


MAINTENANCE_STATES = ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance", "CancelMaintenance")


class StoragePool(ResourceModule):
    resource = "storagepool"
    list_command = "listStoragePools"
    create_command = "createStoragePool"
    update_command = "updateStoragePool"
    delete_command = "deleteStoragePool"
    result_key = "storage_pool"
    parents = {"zone": ("zoneid", "zonename"), "pod": ("podid", "podname"), "cluster": ("clusterid", "clustername")}
    fields = (
        Field("capacity_bytes", "capacitybytes", attr="disksizetotal"),
        Field("capacity_iops", "capacityiops"),
        Field("storage_tags", "tags", compare="set"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        zone=dict(type="str", required=True),
        pod=dict(type="str"),
        cluster=dict(type="str"),
        scope=dict(type="str", choices=["cluster", "zone"]),
        hypervisor=dict(type="str", choices=["KVM", "VMware", "Hyperv", "LXC", "Any", "Simulator"]),
        storage_url=dict(type="str"),
        provider=dict(type="str"),
        managed=dict(type="bool"),
        capacity_bytes=dict(type="int"),
        capacity_iops=dict(type="int"),
        storage_tags=dict(type="list", elements="str", aliases=["storage_tag"]),
        details=dict(type="dict"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "maintenance", "absent"]),
        force=dict(type="bool", default=False),
        **wait_argument_spec(timeout=600)
    )

    def run(self):
        for option in ("capacity_bytes", "capacity_iops"):
            if self.params[option] is not None and self.params[option] < 0:
                self.fail("%s must not be negative, got %s." % (option, self.params[option]))
        super().run()

    def create_params(self):
        p = self.params
        scope = p["scope"] or "cluster"
        if not p["storage_url"]:
            raise CloudStackError("storage_url is required to create storage pool %s." % p["name"])
        if "://" not in p["storage_url"]:
            raise CloudStackError("storage_url must be a URL such as nfs://10.0.0.5/export (scheme://host/path).")
        params = dict(name=p["name"], url=p["storage_url"], provider=p["provider"], managed=p["managed"],
                      capacitybytes=p["capacity_bytes"], capacityiops=p["capacity_iops"], tags=p["storage_tags"],
                      details=p["details"], scope=scope)
        if scope == "zone":
            if not p["hypervisor"]:
                raise CloudStackError("hypervisor is required for a zone-wide storage pool (scope=zone).")
            params.update(zoneid=self.get_zone()["id"], hypervisor=p["hypervisor"])
        else:
            if not (p["pod"] and p["cluster"]):
                raise CloudStackError("pod and cluster are required for a cluster-wide storage pool (or set scope=zone).")
            cluster = self.get_cluster()
            params.update(zoneid=cluster.get("zoneid"), podid=cluster.get("podid"), clusterid=cluster["id"])
        return params

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "details" in diffs:
            params["details"] = self.params["details"]
        if "storage_tags" in diffs:
            params["tags"] = ",".join(sorted(self.params["storage_tags"]))
        for option, param in (("capacity_bytes", "capacitybytes"), ("capacity_iops", "capacityiops")):
            if option in diffs:
                params[param] = self.params[option]
        return params

    def differences(self, obj):
        diffs = {}
        for field in self.fields:
            wanted = self.params[field.option]
            if wanted is not None and normalize(obj.get(field.attr), field.compare) != normalize(wanted, field.compare):
                diffs[field.option] = (obj.get(field.attr), wanted)
        wanted = self.params["details"]
        if wanted:
            if not isinstance(obj.get("details"), dict):
                # listStoragePools returns the details from CloudStack 4.21 (QueryManagerImpl, PR #9808): before, no change
                # can be seen, so none is sent
                self.warn("details of the existing storage pool %s were not compared and not changed: this server does not "
                          "return them (listStoragePools shows them from CloudStack 4.21)." % obj.get("name"))
            else:
                current = {str(k): str(v) for k, v in obj["details"].items()}
                if any(current.get(str(k)) != to_text(v) for k, v in wanted.items()):
                    diffs["details"] = ({k: current.get(str(k)) for k in wanted}, wanted)
        self.warn_url(obj)
        return diffs

    def field(self, option):
        if option == "details":
            return Field("details")
        return super().field(option)

    def warn_url(self, obj):
        """storage_url of an existing pool: compared with its host and path, never changed."""
        url = self.params["storage_url"]
        if not url or "://" not in url or self.params["state"] == "absent":
            return
        parts = urlsplit(url)
        host, path = parts.hostname, parts.path
        differs = (host and obj.get("ipaddress") and host != obj.get("ipaddress")) or (
            path and obj.get("path") and path.rstrip("/") != str(obj.get("path")).rstrip("/"))
        if differs:
            self.warn("storage_url of the existing storage pool %s differs from its host %s and path %s (ignored): CloudStack "
                      "cannot move a pool; remove it and add it again." % (obj.get("name"), obj.get("ipaddress"), obj.get("path")))

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=self.params["name"], state="Up", scope=(self.params["scope"] or "cluster").upper(),
                         zonename=self.params["zone"], podname=self.params["pod"], clustername=self.params["cluster"])
        if "tags" in params:
            tags = params["tags"]
            after["tags"] = ",".join(tags) if isinstance(tags, list) else tags
        if "capacitybytes" in params:
            after["disksizetotal"] = params["capacitybytes"]
        if "capacityiops" in params:
            after["capacityiops"] = params["capacityiops"]
        if "details" in params and isinstance(after.get("details"), dict):
            after["details"] = dict(after["details"], **{str(k): to_text(v) for k, v in params["details"].items()})
        return after

    def refresh(self, pool):
        found = self.list(self.list_command, self.resource, id=pool["id"])
        return found[0] if found else pool

    def wait_maintenance(self, pool, always=False):
        """After the job: Maintenance (PrepareForMaintenance may last while volumes move), within wait_timeout."""
        pool = self.refresh(pool)
        if not (self.params["wait"] or always) or pool.get("state") == "Maintenance":
            return pool
        return self.wait_until("storage pool %s reaching Maintenance" % pool.get("name"), lambda: self.refresh(pool),
                               lambda p: p.get("state") == "Maintenance",
                               failed=lambda p: p.get("state") == "ErrorInMaintenance",
                               describe=lambda p: "state %s" % p.get("state"))

    def ensure_present(self):
        pool = super().ensure_present()
        state = self.params["state"]
        current = pool.get("state")
        if state == "maintenance" and current != "Maintenance":
            self.write("enableStorageMaintenance", id=pool.get("id"))
            pool = dict(pool, state="Maintenance") if self.check_mode else self.wait_maintenance(pool)
        elif state == "enabled":
            if current in MAINTENANCE_STATES:
                self.write("cancelStorageMaintenance", id=pool.get("id"))
                pool = dict(pool, state="Up") if self.check_mode else self.refresh(pool)
            if pool.get("state") == "Disabled":
                self.write(self.update_command, id=pool.get("id"), enabled=True)
                pool = dict(pool, state="Up") if self.check_mode else self.refresh(pool)
        elif state == "disabled" and current != "Disabled":
            if current in MAINTENANCE_STATES:
                raise CloudStackError("storage pool %s is in %s: enable it (state=enabled) before disabling it." % (
                    pool.get("name"), current))
            self.write(self.update_command, id=pool.get("id"), enabled=False)
            pool = dict(pool, state="Disabled") if self.check_mode else self.refresh(pool)
        return pool

    def ensure_absent(self):
        pool = self.lookup()
        self.before = pool
        if pool is None:
            return None
        # CloudStack deletes only a pool in Maintenance, forced or not (StorageManagerImpl.deletePool);
        # forced=true also removes a pool that still holds volumes.
        if pool.get("state") != "Maintenance":
            self.write("enableStorageMaintenance", id=pool["id"])
            if not self.check_mode:
                self.wait_maintenance(pool, always=True)  # CloudStack deletes only a pool in Maintenance
        self.write(self.delete_command, id=pool["id"], forced=True if self.params["force"] else None)
        return None

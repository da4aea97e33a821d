#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: storage_pool
short_description: Manage CloudStack primary storage pools
version_added: 0.1.0
description:
  - Create, update, enable, disable, put into maintenance and delete primary storage pools, cluster- or zone-wide.
  - An idempotent run costs one API call (C(listStoragePools) filtered by name; the parents are matched on the pool's
    own fields).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the storage pool.
    type: str
    required: true
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  pod:
    description: Name or id of the pod. Required to create a cluster-wide pool.
    type: str
  cluster:
    description: Name or id of the cluster. Required to create a cluster-wide pool.
    type: str
  scope:
    description:
      - V(cluster) (the default of CloudStack) or V(zone). A zone-wide pool needs O(hypervisor). Set at creation only.
    type: str
    choices: [ cluster, zone ]
  hypervisor:
    description: Hypervisor of a zone-wide pool (CloudStack accepts KVM, VMware, Hyperv, LXC, Any and Simulator).
    type: str
    choices: [ KVM, VMware, Hyperv, LXC, Any, Simulator ]
  storage_url:
    description:
      - URL of the storage, for example C(nfs://10.0.0.5/export/primary) or C(rbd://user:key@mon/pool).
        Required to create a pool. It cannot be changed - CloudStack keeps the pool's host and path (the C(url) of
        C(updateStoragePool), 4.19 and later, only records a detail for storage plugins); a different one gives a
        warning. The password of a URL (C(rbd://user:KEY@monitor/pool)) is masked in every output.
    type: str
  provider:
    description: Storage provider name. CloudStack's default primary provider when not set.
    type: str
  managed:
    description: Whether the storage is managed by a storage plugin. Set at creation only.
    type: bool
  capacity_bytes:
    description: Capacity of the pool in bytes.
    type: int
  capacity_iops:
    description: IOPS capacity of the pool.
    type: int
  storage_tags:
    description: Storage tags. A set; order never makes a change. An empty list removes every tag.
    type: list
    elements: str
    aliases: [ storage_tag ]
  details:
    description:
      - Provider details (key/value). Given at creation; on an existing pool they are compared with the details
        C(listStoragePools) returns (CloudStack 4.21 and later) and changed with C(updateStoragePool details=) (4.19 and
        later) when they differ. A server whose answer has no details (before 4.21) cannot show a change; the module
        warns and leaves them. Values of secret-named keys (password, secret, key, token) are masked in the output.
    type: dict
  state:
    description:
      - V(present) creates or updates the pool. V(enabled) and V(disabled) set whether new volumes may be placed on it
        (V(enabled) also cancels maintenance). V(maintenance) puts the pool into maintenance and waits for it.
      - V(absent) puts the pool into maintenance (CloudStack deletes only pools in Maintenance) and deletes it.
    type: str
    default: present
    choices: [ present, enabled, disabled, maintenance, absent ]
  force:
    description: With O(state=absent), delete the pool even when it still holds volumes (C(forced=true)).
    type: bool
    default: false
  wait:
    description:
      - With O(state=maintenance) (and O(state=absent), which goes through it), wait until the pool is in Maintenance
        after the job ends. The async jobs are always followed to their end.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds the task may wait in all, async jobs included (a job that does not end in time fails the task, with
        C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 600
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
"""

EXAMPLES = r"""
- name: Cluster-wide NFS primary storage with tags
  csops.cloudstack.storage_pool:
    name: primary-1
    zone: zone-1
    pod: pod-1
    cluster: cluster-1
    storage_url: nfs://10.0.0.5/export/primary
    storage_tags: [ssd]

- name: Zone-wide pool for KVM
  csops.cloudstack.storage_pool:
    name: ceph-1
    zone: zone-1
    scope: zone
    hypervisor: KVM
    storage_url: rbd://admin:secret@10.0.0.6/rbd

- name: Maintenance
  csops.cloudstack.storage_pool:
    name: primary-1
    zone: zone-1
    state: maintenance
"""

RETURN = r"""
storage_pool:
  description: The pool (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the pool.
      type: str
      sample: 6c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f
    name:
      description: Name of the storage pool.
      type: str
      sample: primary-1
    state:
      description: State (Up, Disabled, Maintenance, ...).
      type: str
      sample: Up
    scope:
      description: CLUSTER or ZONE.
      type: str
      sample: CLUSTER
    storage_tags:
      description: Storage tags, comma separated as CloudStack returns them.
      type: str
      sample: ssd
    capacity_bytes:
      description: Total capacity in bytes.
      type: int
      sample: 1099511627776
    capacity_iops:
      description: IOPS capacity.
      type: int
      sample: 10000
    zone_name:
      description: Zone name.
      type: str
      sample: zone-1
    cluster_name:
      description: Cluster name.
      type: str
      sample: cluster-1
    cluster_id:
      description: UUID of the cluster.
      type: str
      sample: fb7863a3-c993-4f16-8afa-3f931d96dbf5
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:39+0000"
    disk_size_allocated:
      description: Bytes allocated on the storage.
      type: int
      sample: 0
    disk_size_used:
      description: Bytes used on the storage.
      type: int
      sample: 0
    has_annotations:
      description: Whether it has comments (annotations).
      type: bool
      sample: false
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    ip_address:
      description: IP address.
      type: str
      sample: "10.20.0.5"
    overprovision_factor:
      description: Overprovisioning factor.
      type: str
      sample: "2.0"
    path:
      description: Path on the storage server.
      type: str
      sample: /primary
    pod_id:
      description: UUID of the pod.
      type: str
      sample: f0bc12bc-ea33-40f9-a47c-ff7bbadd2f0d
    pod_name:
      description: Name of the pod.
      type: str
      sample: rz-pod
    provider:
      description: Provider (NFS, S3, Swift, ...).
      type: str
      sample: DefaultPrimary
    type:
      description: Type of the storage pool.
      type: str
      sample: NetworkFilesystem
    zone_id:
      description: UUID of the zone.
      type: str
      sample: ce86b83d-0f98-48df-a168-e65d7fe9035a
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from urllib.parse import urlsplit

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, to_api_value
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule, normalize, wait_argument_spec


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


def main():
    module = StoragePool()
    module()


if __name__ == "__main__":
    main()

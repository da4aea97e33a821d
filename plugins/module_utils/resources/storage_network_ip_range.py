# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Storage network IP ranges of pods.

The class behind module csops.cloudstack.storage_network_ip_range, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import CloudStackModule
from ..names import rename
from ..validate import ip_range


class StorageNetworkIpRange(CloudStackModule):
    argument_spec = dict(
        zone=dict(type="str", required=True),
        pod=dict(type="str", required=True),
        start_ip=dict(type="str", required=True),
        end_ip=dict(type="str"),
        gateway=dict(type="str"),
        netmask=dict(type="str"),
        vlan=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    )

    def run(self):
        p = self.params
        if p["vlan"] is not None and not (p["vlan"].isdigit() and 1 <= int(p["vlan"]) <= 4094):
            raise CloudStackError("vlan: %r is not a VLAN id (1-4094)." % p["vlan"])
        end_ip = p["end_ip"] or p["start_ip"]
        ip_range(p["gateway"], p["netmask"], p["start_ip"], end_ip, label="storage network range", gateway_outside=False)
        pod = self.get_pod()
        existing = None
        for item in self.list("listStorageNetworkIpRange", "storagenetworkiprange", podid=pod["id"]):
            if item.get("startip") == p["start_ip"] and item.get("endip") == end_ip:
                existing = item
        before = rename("storagenetworkiprange", existing) if existing else {}
        after = before
        if p["state"] == "absent":
            if existing:
                self.write("deleteStorageNetworkIpRange", id=existing["id"])
            after = {}
        elif not existing:
            if not (p["gateway"] and p["netmask"]):
                raise CloudStackError("gateway and netmask are required to add the storage range %s-%s." % (p["start_ip"], end_ip))
            params = dict(podid=pod["id"], startip=p["start_ip"], endip=end_ip, gateway=p["gateway"], netmask=p["netmask"],
                          vlan=p["vlan"])
            response = self.write("createStorageNetworkIpRange", **params)
            created = (response or {}).get("storagenetworkiprange") or {k: v for k, v in params.items() if v is not None}
            after = rename("storagenetworkiprange", created)
        self.result["storage_network_ip_range"] = after
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after}

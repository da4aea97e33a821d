# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zones.

The class behind module csops.cloudstack.zone, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from ..api import CloudStackError
from ..module import Field, ResourceModule
from .. import addresses


class Zone(ResourceModule):
    resource = "zone"
    list_command = "listZones"
    create_command = "createZone"
    update_command = "updateZone"
    allocation_states = {"enabled": "Enabled", "disabled": "Disabled"}
    default_allocation = "Disabled"
    delete_command = "deleteZone"
    fields = (
        Field("name", update=True),
        Field("network_type", "networktype", create_only=True, compare="lower"),
        Field("dns1"),
        Field("dns2"),
        Field("internal_dns1", "internaldns1"),
        Field("internal_dns2", "internaldns2"),
        Field("dns1_ipv6", "ip6dns1"),
        Field("dns2_ipv6", "ip6dns2"),
        Field("network_domain", "domain"),
        Field("guest_cidr_address", "guestcidraddress"),
        Field("dhcp_provider", "dhcpprovider"),
        Field("local_storage_enabled", "localstorageenabled"),
        Field("securitygroups_enabled", "securitygroupenabled", attr="securitygroupsenabled", create_only=True),
        Field("is_edge", "isedge", create_only=True),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        id=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "absent"]),
        network_type=dict(type="str", choices=["Basic", "Advanced"]),
        dns1=dict(type="str"),
        dns2=dict(type="str"),
        internal_dns1=dict(type="str"),
        internal_dns2=dict(type="str"),
        dns1_ipv6=dict(type="str"),
        dns2_ipv6=dict(type="str"),
        network_domain=dict(type="str"),
        guest_cidr_address=dict(type="str"),
        dhcp_provider=dict(type="str"),
        local_storage_enabled=dict(type="bool"),
        securitygroups_enabled=dict(type="bool"),
        domain=dict(type="str"),
        is_edge=dict(type="bool"),
    )

    def run(self):
        p = self.params
        if p["state"] != "absent":
            for option in ("dns1", "dns2", "internal_dns1", "internal_dns2"):
                if p[option]:
                    addresses.ipv4(option, p[option])
            for option in ("dns1_ipv6", "dns2_ipv6"):
                if p[option]:
                    addresses.ipv6(option, p[option])
            if p["guest_cidr_address"]:
                addresses.cidr4("guest_cidr_address", p["guest_cidr_address"])
        super().run()

    def find(self):
        if self.params["id"]:
            found = self.list(self.list_command, self.resource, id=self.params["id"])
            if not found:
                raise CloudStackError("zone with id %s not found." % self.params["id"])
            return found[0]
        found = [z for z in self.list(self.list_command, self.resource, name=self.params["name"])
                 if z.get("name") == self.params["name"]]
        return found[0] if found else None

    def create_params(self):
        missing = [o for o in ("network_type", "dns1") if not self.params[o]]
        if missing:
            raise CloudStackError("%s required to create zone %s." % (
                " and ".join(missing) + (" are" if len(missing) > 1 else " is"), self.params["name"]))
        if self.params["network_type"] == "Basic" and self.params["guest_cidr_address"]:
            raise CloudStackError("guest_cidr_address applies to Advanced zones only, not to Basic zone %s."
                                  % self.params["name"])
        params = self.api_params()
        params.setdefault("internaldns1", params["dns1"])
        if self.params["domain"]:
            params["domainid"] = self.get_domain_id(self.params["domain"])
        if self.wanted_allocation():
            params["allocationstate"] = self.wanted_allocation()
        return params

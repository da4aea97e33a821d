# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hypervisor hosts.

The class behind module csops.cloudstack.host, in module_utils so that a second reader (the whole-zone
engine, zone_converge) runs the very same find, compare and write rules.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..api import CloudStackError
from ..module import Field, ResourceModule, normalize, wait_argument_spec


class Host(ResourceModule):
    resource = "host"
    list_command = "listHosts"
    create_command = "addHost"
    update_command = "updateHost"
    delete_command = "deleteHost"
    parents = {"zone": ("zoneid", "zonename"), "pod": ("podid", "podname"), "cluster": ("clusterid", "clustername")}
    fields = (
        Field("host_tags", "hosttags", compare="set"),
    )

    argument_spec = dict(
        name=dict(type="str", required=True, aliases=["ip_address"]),
        zone=dict(type="str"),
        pod=dict(type="str"),
        cluster=dict(type="str"),
        hypervisor=dict(type="str", choices=["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm",
                                             "Ovm3", "LXC"]),
        url=dict(type="str"),
        username=dict(type="str"),
        password=dict(type="str", no_log=True),
        host_tags=dict(type="list", elements="str", aliases=["host_tag"]),
        state=dict(type="str", default="present", choices=["present", "enabled", "disabled", "maintenance", "absent"]),
        force=dict(type="bool", default=False),
        **wait_argument_spec(timeout=300)
    )
    module_kwargs = dict(required_together=[("username", "password")])

    def url_host(self):
        url = self.params["url"]
        return urlsplit(url).hostname if url and "://" in url else None

    def find(self):
        name = self.params["name"]
        names = {name, self.url_host()} - {None}
        items = self.list(self.list_command, self.resource, name=name, type="Routing")
        found = [h for h in items if names & {h.get("name"), h.get("ipaddress")} and self.parents_match(h)]
        if not found and self.params["cluster"] and self.params["zone"]:
            # CloudStack names a host after what its agent reports, which may be neither the name nor the
            # address given: look at the hosts of the cluster.
            cluster = self.get_cluster()
            items = self.list(self.list_command, self.resource, clusterid=cluster["id"], type="Routing")
            found = [h for h in items if names & {h.get("name"), h.get("ipaddress")}]
        if len(found) > 1:
            raise CloudStackError("host %r is ambiguous (%d matches): name its zone, pod or cluster." % (name, len(found)))
        return found[0] if found else None

    def create_params(self):
        p = self.params
        missing = [o for o in ("zone", "pod", "cluster", "hypervisor") if not p[o]]
        if p["hypervisor"] and p["hypervisor"] != "VMware" and not p["username"]:
            missing.append("username and password")
        if missing:
            raise CloudStackError("%s required to add host %s." % (", ".join(missing), p["name"]))
        cluster = self.get_cluster()
        url = p["url"] or "http://%s" % p["name"]
        if "://" not in url:
            raise CloudStackError("url must be a URL such as http://10.0.0.11, got %r." % url)
        params = dict(zoneid=cluster.get("zoneid"), podid=cluster.get("podid"), clusterid=cluster["id"],
                      hypervisor=p["hypervisor"], url=url, username=p["username"], password=p["password"],
                      hosttags=p["host_tags"])
        if p["state"] == "disabled":
            params["allocationstate"] = "Disable"
        return params

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "host_tags" in diffs:
            params["hosttags"] = ",".join(sorted(self.params["host_tags"]))
        return params

    def simulate(self, obj, params):
        after = dict(obj or {})
        if not obj:
            after.update(name=self.params["name"], state="Up", resourcestate="Enabled",
                         hypervisor=self.params["hypervisor"], clustername=self.params["cluster"],
                         podname=self.params["pod"], zonename=self.params["zone"])
        if "hosttags" in params:
            tags = params["hosttags"]
            after["hosttags"] = ",".join(tags) if isinstance(tags, list) else tags
        if params.get("allocationstate"):
            after["resourcestate"] = params["allocationstate"] + "d"
        return after

    # --- waiting on the one host
    def refresh(self, host):
        found = self.list(self.list_command, self.resource, id=host["id"])
        if not found:
            raise CloudStackError("host %s disappeared." % host["id"])
        return found[0]

    def wait_for(self, host, what, done, failed=(), always=False):
        """Wait (within wait_timeout) until done(host); without wait (and not always), the host as it is."""
        if not (self.params["wait"] or always) or done(host):
            return host
        return self.wait_until("host %s reaching %s" % (host.get("name"), what), lambda: self.refresh(host), done,
                               failed=lambda h: any(f(h) for f in failed),
                               describe=lambda h: "state %s, resource state %s" % (h.get("state"), h.get("resourcestate")))

    def ensure_present(self):
        existed = self.lookup()
        host = super().ensure_present()
        if existed is None and not self.check_mode and host and host.get("id"):
            host = self.wait_for(host, "Up", lambda h: h.get("state") == "Up",
                                 [lambda h: h.get("state") in ("Error", "Alert", "Down")])
            if self.params["name"] not in (host.get("name"), host.get("ipaddress")):
                # Give the host the name it was asked for, so that the next run finds it in one call.
                response = self.write(self.update_command, id=host["id"], name=self.params["name"])
                host = self.extract(response) or dict(host, name=self.params["name"])
        return self.ensure_allocation(host)

    def ensure_allocation(self, host):
        state = self.params["state"]
        resource_state = host.get("resourcestate")
        in_maintenance = resource_state in ("Maintenance", "PrepareForMaintenance", "ErrorInMaintenance",
                                            "ErrorInPrepareForMaintenance")
        if state == "maintenance":
            if resource_state == "Maintenance":
                return host
            if resource_state not in ("PrepareForMaintenance",):
                self.write("prepareHostForMaintenance", id=host.get("id"))
                if self.check_mode:
                    return dict(host, resourcestate="Maintenance")
            return self.wait_for(self.refresh(host), "Maintenance", lambda h: h.get("resourcestate") == "Maintenance",
                                 [lambda h: h.get("resourcestate") in ("ErrorInMaintenance", "ErrorInPrepareForMaintenance")])
        if state == "enabled":
            if in_maintenance:
                self.write("cancelHostMaintenance", id=host.get("id"))
                host = dict(host, resourcestate="Enabled") if self.check_mode else self.refresh(host)
            if host.get("resourcestate") == "Disabled":
                self.write("updateHost", id=host.get("id"), allocationstate="Enable")
                host = dict(host, resourcestate="Enabled") if self.check_mode else self.refresh(host)
        elif state == "disabled":
            if in_maintenance:
                raise CloudStackError("host %s is in %s: enable it (state=enabled) before disabling it." % (
                    host.get("name"), resource_state))
            if host.get("resourcestate") != "Disabled":
                self.write("updateHost", id=host.get("id"), allocationstate="Disable")
                host = dict(host, resourcestate="Disabled") if self.check_mode else self.refresh(host)
        return host

    def ensure_absent(self):
        host = self.lookup()
        self.before = host
        if host is None:
            return None
        if self.params["force"]:
            self.write(self.delete_command, id=host["id"], forced=True)
            return None
        if host.get("resourcestate") not in ("Maintenance", "Degraded"):
            self.write("prepareHostForMaintenance", id=host["id"])
            if not self.check_mode:
                # CloudStack deletes only a host in Maintenance: this wait happens even with wait=false
                self.wait_for(self.refresh(host), "Maintenance", lambda h: h.get("resourcestate") == "Maintenance",
                              [lambda h: h.get("resourcestate") in ("ErrorInMaintenance", "ErrorInPrepareForMaintenance")],
                              always=True)
        self.write(self.delete_command, id=host["id"])
        return None

    def differences(self, obj):
        diffs = {}
        wanted = self.params["host_tags"]
        if wanted is not None and normalize(obj.get("hosttags"), "set") != normalize(wanted, "set"):
            diffs["host_tags"] = (obj.get("hosttags"), wanted)
        return diffs

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Virtual routers: the listRouters selection the router and router_info modules share, and what "up" means.

A router has no agent of its own: CloudStack reaches it through the agent of its host, and reports that
agent's state in `hostcontrolstate` (ControlState: Enabled or Disabled while the host's agent is Up, Offline
when the agent is lost, Maintenance). A router is up when it is Running and its host's agent is Up.
"""

from __future__ import annotations

from .api import CloudStackError, looks_like_uuid

#: hostcontrolstate values for which the host's agent is Up (ControlState.getControlState)
AGENT_UP = ("Enabled", "Disabled")

#: the selection options (argument_spec entries) both modules take
SELECTION_SPEC = dict(
    name=dict(type="str"),
    zone=dict(type="str"),
    network=dict(type="str"),
    vpc=dict(type="str"),
    domain=dict(type="str"),
    account=dict(type="str"),
    requires_upgrade=dict(type="bool"),
)


def is_up(router):
    """Running, and the agent of its host Up (a server that does not report hostcontrolstate: Running)."""
    if router.get("state") != "Running":
        return False
    control = router.get("hostcontrolstate")
    return control is None or control in AGENT_UP


def describe(router):
    """What a wait saw last: state and host control state."""
    if router is None:
        return "no router"
    return "%s is %s, host %s" % (router.get("name", "router"), router.get("state"),
                                  router.get("hostcontrolstate") or "unknown")


def find_network_id(module, value, zone_id=None):
    """Id of a guest network given by id, or by exact name (listNetworks has no name filter before 4.22: keyword)."""
    if looks_like_uuid(value):
        return value
    params = {"keyword": value, "listall": True}
    if zone_id:
        params["zoneid"] = zone_id
    found = [n for n in module.list("listNetworks", "network", **params) if n.get("name") == value]
    if not found:
        raise CloudStackError("network %r not found%s." % (value, " in the zone" if zone_id else ""))
    if len(found) > 1:
        raise CloudStackError("network name %r is ambiguous (%d matches): give its id or its zone." % (value, len(found)))
    return found[0]["id"]


def find_vpc_id(module, value, zone_id=None):
    """Id of a VPC given by id or by exact name."""
    if looks_like_uuid(value):
        return value
    params = {"name": value, "listall": True}
    if zone_id:
        params["zoneid"] = zone_id
    found = [v for v in module.list("listVPCs", "vpc", **params) if v.get("name") == value]
    if not found:
        raise CloudStackError("VPC %r not found%s." % (value, " in the zone" if zone_id else ""))
    if len(found) > 1:
        raise CloudStackError("VPC name %r is ambiguous (%d matches): give its id or its zone." % (value, len(found)))
    return found[0]["id"]


def selection_params(module, extra=None):
    """listRouters parameters for the selection options (listall: routers of every account, also the system
    account's, which own the routers of shared networks)."""
    p = module.params
    params = {"listall": True}
    name = p.get("name")
    if name:
        params["id" if looks_like_uuid(name) else "name"] = name
    zone_id = None
    if p.get("zone"):
        zone_id = p["zone"] if looks_like_uuid(p["zone"]) else module.get_zone(p["zone"])["id"]
        params["zoneid"] = zone_id
    if p.get("network"):
        params["networkid"] = find_network_id(module, p["network"], zone_id)
    if p.get("vpc"):
        params["vpcid"] = find_vpc_id(module, p["vpc"], zone_id)
    if p.get("domain"):
        params["domainid"] = module.get_domain_id(p["domain"])
        if p.get("account"):
            params["account"] = p["account"]
    params.update(extra or {})
    return params


def select(module, routers):
    """The routers of a listRouters answer that the options select: the exact name (the server compares names
    without case) and requires_upgrade (listRouters has no such filter)."""
    name = module.params.get("name")
    if name and not looks_like_uuid(name):
        routers = [r for r in routers if str(r.get("name", "")).lower() == name.lower()]
    wanted = module.params.get("requires_upgrade")
    if wanted is not None:
        routers = [r for r in routers if bool(r.get("requiresupgrade")) == wanted]
    return routers

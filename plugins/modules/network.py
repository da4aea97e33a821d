#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: network
short_description: Manage CloudStack guest networks (shared networks above all)
version_added: 0.2.0
description:
  - Creates, updates, restarts and deletes guest networks, above all the shared guest networks an operator opens to
    tenants (zone-wide, or scoped to a domain or an account, on a VLAN, with an IPv4 range and an IPv6 range), and
    isolated networks of an account.
  - "A network is found by O(name) in its O(zone) (and O(domain)/O(account) when given): one C(listNetworks) call
    filtered on the server (keyword, zone, listall), so a run that changes nothing costs one API call."
  - "Ownership as CloudStack sets it: a shared network created by a root admin without O(acl_type) is a C(Domain)
    network owned by the system account, zone-wide (mapped to ROOT) or dedicated to O(domain). With
    O(acl_type=account) and O(account)/O(domain) it belongs to that account."
  - The VLAN, the addresses, the IPv6 range, the ownership and the physical network are set at creation; a difference
    on an existing network is reported as a warning and left alone. More IP ranges are added with
    M(csops.cloudstack.vlan_ip_range).
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the network.
    type: str
    required: true
  display_text:
    description: Description of the network; the name when not set at creation.
    type: str
  zone:
    description: Name or id of the zone.
    type: str
    required: true
  network_offering:
    description:
      - Name or id of the network offering, for example V(DefaultSharedNetworkOffering) or
        V(DefaultIsolatedNetworkOfferingWithSourceNatService). Required to create the network.
      - On an existing isolated network a different offering is an update (C(updateNetwork)); CloudStack refuses it for
        shared networks.
    type: str
  physical_network:
    description: Name or id of the physical network (shared networks). Set at creation.
    type: str
  acl_type:
    description:
      - V(domain) or V(account). Not set, CloudStack chooses V(domain) for a shared network created by a root admin and
        V(account) for isolated networks. Set at creation.
    type: str
    choices: [ account, domain ]
  domain:
    description: Domain (path such as C(ROOT/customers/acme), or id) the network belongs to or is dedicated to.
    type: str
  account:
    description: Account owning the network (with O(domain) and, for a shared network, O(acl_type=account)).
    type: str
  project:
    description: Id of the project owning the network.
    type: str
  subdomain_access:
    description: Whether the subdomains of O(domain) may use a domain network. Set at creation.
    type: bool
  vlan:
    description: VLAN of the network, for example C(100) or C(vlan://100). Set at creation.
    type: str
  bypass_vlan_overlap_check:
    description: Let the network share a VLAN used by another network of the zone. Used at creation.
    type: bool
  isolated_pvlan:
    description: Secondary (isolated) private VLAN. Set at creation.
    type: str
  gateway:
    description: IPv4 gateway. Set at creation.
    type: str
  netmask:
    description: IPv4 netmask. Set at creation.
    type: str
  start_ip:
    description: First address of the IPv4 range. Used at creation.
    type: str
  end_ip:
    description: Last address of the IPv4 range; O(start_ip) when not set. Used at creation.
    type: str
  ip6_gateway:
    description: IPv6 gateway (shared networks of Advanced zones). Set at creation.
    type: str
  ip6_cidr:
    description: IPv6 CIDR, for example C(fd00:10::/64). Set at creation.
    type: str
  start_ipv6:
    description: First address of the IPv6 range. Used at creation.
    type: str
  end_ipv6:
    description: Last address of the IPv6 range. Used at creation.
    type: str
  network_domain:
    description: DNS domain of the network. Can be changed on isolated networks only.
    type: str
  dns1:
    description: First IPv4 DNS server given to the network's VMs.
    type: str
  dns2:
    description: Second IPv4 DNS server.
    type: str
  ip6_dns1:
    description: First IPv6 DNS server.
    type: str
  ip6_dns2:
    description: Second IPv6 DNS server.
    type: str
  display_network:
    description: Whether end users see the network.
    type: bool
  external_id:
    description: Id of the network in an external system. Set at creation.
    type: str
  public_mtu:
    description: MTU of the virtual router's public interface.
    type: int
  private_mtu:
    description: MTU of the virtual router's guest interface.
    type: int
  clean_up:
    description: With O(state=restarted), replace the virtual routers by new ones (C(restartNetwork cleanup=true)).
    type: bool
    default: false
  state:
    description:
      - V(present) creates or updates the network; V(absent) deletes it; V(restarted) restarts it (it must exist; always
        reports a change).
    type: str
    default: present
    choices: [ present, absent, restarted ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Zone-wide shared network on VLAN 300
  csops.cloudstack.network:
    name: shared-300
    zone: zone-1
    network_offering: DefaultSharedNetworkOffering
    vlan: "300"
    gateway: 10.30.0.1
    netmask: 255.255.255.0
    start_ip: 10.30.0.10
    end_ip: 10.30.0.250

- name: Shared network dedicated to a domain, dual stack
  csops.cloudstack.network:
    name: acme-shared
    zone: zone-1
    network_offering: DefaultSharedNetworkOffering
    domain: ROOT/customers/acme
    subdomain_access: false
    vlan: "301"
    gateway: 10.31.0.1
    netmask: 255.255.255.0
    start_ip: 10.31.0.10
    end_ip: 10.31.0.100
    ip6_gateway: "fd00:31::1"
    ip6_cidr: "fd00:31::/64"
    start_ipv6: "fd00:31::10"
    end_ipv6: "fd00:31::ffff"

- name: Isolated network of an account
  csops.cloudstack.network:
    name: acme-web
    zone: zone-1
    network_offering: DefaultIsolatedNetworkOfferingWithSourceNatService
    domain: ROOT/customers/acme
    account: acme-admin

- name: Recreate the virtual routers of a network
  csops.cloudstack.network:
    name: shared-300
    zone: zone-1
    state: restarted
    clean_up: true

- name: Delete it
  csops.cloudstack.network:
    name: shared-300
    zone: zone-1
    state: absent
"""

RETURN = r"""
network:
  description: The network (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the network.
      type: str
      sample: 5b8e6a2c-1f0d-4e3b-9a7c-6d5e4f3a2b1c
    name:
      description: Name.
      type: str
      sample: shared-300
    display_text:
      description: Description.
      type: str
      sample: shared-300
    zone_id:
      description: UUID of the zone.
      type: str
      sample: 04589590-ac63-4ffc-93f5-b698b8ac38b6
    zone_name:
      description: Name of the zone.
      type: str
      sample: zone-1
    type:
      description: Guest type, V(Shared), V(Isolated) or V(L2).
      type: str
      sample: Shared
    traffic_type:
      description: Traffic type (V(Guest)).
      type: str
      sample: Guest
    state:
      description: V(Allocated), V(Setup), V(Implemented) or V(Destroy).
      type: str
      sample: Setup
    acl_type:
      description: V(Domain) or V(Account).
      type: str
      sample: Domain
    account:
      description: Owning account (account networks only).
      type: str
      sample: acme-admin
    domain:
      description: Domain of the owner, or the domain a domain network is dedicated to.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of that domain.
      type: str
      sample: 9d7b6d4c-3c4e-11ee-be56-0242ac120002
    subdomain_access:
      description: Whether subdomains may use a domain network.
      type: bool
      sample: true
    network_offering:
      description: Name of the network offering.
      type: str
      sample: DefaultSharedNetworkOffering
    network_offering_id:
      description: UUID of the network offering.
      type: str
      sample: 7e6d5c4b-3a29-4f18-8e07-d6c5b4a39281
    physical_network_id:
      description: UUID of the physical network.
      type: str
      sample: 4d3c2b1a-0f9e-4d8c-7b6a-5f4e3d2c1b0a
    vlan:
      description: VLAN (present once the network has one).
      type: str
      sample: "300"
    broadcast_uri:
      description: Broadcast URI.
      type: str
      sample: vlan://300
    gateway:
      description: IPv4 gateway.
      type: str
      sample: 10.30.0.1
    netmask:
      description: IPv4 netmask.
      type: str
      sample: 255.255.255.0
    cidr:
      description: IPv4 CIDR.
      type: str
      sample: 10.30.0.0/24
    ip6_gateway:
      description: IPv6 gateway.
      type: str
      sample: "fd00:31::1"
    ip6_cidr:
      description: IPv6 CIDR.
      type: str
      sample: "fd00:31::/64"
    network_domain:
      description: DNS domain.
      type: str
      sample: cs1cloud.internal
    dns1:
      description: First IPv4 DNS server.
      type: str
      sample: 8.8.8.8
    dns2:
      description: Second IPv4 DNS server.
      type: str
      sample: 8.8.4.4
    ip6_dns1:
      description: First IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8888"
    ip6_dns2:
      description: Second IPv6 DNS server.
      type: str
      sample: "2001:4860:4860::8844"
    display_network:
      description: Whether end users see it.
      type: bool
      sample: true
    can_use_for_deploy:
      description: Whether VMs can still be deployed in it (free addresses left).
      type: bool
      sample: true
    restart_required:
      description: Whether CloudStack asks for a restart.
      type: bool
      sample: false
    specify_ip_ranges:
      description: Whether the network takes IP ranges.
      type: bool
      sample: true
    is_persistent:
      description: Whether the offering keeps the network implemented without VMs.
      type: bool
      sample: false
    external_id:
      description: Id in an external system.
      type: str
      sample: ext-300
    public_mtu:
      description: MTU of the router's public interface.
      type: int
      sample: 1500
    private_mtu:
      description: MTU of the router's guest interface.
      type: int
      sample: 1500
    vpc_id:
      description: UUID of the VPC of a VPC tier.
      type: str
      sample: 2a1b0c9d-8e7f-4a6b-5c4d-3e2f1a0b9c8d
    created:
      description: Creation date.
      type: str
      sample: "2025-10-30T12:00:00+0000"
restarted:
  description: Whether the network was restarted (O(state=restarted)), with O(clean_up).
  returned: when O(state=restarted)
  type: dict
  contains:
    clean_up:
      description: Whether new routers replaced the old ones.
      type: bool
      sample: true
"""

import ipaddress

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule
from ansible_collections.csops.cloudstack.plugins.module_utils.validate import ip_range

# API field -> result key (the documented keys of RETURN, nothing else)
RESULT_KEYS = {
    "id": "id", "name": "name", "displaytext": "display_text", "zoneid": "zone_id", "zonename": "zone_name",
    "type": "type", "traffictype": "traffic_type", "state": "state", "acltype": "acl_type", "account": "account",
    "domain": "domain", "domainid": "domain_id", "subdomainaccess": "subdomain_access",
    "networkofferingname": "network_offering", "networkofferingid": "network_offering_id",
    "physicalnetworkid": "physical_network_id", "vlan": "vlan", "broadcasturi": "broadcast_uri", "gateway": "gateway",
    "netmask": "netmask", "cidr": "cidr", "ip6gateway": "ip6_gateway", "ip6cidr": "ip6_cidr",
    "networkdomain": "network_domain", "dns1": "dns1", "dns2": "dns2", "ip6dns1": "ip6_dns1", "ip6dns2": "ip6_dns2",
    "displaynetwork": "display_network", "canusefordeploy": "can_use_for_deploy", "restartrequired": "restart_required",
    "specifyipranges": "specify_ip_ranges", "ispersistent": "is_persistent", "externalid": "external_id",
    "publicmtu": "public_mtu", "privatemtu": "private_mtu", "vpcid": "vpc_id", "created": "created",
}


def check_vlan(option, vlan):
    """A VLAN id (1-4094), untagged, or a broadcast URI such as vlan://100."""
    if vlan is None or "://" in vlan or vlan.lower() == "untagged":
        return
    if not (vlan.isdigit() and 1 <= int(vlan) <= 4094):
        raise CloudStackError("%s: %r is not a VLAN id (1-4094), 'untagged' or a URI such as vlan://100." % (option, vlan))


def vlan_value(vlan):
    vlan = str(vlan or "").lower()
    return vlan.split("://", 1)[1] if "://" in vlan else vlan


def check_ipv6(params):
    gateway, cidr = params["ip6_gateway"], params["ip6_cidr"]
    if bool(gateway) != bool(cidr):
        raise CloudStackError("ip6_gateway and ip6_cidr must be given together.")
    network = None
    if cidr:
        try:
            network = ipaddress.IPv6Network(cidr, strict=False)
        except ValueError:
            raise CloudStackError("ip6_cidr: %r is not a valid IPv6 CIDR such as fd00:10::/64." % cidr) from None
    for option in ("ip6_gateway", "start_ipv6", "end_ipv6", "ip6_dns1", "ip6_dns2"):
        value = params[option]
        if value is None:
            continue
        try:
            address = ipaddress.IPv6Address(value)
        except ValueError:
            raise CloudStackError("%s: %r is not a valid IPv6 address." % (option, value)) from None
        if network is not None and option != "ip6_dns1" and option != "ip6_dns2" and address not in network:
            raise CloudStackError("%s %s is outside %s." % (option, value, network))
    if (params["start_ipv6"] or params["end_ipv6"]) and not cidr:
        raise CloudStackError("start_ipv6/end_ipv6 need ip6_gateway and ip6_cidr.")


class Network(ResourceModule):
    resource = "network"
    result_key = "network"
    list_command = "listNetworks"
    create_command = "createNetwork"
    update_command = "updateNetwork"
    delete_command = "deleteNetwork"
    fields = (
        Field("display_text", "displaytext"),
        Field("display_network", "displaynetwork"),
        Field("network_domain", "networkdomain"),
        Field("dns1"),
        Field("dns2"),
        Field("ip6_dns1", "ip6dns1"),
        Field("ip6_dns2", "ip6dns2"),
        Field("public_mtu", "publicmtu"),
        Field("private_mtu", "privatemtu"),
        Field("vlan", from_api=vlan_value, to_api=vlan_value, create_only=True),
        Field("gateway", create_only=True),
        Field("netmask", create_only=True),
        Field("ip6_gateway", "ip6gateway", create_only=True, compare="lower"),
        Field("ip6_cidr", "ip6cidr", create_only=True, compare="lower"),
        Field("acl_type", "acltype", create_only=True, compare="lower"),
        Field("subdomain_access", "subdomainaccess", create_only=True),
        Field("external_id", "externalid", create_only=True),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        zone=dict(type="str", required=True),
        network_offering=dict(type="str"),
        physical_network=dict(type="str"),
        acl_type=dict(type="str", choices=["account", "domain"]),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
        subdomain_access=dict(type="bool"),
        vlan=dict(type="str"),
        bypass_vlan_overlap_check=dict(type="bool"),
        isolated_pvlan=dict(type="str"),
        gateway=dict(type="str"),
        netmask=dict(type="str"),
        start_ip=dict(type="str"),
        end_ip=dict(type="str"),
        ip6_gateway=dict(type="str"),
        ip6_cidr=dict(type="str"),
        start_ipv6=dict(type="str"),
        end_ipv6=dict(type="str"),
        network_domain=dict(type="str"),
        dns1=dict(type="str"),
        dns2=dict(type="str"),
        ip6_dns1=dict(type="str"),
        ip6_dns2=dict(type="str"),
        display_network=dict(type="bool"),
        external_id=dict(type="str"),
        public_mtu=dict(type="int"),
        private_mtu=dict(type="int"),
        clean_up=dict(type="bool", default=False),
        state=dict(type="str", default="present", choices=["present", "absent", "restarted"]),
    )
    module_kwargs = dict(required_by={"account": ("domain",)}, required_together=[("gateway", "netmask")],
                         mutually_exclusive=[("account", "project")])

    # --- input checks (before any call)
    def validate(self):
        p = self.params
        if not str(p["name"]).strip():
            raise CloudStackError("name: must not be empty.")
        check_vlan("vlan", p["vlan"])
        if p["isolated_pvlan"] is not None:
            check_vlan("isolated_pvlan", p["isolated_pvlan"])
        end_ip = p["end_ip"] or p["start_ip"]
        if (p["start_ip"] or p["end_ip"]) and not p["gateway"]:
            raise CloudStackError("start_ip/end_ip need gateway and netmask.")
        ip_range(p["gateway"], p["netmask"], p["start_ip"], end_ip, label="network %s" % p["name"])
        if p["gateway"] and p["netmask"]:
            net = ipaddress.IPv4Network("%s/%s" % (p["gateway"], p["netmask"]), strict=False)
            if net.prefixlen < 31 and str(net.network_address) == p["gateway"] or \
                    net.prefixlen < 31 and str(net.broadcast_address) == p["gateway"]:
                raise CloudStackError("gateway: %s is the network or broadcast address of %s." % (p["gateway"], net))
        for option in ("dns1", "dns2"):
            if p[option] is not None:
                ip_range(p[option], None, None, None, gateway_option=option)
        check_ipv6(p)
        for option in ("public_mtu", "private_mtu"):
            if p[option] is not None and not 68 <= p[option] <= 65535:
                raise CloudStackError("%s: %d is not an MTU (68-65535)." % (option, p[option]))
        if p["network_domain"] is not None and not all(
                label and len(label) <= 63 and not label.startswith("-") and not label.endswith("-") and
                all(c.isascii() and (c.isalnum() or c == "-") for c in label) for label in p["network_domain"].split(".")):
            raise CloudStackError("network_domain: %r is not a DNS domain name." % p["network_domain"])
        if p["subdomain_access"] is not None and p["acl_type"] == "account":
            raise CloudStackError("subdomain_access: only for acl_type=domain networks.")

    # --- find: one listNetworks call
    def find(self):
        p = self.params
        params = {"keyword": p["name"], "listall": True}
        zone = p["zone"]
        if looks_like_uuid(zone):
            params["zoneid"] = zone
        if p["project"]:
            params["projectid"] = p["project"]
        if p["domain"] and looks_like_uuid(p["domain"]):
            params["domainid"] = p["domain"]
            if p["account"]:
                params["account"] = p["account"]
        items = [n for n in self.list(self.list_command, self.resource, **params)
                 if n.get("name") == p["name"] and zone in (n.get("zoneid"), n.get("zonename"))]
        if p["account"]:
            items = [n for n in items if n.get("account") == p["account"]]
        if p["domain"] and len(items) > 1 or p["domain"] and items and not looks_like_uuid(p["domain"]):
            items = self.in_domain(items)
        if len(items) > 1 and not p["domain"] and not p["account"]:
            # no owner given: the zone-wide / ROOT-level network of that name
            items = [n for n in items if n.get("domain") == "ROOT" and not n.get("account")] or items
        if len(items) > 1:
            raise CloudStackError("network name %r is ambiguous in zone %s (%d matches): give domain and account." % (
                p["name"], zone, len(items)))
        return items[0] if items else None

    def in_domain(self, items):
        """Keep the networks of the domain given by path: the last path element is compared with the network's
        domain name, and the domain id is looked up only when that leaves more than one."""
        domain = self.params["domain"]
        if looks_like_uuid(domain):
            return [n for n in items if n.get("domainid") == domain]
        leaf = domain.strip("/").split("/")[-1]
        same = [n for n in items if str(n.get("domain") or "").lower() == leaf.lower()]
        if len(same) > 1:
            domain_id = self.get_domain_id(domain)
            same = [n for n in same if n.get("domainid") == domain_id]
        return same

    # --- create / update
    def offering(self):
        """The network offering given by name or id: one listNetworkOfferings call (on create or change only)."""
        value = self.params["network_offering"]
        params = {"id": value} if looks_like_uuid(value) else {"name": value}
        found = [o for o in self.list("listNetworkOfferings", "networkoffering", **params)
                 if looks_like_uuid(value) or o.get("name") == value]
        if not found:
            raise CloudStackError("network_offering %r not found." % value)
        return found[0]

    def create_params(self):
        p = self.params
        if not p["network_offering"]:
            raise CloudStackError("network_offering is required to create network %r." % p["name"])
        zone = self.get_zone()
        params = dict(name=p["name"], displaytext=p["display_text"] or p["name"], zoneid=zone["id"],
                      networkofferingid=self.offering()["id"], vlan=p["vlan"],
                      acltype=p["acl_type"].capitalize() if p["acl_type"] else None,
                      subdomainaccess=p["subdomain_access"], bypassvlanoverlapcheck=p["bypass_vlan_overlap_check"],
                      isolatedpvlan=p["isolated_pvlan"], gateway=p["gateway"], netmask=p["netmask"],
                      startip=p["start_ip"], endip=p["end_ip"] or p["start_ip"], ip6gateway=p["ip6_gateway"],
                      ip6cidr=p["ip6_cidr"], startipv6=p["start_ipv6"], endipv6=p["end_ipv6"],
                      networkdomain=p["network_domain"], dns1=p["dns1"], dns2=p["dns2"], ip6dns1=p["ip6_dns1"],
                      ip6dns2=p["ip6_dns2"], displaynetwork=p["display_network"], externalid=p["external_id"],
                      publicmtu=p["public_mtu"], privatemtu=p["private_mtu"], account=p["account"],
                      projectid=p["project"])
        if p["physical_network"]:
            params["physicalnetworkid"] = self.get_physical_network_id(p["physical_network"], zone["id"])
        if p["domain"]:
            params["domainid"] = self.get_domain_id(p["domain"])
        return {k: v for k, v in params.items() if v is not None}

    def differences(self, obj):
        diffs = super().differences(obj)
        wanted = self.params["network_offering"]
        if wanted and wanted not in (obj.get("networkofferingname"), obj.get("networkofferingid")):
            diffs["network_offering"] = (obj.get("networkofferingname"), wanted)
        if obj.get("type") != "Isolated" and "network_domain" in diffs:
            # CloudStack changes the network domain of isolated networks only (updateGuestNetwork)
            self.warn("network_domain cannot be changed on a %s network (ignored): is %r, wanted %r" % (
                obj.get("type"), diffs["network_domain"][0], diffs["network_domain"][1]))
            del diffs["network_domain"]
        return diffs

    def field(self, option):
        if option == "network_offering":
            return Field("network_offering", "networkofferingid")
        return super().field(option)

    def update_params(self, obj, diffs):
        params = super().update_params(obj, {k: v for k, v in diffs.items() if k != "network_offering"})
        if "network_offering" in diffs:
            params["networkofferingid"] = self.offering()["id"]
        return params

    def simulate(self, obj, params):
        after = super().simulate(obj, params)
        if not obj:
            after.update(name=self.params["name"], zonename=self.params["zone"], networkofferingname=self.params[
                "network_offering"], cidr=None)
            if self.params["gateway"] and self.params["netmask"]:
                after["cidr"] = str(ipaddress.IPv4Network("%s/%s" % (self.params["gateway"], self.params["netmask"]),
                                                          strict=False))
            for key in ("vlan", "gateway", "netmask", "ip6gateway", "ip6cidr", "acltype", "account"):
                if params.get(key) is not None:
                    after[key] = params[key]
            if after.get("acltype"):
                after["acltype"] = after["acltype"].capitalize()
        elif "networkofferingid" in params:
            after.update(networkofferingid=params["networkofferingid"], networkofferingname=self.params["network_offering"])
        return after

    def ensure_present(self):
        self.validate()
        return super().ensure_present()

    def ensure_absent(self):
        self.validate()
        return super().ensure_absent()

    def state_restarted(self):
        self.validate()
        obj = self.lookup()
        self.before = obj
        if obj is None:
            raise CloudStackError("network %r not found in zone %s: cannot restart it." % (
                self.params["name"], self.params["zone"]))
        self.write("restartNetwork", id=obj["id"], cleanup=self.params["clean_up"])
        self.result["restarted"] = {"clean_up": self.params["clean_up"]}
        return obj

    def to_result(self, obj):
        if not obj:
            return {}
        return {RESULT_KEYS[k]: v for k, v in obj.items() if k in RESULT_KEYS}


def main():
    module = Network()
    module()


if __name__ == "__main__":
    main()

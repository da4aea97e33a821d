# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""snake_case names of API answer fields, shared by each module and its _info twin."""

from __future__ import annotations

COMMON = {
    "zoneid": "zone_id", "zonename": "zone_name", "podid": "pod_id", "podname": "pod_name",
    "clusterid": "cluster_id", "clustername": "cluster_name", "clustertype": "cluster_type",
    "allocationstate": "allocation_state", "domainid": "domain_id", "domainname": "domain_name",
    "ipaddress": "ip_address", "hasannotations": "has_annotations", "resourcedetails": "resource_details",
    "disksizetotal": "disk_size_total", "disksizeused": "disk_size_used", "disksizeallocated": "disk_size_allocated",
}

RENAMES = {
    "zone": {
        "networktype": "network_type", "internaldns1": "internal_dns1", "internaldns2": "internal_dns2",
        "ip6dns1": "dns1_ipv6", "ip6dns2": "dns2_ipv6", "domain": "network_domain",
        "guestcidraddress": "guest_cidr_address", "dhcpprovider": "dhcp_provider",
        "localstorageenabled": "local_storage_enabled", "securitygroupsenabled": "securitygroups_enabled",
        "zonetoken": "zone_token", "isedge": "is_edge",
    },
    "pod": {
        "startip": "start_ip", "endip": "end_ip", "ipranges": "ip_ranges", "vlanid": "vlan_id",
        "forsystemvms": "for_system_vms",
    },
    "cluster": {
        "hypervisortype": "hypervisor", "managedstate": "managed_state",
        "cpuovercommitratio": "cpu_overcommit_ratio", "memoryovercommitratio": "memory_overcommit_ratio",
        "ovm3vip": "ovm3_vip",
    },
    "host": {
        "resourcestate": "resource_state", "hosttags": "host_tags", "hypervisorversion": "hypervisor_version",
        "oscategoryname": "os_category_name", "oscategoryid": "os_category_id", "lastpinged": "last_pinged",
        "cpunumber": "cpu_number", "cpuspeed": "cpu_speed", "memorytotal": "memory_total",
        "managementserverid": "management_server_id",
    },
    "storagepool": {
        "disksizetotal": "capacity_bytes", "capacityiops": "capacity_iops", "tags": "storage_tags",
        "overprovisionfactor": "overprovision_factor", "storagecapabilities": "storage_capabilities",
    },
    "imagestore": {"providername": "provider", "readonly": "read_only"},
    "virtualmachine": {
        "displayname": "display_name", "instancename": "instance_name", "isoid": "iso_id", "isoname": "iso_name",
        "ostypeid": "os_type_id", "templateid": "template_id", "templatename": "template_name",
        "serviceofferingid": "service_offering_id", "serviceofferingname": "service_offering_name",
        "hostid": "host_id", "hostname": "host_name", "haenable": "ha_enable", "publicip": "public_ip",
        "keypairs": "key_pairs", "cpunumber": "cpu_number", "cpuspeed": "cpu_speed", "guestosid": "guest_os_id",
    },
    "ostype": {"oscategoryid": "os_category_id", "oscategoryname": "os_category_name", "isuserdefined": "is_user_defined",
               "fordisplay": "for_display"},
    "network": {
        "traffictype": "traffic_type", "networkofferingid": "network_offering_id",
        "networkofferingname": "network_offering_name", "physicalnetworkid": "physical_network_id",
        "broadcasturi": "broadcast_uri", "networkdomain": "network_domain", "acltype": "acl_type",
        "vpcid": "vpc_id", "displaytext": "display_text", "restartrequired": "restart_required",
        "ip6gateway": "ip6_gateway", "ip6cidr": "ip6_cidr", "ip6dns1": "ip6_dns1", "ip6dns2": "ip6_dns2",
        "subdomainaccess": "subdomain_access", "displaynetwork": "display_network",
        "canusefordeploy": "can_use_for_deploy", "specifyipranges": "specify_ip_ranges", "ispersistent": "is_persistent",
        "externalid": "external_id", "publicmtu": "public_mtu", "privatemtu": "private_mtu",
        "broadcastdomaintype": "broadcast_domain_type", "networkofferingdisplaytext": "network_offering_display_text",
    },
    "vlan": {
        "startip": "start_ip", "endip": "end_ip", "forvirtualnetwork": "for_virtual_network",
        "forsystemvms": "for_system_vms", "physicalnetworkid": "physical_network_id", "networkid": "network_id",
        "startipv6": "start_ipv6", "endipv6": "end_ipv6", "ip6gateway": "ip6_gateway", "ip6cidr": "ip6_cidr",
    },
    "storagenetworkiprange": {"startip": "start_ip", "endip": "end_ip", "networkid": "network_id"},
    "physicalnetwork": {"isolationmethods": "isolation_methods", "broadcastdomainrange": "broadcast_domain_range",
                        "networkspeed": "network_speed"},
    "iso": {
        "isready": "is_ready", "ostypename": "os_type_name", "ostypeid": "os_type_id", "ispublic": "is_public",
        "isfeatured": "is_featured", "isextractable": "is_extractable", "displaytext": "display_text",
        "crossZones": "cross_zones", "directdownload": "direct_download", "passwordenabled": "password_enabled",
        "isdynamicallyscalable": "is_dynamically_scalable", "physicalsize": "physical_size",
    },
    "tag": {"resourcetype": "resource_type", "resourceid": "resource_id"},
    "configuration": {"defaultvalue": "default_value", "isdynamic": "is_dynamic", "displaytext": "display_text"},
    "systemvm": {
        "systemvmtype": "system_vm_type", "agentstate": "agent_state", "publicip": "public_ip",
        "privateip": "private_ip", "linklocalip": "link_local_ip", "hostid": "host_id", "hostname": "host_name",
        "templateid": "template_id", "templatename": "template_name", "activeviewersessions": "active_viewer_sessions",
        "hostcontrolstate": "host_control_state", "isdynamicallyscalable": "is_dynamically_scalable",
    },
}
RENAMES["secondarystagingstore"] = RENAMES["imagestore"]


def rename(resource, item):
    """item with its keys renamed for resource."""
    names = rename_map(resource)
    return {names.get(key, key): value for key, value in item.items()}


def rename_map(resource):
    out = dict(COMMON)
    out.update(RENAMES.get(resource, {}))
    return out

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""snake_case names of API answer fields, shared by each module and its _info twin."""

from __future__ import annotations


def _pairs(text):
    """{API name: snake_case name} of the words 'apiname=snake_name' in text."""
    return dict(word.split("=", 1) for word in text.split())


# The tables are strings, not dict displays: every module task compiles this file twice (and the controller
# parses it once), and a string compiles in a fraction of the time of its dict display (docs/performance.md).
COMMON = _pairs("""
    zoneid=zone_id zonename=zone_name podid=pod_id podname=pod_name clusterid=cluster_id clustername=cluster_name
    clustertype=cluster_type allocationstate=allocation_state domainid=domain_id domainname=domain_name
    ipaddress=ip_address hasannotations=has_annotations resourcedetails=resource_details
    disksizetotal=disk_size_total disksizeused=disk_size_used disksizeallocated=disk_size_allocated
    accountid=account_id userid=user_id physicalnetworkid=physical_network_id displaytext=display_text
    isdynamicallyscalable=is_dynamically_scalable resourcetype=resource_type resourceid=resource_id
    networkid=network_id networkname=network_name traffictype=traffic_type lastupdated=last_updated
    projectid=project_id
""")

#: keys whose value is data (a map of the user's keys), never renamed inside
DATA_KEYS = frozenset(("details", "resourcedetails"))

RENAMES = {
    "zone": _pairs("""
        networktype=network_type internaldns1=internal_dns1 internaldns2=internal_dns2 ip6dns1=dns1_ipv6
        ip6dns2=dns2_ipv6 domain=network_domain guestcidraddress=guest_cidr_address dhcpprovider=dhcp_provider
        localstorageenabled=local_storage_enabled securitygroupsenabled=securitygroups_enabled zonetoken=zone_token
        isedge=is_edge allowuserspecifyvrmtu=allow_user_specify_vr_mtu
        routerprivateinterfacemaxmtu=router_private_interface_max_mtu
        routerpublicinterfacemaxmtu=router_public_interface_max_mtu
    """),
    "pod": _pairs("""
        startip=start_ip endip=end_ip ipranges=ip_ranges vlanid=vlan_id forsystemvms=for_system_vms
    """),
    "cluster": _pairs("""
        hypervisortype=hypervisor managedstate=managed_state cpuovercommitratio=cpu_overcommit_ratio
        memoryovercommitratio=memory_overcommit_ratio ovm3vip=ovm3_vip
    """),
    "host": _pairs("""
        resourcestate=resource_state hosttags=host_tags hypervisorversion=hypervisor_version
        oscategoryname=os_category_name oscategoryid=os_category_id lastpinged=last_pinged cpunumber=cpu_number
        cpuspeed=cpu_speed memorytotal=memory_total managementserverid=management_server_id cpusockets=cpu_sockets
        encryptionsupported=encryption_supported hahost=ha_host hasenoughcapacity=has_enough_capacity
        islocalstorageactive=is_local_storage_active suitableformigration=suitable_for_migration
        ueficapability=uefi_capability
    """),
    "storagepool": _pairs("""
        disksizetotal=capacity_bytes capacityiops=capacity_iops tags=storage_tags
        overprovisionfactor=overprovision_factor storagecapabilities=storage_capabilities
    """),
    "imagestore": _pairs("""
        providername=provider readonly=read_only
    """),
    "virtualmachine": _pairs("""
        displayname=display_name instancename=instance_name isoid=iso_id isoname=iso_name ostypeid=os_type_id
        templateid=template_id templatename=template_name serviceofferingid=service_offering_id
        serviceofferingname=service_offering_name hostid=host_id hostname=host_name haenable=ha_enable
        publicip=public_ip keypairs=key_pairs cpunumber=cpu_number cpuspeed=cpu_speed guestosid=guest_os_id
        affinitygroup=affinity_group displayvm=display_vm osdisplayname=os_display_name
        passwordenabled=password_enabled rootdeviceid=root_device_id rootdevicetype=root_device_type
        securitygroup=security_group templatedisplaytext=template_display_text
    """),
    "nic": _pairs("""
        broadcasturi=broadcast_uri deviceid=device_id extradhcpoption=extra_dhcp_option isdefault=is_default
        isolationuri=isolation_uri macaddress=mac_address
    """),
    "ostype": _pairs("""
        oscategoryid=os_category_id oscategoryname=os_category_name isuserdefined=is_user_defined
        fordisplay=for_display
    """),
    "network": _pairs("""
        traffictype=traffic_type networkofferingid=network_offering_id networkofferingname=network_offering_name
        physicalnetworkid=physical_network_id broadcasturi=broadcast_uri networkdomain=network_domain
        acltype=acl_type vpcid=vpc_id displaytext=display_text restartrequired=restart_required
        ip6gateway=ip6_gateway ip6cidr=ip6_cidr ip6dns1=ip6_dns1 ip6dns2=ip6_dns2 subdomainaccess=subdomain_access
        externalid=external_id publicmtu=public_mtu privatemtu=private_mtu
        networkofferingdisplaytext=network_offering_display_text broadcastdomaintype=broadcast_domain_type
        canusefordeploy=can_use_for_deploy displaynetwork=display_network ispersistent=is_persistent
        issystem=is_system specifyipranges=specify_ip_ranges egressdefaultpolicy=egress_default_policy
        isdefault=is_default networkofferingavailability=network_offering_availability
        networkofferingconservemode=network_offering_conserve_mode receivedbytes=received_bytes sentbytes=sent_bytes
        redundantrouter=redundant_router strechedl2subnet=streched_l2_subnet
        supportsvmautoscaling=supports_vm_autoscaling networkcidr=network_cidr reservediprange=reserved_ip_range
        vpcname=vpc_name zonesnetworkspans=zones_network_spans
    """),
    "vlan": _pairs("""
        startip=start_ip endip=end_ip forvirtualnetwork=for_virtual_network forsystemvms=for_system_vms
        physicalnetworkid=physical_network_id networkid=network_id startipv6=start_ipv6 endipv6=end_ipv6
        ip6gateway=ip6_gateway ip6cidr=ip6_cidr
    """),
    "storagenetworkiprange": _pairs("""
        startip=start_ip endip=end_ip networkid=network_id
    """),
    "physicalnetwork": _pairs("""
        isolationmethods=isolation_methods broadcastdomainrange=broadcast_domain_range networkspeed=network_speed
    """),
    "iso": _pairs("""
        isready=is_ready ostypename=os_type_name ostypeid=os_type_id ispublic=is_public isfeatured=is_featured
        isextractable=is_extractable displaytext=display_text crossZones=cross_zones directdownload=direct_download
        passwordenabled=password_enabled isdynamicallyscalable=is_dynamically_scalable physicalsize=physical_size
        downloaddetails=download_details requireshvm=requires_hvm sshkeyenabled=ssh_key_enabled
        templatetype=template_type
    """),
    "tag": _pairs("""
        resourcetype=resource_type resourceid=resource_id
    """),
    "configuration": _pairs("""
        defaultvalue=default_value isdynamic=is_dynamic displaytext=display_text
    """),
    "systemvm": _pairs("""
        systemvmtype=system_vm_type agentstate=agent_state publicip=public_ip privateip=private_ip
        linklocalip=link_local_ip hostid=host_id hostname=host_name templateid=template_id
        templatename=template_name activeviewersessions=active_viewer_sessions hostcontrolstate=host_control_state
        isdynamicallyscalable=is_dynamically_scalable
    """),
    "router": _pairs("""
        guestipaddress=guest_ip_address guestmacaddress=guest_mac_address guestnetmask=guest_netmask
        guestnetworkid=guest_network_id guestnetworkname=guest_network_name healthcheckresults=health_check_results
        healthchecksfailed=health_checks_failed hostcontrolstate=host_control_state hostid=host_id
        hostname=host_name ip6dns1=ip6_dns1 ip6dns2=ip6_dns2 isredundantrouter=is_redundant_router
        linklocalip=link_local_ip linklocalmacaddress=link_local_mac_address linklocalnetmask=link_local_netmask
        linklocalnetworkid=link_local_network_id networkdomain=network_domain publicip=public_ip
        publicmacaddress=public_mac_address publicnetmask=public_netmask publicnetworkid=public_network_id
        redundantstate=redundant_state requiresupgrade=requires_upgrade scriptsversion=scripts_version
        serviceofferingid=service_offering_id serviceofferingname=service_offering_name
        softwareversion=software_version templateid=template_id templatename=template_name vpcid=vpc_id
        vpcname=vpc_name
    """),
    "routerhealthcheck": _pairs("""
        checkname=check_name checktype=check_type lastupdated=last_updated
    """),
}
RENAMES["capability"] = _pairs("canchooseservicecapability=can_choose_service_capability")
RENAMES["secondarystagingstore"] = RENAMES["imagestore"]
RENAMES["downloaddetails"] = _pairs("downloadPercent=download_percent downloadState=download_state")

#: answer fields holding objects of another kind: {field: the resource whose names apply inside}
NESTED = {"tags": "tag", "nic": "nic", "downloaddetails": "downloaddetails", "service": "networkservice",
          "capability": "capability", "healthcheckresults": "routerhealthcheck"}


def rename(resource, item):
    """item with its keys renamed for resource, nested objects and lists of objects too."""
    return rename_with(rename_map(resource), item, resource)


def rename_with(names, item, resource=None):
    """item with its keys renamed by the map names (the top level) and, inside, by the map of each
    nested field's kind (NESTED; the same resource otherwise). Never inside DATA_KEYS."""
    out = {}
    for key, value in item.items():
        if key not in DATA_KEYS and isinstance(value, (dict, list)):
            inner = rename_map(NESTED.get(key, resource))
            if isinstance(value, dict):
                value = rename_with(inner, value, NESTED.get(key, resource))
            else:
                value = [rename_with(inner, v, NESTED.get(key, resource)) if isinstance(v, dict) else v for v in value]
        out[names.get(key, key)] = value
    return out


def rename_map(resource):
    out = dict(COMMON)
    out.update(RENAMES.get(resource, {}))
    return out

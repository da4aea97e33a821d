#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: template
short_description: Register, update, copy and delete CloudStack templates
version_added: 0.2.0
description:
  - Registers a template from a URL in one zone, in several zones or in every zone (cross-zone), updates in place
    what CloudStack lets you update, copies it to zones it is missing from, and deletes it from some zones or all.
  - The template is identified by O(name), O(hypervisor) and its zones. It is found with one C(listTemplates) call
    filtered by name, hypervisor and O(template_filter) on the server; an unchanged template costs that one call.
  - With O(wait=true) the module waits until the template is downloaded and Ready in its zones (up to
    O(wait_timeout) seconds) and fails clearly when the download fails on the server or takes too long. The result
    has the download progress in percent and the seconds waited.
  - System VM templates for an upgrade are registered with O(template_type=SYSTEM) and O(cross_zones=true). The
    module registers the template, then makes it a system template with C(updateTemplate) (CloudStack 4.18 has no
    template type on C(registerTemplate)).
  - CloudStack cannot change the URL, checksum, template tag, bits, direct download or cross-zone flag of a
    template; a difference is reported as a warning and nothing is changed.
  - CloudStack lists a template only when a host of its hypervisor exists in some zone, and downloads it only when a
    secondary storage VM runs in the zone.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the template.
    type: str
    required: true
  display_text:
    description: Display text; the name when not set at registration.
    type: str
  url:
    description: HTTP(S) URL of the image. Required to register; cannot be changed afterwards.
    type: str
  format:
    description: Image format. Required to register. The URL must end with an extension of the format (for example
      C(.qcow2), C(.qcow2.bz2) or C(.img) for V(QCOW2)).
    type: str
    choices: [ QCOW2, RAW, VHD, VHDX, OVA, TAR, VMDK ]
  hypervisor:
    description: Hypervisor of the template. Required to register; part of the identity of the template.
    type: str
    choices: [ KVM, XenServer, VMware, Hyperv, BareMetal, Simulator, Ovm, Ovm3, LXC ]
  os_type:
    description: OS type by description (as in C(listOsTypes), for example C(Ubuntu 22.04 LTS)) or id. Required to
      register.
    type: str
  zone:
    description:
      - Name or id of a zone the template must be in (like O(zones) with one zone).
      - With O(state=absent) the template is deleted from this zone only.
    type: str
  zones:
    description:
      - Names or ids of the zones the template must be in. A new template is registered in all of them at once; a
        zone an existing template is missing from gets a copy (C(copyTemplate), which needs the template Ready in
        another zone).
      - With O(state=absent) the template is deleted from these zones only.
    type: list
    elements: str
  cross_zones:
    description: Register the template in every zone, present and future. With O(state=absent) it is deleted from
      every zone (also the default without O(zone) or O(zones)).
    type: bool
    default: false
  is_public:
    description: Whether every account may use the template.
    type: bool
  is_featured:
    description: Whether the template is featured (root admins only).
    type: bool
  is_extractable:
    description: Whether the template may be downloaded from CloudStack.
    type: bool
  password_enabled:
    description: Whether the template supports password reset.
    type: bool
  sshkey_enabled:
    description: Whether the template supports SSH key injection.
    type: bool
  is_dynamically_scalable:
    description: Whether the template has the tools for dynamic CPU/memory scaling.
    type: bool
  requires_hvm:
    description: Whether the template requires HVM. CloudStack's default is V(true).
    type: bool
  template_type:
    description:
      - Type of the template. V(SYSTEM) (system VM template, for example before an upgrade) and V(BUILTIN) need
        O(cross_zones=true). Setting a type other than V(USER) needs a root admin.
    type: str
    choices: [ USER, ROUTING, SYSTEM, BUILTIN ]
  is_routing:
    description: Same as O(template_type=ROUTING) (the option of ngine_io.cloudstack).
    type: bool
  checksum:
    description: Checksum of the image, C({algorithm}value) (for example C({SHA-256}...)) or a plain MD5. Registration
      only.
    type: str
  details:
    description: Template details, for example C(rootDiskController) or C(nicAdapter). An empty dictionary removes
      every detail.
    type: dict
  template_tag:
    description: Template tag (root admins). Registration only.
    type: str
  bits:
    description: 32 or 64 bits. Registration only; CloudStack's default is 64.
    type: int
    choices: [ 32, 64 ]
  direct_download:
    description: KVM only; the image is downloaded to primary storage on first use, not to secondary storage.
      Registration only.
    type: bool
  tags:
    description: Resource tags as a dictionary; an empty dictionary removes every tag.
    type: dict
  template_filter:
    description: The C(templatefilter) used to find the template. V(self) finds the caller's templates, V(all) every
      template (root admins).
    type: str
    default: self
    choices: [ self, all, featured, community, executable, selfexecutable, sharedexecutable ]
  state:
    description: V(present) registers, updates or copies the template; V(absent) deletes it.
    type: str
    default: present
    choices: [ present, absent ]
  wait:
    description:
      - Wait until the template is Ready in its zones (with O(state=present)), or until a running download ended
        before deleting (with O(state=absent)).
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 1800
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Ubuntu in two zones, ready to deploy from
  csops.cloudstack.template:
    name: ubuntu-22.04
    url: https://cloud-images.example.com/jammy/ubuntu-22.04-server-cloudimg-amd64.qcow2
    format: QCOW2
    hypervisor: KVM
    os_type: Ubuntu 22.04 LTS
    zones: [zone-a, zone-b]
    is_public: true
    is_featured: true
    password_enabled: true
    sshkey_enabled: true
    checksum: "{SHA-256}9d2e5ba0b9f3f4f6bb1e0f1f4a6b6a6e0c2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f"
    details:
      rootDiskController: scsi
    wait: true
    wait_timeout: 3600
  register: ubuntu

- name: The system VM template of the next release, before the upgrade
  csops.cloudstack.template:
    name: systemvm-kvm-4.19.0
    url: https://download.cloudstack.org/systemvm/4.19/systemvmtemplate-4.19.0-kvm.qcow2.bz2
    format: QCOW2
    hypervisor: KVM
    os_type: Debian GNU/Linux 11 (64-bit)
    cross_zones: true
    template_type: SYSTEM
    wait: true

- name: Remove it from one zone only
  csops.cloudstack.template:
    name: ubuntu-22.04
    hypervisor: KVM
    zone: zone-b
    state: absent

- name: Remove it everywhere
  csops.cloudstack.template:
    name: ubuntu-22.04
    hypervisor: KVM
    state: absent
"""

RETURN = r"""
template:
  description: The template (empty after O(state=absent) removed it everywhere).
  returned: success
  type: dict
  contains:
    id:
      description: UUID.
      type: str
      sample: 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c
    name:
      description: Name.
      type: str
      sample: ubuntu-22.04
    display_text:
      description: Display text.
      type: str
      sample: Ubuntu 22.04
    format:
      description: Image format.
      type: str
      sample: QCOW2
    hypervisor:
      description: Hypervisor.
      type: str
      sample: KVM
    os_type:
      description: OS type description.
      type: str
      sample: Ubuntu 22.04 LTS
    os_type_id:
      description: OS type UUID.
      type: str
      sample: 7a1c2e3d-4b5a-6978-8a9b-0c1d2e3f4a5b
    url:
      description: URL the template was registered from.
      type: str
      sample: https://cloud-images.example.com/jammy/ubuntu-22.04-server-cloudimg-amd64.qcow2
    checksum:
      description: Checksum (without its C({algorithm}) prefix).
      type: str
      sample: 9d2e5ba0b9f3f4f6bb1e0f1f4a6b6a6e0c2d1e3f4a5b6c7d8e9f0a1b2c3d4e5f
    template_type:
      description: Type (USER, ROUTING, SYSTEM, BUILTIN, ...).
      type: str
      sample: USER
    template_tag:
      description: Template tag.
      type: str
      sample: gpu
    is_public:
      description: Whether every account may use it.
      type: bool
      sample: true
    is_featured:
      description: Whether it is featured.
      type: bool
      sample: true
    is_extractable:
      description: Whether it may be downloaded from CloudStack.
      type: bool
      sample: false
    password_enabled:
      description: Whether it supports password reset.
      type: bool
      sample: true
    sshkey_enabled:
      description: Whether it supports SSH keys.
      type: bool
      sample: true
    is_dynamically_scalable:
      description: Whether it supports dynamic scaling.
      type: bool
      sample: false
    requires_hvm:
      description: Whether it requires HVM.
      type: bool
      sample: true
    cross_zones:
      description: Whether it is registered in every zone.
      type: bool
      sample: false
    direct_download:
      description: Whether it bypasses secondary storage.
      type: bool
      sample: false
    details:
      description: Template details.
      type: dict
      sample: {"rootDiskController": "scsi"}
    account:
      description: Owner account.
      type: str
      sample: admin
    domain:
      description: Owner domain.
      type: str
      sample: ROOT
    domain_id:
      description: Owner domain UUID.
      type: str
      sample: 2b3c4d5e-6f70-8192-a3b4-c5d6e7f8091a
    size:
      description: Virtual size in bytes, once downloaded.
      type: int
      sample: 2361393152
    created:
      description: When the template was stored in its first zone.
      type: str
      sample: "2025-03-01T10:00:00+0000"
    zones:
      description: The zones the template is in, with its download state there.
      type: list
      elements: dict
      contains:
        zone_id:
          description: Zone UUID.
          type: str
          sample: 1c2d3e4f-5a6b-7c8d-9e0f-1a2b3c4d5e6f
        zone_name:
          description: Zone name.
          type: str
          sample: zone-a
        is_ready:
          description: Whether it is Ready in this zone.
          type: bool
          sample: true
        status:
          description: Download status text of CloudStack.
          type: str
          sample: Download Complete
        progress:
          description: Download progress in percent.
          type: int
          sample: 100
    is_ready:
      description: Whether it is Ready in every zone it is in.
      type: bool
      sample: true
    progress:
      description: Download progress in percent (the lowest of its zones; 100 when Ready everywhere).
      type: int
      sample: 100
    status:
      description: Download status text in its first zone.
      type: str
      sample: Download Complete
    tags:
      description: Resource tags.
      type: list
      elements: dict
      sample: [{"key": "os", "value": "ubuntu"}]
      contains:
        key:
          description: Tag key.
          type: str
          sample: os
        value:
          description: Tag value.
          type: str
          sample: ubuntu
elapsed:
  description: Seconds spent waiting for the download (0 without O(wait)).
  returned: success
  type: float
  sample: 42.5
"""

import re
import time

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import ResourceModule
from ansible_collections.csops.cloudstack.plugins.module_utils.tags import sync_tags, tag_set
from ansible_collections.csops.cloudstack.plugins.module_utils import templates as tpl

#: option -> updateTemplate parameter, for the booleans updateTemplate changes
UPDATABLE_FLAGS = (("password_enabled", "passwordenabled"), ("sshkey_enabled", "sshkeyenabled"),
                   ("is_dynamically_scalable", "isdynamicallyscalable"), ("requires_hvm", "requireshvm"))
#: option -> updateTemplatePermissions parameter
PERMISSIONS = (("is_public", "ispublic"), ("is_featured", "isfeatured"), ("is_extractable", "isextractable"))
#: options registerTemplate takes that nothing can change afterwards: option -> template result key
FIXED = (("url", "url"), ("checksum", "checksum"), ("template_tag", "template_tag"), ("direct_download", "direct_download"))
#: URL path endings CloudStack accepts per format (UriUtils.SUPPORTED_EXTENSIONS_BY_FORMAT)
_COMPRESSED = ("", ".zip", ".bz2", ".gz")
EXTENSIONS = {
    "QCOW2": tuple(e + c for e in (".qcow2", ".img") for c in _COMPRESSED) + (".metalink",),
    "RAW": tuple(e + c for e in (".img", ".raw") for c in _COMPRESSED),
    "VHD": tuple(".vhd" + c for c in _COMPRESSED), "VHDX": tuple(".vhdx" + c for c in _COMPRESSED),
    "OVA": tuple(".ova" + c for c in _COMPRESSED) + (".metalink",), "TAR": tuple(".tar" + c for c in _COMPRESSED),
    "VMDK": tuple(".vmdk" + c for c in _COMPRESSED),
}
#: details CloudStack adds by itself (XenServer: hypervisortoolsversion from xenserver.pvdriver.version)
SERVER_DETAILS = {"XenServer": ("hypervisortoolsversion",)}
_CHECKSUM = re.compile(r"^(\{[A-Za-z0-9-]+\})?[0-9A-Fa-f]+$")


class Template(ResourceModule):
    resource = "template"
    list_command = "listTemplates"
    create_command = "registerTemplate"
    update_command = "updateTemplate"
    delete_command = "deleteTemplate"

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        url=dict(type="str"),
        format=dict(type="str", choices=["QCOW2", "RAW", "VHD", "VHDX", "OVA", "TAR", "VMDK"]),
        hypervisor=dict(type="str", choices=["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm",
                                             "Ovm3", "LXC"]),
        os_type=dict(type="str"),
        zone=dict(type="str"),
        zones=dict(type="list", elements="str"),
        cross_zones=dict(type="bool", default=False),
        is_public=dict(type="bool"),
        is_featured=dict(type="bool"),
        is_extractable=dict(type="bool"),
        password_enabled=dict(type="bool", no_log=False),
        sshkey_enabled=dict(type="bool", no_log=False),
        is_dynamically_scalable=dict(type="bool"),
        requires_hvm=dict(type="bool"),
        template_type=dict(type="str", choices=["USER", "ROUTING", "SYSTEM", "BUILTIN"]),
        is_routing=dict(type="bool"),
        checksum=dict(type="str"),
        details=dict(type="dict"),
        template_tag=dict(type="str"),
        bits=dict(type="int", choices=[32, 64]),
        direct_download=dict(type="bool"),
        tags=dict(type="dict"),
        template_filter=dict(type="str", default="self",
                             choices=["self", "all", "featured", "community", "executable", "selfexecutable",
                                      "sharedexecutable"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=1800),
    )
    module_kwargs = dict(mutually_exclusive=[("zone", "zones"), ("zone", "cross_zones"), ("zones", "cross_zones")])

    def __init__(self):
        super().__init__()
        self.rows = []
        self.elapsed = 0.0

    # ------------------------------------------------------------ input
    def wanted_type(self):
        p = self.params
        if p["is_routing"] and p["template_type"] not in (None, "ROUTING"):
            raise CloudStackError("is_routing=true contradicts template_type=%s." % p["template_type"])
        if p["is_routing"] is False and p["template_type"] == "ROUTING":
            raise CloudStackError("is_routing=false contradicts template_type=ROUTING.")
        if p["template_type"]:
            return p["template_type"]
        if p["is_routing"] is not None:
            return "ROUTING" if p["is_routing"] else "USER"
        return None

    def wanted_zones(self):
        p = self.params
        if p["zones"] is not None:
            return list(dict.fromkeys(p["zones"]))
        return [p["zone"]] if p["zone"] else []

    def validate(self):
        """Everything that can be told from the options alone, before any call."""
        p = self.params
        if p["wait_timeout"] <= 0:
            raise CloudStackError("wait_timeout must be positive, got %s." % p["wait_timeout"])
        if p["zones"] is not None and (not p["zones"] or any(not str(z).strip() for z in p["zones"])):
            raise CloudStackError("zones must be a list of zone names or ids, got %r." % (p["zones"],))
        if p["state"] == "absent":
            return
        self.wanted_type()
        if p["url"] is not None:
            if not re.match(r"^https?://[^/\s]+", p["url"], re.I):
                raise CloudStackError("url must be an http:// or https:// URL, got %r." % p["url"])
            if p["format"]:
                path = re.sub(r"[?#].*$", "", p["url"].split("://", 1)[1].partition("/")[2]).lower()
                if not path.endswith(EXTENSIONS[p["format"]]):
                    raise CloudStackError("url %r does not end with an extension of format %s (%s)." % (
                        p["url"], p["format"], ", ".join(EXTENSIONS[p["format"]][:4]) + ", ..."))
        if p["checksum"] is not None and not _CHECKSUM.match(p["checksum"]):
            raise CloudStackError("checksum must be hexadecimal, optionally prefixed by {algorithm}, got %r." %
                                  p["checksum"])
        if p["direct_download"] and p["hypervisor"] not in (None, "KVM"):
            raise CloudStackError("direct_download is only possible for hypervisor KVM, not %s." % p["hypervisor"])
        for key, value in (p["details"] or {}).items():
            if isinstance(value, (dict, list)):
                raise CloudStackError("details: the value of %r must be a string, not a %s." % (key, type(value).__name__))

    # ------------------------------------------------------------ reading
    def find(self):
        """One listTemplates call (name, hypervisor, filter) and the rows of the one template meant."""
        p = self.params
        params = {"templatefilter": p["template_filter"], "name": p["name"]}
        if p["hypervisor"]:
            params["hypervisor"] = p["hypervisor"]
        rows = [r for r in self.list(self.list_command, self.resource, **params) if r.get("name") == p["name"]]
        groups = tpl.group(rows)
        if len(groups) > 1:
            wanted = self.wanted_zones()
            if wanted:
                groups = {i: rs for i, rs in groups.items() if any(self.zone_matches(r, z) for r in rs for z in wanted)}
            elif p["cross_zones"]:
                groups = {i: rs for i, rs in groups.items() if rs[0].get("crossZones")} or groups
        if len(groups) > 1:
            raise CloudStackError("template name %r is ambiguous (%d templates%s): set hypervisor, zone or zones, or "
                                  "use unique names." % (p["name"], len(groups), "" if p["hypervisor"] else
                                                         " of several hypervisors"))
        self.rows = next(iter(groups.values()), [])
        return tpl.to_result(self.rows) if self.rows else None

    @staticmethod
    def zone_matches(row, zone):
        return zone in (row.get("zoneid"), row.get("zonename"))

    def reread(self, template_id):
        rows = self.list(self.list_command, self.resource, id=template_id, templatefilter=self.params["template_filter"])
        if rows:
            self.rows = rows
        return tpl.to_result(self.rows)

    def os_type_id(self):
        value = self.params["os_type"]
        if value is None or looks_like_uuid(value):
            return value
        cache_key = ("ostype", value)
        if cache_key not in self._cache:
            found = [o for o in self.list("listOsTypes", "ostype", description=value) if o.get("description") == value]
            if not found:
                raise CloudStackError("os_type %r not found (listOsTypes has no type with that description)." % value)
            self._cache[cache_key] = found[0]["id"]
        return self._cache[cache_key]

    def zone_ids(self, zones):
        return [self.get_zone(z)["id"] for z in zones]

    # ------------------------------------------------------------ present
    def register(self):
        p = self.params
        missing = [o for o in ("url", "format", "hypervisor", "os_type") if not p[o]]
        zones = self.wanted_zones()
        if not zones and not p["cross_zones"]:
            missing.append("zone, zones or cross_zones")
        if missing:
            raise CloudStackError("%s required to register template %s." % (
                " and ".join(missing) + (" are" if len(missing) > 1 else " is"), p["name"]))
        ttype = self.wanted_type()
        if ttype in ("SYSTEM", "BUILTIN") and not p["cross_zones"]:
            raise CloudStackError("template_type=%s needs cross_zones=true (CloudStack: System and Builtin templates "
                                  "must be cross zone)." % ttype)
        params = dict(name=p["name"], displaytext=p["display_text"] or p["name"], url=p["url"], format=p["format"],
                      hypervisor=p["hypervisor"], ostypeid=self.os_type_id(), checksum=p["checksum"],
                      templatetag=p["template_tag"], bits=p["bits"], directdownload=p["direct_download"],
                      isrouting=True if ttype == "ROUTING" else None)
        if p["cross_zones"]:
            params["zoneid"] = "-1"
        else:
            ids = self.zone_ids(zones)
            if len(ids) == 1:
                params["zoneid"] = ids[0]
            else:
                params["zoneids"] = ids
        for option, param in PERMISSIONS + UPDATABLE_FLAGS:
            params[param] = p[option]
        if p["details"]:
            params["details"] = [{k: str(v) for k, v in p["details"].items()}]
        params = {k: v for k, v in params.items() if v is not None}
        response = self.write(self.create_command, **params)
        if response is None:  # check mode
            return self.planned(params, zones)
        rows = response.get("template") or []
        self.rows = rows
        template = tpl.to_result(rows)
        if ttype in ("SYSTEM", "BUILTIN"):
            self.write(self.update_command, id=template["id"], templatetype=ttype)
            template = self.reread(template["id"])
        return self.finish_tags(template)

    def planned(self, params, zones):
        """What check mode reports for a template it would register."""
        out = {"name": params["name"], "display_text": params["displaytext"], "url": params["url"],
               "format": params["format"], "hypervisor": params["hypervisor"], "os_type": self.params["os_type"],
               "template_type": self.wanted_type() or "USER", "cross_zones": bool(self.params["cross_zones"]),
               "zones": [{"zone_name": z, "is_ready": False, "progress": 0} for z in zones], "is_ready": False,
               "progress": 0}
        for option, dummy in PERMISSIONS + UPDATABLE_FLAGS:
            if self.params[option] is not None:
                out[option] = self.params[option]
        if self.params["details"] is not None:
            out["details"] = self.params["details"]
        if self.params["tags"]:
            out["tags"] = [{"key": k, "value": str(v)} for k, v in sorted(self.params["tags"].items())]
        return out

    def differences(self, obj):
        p = self.params
        diffs = {}
        if p["display_text"] is not None and obj.get("display_text") != p["display_text"]:
            diffs["display_text"] = (obj.get("display_text"), p["display_text"])
        if p["format"] and str(obj.get("format")).upper() != p["format"]:
            diffs["format"] = (obj.get("format"), p["format"])
        if p["os_type"] and p["os_type"] not in (obj.get("os_type"), obj.get("os_type_id")):
            diffs["os_type"] = (obj.get("os_type"), p["os_type"])
        for option, dummy in UPDATABLE_FLAGS + PERMISSIONS:
            if p[option] is not None and bool(obj.get(option)) != p[option]:
                diffs[option] = (obj.get(option), p[option])
        ttype = self.wanted_type()
        if ttype and obj.get("template_type") != ttype:
            diffs["template_type"] = (obj.get("template_type"), ttype)
        if p["details"] is not None:
            ignore = SERVER_DETAILS.get(obj.get("hypervisor"), ())
            current = {k: str(v) for k, v in (obj.get("details") or {}).items()
                       if not (k in ignore and k not in p["details"])}
            if current != {k: str(v) for k, v in p["details"].items()}:
                diffs["details"] = (obj.get("details"), p["details"])
        return diffs

    def fixed_differences(self, obj):
        p = self.params
        out = []
        for option, key in FIXED:
            current = obj.get(key)
            wanted = p[option]
            if option == "checksum" and wanted and "}" in wanted:
                wanted = wanted.split("}", 1)[1]
            if wanted is not None and current is not None and str(current).lower() != str(wanted).lower():
                out.append("%s is %r, wanted %r" % (option, current, wanted))
        if p["cross_zones"] and not obj.get("cross_zones"):
            out.append("cross_zones is false, wanted true (copy it to zones instead)")
        return out

    def missing_zones(self, obj):
        have = obj.get("zones") or []
        return [z for z in self.wanted_zones() if not any(z in (h.get("zone_id"), h.get("zone_name")) for h in have)]

    def ensure_present(self):
        self.validate()
        obj = self.lookup()
        self.before = obj
        if obj is None:
            template = self.register()
        else:
            template = self.update(obj)
        if self.params["wait"] and template.get("id") and not self.check_mode and not self.ready(template):
            template = self.wait_ready(template)
        return template

    def ready(self, template):
        """Ready in every wanted zone (every zone of the template when none is named)."""
        wanted = self.wanted_zones()
        zones = template.get("zones") or []
        if wanted:
            return all(any(w in (z["zone_id"], z["zone_name"]) and z["is_ready"] for z in zones) for w in wanted)
        return bool(zones) and all(z["is_ready"] for z in zones)

    def update(self, obj):
        p = self.params
        fixed = self.fixed_differences(obj)
        if fixed:
            self.warn("CloudStack cannot change these on template %s (ignored): %s." % (p["name"], "; ".join(fixed)))
        diffs = self.differences(obj)
        ttype = diffs.get("template_type", (None, None))[1]
        if ttype in ("SYSTEM", "BUILTIN") and not obj.get("cross_zones"):
            raise CloudStackError("template_type=%s is only possible for a cross-zone template; %s is not (CloudStack: "
                                  "System and Builtin templates must be cross zone)." % (ttype, p["name"]))
        missing = self.missing_zones(obj)
        dest = self.zone_ids(missing) if missing else []
        if missing and not any(z["is_ready"] for z in obj.get("zones") or []) and not self.check_mode:
            if not p["wait"]:
                raise CloudStackError("template %s must be Ready in a zone before it can be copied to %s: set wait=true "
                                      "or run again later (status: %s)." % (p["name"], ", ".join(missing), obj.get("status")))
            obj = self.wait_ready(obj, any_zone=True)
        params = self.update_params(obj, diffs)
        changed = False
        if len(params) > 1:
            self.write(self.update_command, **params)
            changed = True
        permissions = {param: p[option] for option, param in PERMISSIONS if option in diffs}
        if permissions:
            self.write("updateTemplatePermissions", id=obj["id"], **permissions)
            changed = True
        if dest:
            copy = {"id": obj["id"]}
            source = [z["zone_id"] for z in obj.get("zones") or [] if z["is_ready"]]
            if source:
                copy["sourcezoneid"] = source[0]
            copy.update({"destzoneid": dest[0]} if len(dest) == 1 else {"destzoneids": dest})
            self.write("copyTemplate", **copy)
            changed = True
        if self.check_mode:
            after = dict(obj)
            for option, (dummy, wanted) in diffs.items():
                after[option] = wanted
            after["zones"] = list(obj.get("zones") or []) + [{"zone_name": z, "is_ready": False, "progress": 0}
                                                             for z in missing]
            return self.finish_tags(after)
        template = self.reread(obj["id"]) if changed else obj
        return self.finish_tags(template)

    def update_params(self, obj, diffs):
        p = self.params
        params = {"id": obj["id"]}
        if "display_text" in diffs:
            params["displaytext"] = p["display_text"]
        if "format" in diffs:
            params["format"] = p["format"]
        if "os_type" in diffs:
            params["ostypeid"] = self.os_type_id()
        for option, param in UPDATABLE_FLAGS:
            if option in diffs:
                params[param] = p[option]
        if "template_type" in diffs:
            params["templatetype"] = diffs["template_type"][1]
        if "details" in diffs:
            if p["details"]:
                params["details"] = [{k: str(v) for k, v in p["details"].items()}]
            else:
                params["cleanupdetails"] = True
        return params

    def finish_tags(self, template):
        if self.params["tags"] is None or not template.get("id"):
            return template
        if tag_set(template.get("tags")) != tag_set(self.params["tags"]):
            template = dict(template, tags=sync_tags(self, "Template", template["id"], template.get("tags"),
                                                     self.params["tags"]))
        return template

    # ------------------------------------------------------------ waiting
    def wait_ready(self, template, any_zone=False, settle=False):
        """Poll listTemplates by id until the template is Ready in its zones (any one with any_zone); with settle,
        only until no download is running. Fails with the server's reason, or on wait_timeout."""
        timeout = self.params["wait_timeout"]
        start = time.monotonic()
        delay = 0.2
        wanted = [] if any_zone else self.wanted_zones()
        while True:
            rows = self.list(self.list_command, self.resource, id=template["id"],
                             templatefilter=self.params["template_filter"])
            if rows:
                self.rows = rows
                template = dict(tpl.to_result(rows), tags=template.get("tags", tpl.to_result(rows).get("tags")))
            zones = [z for z in template.get("zones") or []
                     if not wanted or any(w in (z["zone_id"], z["zone_name"]) for w in wanted)]
            self.elapsed = round(time.monotonic() - start, 2)
            if settle:
                if not any(str(z.get("status") or "").endswith(("Downloaded", "Installing Template")) for z in zones):
                    return template
            elif zones and (any(z["is_ready"] for z in zones) if any_zone else all(z["is_ready"] for z in zones)):
                return template
            for row in rows:
                reason = tpl.failed(row)
                if reason and (not wanted or any(self.zone_matches(row, w) for w in wanted)):
                    self.result["elapsed"] = self.elapsed
                    raise CloudStackError("template %s failed to download in zone %s: %s" % (
                        template.get("name"), row.get("zonename"), reason.strip()))
            if self.elapsed >= timeout:
                self.result["elapsed"] = self.elapsed
                self.result["template"] = template
                raise CloudStackError("template %s was not Ready within %s s (wait_timeout): %s." % (
                    template.get("name"), timeout, ", ".join("%s %s (%s%%)" % (z["zone_name"], z["status"], z["progress"])
                                                             for z in zones) or "in no zone"))
            time.sleep(min(delay, max(0.05, timeout - self.elapsed)))
            delay = min(delay * 1.5, 5.0)

    # ------------------------------------------------------------ absent
    def ensure_absent(self):
        self.validate()
        obj = self.lookup()
        self.before = obj
        if obj is None:
            return None
        p = self.params
        zones = [] if p["cross_zones"] else self.wanted_zones()
        if p["wait"] and not self.check_mode:
            obj = self.wait_ready(obj, settle=True)
        if not zones:
            self.write(self.delete_command, id=obj["id"])
            return None
        targets = [z for z in obj.get("zones") or [] if any(w in (z["zone_id"], z["zone_name"]) for w in zones)]
        for zone in targets:
            self.write(self.delete_command, id=obj["id"], zoneid=zone["zone_id"])
        if not targets:
            return obj
        rest = [z for z in obj.get("zones") or [] if z not in targets]
        if self.check_mode:
            return dict(obj, zones=rest) if rest else None
        rows = self.list(self.list_command, self.resource, id=obj["id"], templatefilter=p["template_filter"])
        return tpl.to_result(rows) if rows else None

    def fail(self, msg, **kwargs):
        """A failure still says what was done (changed) and how long the module waited."""
        for key in ("changed", "elapsed", "template"):
            if key in self.result:
                kwargs.setdefault(key, self.result[key])
        super().fail(msg, **kwargs)

    def run(self):
        self.result["elapsed"] = 0.0
        super().run()
        self.result["elapsed"] = self.elapsed


def main():
    module = Template()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iso
short_description: Register, update and delete CloudStack ISOs
version_added: 0.1.0
description:
  - Registers an ISO from a URL in one zone or in all zones, updates what CloudStack lets you update (display text,
    OS type, bootable, permissions, details, tags) and deletes it.
  - With O(wait=true) the module waits until the ISO is downloaded and Ready, and fails clearly if the download
    fails on the server.
  - The ISO is found with C(listIsos) filtered by name on the server (O(iso_filter), C(listall) for admins), every page read.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Name of the ISO.
    type: str
    required: true
  display_text:
    description: Display text; the name when not set at registration.
    type: str
  url:
    description: HTTP(S) URL to download the ISO from. Required to register it; cannot be changed.
    type: str
  os_type:
    description: OS type by description (as in C(listOsTypes), e.g. C(Ubuntu 22.04 LTS)) or id.
    type: str
  zone:
    description: Name or id of the zone to register the ISO in. Required unless O(cross_zones=true).
    type: str
  cross_zones:
    description: Register the ISO in every zone.
    type: bool
    default: false
  bootable:
    description: Whether VMs can boot from the ISO.
    type: bool
  is_public:
    description: Whether every account may use the ISO.
    type: bool
  is_featured:
    description: Whether the ISO is featured.
    type: bool
  is_extractable:
    description: Whether the ISO may be downloaded from CloudStack.
    type: bool
  checksum:
    description: Checksum of the ISO (C({algorithm}value), e.g. C({SHA-256}abc...), or a plain MD5). Registration only.
    type: str
  details:
    description: ISO details (key/value).
    type: dict
  tags:
    description: Resource tags as a dictionary. A set of key/value pairs; an empty dictionary removes every tag.
    type: dict
  iso_filter:
    description: The C(isofilter) used to find the ISO; V(self) finds the caller's ISOs, V(all) every ISO (admins).
    type: str
    default: self
    choices: [ self, all, featured, community, executable, selfexecutable, sharedexecutable ]
  state:
    description: V(present) registers or updates the ISO; V(absent) deletes it.
    type: str
    default: present
    choices: [ present, absent ]
  wait:
    description:
      - After registering, wait until the ISO is downloaded and Ready. Async jobs (tags, delete) are always followed
        to their end.
    type: bool
    default: false
    aliases: [ wait_ready ]
  wait_timeout:
    description:
      - Seconds the task may wait in all, async jobs included (a job that does not end in time fails the task, with
        C(changed=true) as a write was sent). Replaces O(api_job_timeout) for this module.
    type: int
    default: 1800
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: A rescue ISO in every zone, ready to use
  csops.cloudstack.iso:
    name: systemrescue-11
    url: https://example.com/isos/systemrescue-11.00-amd64.iso
    os_type: Other Linux (64-bit)
    cross_zones: true
    bootable: true
    is_public: true
    checksum: "{SHA-256}0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
    tags:
      purpose: rescue
    wait: true

- name: Remove it
  csops.cloudstack.iso:
    name: systemrescue-11
    state: absent
"""

RETURN = r"""
iso:
  description: The ISO (empty after O(state=absent)).
  returned: success
  type: dict
  contains:
    id:
      description: UUID of the ISO.
      type: str
      sample: 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c
    name:
      description: Name of the ISO.
      type: str
      sample: systemrescue-11
    is_ready:
      description: Whether the ISO is downloaded and ready.
      type: bool
      sample: true
    status:
      description: Download status text.
      type: str
      sample: Successfully Installed
    os_type_name:
      description: OS type.
      type: str
      sample: Other Linux (64-bit)
    zone_name:
      description: Zone (absent for cross-zone ISOs).
      type: str
      sample: zone-1
    tags:
      description: Resource tags.
      type: list
      elements: dict
      sample: [{"key": "purpose", "value": "rescue"}]
    account:
      description: Account that owns it.
      type: str
      sample: admin
    account_id:
      description: UUID of the account that owns it.
      type: str
      sample: 01bd11b3-07e5-4142-a82e-346b7ebaecbb
    bits:
      description: 32 or 64.
      type: int
      sample: 64
    bootable:
      description: Whether the ISO is bootable.
      type: bool
      sample: true
    created:
      description: When it was created.
      type: str
      sample: "2026-11-29T15:50:35+0000"
    cross_zones:
      description: Whether the ISO is in every zone.
      type: bool
      sample: false
    direct_download:
      description: Whether the ISO is downloaded directly to the host.
      type: bool
      sample: false
    display_text:
      description: Display text.
      type: str
      sample: rescue
    domain:
      description: Domain that owns it.
      type: str
      sample: ROOT
    domain_id:
      description: UUID of the domain that owns it.
      type: str
      sample: 4db2ccb5-2845-426b-b059-e9ad76d44d33
    download_details:
      description: Download progress per secondary storage.
      type: list
      elements: dict
      contains:
        datastore:
          description: The secondary storage the download goes to.
          type: str
          sample: "nfs://192.168.1.10/export/secondary"
        download_percent:
          description: Percent downloaded.
          type: str
          sample: "100"
        download_state:
          description: Download state (DOWNLOADED, DOWNLOAD_IN_PROGRESS, ...).
          type: str
          sample: DOWNLOADED
    format:
      description: Format (ISO).
      type: str
      sample: ISO
    hypervisor:
      description: Hypervisor.
      type: str
    is_dynamically_scalable:
      description: Whether CPU and memory can be changed while it runs.
      type: bool
      sample: false
    is_extractable:
      description: Whether the ISO can be downloaded.
      type: bool
      sample: false
    is_featured:
      description: Whether the ISO is featured.
      type: bool
      sample: false
    is_public:
      description: Whether the ISO is public.
      type: bool
      sample: false
    os_type_id:
      description: UUID of the OS type.
      type: str
      sample: 42395c46-2aad-468e-bcb3-1e21370e50ce
    password_enabled:
      description: Whether a password can be set through the password service.
      type: bool
      sample: false
    physical_size:
      description: Size on the secondary storage in bytes.
      type: int
      sample: 1073741824
    requires_hvm:
      description: Whether the ISO needs hardware virtualization.
      type: bool
      sample: true
    size:
      description: Size in bytes.
      type: int
      sample: 1073741824
    ssh_key_enabled:
      description: Whether SSH keys can be set on VMs from the ISO.
      type: bool
      sample: false
    template_type:
      description: Template type (USER for an ISO).
      type: str
      sample: USER
    url:
      description: URL.
      type: str
      sample: "http://mirror.example.com/isos/rescue.iso"
    zone_id:
      description: UUID of the zone.
      type: str
      sample: a69269d2-3907-4ba6-ba0c-d7b581a62bb3
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import Field, ResourceModule, wait_argument_spec
from ansible_collections.csops.cloudstack.plugins.module_utils.tags import sync_tags, tag_set

#: downloadState values of a download that will not finish (VMTemplateStorageResourceAssoc.Status)
DOWNLOAD_FAILED = {"DOWNLOAD_ERROR", "ABANDONED", "UPLOAD_ERROR", "BYPASSED_ERROR"}
#: words of a failed download's status text (e.g. "HTTP Server returned 404 (expected 200 OK)")
FAILED_WORDS = ("fail", "error", "not found", "http server returned", "abandoned", "unable")

PERMISSIONS = (("is_public", "ispublic"), ("is_featured", "isfeatured"), ("is_extractable", "isextractable"))


class Iso(ResourceModule):
    resource = "iso"
    list_command = "listIsos"
    create_command = "registerIso"
    update_command = "updateIso"
    delete_command = "deleteIso"
    fields = (
        Field("display_text", "displaytext"),
        Field("bootable"),
        Field("url", create_only=True),
    )

    argument_spec = dict(
        name=dict(type="str", required=True),
        display_text=dict(type="str"),
        url=dict(type="str"),
        os_type=dict(type="str"),
        zone=dict(type="str"),
        cross_zones=dict(type="bool", default=False),
        bootable=dict(type="bool"),
        is_public=dict(type="bool"),
        is_featured=dict(type="bool"),
        is_extractable=dict(type="bool"),
        checksum=dict(type="str"),
        details=dict(type="dict"),
        tags=dict(type="dict"),
        iso_filter=dict(type="str", default="self",
                        choices=["self", "all", "featured", "community", "executable", "selfexecutable",
                                 "sharedexecutable"]),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        **wait_argument_spec(timeout=1800, wait=False, wait_aliases=["wait_ready"])
    )
    module_kwargs = dict(mutually_exclusive=[("zone", "cross_zones")])
    unique_names = False  # CloudStack allows two ISOs with one name: concurrent registrations settle on one

    def ambiguous_hint(self):
        return "set zone or iso_filter, or use unique names"

    def matching(self):
        """listIsos answers one row per zone of the ISO (a cross-zone ISO appears once per zone): one ISO per id."""
        name = self.params["name"]
        items = self.list(self.list_command, self.resource, name=name, **self.find_filters())
        found = {}
        for item in items:
            if item.get("name") == name:
                found.setdefault(item.get("id"), item)
        return list(found.values())

    def find_filters(self):
        params = {"isofilter": self.params["iso_filter"], "listall": True}
        if self.params["zone"]:
            params["zoneid"] = self.get_zone()["id"]
        return params

    def os_type_id(self):
        value = self.params["os_type"]
        if value is None:
            return None
        if looks_like_uuid(value):
            return value
        cache_key = ("ostype", value)
        if cache_key not in self._cache:
            items = [o for o in self.list("listOsTypes", "ostype", description=value) if o.get("description") == value]
            if not items:
                raise CloudStackError("os_type %r not found (listOsTypes has no type with that description)." % value)
            self._cache[cache_key] = items[0]["id"]
        return self._cache[cache_key]

    def validate(self):
        p = self.params
        if p["state"] == "absent":
            return
        if p["url"] is not None and not p["url"].lower().startswith(("http://", "https://")):
            raise CloudStackError("url must be an http:// or https:// URL, got %r." % p["url"])
        if p["wait_timeout"] <= 0:
            raise CloudStackError("wait_timeout must be positive, got %s." % p["wait_timeout"])

    def create_params(self):
        p = self.params
        if not p["url"]:
            raise CloudStackError("url is required to register ISO %s." % p["name"])
        if not (p["zone"] or p["cross_zones"]):
            raise CloudStackError("zone (or cross_zones=true) is required to register ISO %s." % p["name"])
        if p["bootable"] is not False and not p["os_type"]:
            # TemplateAdapterBase.prepare: a bootable ISO needs its guest OS ("Please pass a valid GuestOS Id")
            raise CloudStackError("os_type is required to register a bootable ISO (bootable is true unless set to "
                                  "false): ISO %s." % p["name"])
        params = dict(name=p["name"], displaytext=p["display_text"] or p["name"], url=p["url"],
                      zoneid=self.get_zone()["id"] if p["zone"] else "-1", ostypeid=self.os_type_id(),
                      bootable=p["bootable"], checksum=p["checksum"])
        for option, param in PERMISSIONS:
            params[param] = p[option]
        return params

    def differences(self, obj):
        diffs = super().differences(obj)
        wanted_os = self.os_type_id()
        if wanted_os and obj.get("ostypeid") != wanted_os:
            diffs["os_type"] = (obj.get("ostypeid"), wanted_os)
        for option, attr in PERMISSIONS:
            if self.params[option] is not None and bool(obj.get(attr)) != self.params[option]:
                diffs[option] = (obj.get(attr), self.params[option])
        if self.params["details"] is not None:
            current = {k: str(v) for k, v in (obj.get("details") or {}).items()}
            if current != {k: str(v) for k, v in self.params["details"].items()}:
                diffs["details"] = (obj.get("details"), self.params["details"])
        return diffs

    def field(self, option):
        if option in ("os_type", "details") or option in dict(PERMISSIONS):
            return Field(option)
        return super().field(option)

    def update_params(self, obj, diffs):
        params = {"id": obj["id"]}
        if "display_text" in diffs:
            params["displaytext"] = self.params["display_text"]
        if "bootable" in diffs:
            params["bootable"] = self.params["bootable"]
        if "os_type" in diffs:
            params["ostypeid"] = self.os_type_id()
        if "details" in diffs:
            params["details"] = [self.params["details"]] if self.params["details"] else None
            if not self.params["details"]:
                params["cleanupdetails"] = True
        return params

    def ensure_present(self):
        self.validate()
        iso = self.lookup()
        self.before = iso
        if iso is None:
            return self.register()
        diffs = self.differences(iso)
        fixed = [o for o in diffs if o == "url"]
        if fixed:
            self.warn("url cannot be changed on a registered ISO (ignored): it is %r." % iso.get("url"))
        update = {o: d for o, d in diffs.items() if o in ("display_text", "bootable", "os_type", "details")}
        if update:
            params = self.update_params(iso, update)
            response = self.write(self.update_command, **params)
            iso = self.extract(response) if response else dict(iso, **{
                k: v for k, v in params.items() if k in ("displaytext", "bootable", "ostypeid")})
        permissions = {param: self.params[option] for option, param in PERMISSIONS if option in diffs}
        if permissions:
            self.write("updateIsoPermissions", id=iso["id"], **permissions)
            iso = dict(iso, **permissions)
        return self.finish_tags(iso)

    def simulate(self, obj, params):
        if obj:
            return super().simulate(obj, params)
        return dict(name=params["name"], displaytext=params["displaytext"], url=params["url"], isready=False,
                    bootable=params.get("bootable"))

    def register(self):
        params = self.create_params()
        iso = self.create(params)  # concurrent registrations of the same ISO settle on one
        if self.check_mode:
            return self.finish_tags(iso)
        if self.params["details"]:
            self.write(self.update_command, id=iso["id"], details=[self.params["details"]])
        iso = self.finish_tags(iso)
        if self.params["wait"]:
            iso = self.wait_ready(iso)
        return iso

    def finish_tags(self, iso):
        if self.params["tags"] is None:
            return iso
        if tag_set(iso.get("tags")) != tag_set(self.params["tags"]):
            iso = dict(iso, tags=sync_tags(self, "ISO", iso.get("id"), iso.get("tags"), self.params["tags"]))
        return iso

    def wait_ready(self, iso):
        def fetch():
            found = self.list(self.list_command, self.resource, id=iso["id"], isofilter=self.params["iso_filter"],
                              listall=True)
            return found[0] if found else iso

        def failed(item):
            status = str(item.get("status") or "")
            states = {str(d.get("downloadState") or "").upper() for d in item.get("downloaddetails") or []}
            if states & DOWNLOAD_FAILED or any(word in status.lower() for word in FAILED_WORDS):
                raise CloudStackError("ISO %s failed to download on the server: %s" % (item.get("name"), status))
            return False
        return self.wait_until("ISO %s becoming Ready (downloaded)" % iso.get("name"), fetch, lambda item: item.get("isready"),
                               failed=failed, describe=lambda item: "status %s" % (item.get("status") or "none"))

    def delete_params(self, obj):
        params = {"id": obj["id"]}
        if self.params["zone"]:
            params["zoneid"] = self.get_zone()["id"]
        return params


def main():
    module = Iso()
    module()


if __name__ == "__main__":
    main()

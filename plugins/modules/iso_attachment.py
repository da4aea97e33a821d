#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iso_attachment
short_description: Attach an ISO to a CloudStack VM, or detach it
version_added: 0.1.0
description:
  - Mounts an ISO on a VM to install or rescue it, and takes it off again.
  - Attaching the ISO that is already attached changes nothing. A different ISO already attached fails with a clear
    message unless O(replace=true), which puts the new ISO in its place (one C(attachIso)). Detaching when nothing is attached changes nothing.
  - The VM is found with a server-side filter (id, or name), never by listing every VM; two VMs with the same name
    fail with a message asking for an id or a zone.
author: csops.cloudstack developers (@csops)
options:
  vm:
    description: The VM by name, display name or id.
    type: str
    required: true
    aliases: [ virtual_machine ]
  iso:
    description: The ISO by name or id. Required with O(state=attached).
    type: str
  state:
    description: V(attached) or V(detached).
    type: str
    default: attached
    choices: [ attached, detached ]
  replace:
    description: When another ISO is attached, attach the new one in its place instead of failing.
    type: bool
    default: false
  zone:
    description: Zone of the VM (name or id), to tell VMs of the same name apart.
    type: str
  domain:
    description: Domain of the VM's account (path such as C(ROOT/customers), or id).
    type: str
  account:
    description: Account owning the VM (with O(domain)).
    type: str
  project:
    description: Project of the VM (name or id).
    type: str
  force:
    description: Pass C(forced=true) to attachIso / detachIso (attach or detach even when the VM is in a state that refuses it, where CloudStack allows).
    type: bool
    default: false
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: Mount the rescue ISO on web-01
  csops.cloudstack.iso_attachment:
    vm: web-01
    iso: systemrescue-11

- name: Swap whatever is mounted for the installer
  csops.cloudstack.iso_attachment:
    vm: web-01
    iso: ubuntu-24.04-live-server
    replace: true

- name: Take it off
  csops.cloudstack.iso_attachment:
    vm: web-01
    state: detached
"""

RETURN = r"""
vm:
  description: The VM after the task.
  returned: success
  type: dict
  contains:
    id:
      description: VM UUID.
      type: str
      sample: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d
    name:
      description: VM name.
      type: str
      sample: web-01
    state:
      description: VM state.
      type: str
      sample: Running
    iso_id:
      description: Id of the attached ISO (absent when none).
      type: str
      sample: 5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c
    iso_name:
      description: Name of the attached ISO (absent when none).
      type: str
      sample: systemrescue-11
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.api import CloudStackError, looks_like_uuid
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule


def vm_result(vm):
    out = {"id": vm.get("id"), "name": vm.get("name"), "state": vm.get("state")}
    if vm.get("isoid"):
        out.update(iso_id=vm["isoid"], iso_name=vm.get("isoname"))
    return out


class IsoAttachment(CloudStackModule):
    argument_spec = dict(
        vm=dict(type="str", required=True, aliases=["virtual_machine"]),
        iso=dict(type="str"),
        state=dict(type="str", default="attached", choices=["attached", "detached"]),
        replace=dict(type="bool", default=False),
        zone=dict(type="str"),
        domain=dict(type="str"),
        account=dict(type="str"),
        project=dict(type="str"),
        force=dict(type="bool", default=False),
    )
    module_kwargs = dict(required_if=[("state", "attached", ("iso",))], required_by={"account": ("domain",)})

    def owner_params(self):
        p = self.params
        params = {"listall": True}
        if p["zone"]:
            params["zoneid"] = self.get_zone()["id"]
        if p["domain"]:
            params["domainid"] = self.get_domain_id(p["domain"])
        if p["account"]:
            params["account"] = p["account"]
        if p["project"]:
            params["projectid"] = p["project"] if looks_like_uuid(p["project"]) else self.project_id(p["project"])
        return params

    def project_id(self, name):
        found = [x for x in self.list("listProjects", "project", name=name, listall=True) if x.get("name") == name]
        if not found:
            raise CloudStackError("project %r not found." % name)
        return found[0]["id"]

    def find_vm(self):
        wanted = self.params["vm"]
        params = self.owner_params()
        if looks_like_uuid(wanted):
            found = self.list("listVirtualMachines", "virtualmachine", id=wanted, **params)
        else:
            found = [v for v in self.list("listVirtualMachines", "virtualmachine", name=wanted, **params)
                     if v.get("name") == wanted]
            if not found:
                # A display name differs from the name: the keyword filter matches both on the server.
                found = [v for v in self.list("listVirtualMachines", "virtualmachine", keyword=wanted, **params)
                         if wanted in (v.get("name"), v.get("displayname"))]
        if not found:
            raise CloudStackError("VM %r not found%s." % (wanted, self.where()))
        if len(found) > 1:
            raise CloudStackError("VM name %r is ambiguous: %d VMs match (%s); give the VM's id, or a zone, domain/account "
                                  "or project." % (wanted, len(found), ", ".join(
                                      "%s in %s" % (v.get("id"), v.get("zonename")) for v in found)))
        return found[0]

    def where(self):
        parts = ["%s %s" % (k, self.params[k]) for k in ("zone", "domain", "account", "project") if self.params[k]]
        return " in " + ", ".join(parts) if parts else ""

    def find_iso(self, vm):
        wanted = self.params["iso"]
        params = {"isofilter": "executable", "listall": True}
        if vm.get("zoneid"):
            params["zoneid"] = vm["zoneid"]
        if looks_like_uuid(wanted):
            found = self.list("listIsos", "iso", id=wanted, **params)
        else:
            found = [i for i in self.list("listIsos", "iso", name=wanted, **params) if i.get("name") == wanted]
        if not found:
            raise CloudStackError("ISO %r not found in zone %s." % (wanted, vm.get("zonename")))
        ids = {i.get("id") for i in found}
        if len(ids) > 1:
            raise CloudStackError("ISO name %r is ambiguous (%d ISOs): give its id." % (wanted, len(ids)))
        iso = found[0]
        if not iso.get("isready", True):
            raise CloudStackError("ISO %s is not Ready (status: %s); wait for its download first." % (
                iso.get("name"), iso.get("status") or "unknown"))
        return iso

    def run(self):
        vm = self.find_vm()
        before = vm_result(vm)
        if self.params["state"] == "attached":
            # An ISO already attached needs no ISO look-up: its id and name are on the VM.
            current = vm.get("isoid")
            wanted = self.params["iso"]
            if current and wanted in (current, vm.get("isoname")):
                self.finish(before, before)
                return
            iso = self.find_iso(vm)
            if current and current != iso["id"]:
                if not self.params["replace"]:
                    raise CloudStackError("VM %s already has ISO %s attached; set replace=true to swap it for %s." % (
                        vm.get("name"), vm.get("isoname") or current, iso.get("name")))
                # attachIso puts the new ISO in place of the old one (TemplateManagerImpl.attachIso has no
                # "already attached" check), so no detachIso is needed.
            response = self.write("attachIso", id=iso["id"], virtualmachineid=vm["id"], forced=self.params["force"] or None)
            vm = (response or {}).get("virtualmachine") or dict(vm, isoid=iso["id"], isoname=iso.get("name"))
        else:
            if not vm.get("isoid"):
                self.finish(before, before)
                return
            response = self.write("detachIso", virtualmachineid=vm["id"], forced=self.params["force"] or None)
            vm = (response or {}).get("virtualmachine") or {k: v for k, v in vm.items() if k not in ("isoid", "isoname")}
        self.finish(before, vm_result(vm))

    def finish(self, before, after):
        self.result["vm"] = after
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after}


def main():
    module = IsoAttachment()
    module()


if __name__ == "__main__":
    main()

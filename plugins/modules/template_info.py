#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: template_info
short_description: List CloudStack templates
version_added: 0.2.0
description:
  - Lists templates (C(listTemplates)), filtered on the server, every page walked. Changes nothing.
  - CloudStack answers one row per template and zone; each template is returned once, with its zones and its
    download state in each.
  - A zone given by name is resolved first (one more call); by id it is passed as it is.
  - CloudStack lists a template only when a host of its hypervisor exists in some zone.
author: csops.cloudstack developers (@csops)
options:
  name:
    description: Exact name of the template.
    type: str
  id:
    description: UUID of the template.
    type: str
  zone:
    description: Name or id of a zone; only templates in that zone.
    type: str
  hypervisor:
    description: Only templates of this hypervisor.
    type: str
    choices: [ KVM, XenServer, VMware, Hyperv, BareMetal, Simulator, Ovm, Ovm3, LXC ]
  keyword:
    description: Part of the name (case-insensitive).
    type: str
  template_filter:
    description:
      - The C(templatefilter). V(self) lists the caller's templates; V(all) every template (root admins), including
        the system VM templates; V(executable) the caller's and the public ones; V(featured) and V(community) the
        public ones; V(selfexecutable) and V(sharedexecutable) only Ready ones.
    type: str
    default: self
    choices: [ self, all, featured, community, executable, selfexecutable, sharedexecutable ]
  template_type:
    description: Only templates of this type (filtered here; the API has no such filter).
    type: str
    choices: [ USER, ROUTING, SYSTEM, BUILTIN, PERHOST ]
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.info
  - csops.cloudstack.attributes.action
"""

EXAMPLES = r"""
- name: The system VM templates and their state in each zone
  csops.cloudstack.template_info:
    template_filter: all
    template_type: SYSTEM
  register: found

- name: Is ubuntu-22.04 Ready in zone-a?
  csops.cloudstack.template_info:
    name: ubuntu-22.04
    zone: zone-a
  register: found
"""

RETURN = r"""
templates:
  description: The matching templates, each once, with snake_case keys.
  returned: success
  type: list
  elements: dict
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
      sample: 9d2e5ba0b9f3f4f6bb1e0f1f4a6b6a6e
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
      sample: false
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
      description: The zones the template is in (only the given one with O(zone)), with its download state there.
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
      description: Whether it is Ready in every listed zone.
      type: bool
      sample: true
    progress:
      description: Download progress in percent (the lowest of its zones).
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
"""

from ansible_collections.csops.cloudstack.plugins.module_utils.info import InfoModule
from ansible_collections.csops.cloudstack.plugins.module_utils import templates as tpl


class TemplateInfo(InfoModule):
    resource = "template"
    list_command = "listTemplates"
    result_key = "templates"
    filters = {"name": "name", "id": "id", "hypervisor": "hypervisor", "keyword": "keyword",
               "template_filter": "templatefilter"}
    parents = {"zone": ("zoneid", "get_zone")}
    argument_spec = dict(
        name=dict(type="str"),
        id=dict(type="str"),
        zone=dict(type="str"),
        hypervisor=dict(type="str", choices=["KVM", "XenServer", "VMware", "Hyperv", "BareMetal", "Simulator", "Ovm",
                                             "Ovm3", "LXC"]),
        keyword=dict(type="str", no_log=False),
        template_filter=dict(type="str", default="self",
                             choices=["self", "all", "featured", "community", "executable", "selfexecutable",
                                      "sharedexecutable"]),
        template_type=dict(type="str", choices=["USER", "ROUTING", "SYSTEM", "BUILTIN", "PERHOST"]),
    )

    def run(self):
        rows = self.list(self.list_command, self.resource, **self.list_params())
        name = self.params.get("name")
        if name:
            rows = [row for row in rows if row.get("name") == name]
        wanted_type = self.params.get("template_type")
        templates = [tpl.to_result(group) for group in tpl.group(rows).values()]
        if wanted_type:
            templates = [t for t in templates if t.get("template_type") == wanted_type]
        self.result[self.result_key] = templates


def main():
    module = TemplateInfo()
    module()


if __name__ == "__main__":
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: api
short_description: Run any CloudStack API command
version_added: 0.1.0
description:
  - Sends one CloudStack API command with its parameters, waits for its async job if it has one,
    and returns the parsed answer.
  - Commands whose names start with C(list), C(query), C(get) or C(find) are reads. They report
    no change and also run in check mode. Any other command is a write. It reports
    a change and is not sent in check mode.
  - Use it for what no dedicated module covers yet; a dedicated module is idempotent, this one is not.
author: csops.cloudstack developers (@csops)
options:
  command:
    description:
      - The API command, for example C(listZones) or C(updateConfiguration). Names are case-sensitive here
        as in the API documentation.
    type: str
    required: true
  params:
    description:
      - The command's parameters. Booleans become C(true)/C(false), lists of scalars are joined with commas,
        a list of dictionaries becomes C(name[i].key=value) parameters and a dictionary becomes
        C(name[i].key)/C(name[i].value) pairs.
      - Secrets are masked in the output, also nested in lists and dictionaries, and in the texts of errors
        (from the server too) - values of parameters whose names contain C(password), C(secret), C(token),
        C(credential) or C(private) or end in C(key) (except C(apikey) and C(publickey)), the C(value) of a
        key/value pair whose C(key) is such a name (a C(details) item with C(key=password)), and the password
        of a URL's userinfo (C(rbd://user:PASSWORD@monitor/pool)).
    type: dict
    default: {}
  wait:
    description:
      - Wait for the async job of an asynchronous command and return its result.
      - When V(false), the job id is returned at once (see M(csops.cloudstack.job_info) to follow it).
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for the async job (the whole task). O(api_job_timeout) when not set.
      - A job that does not end in time fails the task with C(changed=true) (the command was sent) and the job id in C(jobid).
    type: int
  fetch_all:
    description:
      - For a list command, walk every page and return all items (in RV(response)) instead of one page.
    type: bool
    default: false
  read_only:
    description:
      - Override whether the command is a read. A read reports no change and runs in check mode.
      - When not set, the command's name decides (C(list*), C(query*), C(get*), C(find*) are reads).
    type: bool
extends_documentation_fragment:
  - csops.cloudstack.cloudstack
  - csops.cloudstack.attributes.action
attributes:
  check_mode:
    description: In check mode the module reads the current state and reports what it would change, sending no write.
    support: partial
    details: Reads run in check mode; writes are not sent and report a change.
  diff_mode:
    description: In diff mode the module returns the object before and after the task.
    support: none
"""

EXAMPLES = r"""
- name: List zones
  csops.cloudstack.api:
    command: listZones
    params:
      name: zone-1
  register: zones

- name: Set a global setting that holds a wildcard (signed correctly)
  csops.cloudstack.api:
    command: updateConfiguration
    params:
      name: consoleproxy.url.domain
      value: "*.console.example.com"

- name: Put a host into maintenance and wait for the job
  csops.cloudstack.api:
    command: prepareHostForMaintenance
    params:
      id: 5f7d3b3e-0b4a-4f49-9d8c-1b2a3c4d5e6f
    wait_timeout: 900

- name: Use the integration port of a lab management server
  csops.cloudstack.api:
    command: listCapabilities
    api_url: http://127.0.0.1:8096/client/api
    api_auth_mode: integration
"""

RETURN = r"""
response:
  description:
    - The command's answer without its envelope, for example a dictionary with C(count) and C(zone) for C(listZones).
    - For an async command that was waited for, the job's result, for example a dictionary with the C(host) or C(success).
    - For a list command with O(fetch_all=true), C(count) and the list of all items under the command's item key.
  returned: success
  type: dict
  sample: {"count": 1, "zone": [{"id": "4f8a...", "name": "zone-1", "allocationstate": "Enabled"}]}
job_id:
  description: Id of the async job, when the command was asynchronous.
  returned: when the command was asynchronous
  type: str
  sample: 9b9e2c4e-1c9b-4a31-8d13-0f0f5d4c2a11
command:
  description: The command sent (or, in check mode, that would have been sent).
  returned: always
  type: str
  sample: listZones
read_only:
  description: Whether the command was treated as a read.
  returned: always
  type: bool
  sample: true
elapsed:
  description: Seconds the task took, waits included (also returned when it fails).
  returned: always
  type: float
  sample: 12.41
"""

import re

from ansible_collections.csops.cloudstack.plugins.module_utils.api import is_async_submission, is_read_only
from ansible_collections.csops.cloudstack.plugins.module_utils.module import CloudStackModule, wait_argument_spec


class ApiCommand(CloudStackModule):
    argument_spec = dict(
        command=dict(type="str", required=True),
        params=dict(type="dict", default={}),
        fetch_all=dict(type="bool", default=False),
        read_only=dict(type="bool"),
        **wait_argument_spec(timeout=None)
    )

    def run(self):
        command = self.params["command"].strip()
        if not re.match(r"^[A-Za-z][A-Za-z0-9]*$", command):
            self.fail("command must be an API command name such as listZones, got %r." % command)
        params = self.params["params"] or {}
        read_only = self.params["read_only"]
        if read_only is None:
            read_only = is_read_only(command)
        self.result.update(command=command, read_only=read_only)
        if not read_only:
            self.result["changed"] = True
            if self.check_mode:
                return
        if self.params["fetch_all"] and read_only:
            key, items = self.client.list_all_keyed(command, params)
            self.result["response"] = {"count": len(items)}
            if key:
                self.result["response"][key] = items
            return
        inner = self.client.request(command, params)
        if is_async_submission(inner):
            self.result["job_id"] = inner["jobid"]
            if self.params["wait"]:
                inner = self.client.wait_for_job(inner["jobid"], command=command, timeout=self.job_timeout(),
                                                 timeout_option=self._timeout_option())
        self.result["response"] = inner


def main():
    module = ApiCommand()
    module()


if __name__ == "__main__":
    main()

"""Lookup `emulator_api`: one API command sent to the test emulator's integration port, from the controller.

A test helper of the integration targets (not part of the collection). It builds a target's prerequisites (a pod
for the cluster module's file, a physical network for the traffic type module's file, ...) with the emulator's own
command handlers, as the modules would, but without a module process (a module task costs about 0.45 s of CPU, this
lookup a few milliseconds). What the modules themselves do is tested by the tasks that run them.

    lookup('emulator_api', 'createPod', zoneid=zone_id, name='pod-1', gateway='10.10.0.1', ...)
        -> the answer (for createPod: {'pod': {...}})
    lookup('emulator_api', 'createPhysicalNetwork', zoneid=zone_id, name='pnet-1')
        -> an async command: the job's result once it ended ({'physicalnetwork': {...}})
    lookup('emulator_api', 'createTags', resourcetype='UserVm', resourceids=vm_id, tags=[{'key': 'env', 'value': 'prod'}])
        -> a list of dicts goes as CloudStack's map parameters (tags[0].key=env&tags[0].value=prod)

The port is the one CloudStack opens with integration.api.port (ApiServer.handle: no credentials, the SYSTEM
account; the emulator's log marks these calls auth 'integration'); its URL is the cs_integration_endpoint variable
(integration_config.yml). Only the parameters given are sent (with response=json): a parameter the command does not
declare is recorded by the emulator and fails the run, as for the modules. An error answer or a failed job fails
the task with the server's text.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        variables = variables or {}
        endpoint = variables.get("cs_integration_endpoint")
        if not endpoint:
            raise AnsibleError("emulator_api lookup: cs_integration_endpoint is not set (run through tests/scripts/integration.sh)")
        if len(terms) != 1:
            raise AnsibleError("emulator_api lookup: one command per lookup, got %r" % (terms,))
        command = str(terms[0])
        answer = _call(endpoint, command, kwargs)
        if isinstance(answer, dict) and answer.get("jobid") and command.lower() != "queryasyncjobresult":
            answer = _wait(endpoint, command, answer["jobid"])
        return [answer]


def _call(endpoint, command, params):
    query = {"command": command, "response": "json"}
    for name, value in params.items():
        if isinstance(value, (list, tuple)) and all(isinstance(item, dict) for item in value):
            for index, item in enumerate(value):
                for key, sub in item.items():
                    query["%s[%d].%s" % (name, index, key)] = _text(sub)
        else:
            query[str(name)] = _text(value)
    url = "%s?%s" % (str(endpoint), urllib.parse.urlencode(query, quote_via=urllib.parse.quote))
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            code, text = resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        code, text = exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        raise AnsibleError("emulator_api lookup: %s: %s" % (command, exc)) from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AnsibleError("emulator_api lookup: %s answered %s, not JSON: %s" % (command, code, text[:300])) from exc
    inner = next(iter(data.values())) if isinstance(data, dict) and len(data) == 1 else data
    if code != 200:
        raise AnsibleError("emulator_api lookup: %s answered %s: %s" % (command, code, (inner or {}).get("errortext", text[:300])))
    return inner


def _text(value):
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _wait(endpoint, command, jobid, timeout=60.0):
    deadline = time.monotonic() + timeout
    while True:
        job = _call(endpoint, "queryAsyncJobResult", {"jobid": jobid})
        if job.get("jobstatus") == 1:
            return job.get("jobresult")
        if job.get("jobstatus") == 2:
            raise AnsibleError("emulator_api lookup: the job of %s failed: %s" % (
                command, (job.get("jobresult") or {}).get("errortext")))
        if time.monotonic() > deadline:
            raise AnsibleError("emulator_api lookup: the job of %s did not end within %d s" % (command, timeout))
        time.sleep(0.05)

"""Lookup `emulator`: one call to the test emulator's control endpoint, made on the controller.

A test helper of the integration targets (not part of the collection). It replaces
`ansible.builtin.uri` tasks against {{ cs_control }}: a `uri` task starts a module process (about
0.45 s of CPU each), this lookup runs inside the controller (a few milliseconds). The targets load it
by including the setup_emulator role (its lookup_plugins directory), which every target does first.

    lookup('emulator', 'seed', method='POST', body={...})   -> the parsed JSON answer
    lookup('emulator', 'state/zones')                       -> GET (the default method)
    lookup('emulator', 'reset', method='POST', status=200)  -> fails unless the status is 200 (default)

The control URL is the cs_control variable (integration_config.yml); control= overrides it.
status may be a number or a list of numbers; the answer of any other status fails the task.

collections= reads the named collections of the emulator's state only (one GET state/<name> each), as
the whole state would be read, but without the hundreds of settings and reference rows a test does not
look at (templating the whole state in Jinja took about a second):
    lookup('emulator', 'state', collections=['zones', 'pods'])  -> {'zones': [...], 'pods': [...]}

For the request log (GET log?since=N), summary= returns a small value computed here, in Python, instead
of every entry (templating a long log in Jinja took a good part of a second at each mark):
    lookup('emulator', 'log?since=12', summary='last_seq')  -> the last seq (12 when nothing came after)
    lookup('emulator', 'log?since=12', summary='writes')    -> the commands of the writes (readonly false)
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        variables = variables or {}
        control = kwargs.get("control") or variables.get("cs_control")
        if not control:
            raise AnsibleError("emulator lookup: cs_control is not set (run through tests/scripts/integration.sh)")
        method = str(kwargs.get("method", "GET")).upper()
        status = kwargs.get("status", 200)
        wanted = [int(s) for s in status] if isinstance(status, (list, tuple)) else [int(status)]
        body = kwargs.get("body")
        results = []
        if kwargs.get("collections") is not None:
            if list(terms) != ["state"]:
                raise AnsibleError("emulator lookup: collections= goes with the term 'state' alone")
            names = [str(name) for name in kwargs["collections"]]
            direct = dict((k, v) for k, v in kwargs.items() if k != "collections")
            answers = self.run(["state/%s" % name for name in names], variables, **direct)
            return [dict(zip(names, answers))]
        for term in terms:
            url = "%s/%s" % (str(control).rstrip("/"), str(term).lstrip("/"))
            data = None
            headers = {}
            if body is not None or method in ("POST", "PUT"):
                data = json.dumps(_plain(body if body is not None else {})).encode("utf-8")
                headers["Content-Type"] = "application/json"
            request = urllib.request.Request(url, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=60) as resp:
                    code, text = resp.status, resp.read().decode("utf-8")
            except urllib.error.HTTPError as exc:
                code, text = exc.code, exc.read().decode("utf-8", "replace")
            except (urllib.error.URLError, OSError) as exc:
                raise AnsibleError("emulator lookup: %s %s: %s" % (method, url, exc)) from exc
            if code not in wanted:
                raise AnsibleError("emulator lookup: %s %s answered %s (expected %s): %s" % (
                    method, url, code, " or ".join(str(w) for w in wanted), text[:500]))
            try:
                answer = json.loads(text) if text else {}
            except ValueError as exc:
                raise AnsibleError("emulator lookup: %s %s: the answer is not JSON: %s" % (method, url, text[:200])) from exc
            results.append(_summary(answer, kwargs.get("summary"), url))
        return results


def _summary(answer, summary, url):
    if not summary:
        return answer
    if not isinstance(answer, dict) or not isinstance(answer.get("requests"), list):
        raise AnsibleError("emulator lookup: summary=%s needs the request log (log?since=N), got %s" % (summary, url))
    entries = answer["requests"]
    if summary == "last_seq":
        since = int((url.split("since=", 1)[1:] or ["0"])[0].split("&")[0] or 0)
        return max([int(entry["seq"]) for entry in entries] + [since])
    if summary == "writes":
        return [entry.get("command") for entry in entries if entry.get("readonly") is False]
    raise AnsibleError("emulator lookup: unknown summary %r (last_seq, writes)" % summary)


def _plain(value):
    """Ansible's own str/dict/list subclasses (unsafe text, tagged values) as plain JSON-able values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)

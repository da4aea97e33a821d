"""The control endpoint (/_emulator/...), the request log and the fault queue
(docs/CONTRACTS.md section 1). Emulator-only: nothing here exists on a real server."""
from __future__ import annotations

import json
import re
import threading
import time
from urllib.parse import parse_qs

from .apispec import is_readonly

_SECRET_RE = re.compile(r"password|secret|signature|sessionkey|privatekey|token", re.I)


_SECRET_SETTING_RE = re.compile(r"password|secret|privatekey|psk|\.key$", re.I)
_MAP_KEY_RE = re.compile(r"^(.+\[\d+\])\.key$", re.I)


def mask(params):
    """The params as the log keeps them: secret values replaced by *****.

    Secret are: params named like a secret; the value of a map entry whose key is named like one
    (details[0].key=secretkey); the value of a setting named like one (updateConfiguration
    name=alert.smtp.password value=...).
    """
    secret_maps = set()
    for k, v in params.items():
        match = _MAP_KEY_RE.match(k)
        if match and _SECRET_RE.search(str(v or "")):
            secret_maps.add(match.group(1).lower())
    setting = {k.lower(): v for k, v in params.items()}.get("name")
    out = {}
    for k, v in params.items():
        name = k.lower()
        in_secret_map = name.rsplit(".", 1)[0] in secret_maps and not name.endswith(".key")
        hidden = _SECRET_RE.search(name) or in_secret_map or (
            name == "value" and setting and _SECRET_SETTING_RE.search(str(setting)))
        out[name] = "*****" if hidden and v not in (None, "") else v
    return out


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []
        self._seq = 0

    def start(self, method, command, params, auth_mode, agent=None):
        with self._lock:
            self._seq += 1
            entry = {"seq": self._seq, "time": time.time(), "method": method, "command": command,
                     "params": mask(params), "auth": auth_mode, "status": None,
                     "readonly": is_readonly(command) if command else True, "agent": agent}
            self._entries.append(entry)
            return entry

    def entries(self, since=0):
        with self._lock:
            return [dict(e) for e in self._entries if e["seq"] > since]

    def clear(self):
        with self._lock:
            self._entries = []


class UnknownParams:
    """Every parameter a command was sent without declaring it (the real server ignores them and
    logs "Received unknown parameters for command X", ParamGenericValidationWorker).

    One record per request and parameter: seq (the request-log seq), time, command, parameter
    (lower-cased, as ParamUnpackWorker passes it on), auth, agent (User-Agent), server_warns (false
    for the names the real server's warning leaves out, e.g. projectid, domainid, page), and
    acknowledged (null, or the reason a test gave when it sent one on purpose). Not cleared by
    /_emulator/reset: only by DELETE /_emulator/unknown_params.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._records = []

    def add(self, command, names, entry, quiet_names=()):
        entry = entry or {}
        with self._lock:
            for name in names:
                self._records.append({
                    "seq": entry.get("seq"), "time": entry.get("time", time.time()), "command": command,
                    "parameter": name, "auth": entry.get("auth"), "agent": entry.get("agent"),
                    "server_warns": name not in quiet_names, "acknowledged": None})

    def records(self, since=0, unacknowledged=False):
        with self._lock:
            out = [dict(r) for r in self._records if (r["seq"] or 0) > since]
        return [r for r in out if r["acknowledged"] is None] if unacknowledged else out

    def acknowledge(self, since, until=None, reason=None, parameter=None, command=None):
        """Marks the records with since < seq <= until (optionally one parameter/command) as sent on purpose."""
        if not reason:
            raise ValueError("acknowledge needs a reason")
        count = 0
        with self._lock:
            for r in self._records:
                seq = r["seq"] or 0
                if seq <= int(since) or (until is not None and seq > int(until)) or r["acknowledged"] is not None:
                    continue
                if parameter is not None and r["parameter"] != str(parameter).lower():
                    continue
                if command is not None and r["command"].lower() != str(command).lower():
                    continue
                r["acknowledged"] = str(reason)
                count += 1
        return count

    def clear(self):
        with self._lock:
            self._records = []


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, spec):
        fault = dict(spec)
        fault.setdefault("command", "*")
        fault["count"] = int(fault.get("count", 1))
        if fault.get("drop") not in (None, "before", "after"):
            raise ValueError("drop must be 'before' or 'after'")
        if fault.get("job") not in (None, "fail", "hang"):
            raise ValueError("job must be 'fail' or 'hang'")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, command):
        """The first pending fault matching this command (names compared case-insensitively)."""
        with self._lock:
            for fault in self._faults:
                target = fault.get("command") or "*"
                if target == "*" or (command and target.lower() == command.lower()):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self._faults.remove(fault)
                    return dict(fault)
        return None

    def list(self):
        with self._lock:
            return [dict(f) for f in self._faults]

    def clear(self):
        with self._lock:
            self._faults = []


def restart_with_page_size(emu, size):
    """A management-server restart with default.page.size=size: BaseListCmd reads it once (s_maxPageSize),
    so the emulator takes it only through this call, not through updateConfiguration. Until the next reset."""
    if size < 1:
        raise ValueError("default_page_size must be at least 1")
    from .handlers import configs  # pylint: disable=import-outside-toplevel
    emu.max_page_size = size
    configs.ensure(emu.store)
    row = configs.find_row(emu.store, "default.page.size")
    if row is not None:
        row["_value"] = str(size)
        configs._sync(row)  # pylint: disable=protected-access


def _public(obj):
    return {k: v for k, v in obj.items() if not k.startswith("_") or k == "_id"}


def _seconds(value):
    """A delay in seconds, or None (the default)."""
    return None if value is None else float(value)


def handle(emu, method, path, query, body):
    """Returns (status, payload)."""
    try:
        data = json.loads(body.decode("utf-8")) if body else {}
    except ValueError:
        return 400, {"error": "body must be JSON"}
    if data is None:
        data = {}
    parts = [p for p in path.split("/") if p][1:]  # drop "_emulator"
    route = parts[0] if parts else ""
    try:
        if route == "reset" and method == "POST":
            # the API version goes back to the one the emulator started with, unless the body names one
            emu.set_api_version(data.get("api_version") or emu.start_api_version)
            emu.reset(job_delay=data.get("job_delay"), strict=data.get("strict"))
            emu.template_download_delay = _seconds(data.get("template_download_delay"))
            if "session_timeout" in data:
                emu.sessions.timeout = float(data["session_timeout"])
            return 200, {"reset": True}
        if route == "log":
            if method == "GET":
                since = int((parse_qs(query).get("since") or ["0"])[0])
                return 200, {"requests": emu.log.entries(since)}
            if method == "DELETE":
                emu.log.clear()
                return 200, {"cleared": True}
        if route == "faults":
            if method == "POST":
                items = data if isinstance(data, list) else [data]
                return 200, {"faults": [emu.faults.add(f) for f in items]}
            if method == "GET":
                return 200, {"faults": emu.faults.list()}
            if method == "DELETE":
                emu.faults.clear()
                return 200, {"faults": []}
        if route == "seed" and method == "POST":
            out = {}
            with emu.store.lock:
                for collection, objs in data.items():
                    out[collection] = [_public(emu.store.insert(collection, o)) for o in objs]
            return 200, out
        if route == "state" and method == "GET":
            if len(parts) > 1:
                return 200, [_public(o) for o in emu.store.snapshot(parts[1])]
            return 200, {k: [_public(o) for o in v] for k, v in emu.store.snapshot().items()}
        if route == "config" and method in ("POST", "GET"):
            if "job_delay" in data:
                emu.jobs.job_delay = float(data["job_delay"])
            if "strict" in data:
                emu.strict = bool(data["strict"])
            if "session_timeout" in data:
                emu.sessions.timeout = float(data["session_timeout"])
            if "api_version" in data:
                emu.set_api_version(data["api_version"])
            if "template_download_delay" in data:
                emu.template_download_delay = _seconds(data["template_download_delay"])
            if "default_page_size" in data:
                restart_with_page_size(emu, int(data["default_page_size"]))
            return 200, {"job_delay": emu.jobs.job_delay, "strict": emu.strict,
                         "session_timeout": emu.sessions.timeout, "api_version": emu.spec.version,
                         "cloudstackversion": emu.spec.cloudstack_version,
                         "template_download_delay": getattr(emu, "template_download_delay", None),
                         "default_page_size": emu.max_page_size}
        if route == "unknown_params":
            if method == "GET":
                qs = parse_qs(query)
                since = int((qs.get("since") or ["0"])[0])
                pending = (qs.get("unacknowledged") or ["false"])[0].lower() == "true"
                return 200, {"unknown_params": emu.unknown_params.records(since, pending)}
            if method == "DELETE":
                emu.unknown_params.clear()
                return 200, {"unknown_params": []}
            if method == "POST" and len(parts) > 1 and parts[1] == "ack":
                count = emu.unknown_params.acknowledge(int(data.get("since", 0)), data.get("until"), data.get("reason"),
                                                       data.get("parameter"), data.get("command"))
                return 200, {"acknowledged": count}
        if route == "expire_sessions" and method == "POST":
            return 200, {"expired": emu.sessions.invalidate_all()}
    except (ValueError, TypeError) as exc:
        return 400, {"error": str(exc)}
    return 404, {"error": f"unknown control call {method} {path}"}

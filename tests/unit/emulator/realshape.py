"""What a real CloudStack 4.18 answer to a command looks like, from the real server's own
description of itself, not from the emulator: the 4.18 listApis dump (data/apis.json, the
response fields each command documents) and the source scan (data/responses.json: whether
execute() answers a list, one object or a success, and the objectName its objects get).

check(command, envelope) returns the list of differences of one raw JSON answer (the whole
body, {"<cmd>response": ...}); check_job(command, envelope) does the same for the
queryAsyncJobResult answer of that command's job.
"""
from __future__ import annotations

import json
import os

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "emulator", "csemu", "data")

with open(os.path.join(DATA, "apis.json"), encoding="utf-8") as _fh:
    LISTING = {a["name"]: a for a in json.load(_fh)["api"]}
with open(os.path.join(DATA, "responses.json"), encoding="utf-8") as _fh:
    SHAPES = json.load(_fh)["commands"]

# BaseResponse fields every answer may carry, and the error body (ApiServer.getSerializedApiError)
ERROR_FIELDS = {"uuidList", "errorcode", "cserrorcode", "errortext"}


def fields(command):
    return {r["name"] for r in LISTING[command].get("response", [])}


def _object_problems(command, obj, where):
    if not isinstance(obj, dict):
        return [f"{where}: not an object: {obj!r}"[:200]]
    extra = sorted(set(obj) - fields(command))
    return [f"{where}: fields {extra} are not in the 4.18 listApis response of {command}"] if extra else []


def check(command, envelope, error_ok=False):
    key = command.lower() + "response"
    if not isinstance(envelope, dict) or list(envelope) != [key]:
        return [f"{command}: top-level key {list(envelope) if isinstance(envelope, dict) else envelope!r} != [{key!r}]"]
    inner = envelope[key]
    if isinstance(inner, dict) and "errorcode" in inner:
        if not error_ok:
            return [f"{command}: error {inner.get('errorcode')} {inner.get('errortext')}"]
        extra = set(inner) - ERROR_FIELDS
        return [f"{command}: error body fields {sorted(extra)}"] if extra else []
    shape = SHAPES[command]
    api = LISTING[command]
    if api.get("isasync"):
        allowed = {"jobid", "id"} if shape.get("async") == "create" else {"jobid"}
        if not isinstance(inner, dict) or "jobid" not in inner or set(inner) - allowed:
            return [f"{command}: async submission {inner!r} is not {sorted(allowed)}"[:300]]
        if shape.get("async") == "create" and "id" not in inner:
            return [f"{command}: create-style command answered without the object id"]
        return []
    return _shape_problems(command, inner, shape, command)


def _shape_problems(command, inner, shape, where):
    if shape["shape"] == "success":
        ok = isinstance(inner, dict) and set(inner) <= {"success", "displaytext"} and "success" in inner
        return [] if ok else [f"{where}: not a success answer: {inner!r}"[:300]]
    obj = shape.get("object")
    if shape["shape"] == "bare":  # AsyncJobResponse, CreateCmdResponse, AuthenticationCmdResponse
        return _object_problems(command, inner, where)
    if shape["shape"] == "list":
        if inner == {}:
            return []
        if not isinstance(inner, dict) or "count" not in inner or set(inner) - {"count", obj}:
            return [f"{where}: not a list answer {{count, {obj}}}: {str(inner)[:200]}"]
        out = []
        for i, item in enumerate(inner.get(obj, [])):
            out += _object_problems(command, item, f"{where}.{obj}[{i}]")
        return out
    if not isinstance(inner, dict) or list(inner) != [obj]:
        return [f"{where}: not an object answer {{{obj}: ...}}: {str(inner)[:200]}"]
    return _object_problems(command, inner[obj], f"{where}.{obj}")


def check_job(command, envelope):
    """The queryAsyncJobResult answer of a finished job of command."""
    problems = check("queryAsyncJobResult", envelope)
    if problems:
        return problems
    job = envelope["queryasyncjobresultresponse"]
    if job.get("jobstatus") != 1:
        return [f"{command}: job ended with status {job.get('jobstatus')}: {job.get('jobresult')}"]
    shape = SHAPES[command]
    result = job.get("jobresult")
    if shape["shape"] == "success":
        return [] if isinstance(result, dict) and "success" in result else [f"{command}: job result {result!r}"]
    obj = shape.get("object")
    if not isinstance(result, dict) or obj not in result:
        return [f"{command}: job result has no {obj!r}: {str(result)[:200]}"]
    return _object_problems(command, result[obj], f"{command} job result.{obj}")

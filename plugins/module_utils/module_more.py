# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The less travelled paths of CloudStackModule and ResourceModule: writes, waits, look-ups of parents by
name, creates (also one that failed or whose answer was lost, and runs that created the same object at the
same time), updates, check mode's simulated objects.

CloudStackModule and ResourceModule (module.py) call these from small methods of the same names, which
subclasses override as before. They live in their own file because every module task is a new Python
process that compiles the module_utils it imports from the AnsiballZ zip, twice (zipimport): a no-op task
(it finds its object, which has nothing to change) does not compile this file.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

from . import api


# ---------------------------------------------------------------- CloudStackModule
def wait_until(module, what, fetch, done, failed=None, describe=None):
    """Poll fetch() until done(obj), within the rest of the wait budget.

    failed(obj) true ends the wait with an error; describe(obj) says what was seen last.
    """
    delay = 0.1
    while True:
        obj = fetch()
        if obj is not None and done(obj):
            return obj
        seen = (describe(obj) if describe else str(obj)) if obj is not None else "nothing"
        if obj is not None and failed is not None and failed(obj):
            raise api.CloudStackError("%s failed: %s." % (what, seen))
        left = module.remaining()
        if left <= 0:
            raise api.CloudStackTimeout("%s did not happen within %s (last seen: %s)." % (what, module._timeout_option(), seen))
        time.sleep(min(delay, left))
        delay = min(delay * 1.5, 2.0)


def write(module, command, params):
    """A write: sent only outside check mode; marks the result changed.

    Waits for async jobs and returns the job result or the response; None in check mode.
    """
    module.result["changed"] = True
    if module.check_mode:
        return None
    if api.is_read_only(command):
        raise api.CloudStackError("internal: %s is not a write" % command)
    if module.job_timeout() is not None:
        # the job is part of the write (also with wait=false); it gets what is left of wait_timeout
        return module.client.call(command, params, job_timeout=module.job_timeout(),
                                  timeout_option="the rest of " + module._timeout_option())
    return module.client.call(command, params)


def lookup(module, kind, command, key, value, params, label):
    """Find one object by id or exact name, server-filtered; cached per run."""
    cache_key = (kind, value, tuple(sorted(params.items())))
    if cache_key in module._cache:
        return module._cache[cache_key]
    found = None
    if api.looks_like_uuid(value):
        found = module.list(command, key, id=value, **params)
    if not found:
        found = [item for item in module.list(command, key, name=value, **params) if item.get("name") == value]
    if not found:
        if module.check_mode and not api.looks_like_uuid(value):
            # In check mode the parent may be one that an earlier task would have created.
            planned = {"id": None, "name": value, "planned": True}
            module._cache[cache_key] = planned
            return planned
        raise api.CloudStackError("%s %r not found%s." % (kind, value, label))
    if len(found) > 1:
        raise api.CloudStackError("%s name %r is ambiguous (%d matches)%s: use its id." % (kind, value, len(found), label))
    module._cache[cache_key] = found[0]
    return found[0]


def physical_network_id(module, name, zone=None):
    """Id of a physical network given by id, or by name in a zone."""
    if api.looks_like_uuid(name):
        return name
    zone = zone or module.params.get("zone")
    if not zone:
        raise api.CloudStackError("zone is required to find physical network %r by name." % name)
    zone_obj = module.get_zone(zone)
    return module._lookup("physical network", "listPhysicalNetworks", "physicalnetwork", name, {"zoneid": zone_obj["id"]},
                          " in zone %s" % zone_obj["name"])["id"]


def domain_id(module, domain):
    """Id of a domain given by id, path (ROOT/customers, /customers) or name; cached per run."""
    cache_key = ("domain", str(domain).strip("/").lower())
    if cache_key not in module._cache:
        module._cache[cache_key] = api.find_domain_id(module.client, domain)
    return module._cache[cache_key]


# ---------------------------------------------------------------- ResourceModule
def api_params(module, for_update=False):
    """Parameters for create (or update) from the options that are set."""
    out = {}
    for field in module.fields:
        value = module.option_value(field)
        if value is None or (for_update and not field.update):
            continue
        out[field.update_param if for_update else field.param] = value
    return out


def simulate(module, obj, params):
    """What obj would look like after params were applied (check mode and diff)."""
    after = dict(obj or {})
    for field in module.fields:
        value = module.option_value(field)
        if value is not None and (field.param in params or field.update_param in params):
            after[field.attr] = value
    if module.allocation_states:
        after["allocationstate"] = params.get("allocationstate", after.get("allocationstate", module.default_allocation))
    return after


def find_among(module, found):
    """ResourceModule.find when several objects have the name, or one whose name need not be unique:
    the object, or None; more than one is an error (after concurrent creates have settled)."""
    if len(found) > 1 and not module.unique_names and not module.check_mode:
        # other runs may be creating it right now: they settle on one within settle_window
        for _attempt in range(2):
            time.sleep(module.settle_window * 0.75)
            found = module.matching()
            if len(found) <= 1:
                break
    if len(found) > 1:
        raise api.CloudStackError("%s name %r is ambiguous (%d matches): %s." % (
            module.resource, module.params["name"], len(found), module.ambiguous_hint()))
    if found and not module.unique_names and not module.check_mode and module.is_young(found[0]):
        # Made seconds ago: a concurrent run may have made a twin in the same second that ranks first
        # and is not listed yet; the twin's maker would then delete this one. Take the one they keep.
        return module.settle_duplicates(found[0], mine=False)
    return found[0] if found else None


def update_params(module, obj, diffs):
    params = {"id": obj["id"]}
    for field in module.fields:
        if field.option in diffs and field.update:
            params[field.update_param] = module.option_value(field)
    if "allocation_state" in diffs:
        params["allocationstate"] = diffs["allocation_state"][1]
    return params


def extract(module, response):
    """The object in a create/update answer (single object or one-item list)."""
    if response is None:
        return None
    value = response.get(module.resource)
    if value is None:
        objects = [v for k, v in response.items() if k != "count" and isinstance(v, (dict, list))]
        value = objects[0] if len(objects) == 1 else response
    if isinstance(value, list):
        value = value[0] if value else None
    return value


def apply_differences(module, obj, diffs):
    """ensure_present for an object that differs: warn about what cannot change, update the rest."""
    fixed = sorted(option for option in diffs if not module.field(option).update)
    if fixed:
        module.warn("%s cannot be changed on an existing %s (ignored): %s" % (
            ", ".join(fixed), module.resource, ", ".join(
                "%s is %r, wanted %r" % (o, diffs[o][0], diffs[o][1]) for o in fixed)))
    updatable = {o: d for o, d in diffs.items() if o not in fixed}
    if updatable:
        params = module.update_params(obj, updatable)
        response = module.write(module.update_command, **params)
        obj = module.extract(response) if response is not None else module.simulate(obj, params)
    return obj


def create(module, params):
    """Send the create and return the object; a create is never sent again without first looking
    for what an earlier attempt (this run's, or a concurrent run's) made."""
    changed_before = module.result["changed"]
    try:
        response = module.write(module.create_command, **params)
    except (api.CloudStackJobError, api.CloudStackTimeout):
        raise  # the server took the create: its job failed or is still running
    except api.CloudStackError as exc:
        if module.check_mode or (exc.http_status is None and not isinstance(exc, api.CloudStackConnectionError)):
            raise
        obj, response = module.recover_create(exc, params, changed_before)
        if obj is not None:
            return obj
    if response is None:
        return module.simulate({}, params)
    obj = module.extract(response)
    if not module.unique_names and obj and obj.get("id"):
        obj = module.settle_duplicates(obj)
    return obj


def is_young(module, obj):
    """True when obj was created less than settle_window ago by the server's clock (the Date of the
    last answer; this machine's clock when the server sent none)."""
    try:
        created = datetime.strptime(str(obj.get("created")), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return False
    now = None
    if module.client.server_date:
        from email.utils import parsedate_to_datetime  # only here: importing it costs milliseconds

        try:
            now = parsedate_to_datetime(module.client.server_date)
        except (TypeError, ValueError):
            now = None
    if now is None or now.tzinfo is None:
        now = datetime.now(timezone.utc)
    # created has one-second steps: a twin of the same second may be up to a second younger
    return (now - created).total_seconds() < module.settle_window + 1


def recover_create(module, exc, params, changed_before):
    """After a failed create: (object found, None), or (None, response of the one repeated create)."""
    ambiguous = isinstance(exc, api.CloudStackConnectionError) and exc.ambiguous
    if not ambiguous:
        # The server refused it: another run may have created it meanwhile ("already exists").
        obj = module.find()
        if obj is None:
            raise exc
        module.result["changed"] = changed_before
        return obj, None
    # The answer was lost (or a proxy said 503): the server may have acted, maybe still is. Look for a while.
    window = max(3.0, 2 * float(module.client.timeout))
    deadline = time.monotonic() + window
    while True:
        obj = module.find()
        if obj is not None:
            return (module.settle_duplicates(obj) if not module.unique_names else obj), None
        if time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if exc.http_status == 503:
        # The proxy answered and the object is not there: this one create may be sent again.
        return None, module.write(module.create_command, **params)
    raise api.CloudStackError("%s Looked for %s %r for %d s afterwards: not there. The server may still create it; "
                              "run the task again later to find it." % (exc.message, module.resource,
                                                                        module.params.get("name"), window),
                              **exc.to_dict())


def settle_duplicates(module, candidate, mine=True):
    """Runs that created the same object at once keep the one created first (created, then id):
    each deletes its own (candidate, when mine) when another ranks before it. Returns the kept
    object once it has stayed the first for settle_window (at most 4 windows in all)."""
    def rank(item):
        return (str(item.get("created") or "~"), str(item.get("id")))

    deleted = not mine  # never delete what another run made
    start = stable_since = time.monotonic()
    best = candidate
    while True:
        items = module.matching()
        if not deleted and all(item.get("id") != candidate.get("id") for item in items):
            items.append(candidate)  # not listed yet
        if items:
            first = min(items, key=rank)
            if first.get("id") != best.get("id"):
                best, stable_since = first, time.monotonic()
        if not deleted and best.get("id") != candidate.get("id"):
            module.write(module.delete_command, **module.delete_params(candidate))
            deleted = True
        now = time.monotonic()
        if now - stable_since >= module.settle_window or now - start >= 4 * module.settle_window:
            return best
        time.sleep(0.25)

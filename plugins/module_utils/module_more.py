# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ResourceModule's less travelled paths: a create that failed or whose answer was lost, and runs that
created the same object at the same time.

ResourceModule (module.py) calls these from small methods of the same names. They live in their own file
because every module task is a new Python process that compiles the module_utils it imports from the
AnsiballZ zip: a task that finds its object (or creates it at the first try, with a unique name) does not
compile this file.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from .api import CloudStackConnectionError, CloudStackError


def is_young(module, obj):
    """True when obj was created less than settle_window ago by the server's clock (the Date of the
    last answer; this machine's clock when the server sent none)."""
    try:
        created = datetime.strptime(str(obj.get("created")), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return False
    now = None
    if module.client.server_date:
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
    ambiguous = isinstance(exc, CloudStackConnectionError) and exc.ambiguous
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
    raise CloudStackError("%s Looked for %s %r for %d s afterwards: not there. The server may still create it; "
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

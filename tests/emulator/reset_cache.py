# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's reset for test processes that reset it before each test (tests/unit: the emulator's own
tests and the modules' scenarios): cached_reset copies the initial state instead of building it again."""

from __future__ import annotations

import contextlib
import pickle

from csemu import server

#: the initial state of each (release, credentials), pickled, for cached_reset
_INITIAL = {}


@contextlib.contextmanager
def cached_populate(emu):
    """While inside, the resets of emu (emu.reset and the control endpoint's /reset, which calls it, in whatever
    thread) build their initial state (csemu/initial.py: ~25 ms for its 2300 objects) by copying the one of the
    first reset of the same release and credentials in this test process (~5 ms). The reference data then keeps
    its uuids, secrets and dates from one reset to the next: for the resets the tests make before each test or
    scenario, where only a fresh state matters."""
    real = server.populate

    def populate(store, *args, **kw):
        key = (emu.spec.version, emu.api_key, emu.secret_key, emu.username, emu.password)
        cached = _INITIAL.get(key)
        if cached is None:
            real(store, *args, **kw)
            with store.lock:
                _INITIAL[key] = pickle.dumps({k: v for k, v in vars(store).items() if k != "lock"},
                                             protocol=pickle.HIGHEST_PROTOCOL)
            return
        with store.lock:
            for name, value in pickle.loads(cached).items():
                setattr(store, name, value)

    server.populate = populate
    try:
        yield
    finally:
        server.populate = real


def cached_reset(emu, **kwargs):
    """emu.reset(**kwargs) under cached_populate: for the reset before each test (a test's own reset, control
    /reset, draws new uuids, as the emulator does on every reset)."""
    with cached_populate(emu):
        emu.reset(**kwargs)

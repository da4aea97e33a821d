"""Command registry: @command("createZone") maps a CloudStack command name to a handler.

A handler is called as handler(ctx) where ctx is a handlers.common.Context; it returns the
inner response dict (the part under "<cmd>response"), or an AsyncResult for async commands.
Add commands by adding a module in csemu/handlers/ and listing it in handlers/__init__.py.
"""
from __future__ import annotations

HANDLERS: dict = {}


def command(*names):
    def deco(fn):
        for name in names:
            if name in HANDLERS:
                raise ValueError(f"command {name} registered twice")
            HANDLERS[name] = fn
        return fn
    return deco

"""csemu: an independent emulator of the Apache CloudStack management-server API.

Standard library only. See docs/emulator.md for the rules and their sources.
"""
from __future__ import annotations

__all__ = ["server"]

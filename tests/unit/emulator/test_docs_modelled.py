"""docs/emulator.md (with the docs/emulator-*.md it links) lists what is modelled: every command
with a hand-written handler is named there; the rest goes through the generic engine."""
from __future__ import annotations

import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "..", "..", "..", "docs")
sys.path.insert(0, os.path.join(HERE, "..", "..", "emulator"))

from csemu import handlers  # noqa: E402,F401  pylint: disable=unused-import
from csemu.apispec import spec  # noqa: E402
from csemu.registry import HANDLERS  # noqa: E402


def test_every_modelled_command_is_documented():
    paths = sorted(glob.glob(os.path.join(DOCS, "emulator*.md")))
    assert os.path.join(DOCS, "emulator.md") in paths
    words = set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            words.update(re.findall(r"\w+", fh.read()))
    listing = spec("4.18").commands
    missing = sorted(name for name in HANDLERS if name in listing and name not in words)
    assert not missing, f"modelled commands not named in docs/emulator*.md: {missing}"
    print(f"\n{len(HANDLERS)} modelled commands named in docs/emulator*.md; "
          f"{len(listing) - len([n for n in HANDLERS if n in listing])} of {len(listing)} answered by the generic engine")

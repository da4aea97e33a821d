# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resource tags (createTags / deleteTags) kept as a set of key/value pairs."""

from __future__ import annotations


def tag_set(tags):
    """{(key, value)} from a list of {'key','value'} dicts or a plain dict."""
    if not tags:
        return set()
    if isinstance(tags, dict):
        return {(str(k), str(v)) for k, v in tags.items()}
    return {(str(t.get("key")), str(t.get("value"))) for t in tags}


def sync_tags(module, resource_type, resource_id, current, wanted, purge=True):
    """Make the tags of one resource equal to wanted (a set); returns the new tag list.

    Writes go through module.write, so check mode sends nothing.
    """
    have = tag_set(current)
    want = tag_set(wanted)
    remove = sorted(have - want) if purge else []
    # A changed value for an existing key needs the old pair removed first.
    remove += sorted(p for p in have - want if p not in remove and p[0] in {k for k, _v in want})
    add = sorted(want - have)
    if remove:
        module.write("deleteTags", resourcetype=resource_type, resourceids=resource_id,
                     tags=[{"key": k, "value": v} for k, v in remove])
    if add:
        module.write("createTags", resourcetype=resource_type, resourceids=resource_id,
                     tags=[{"key": k, "value": v} for k, v in add])
    result = (have - set(remove)) | want
    return [{"key": k, "value": v} for k, v in sorted(result)]

# -*- coding: utf-8 -*-
# Copyright: csops.cloudstack contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Templates as the modules return them, shared by the template and template_info modules.

listTemplates answers one row per (template, zone). A template is returned once, with the fields that
are the same in every zone and a `zones` list holding what differs per zone (ready, status, progress).
No Ansible import.
"""

from __future__ import annotations

import re

#: downloadState values of a download that will not finish (VMTemplateStorageResourceAssoc.Status)
DOWNLOAD_FAILED = {"DOWNLOAD_ERROR", "ABANDONED", "UPLOAD_ERROR", "BYPASSED_ERROR", "UPLOAD_ABANDONED"}
#: words of the status text of a failed download (e.g. "HTTP Server returned 404 (expected 200 OK)")
FAILED_WORDS = ("fail", "error", "not found", "http server returned", "abandoned", "unable", "exception")

#: API field -> snake_case result key, for the fields a template has once (not per zone)
FIELDS = (
    ("id", "id"), ("name", "name"), ("displaytext", "display_text"), ("format", "format"),
    ("hypervisor", "hypervisor"), ("ostypename", "os_type"), ("ostypeid", "os_type_id"), ("url", "url"),
    ("checksum", "checksum"), ("templatetype", "template_type"), ("templatetag", "template_tag"),
    ("ispublic", "is_public"), ("isfeatured", "is_featured"), ("isextractable", "is_extractable"),
    ("passwordenabled", "password_enabled"), ("sshkeyenabled", "sshkey_enabled"),
    ("isdynamicallyscalable", "is_dynamically_scalable"), ("requireshvm", "requires_hvm"),
    ("crossZones", "cross_zones"), ("directdownload", "direct_download"), ("details", "details"),
    ("account", "account"), ("domain", "domain"), ("domainid", "domain_id"), ("size", "size"),
    ("created", "created"),
)


def progress(row):
    """Download progress of one listTemplates row in percent (100 when ready)."""
    if row.get("isready"):
        return 100
    percents = []
    for detail in row.get("downloaddetails") or []:
        try:
            percents.append(int(detail.get("downloadPercent")))
        except (TypeError, ValueError):
            continue
    if percents:
        return min(percents)
    match = re.match(r"\s*(\d+)%", str(row.get("status") or ""))
    return int(match.group(1)) if match else 0


def failed(row):
    """The server's reason when the download of this row has failed for good, else None."""
    if row.get("isready"):
        return None
    states = {str(d.get("downloadState") or "").upper() for d in row.get("downloaddetails") or []}
    status = str(row.get("status") or "").strip()
    if states & DOWNLOAD_FAILED or any(word in status.lower() for word in FAILED_WORDS):
        return status or ", ".join(sorted(states & DOWNLOAD_FAILED))
    return None


def zone_entry(row):
    return {"zone_id": row.get("zoneid"), "zone_name": row.get("zonename"), "is_ready": bool(row.get("isready")),
            "status": row.get("status"), "progress": progress(row)}


def group(rows):
    """{template id: [rows]} in the order the server answered."""
    out = {}
    for row in rows:
        out.setdefault(row.get("id"), []).append(row)
    return out


def to_result(rows, tags=True):
    """One template (its listTemplates rows) as the modules return it."""
    if not rows:
        return {}
    first = rows[0]
    out = {}
    for attr, key in FIELDS:
        if attr in first:
            out[key] = first[attr]
    if "size" not in out:
        sizes = [r.get("size") for r in rows if r.get("size")]
        if sizes:
            out["size"] = sizes[0]
    zones = [zone_entry(r) for r in rows if r.get("zoneid")]
    out["zones"] = zones
    out["is_ready"] = bool(zones) and all(z["is_ready"] for z in zones)
    out["progress"] = min((z["progress"] for z in zones), default=0)
    out["status"] = first.get("status")
    if tags:
        out["tags"] = [{"key": t.get("key"), "value": t.get("value")} for t in first.get("tags") or []]
    return out

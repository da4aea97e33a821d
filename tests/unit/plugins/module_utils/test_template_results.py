# -*- coding: utf-8 -*-
"""Unit tests of plugins/module_utils/templates.py: listTemplates rows as the modules return them."""

from __future__ import annotations

from ansible_collections.csops.cloudstack.plugins.module_utils import templates as tpl

ROW = {"id": "t1", "name": "ubuntu", "displaytext": "Ubuntu", "format": "QCOW2", "hypervisor": "KVM",
       "ostypename": "Ubuntu 22.04 LTS", "ispublic": True, "crossZones": False, "templatetype": "USER",
       "zoneid": "z1", "zonename": "zone-1", "isready": True, "status": "Download Complete", "size": 42,
       "details": {"a": "b"}, "tags": [{"key": "os", "value": "ubuntu", "resourcetype": "Template"}],
       "downloaddetails": [{"datastore": "s", "downloadPercent": "100", "downloadState": "DOWNLOADED"}]}


def test_one_template_with_its_zones():
    second = dict(ROW, zoneid="z2", zonename="zone-2", isready=False, status="37% Downloaded", size=None,
                  downloaddetails=[{"datastore": "s2", "downloadPercent": "37", "downloadState": "DOWNLOAD_IN_PROGRESS"}])
    groups = tpl.group([ROW, second, dict(ROW, id="t2")])
    assert list(groups) == ["t1", "t2"]
    out = tpl.to_result(groups["t1"])
    assert out["name"] == "ubuntu" and out["display_text"] == "Ubuntu" and out["os_type"] == "Ubuntu 22.04 LTS"
    assert out["is_public"] is True and out["cross_zones"] is False and out["template_type"] == "USER"
    assert [z["zone_name"] for z in out["zones"]] == ["zone-1", "zone-2"]
    assert out["zones"][1] == {"zone_id": "z2", "zone_name": "zone-2", "is_ready": False,
                               "status": "37% Downloaded", "progress": 37}
    assert out["is_ready"] is False and out["progress"] == 37 and out["size"] == 42
    assert out["tags"] == [{"key": "os", "value": "ubuntu"}]
    assert tpl.to_result([]) == {}


def test_progress_and_failure():
    assert tpl.progress(ROW) == 100
    assert tpl.progress({"isready": False, "status": "12% Downloaded"}) == 12
    assert tpl.progress({"isready": False, "status": "Active"}) == 0
    failed = {"isready": False, "status": " HTTP Server returned 404 (expected 200 OK) ",
              "downloaddetails": [{"downloadState": "DOWNLOAD_ERROR", "downloadPercent": "0"}]}
    assert "404" in tpl.failed(failed)
    assert tpl.failed({"isready": False, "status": "Installing Template"}) is None
    assert tpl.failed(ROW) is None

"""default.page.size: BaseListCmd reads it once when the server starts (s_maxPageSize); the emulator takes a
new value through POST /_emulator/config {"default_page_size": N} (a restart), not through updateConfiguration."""
from __future__ import annotations


def test_restart_with_a_lower_page_size(cs):
    status, body = cs.control("/config", {"default_page_size": 100})
    assert status == 200 and body["default_page_size"] == 100
    status, body = cs.api("listZones", page=1, pagesize=500)
    assert status == 431
    assert body["listzonesresponse"]["errortext"].endswith("Page size can't exceed max allowed page size value: 100")
    assert cs.api("listZones", page=1, pagesize=100)[0] == 200
    cfg = cs.ok("listConfigurations", name="default.page.size")["configuration"]
    assert [c["value"] for c in cfg if c["name"] == "default.page.size"] == ["100"]


def test_update_configuration_does_not_change_the_limit_until_a_restart(cs):
    cs.ok("updateConfiguration", name="default.page.size", value="50")
    assert cs.api("listZones", page=1, pagesize=500)[0] == 200


def test_reset_restores_500(cs, running):
    cs.control("/config", {"default_page_size": 100})
    running.emu.reset(job_delay=0.05, strict=True)
    assert cs.api("listZones", page=1, pagesize=500)[0] == 200
    assert cs.control("/config", {"default_page_size": 0})[0] == 400

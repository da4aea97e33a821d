"""A scripted session of CloudMonkey 5.3.3.1 (PyPI, unmodified, on Python 2.7: see
tests/emulator/tools/cloudmonkey_env.sh and docs/emulator.md) against the emulator started as a
process: sync (listApis), list zones, register a template, deploy and destroy a VM, create an
account with keys and use them. CloudMonkey signs with its own code (signatureversion 3 with
expires) and polls jobs itself; every raw answer it received (its debug log) is checked against
what a real 4.18 server answers (realshape.py).

Runs when CSEMU_CLOUDMONKEY names the wrapper the script writes; skipped otherwise."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import realshape  # noqa: E402
from test_client_cs import TEMPLATE_URL, build_zone, client, emulator  # noqa: E402,F401  pylint: disable=unused-import

CLOUDMONKEY = os.environ.get("CSEMU_CLOUDMONKEY")
pytestmark = pytest.mark.skipif(
    not CLOUDMONKEY or not os.access(CLOUDMONKEY, os.X_OK),
    reason="CloudMonkey 5.3.3.1 is not set up: run tests/emulator/tools/cloudmonkey_env.sh and export CSEMU_CLOUDMONKEY")

# the first request of a command logs "Requesting command=X"; the job polls only "Request sent: <url>"
_REQ = re.compile(r"Requesting command=(\w+), args=|Request sent: \S*[?&]command=(\w+)")
_RESP = re.compile(r"Response received: (.*)$")


class Monkey:
    def __init__(self, home, info):
        self.home = home
        self.log = os.path.join(home, ".cloudmonkey", "log")
        self.seen = 0
        self.sent = []
        self.options = {"url": info["endpoint"], "apikey": info["api_key"], "secretkey": info["secret_key"],
                        "color": "false", "display": "json", "asyncblock": "true", "timeout": "60"}

    def run(self, *args, script=None):
        """One CloudMonkey process: the command in args, or the lines of script read from its stdin
        (its interactive shell, one command a line)."""
        env = dict(os.environ, HOME=self.home)
        proc = subprocess.run([CLOUDMONKEY] + list(args), env=env, capture_output=True, text=True, timeout=120,
                              check=False, input=None if script is None else "\n".join(script) + "\n")
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def check_config(self, options):
        with open(os.path.join(self.home, ".cloudmonkey", "config"), encoding="utf-8") as fh:
            config = fh.read()
        for key, value in options.items():
            assert re.search(rf"^{key} = {re.escape(value)}$", config, re.M), (key, config)

    def answers(self):
        """(command, raw JSON) of the requests CloudMonkey made since the last call."""
        with open(self.log, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
        out, command = [], None
        self.sent = [line.split("Request sent: ", 1)[1].strip() for line in lines[self.seen:] if "Request sent: " in line]
        for line in lines[self.seen:]:
            m = _REQ.search(line)
            if m:
                command = m.group(1) or m.group(2)
                continue
            m = _RESP.search(line)
            if m and command:
                out.append((command, json.loads(m.group(1))))
                command = None
        self.seen = len(lines)
        return out

    def call(self, *words):
        """Runs one CloudMonkey command; checks each raw answer; returns the last non-job answer."""
        self.run(*words)
        return self.checked(self.answers(), words)

    def script(self, *lines):
        """Several lines (`set` options and commands; a value with a space in double quotes) in ONE CloudMonkey process, its
        shell reading them from stdin (each start costs ~0.3 s of CPU): the `set`s are checked in its config file,
        each command's answers as call() checks them; returns each command's result, in order."""
        self.run(script=[" ".join(words) for words in lines])
        commands = [words for words in lines if words[0] != "set"]
        groups = []
        for command, body in self.answers():
            if command != "queryAsyncJobResult" or not groups:
                groups.append([])
            groups[-1].append((command, body))
        assert len(groups) == len(commands), ([words[:2] for words in commands], [g[0][0] for g in groups])
        options = dict(words[1:] for words in lines if words[0] == "set")
        if options:
            self.check_config(options)
        return [self.checked(group, words) for group, words in zip(groups, commands)]

    def checked(self, answers, words):
        """answers: what CloudMonkey received for one command (its polls of the job included)."""
        assert answers, f"CloudMonkey sent nothing for {words}"
        main_cmd, main = answers[0]
        problems = realshape.check(main_cmd, main)
        final = None
        for cmd, body in answers[1:]:
            if cmd == "queryAsyncJobResult":
                final = body
        if final is not None and final["queryasyncjobresultresponse"].get("jobstatus") != 0:
            problems += realshape.check_job(main_cmd, final)
        assert not problems, problems
        inner = main[main_cmd.lower() + "response"]
        if final is not None:
            return final["queryasyncjobresultresponse"]["jobresult"]
        return inner


@pytest.fixture(scope="module")
def monkey(emulator, tmp_path_factory):  # noqa: F811
    """A synced CloudMonkey (its own listApis cache) and the zone every step uses."""
    api, _rec = client(emulator)
    zone = build_zone(api)
    cmk = Monkey(str(tmp_path_factory.mktemp("cloudmonkey-home")), emulator)
    # its options set with its own `set`, then its `sync`, then the `list zones` of test_cloudmonkey_list_zones, in
    # one CloudMonkey process (each start costs ~0.3 s of CPU)
    cmk.run(script=[f"set {key} {value}" for key, value in cmk.options.items()] + ["sync", "list zones"])
    cmk.check_config(cmk.options)
    synced = cmk.answers()
    assert [command for command, _body in synced] == ["listApis", "listZones"], synced
    assert not realshape.check("listApis", synced[0][1])
    assert synced[0][1]["listapisresponse"]["count"] == 705
    zones = cmk.checked(synced[1:], ("list", "zones"))  # the raw answer checked as call() checks it
    return {"cmk": cmk, "api": api, "zone": zone, "zones": zones}


def test_cloudmonkey_list_zones(monkey):
    """`list zones` run by the synced CloudMonkey (in the fixture's process, after its sync)."""
    assert [z["name"] for z in monkey["zones"]["zone"]] == ["cs-zone"]


def register_template(monkey):
    if "template" in monkey:
        return monkey["template"]
    cmk, api, zone = monkey["cmk"], monkey["api"], monkey["zone"]
    ostype = api.listOsTypes(description="Debian GNU/Linux 11 (64-bit)")["ostype"][0]
    # the register and, in the same CloudMonkey process, a list of the template (downloading, 3 x the job delay =
    # 0.6 s: its answer checked as every answer is); then the wait through the cs client (was: CloudMonkey
    # processes every 0.3 s) and one list by CloudMonkey once it is ready
    registered, downloading = cmk.script(
        ("register", "template", "name=debian-12", 'displaytext="Debian 12"', "url=" + TEMPLATE_URL, "format=QCOW2",
         "hypervisor=KVM", "ostypeid=" + ostype["id"], "zoneid=" + zone["id"]),
        ("list", "templates", "templatefilter=self", "name=debian-12"))
    template = registered["template"][0]
    assert template["isready"] is False
    assert [t["id"] for t in downloading["template"]] == [template["id"]]
    deadline = time.time() + 20
    while not api.listTemplates(templatefilter="self", id=template["id"])["template"][0]["isready"]:
        assert time.time() < deadline, "the template never became ready"
        time.sleep(0.1)
    listed = cmk.call("list", "templates", "templatefilter=self", "id=" + template["id"])["template"]
    assert [(t["id"], t["isready"]) for t in listed] == [(template["id"], True)]
    monkey["template"] = template
    return template


def test_cloudmonkey_register_template(monkey):
    register_template(monkey)


def test_cloudmonkey_deploy_and_destroy_vm(monkey):
    """CloudMonkey blocks on the jobs itself (asyncblock), polling queryAsyncJobResult."""
    cmk, api, zone = monkey["cmk"], monkey["api"], monkey["zone"]
    template = register_template(monkey)
    offering = api.listServiceOfferings(name="Small Instance")["serviceoffering"][0]
    deployed = cmk.call("deploy", "virtualmachine", "zoneid=" + zone["id"], "templateid=" + template["id"],
                        "serviceofferingid=" + offering["id"], "name=cmk-vm1")["virtualmachine"]
    assert deployed["state"] == "Running" and deployed["name"] == "cmk-vm1"
    # the destroy (a job CloudMonkey follows) and the list after it in one CloudMonkey process
    _destroyed, listed = cmk.script(("destroy", "virtualmachine", "id=" + deployed["id"], "expunge=true"),
                                    ("list", "virtualmachines", "id=" + deployed["id"]))
    assert listed == {}


def test_cloudmonkey_account_with_keys(monkey):
    cmk = monkey["cmk"]
    account = cmk.call("create", "account", "username=cmk-ops", "password=cmk-user-password", "email=ops@example.org",
                       "firstname=Op", "lastname=Erator", "accounttype=0")["account"]
    user = account["user"][0]
    keys = cmk.call("register", "userkeys", "id=" + user["id"])["userkeys"]
    # the new keys set, used, and the admin's set back, in one CloudMonkey process (each `set` is checked
    # in its config file; the last ones are checked there even when the list failed)
    try:
        zones = cmk.script(("set", "apikey", keys["apikey"]), ("set", "secretkey", keys["secretkey"]),
                           ("list", "zones"),
                           ("set", "apikey", monkey["api"].key), ("set", "secretkey", monkey["api"].secret))[0]
    finally:
        cmk.check_config({"apikey": monkey["api"].key, "secretkey": monkey["api"].secret})
    assert [z["name"] for z in zones["zone"]] == ["cs-zone"]
    sent = [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query)) for url in cmk.sent]
    assert [(q.get("command"), q.get("apiKey")) for q in sent] == [("listZones", keys["apikey"])], cmk.sent

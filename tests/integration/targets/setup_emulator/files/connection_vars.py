# -*- coding: utf-8 -*-
"""Write the collection playbooks' connection variables for the emulator of an integration run.

Usage (from a runme.sh target): python connection_vars.py INTEGRATION_CONFIG OUT_FILE
Reads cs_endpoint, cs_api_key and cs_api_secret from ansible-test's integration_config.yml and writes
cloudstack_api_url, cloudstack_api_key and cloudstack_api_secret to OUT_FILE, readable by its owner only
(it holds the secret), without a module task.
"""

from __future__ import annotations

import os
import sys

import yaml


def main(config_path, out_path):
    with open(config_path) as handle:
        config = yaml.safe_load(handle)
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        yaml.safe_dump({"cloudstack_api_url": config["cs_endpoint"], "cloudstack_api_key": config["cs_api_key"],
                        "cloudstack_api_secret": config["cs_api_secret"]}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

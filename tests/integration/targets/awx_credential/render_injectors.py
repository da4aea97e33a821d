"""Render the env injectors of awx/credential_type.yml as AWX does, with the emulator as the credential.

Usage: python render_injectors.py INTEGRATION_CONFIG CREDENTIAL_TYPE_FILE  ->  prints export lines.
"""

from __future__ import annotations

import shlex
import sys

import jinja2
import yaml


def main():
    with open(sys.argv[1]) as handle:
        config = yaml.safe_load(handle)
    with open(sys.argv[2]) as handle:
        credential_type = yaml.safe_load(handle)
    inputs = {"endpoint": config["cs_endpoint"], "api_key": config["cs_api_key"], "api_secret": config["cs_api_secret"]}
    field_ids = {field["id"] for field in credential_type["inputs"]["fields"]}
    missing = set(inputs) - field_ids
    if missing:
        raise SystemExit("credential type has no input %s" % ", ".join(sorted(missing)))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for name, template in credential_type["injectors"]["env"].items():
        value = env.from_string(template).render(**inputs)
        print("export %s=%s" % (name, shlex.quote(value)))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# ansible-lint (production profile) on the collection (roles/, playbooks/ and every other YAML file), then
# antsibull-changelog lint.
# Runs in the collection copy (so the collection resolves as csops.cloudstack from .build/).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_venv tools
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
tools="$(venv_dir tools)/bin"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_HOME="$BUILD_ROOT/.ansible-lint-home"

cd "$COLL_COPY"
# The whole collection, as galaxy-importer lints it at import (release.sh leaves that run to this
# stage): .ansible-lint's exclude_paths, and tests/unit/ as the importer does; the full production
# profile, without the rules the importer skips.
rc=0
log "lint: ansible-lint --profile production on the collection ($(pkg_versions "$tools/python" ansible-lint ansible-core ansible-compat ruamel.yaml))"
"$tools/ansible-lint" --profile production --offline --nocolor --exclude tests/unit/ </dev/null || rc=1
log "lint: antsibull-changelog lint (fragments) and lint-changelog-yaml (the releases)"
"$tools/antsibull-changelog" lint || rc=1
"$tools/antsibull-changelog" lint-changelog-yaml changelogs/changelog.yaml || rc=1
exit "$rc"

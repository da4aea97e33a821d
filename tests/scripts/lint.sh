#!/usr/bin/env bash
# ansible-lint (production profile) on roles/ and playbooks/, then antsibull-changelog lint.
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
has_content() { [[ -d "$1" ]] && [[ -n "$(find "$1" -type f \( -name '*.yml' -o -name '*.yaml' \) | head -n1)" ]]; }
targets=()
for d in roles playbooks; do
    has_content "$d" && targets+=("$d")
done
rc=0
if ((${#targets[@]})); then
    log "lint: ansible-lint --profile production ${targets[*]} ($("$tools/ansible-lint" --version 2>/dev/null | head -n1))"
    "$tools/ansible-lint" --profile production --offline --nocolor "${targets[@]}" </dev/null || rc=1
else
    log "lint: roles/ and playbooks/ are empty, ansible-lint skipped"
fi
log "lint: antsibull-changelog lint (fragments) and lint-changelog-yaml (the releases)"
"$tools/antsibull-changelog" lint || rc=1
"$tools/antsibull-changelog" lint-changelog-yaml changelogs/changelog.yaml || rc=1
exit "$rc"

#!/usr/bin/env bash
# Release checks: the collection tarball builds and holds no test output or caches, galaxy-importer
# accepts it, antsibull-docs lints every plugin's and role's documentation, and ansible-builder
# creates the execution environment's build context (no container engine needed for that step).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_venv tools
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
tools="$(venv_dir tools)/bin"
export PATH="$tools:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_HOME="$BUILD_ROOT/.ansible-release-home"
rc=0

cd "$COLL_COPY"
dist="$BUILD_ROOT/dist"
rm -rf "$dist"
mkdir -p "$dist"
log "release: ansible-galaxy collection build"
"$tools/ansible-galaxy" collection build --output-path "$dist" . >/dev/null
tarball="$(ls "$dist"/csops-cloudstack-*.tar.gz)"
log "release: $(basename "$tarball"), $(tar tzf "$tarball" | wc -l) entries, $(du -h "$tarball" | cut -f1)"
unwanted="$(tar tzf "$tarball" | grep -E '(^|/)(tests/output|\.venv[^/]*|\.build|\.cache|\.ansible|__pycache__|\.git)(/|$)|\.pyc$|\.tar\.gz$' || true)"
if [[ -n "$unwanted" ]]; then
    log "release: FAILED: the tarball holds test output or caches:"
    echo "$unwanted" | head -n 20
    rc=1
fi

log "release: galaxy-importer"
cfg="$BUILD_ROOT/galaxy-importer.cfg"
# run_ansible_lint = False: the importer's ansible-lint (production profile minus a few rules, on the
# collection without tests/integration and tests/unit) is a subset of what the lint stage runs
# (tests/scripts/lint.sh: the full production profile on the same files), so it is not run twice.
printf '[galaxy-importer]\nrun_ansible_test = False\nrun_ansible_lint = False\nlog_level_main = INFO\n' >"$cfg"
importer_log="$BUILD_ROOT/galaxy-importer.log"
if GALAXY_IMPORTER_CONFIG="$cfg" "$tools/python" -m galaxy_importer.main "$tarball" >"$importer_log" 2>&1; then
    if grep -E '^(ERROR|CRITICAL)' "$importer_log"; then
        log "release: FAILED: galaxy-importer reported errors (log: $importer_log)"
        rc=1
    else
        log "release: galaxy-importer accepted the tarball ($(grep -c WARNING "$importer_log" || true) warnings)"
        grep WARNING "$importer_log" | head -n 10 || true
    fi
else
    log "release: FAILED: galaxy-importer (log: $importer_log)"
    tail -n 30 "$importer_log"
    rc=1
fi

# --skip-rstcheck (antsibull-docs' documented switch "speeds up testing for large collections"): rstcheck on
# the RST generated for every plugin and role took 23 of this step's 37 s; the docs stage (docs.sh) generates
# the same RST with antsibull-docs and builds it with sphinx-build -W, where any RST warning fails, so this
# step keeps the schema, markup and reference checks and leaves the RST check to that build.
log "release: antsibull-docs lint-collection-docs --plugin-docs --skip-rstcheck (the docs stage builds that RST with -W)"
"$tools/antsibull-docs" lint-collection-docs --plugin-docs --skip-rstcheck . || rc=1

log "release: ansible-builder create from this checkout (the tarball above, no Galaxy download)"
# execution-environment.yml takes the collection from .build/ee/csops-cloudstack.tar.gz next to it:
# where `make release` leaves it for `ansible-builder build` too
ee_dir="$REPO_ROOT/.build/ee"
mkdir -p "$ee_dir"
cp "$tarball" "$ee_dir/csops-cloudstack.tar.gz"
context="$BUILD_ROOT/ee-context"
rm -rf "$context"
"$tools/ansible-builder" create -f "$REPO_ROOT/execution-environment.yml" --context "$context" \
    --output-filename Containerfile >"$BUILD_ROOT/ansible-builder.log" 2>&1 || { cat "$BUILD_ROOT/ansible-builder.log"; rc=1; }
if grep -q WARNING "$BUILD_ROOT/ansible-builder.log"; then
    cat "$BUILD_ROOT/ansible-builder.log"; log "release: FAILED: ansible-builder warned"; rc=1
fi
for f in Containerfile _build/requirements.yml _build/collections/csops-cloudstack.tar.gz; do
    [[ -f "$context/$f" ]] || { log "release: FAILED: ansible-builder made no $f"; rc=1; }
done
if [[ -f "$context/_build/collections/csops-cloudstack.tar.gz" ]] && ! cmp -s "$tarball" "$context/_build/collections/csops-cloudstack.tar.gz"; then
    log "release: FAILED: the build context's collection is not the tarball just built"; rc=1
fi
if ! grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$context/Containerfile" \
        || ! grep -q 'collections/csops-cloudstack.tar.gz' "$context/_build/requirements.yml"; then
    log "release: FAILED: the Containerfile does not install the collection from the context"; rc=1
else
    log "release: execution environment context in ${context#"$REPO_ROOT"/} installs $(basename "$tarball")"
fi

log "release: CHANGELOG.rst matches changelogs/changelog.yaml (antsibull-changelog generate)"
if "$tools/antsibull-changelog" generate >/dev/null 2>&1 && git diff --quiet -- CHANGELOG.rst changelogs/changelog.yaml; then
    log "release: CHANGELOG.rst is up to date"
else
    git --no-pager diff --stat -- CHANGELOG.rst changelogs/changelog.yaml
    log "release: FAILED: CHANGELOG.rst differs from what antsibull-changelog generates (run it and commit)"; rc=1
fi
((rc == 0)) && log "release: all checks passed"
exit "$rc"

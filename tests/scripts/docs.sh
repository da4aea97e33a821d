#!/usr/bin/env bash
# `make docs`: the HTML docs site in .build/docsite/html, then its checks.
#   1. antsibull-docs: a page for every module, plugin and role of the collection copy (sphinx-init
#      writes the Sphinx project, `antsibull-docs collection` the pages), plus the guides in docs/*.md
#      (Markdown, read by myst-parser; links out of docs/ point at the repository);
#   2. sphinx-build with -W: any warning fails;
#   3. tests/docs/check_site.py: every internal link and anchor of the built HTML resolves, and
#      headless Chromium (Debian's package) loads the index and the zone module page; a screenshot of
#      the latter is saved as tests/output/docs-zone-module.png.
# Usage: tests/scripts/docs.sh [--no-browser]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

require_venv docs
[[ -d "$COLL_COPY" ]] || die "no collection copy: run tests/scripts/build_copy.sh (make build) first"
venv="$(venv_dir docs)"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH="$BUILD_ROOT"
export ANSIBLE_HOME="$BUILD_ROOT/.ansible-docs-home"
site="$BUILD_ROOT/docsite"
rm -rf "$site"
mkdir -p "$site"

log "docs: antsibull-docs sphinx-init and collection ($(antsibull-docs --version 2>/dev/null | head -n1))"
antsibull-docs sphinx-init --use-current --dest-dir "$site" --fail-on-error csops.cloudstack >"$site/init.log" 2>&1 \
    || { cat "$site/init.log"; die "docs: antsibull-docs sphinx-init failed"; }
cat "$REPO_ROOT/tests/docs/conf_extra.py" >>"$site/conf.py"
cp "$REPO_ROOT/tests/docs/list_parser_pool.py" "$site/"
mkdir -p "$site/rst"
chmod og-w "$site/rst"
antsibull-docs --config-file "$site/antsibull-docs.cfg" collection --cleanup everything --fail-on-error \
    --use-current --dest-dir "$site/rst" csops.cloudstack >"$site/collection.log" 2>&1 \
    || { cat "$site/collection.log"; die "docs: antsibull-docs collection failed"; }
cp "$REPO_ROOT/tests/docs/index.rst" "$site/rst/index.rst"
"$venv/bin/python" "$REPO_ROOT/tests/docs/check_site.py" inventory "$site/ansible_devel.inv"

log "docs: the guides (docs/*.md)"
mkdir -p "$site/rst/guides"
"$venv/bin/python" "$REPO_ROOT/tests/docs/check_site.py" guides "$REPO_ROOT" "$site/rst/guides"

log "docs: sphinx-build -W (no warning allowed)"
warnings="$site/warnings.log"
if ! sphinx-build -q -W --keep-going -b html -c "$site" "$site/rst" "$site/html" -w "$warnings" >"$site/sphinx.log" 2>&1; then
    cat "$warnings" "$site/sphinx.log" | head -n 60
    die "docs: sphinx-build reported $(grep -c . "$warnings" || true) warning line(s) (see above)"
fi
log "docs: $(find "$site/html" -name '*.html' | wc -l) pages in ${site#"$REPO_ROOT"/}/html"

args=(check "$site/html" --screenshot "$REPO_ROOT/tests/output/docs-zone-module.png")
[[ "${1:-}" == --no-browser ]] && args+=(--no-browser)
mkdir -p "$REPO_ROOT/tests/output"
"$venv/bin/python" "$REPO_ROOT/tests/docs/check_site.py" "${args[@]}"

#!/usr/bin/env bash
# Make .build/ansible_collections/csops/cloudstack a fresh copy of the collection: the files git
# tracks plus untracked files that are not ignored (so .venv/, .build/, tests/output/, caches and
# other ignored files never get in). Works in a fresh CI clone and in a work tree without commits.
#
# Why a `git init` inside the copy: ansible-test looks for its source provider by walking up from
# the collection root; without a .git in the copy it would find the repository's own .git above
# .build/ and ask `git ls-files` there, which ignores .build/ -> no files at all. A throwaway repo
# in the copy makes ansible-test list exactly the copied files.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$REPO_ROOT"
command -v git >/dev/null || die "git is required"

rm -rf "$COLL_COPY"
mkdir -p "$COLL_COPY"

# -z: safe for any file name; skip files listed in the index but deleted in the work tree.
# One cp for all files (a cp and a mkdir per file took seconds, and every make target builds the copy).
files=()
while IFS= read -r -d '' f; do
    [[ -e "$f" || -L "$f" ]] && files+=("$f")
done < <(git ls-files -z -c -o --exclude-standard)
count=${#files[@]}
((count > 0)) || die "build: git lists no file to copy"
cp -P --parents --preserve=mode,timestamps -t "$COLL_COPY" -- "${files[@]}"

# a generated file the harness itself writes must never come from the work tree
rm -f "$COLL_COPY/tests/integration/integration_config.yml"

(
    cd "$COLL_COPY"
    git init -q
    git add -A
    git -c user.name=csops-ci -c user.email=ci@localhost -c commit.gpgsign=false \
        commit -q --no-verify -m "test copy" >/dev/null
)
log "build: copied $count files to ${COLL_COPY#"$REPO_ROOT"/}"

#!/bin/sh
# Test prep: export ovirt-engine's packaging/dbscripts out of a fetched oVirt/ovirt-engine mirror
# (bare git, e.g. the `fetch` tool's /work/.mirror/oVirt+ovirt-engine/repo) to $OVIRT_DBSCRIPTS
# (default /tmp/ovirt-dbscripts), for test/ovirt/real.test.ts and bench/ovirt-apply.ts.
# Never export it into the repository: it is reference material, not voipdb code.
set -eu
GIT_DIR=${1:-/work/.mirror/oVirt+ovirt-engine/repo}
OUT=${OVIRT_DBSCRIPTS:-/tmp/ovirt-dbscripts}
TMP=$(mktemp -d)
git --git-dir="$GIT_DIR" archive HEAD packaging/dbscripts | tar -x -C "$TMP"
rm -rf "$OUT"
mv "$TMP/packaging/dbscripts" "$OUT"
git --git-dir="$GIT_DIR" rev-parse HEAD > "$OUT/COMMIT"
rm -rf "$TMP"
echo "exported $(ls "$OUT/upgrade" | grep -c '\.sql$') upgrade scripts to $OUT"

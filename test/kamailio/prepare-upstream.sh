#!/bin/sh
# Test prep (not run in CI): copy the upstream create scripts the oracle fixtures are made from
# out of a fetched kamailio/kamailio mirror into $VOIPDB_UPSTREAM_DIR (default /tmp/voipdb-upstream):
#   kamailio-5.6/{postgres,mysql,db_sqlite}/*-create.sql   (branch 5.6)
#   ser-0.9/ser_mysql.sh                                    (branch rel_0_9_0)
#   ser-2.0/{my_create,my_data,pg_create,pg_data}.sql       (branch rel_2_0_0)
# Then: VOIPDB_UPSTREAM_DIR=... VOIPDB_WRITE_FIXTURES=1 npx vitest run test/kamailio/fixtures.test.ts test/ser/fixtures.test.ts
set -eu
GIT_DIR=${1:-/work/.mirror/kamailio+kamailio/repo}
OUT=${VOIPDB_UPSTREAM_DIR:-/tmp/voipdb-upstream}
g() { git --git-dir="$GIT_DIR" "$@"; }

for d in postgres mysql db_sqlite; do
  mkdir -p "$OUT/kamailio-5.6/$d"
  for f in $(g ls-tree --name-only 5.6 "utils/kamctl/$d/" | grep -- '-create\.sql$'); do
    g show "5.6:$f" > "$OUT/kamailio-5.6/$d/$(basename "$f")"
  done
done
g rev-parse 5.6 > "$OUT/kamailio-5.6/COMMIT"

mkdir -p "$OUT/ser-0.9" "$OUT/ser-2.0"
g show rel_0_9_0:scripts/ser_mysql.sh > "$OUT/ser-0.9/ser_mysql.sh"
g rev-parse rel_0_9_0 > "$OUT/ser-0.9/COMMIT"
g show rel_2_0_0:scripts/mysql/my_create.sql > "$OUT/ser-2.0/my_create.sql"
g show rel_2_0_0:scripts/mysql/my_data.sql > "$OUT/ser-2.0/my_data.sql"
g show rel_2_0_0:scripts/postgres/pg_create.sql > "$OUT/ser-2.0/pg_create.sql"
g show rel_2_0_0:scripts/postgres/pg_data.sql > "$OUT/ser-2.0/pg_data.sql"
g rev-parse rel_2_0_0 > "$OUT/ser-2.0/COMMIT"
echo "upstream scripts in $OUT"

#!/bin/sh
# The postgres image's first start, as docker-compose.yml uses it: a cluster in PGDATA whose
# superuser is POSTGRES_USER with POSTGRES_PASSWORD (scram-sha-256, from any address), and the
# database POSTGRES_DB; then the command (`postgres -c ...`).
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?}" > "$pwfile"
  initdb -D "$PGDATA" -U "${POSTGRES_USER:?}" --pwfile="$pwfile" -E UTF8 \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"${POSTGRES_DB:?}\";" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec "$@"

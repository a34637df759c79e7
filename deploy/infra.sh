#!/usr/bin/env bash
# Kafka (KRaft, one combined broker+controller), Redis and PostgreSQL as local processes on
# 127.0.0.1, data under .rlservice/. Usage: infra.sh start|stop|status [kafka|redis|postgres]
# 'start' is idempotent: what already runs is left alone.
# `infra.sh cluster start|stop|status|kill [N]`: a three-broker Kafka of its own (kafka_cluster.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
load_env

KAFKA_PORT=19092; KAFKA_CONTROLLER_PORT=19093; REDIS_PORT=16379; PG_PORT=15432
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

kafka_start() {
  local dir="$STATE/kafka" jars
  jars=$(compgen -G "$dir/libs-*[!l]" | head -n 1) || die "Kafka jars missing: run deploy/bootstrap.sh"
  pid_alive "$STATE/run/kafka.pid" && return 0
  mkdir -p "$dir/data"
  sed -e "s#@DATA@#$dir/data#" -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CPORT@#$KAFKA_CONTROLLER_PORT#g" \
    "$ROOT/deploy/kafka/server.properties" > "$dir/server.properties"
  local cp="$jars/*" jvm=(-Xms256m -Xmx1g -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.yaml")
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting Kafka storage"
    java "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -c "$dir/server.properties" \
      -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid)" >> "$STATE/logs/kafka.log" 2>&1
  fi
  log "starting Kafka on 127.0.0.1:$KAFKA_PORT"
  nohup java "${jvm[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" \
    >> "$STATE/logs/kafka.log" 2>&1 < /dev/null &
  echo $! > "$STATE/run/kafka.pid"
  # A broker holding many partitions takes a while to load them after a restart.
  wait_for "Kafka" 180 port_open $KAFKA_PORT
}

redis_start() {
  pid_alive "$STATE/run/redis.pid" && return 0
  mkdir -p "$STATE/redis"
  log "starting Redis on 127.0.0.1:$REDIS_PORT"
  # Append-only with fsync every second: idempotency claims must survive a Redis restart.
  redis-server - <<CONF
bind 127.0.0.1
port $REDIS_PORT
daemonize yes
pidfile $STATE/run/redis.pid
logfile $STATE/logs/redis.log
dir $STATE/redis
appendonly yes
appendfsync everysec
requirepass $REDIS_PASSWORD
CONF
  wait_for "Redis" 30 redis-cli -p $REDIS_PORT --no-auth-warning -a "$REDIS_PASSWORD" ping
}

postgres_start() {
  local data="$STATE/postgres"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initializing PostgreSQL in $data"
    mkdir -p "$data"; chmod 700 "$data"
    local pwfile; pwfile=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$data" "$pwfile"
      # The postgres user must be able to reach the data folder inside the checkout.
      local d; d=$(dirname "$data"); while [ "$d" != / ]; do chmod o+x "$d"; d=$(dirname "$d"); done
    fi
    as_pg "$PG_BIN/initdb" -D "$data" -U rlservice --pwfile="$pwfile" \
      --auth-local=scram-sha-256 --auth-host=scram-sha-256 >> "$STATE/logs/postgres.log" 2>&1
    rm -f "$pwfile"
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    local plog="$STATE/logs/postgres.log"; touch "$plog"; [ "$(id -u)" -ne 0 ] || chown postgres: "$plog"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$plog" -w -t 60 start \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" >/dev/null
  fi
  export PGPASSWORD="$POSTGRES_PASSWORD"
  wait_for "PostgreSQL" 30 psql -h 127.0.0.1 -p $PG_PORT -U rlservice -d postgres -c 'select 1'
  psql -h 127.0.0.1 -p $PG_PORT -U rlservice -d postgres -tAc \
    "select 1 from pg_database where datname='rlservice'" | grep -q 1 ||
    psql -h 127.0.0.1 -p $PG_PORT -U rlservice -d postgres -qc 'create database rlservice' >/dev/null
  postgres_private_log
}

# deploy/postgres/privacy.conf on every start: ALTER SYSTEM keeps it in the data folder (one
# made before the file too), and a reload applies it to a server already running, no restart.
postgres_private_log() {
  local line sql=()
  while IFS= read -r line; do
    [[ $line =~ ^[[:space:]]*(#|$) ]] || sql+=(-c "ALTER SYSTEM SET $line")
  done < "$ROOT/deploy/postgres/privacy.conf"
  psql -h 127.0.0.1 -p $PG_PORT -U rlservice -d postgres -q "${sql[@]}" -c 'select pg_reload_conf()' >/dev/null
}

kafka_stop() { stop_pid kafka 30; }
redis_stop() { stop_pid redis 10; }
postgres_stop() {
  [ -f "$STATE/postgres/PG_VERSION" ] || return 0
  as_pg "$PG_BIN/pg_ctl" -D "$STATE/postgres" status >/dev/null 2>&1 || return 0
  log "stopping PostgreSQL"; as_pg "$PG_BIN/pg_ctl" -D "$STATE/postgres" -m fast -w stop >/dev/null
}
stop_pid() {  # SIGTERM, wait, then SIGKILL: Kafka and Redis both flush on SIGTERM.
  local name=$1 secs=$2 pidf="$STATE/run/$1.pid"
  pid_alive "$pidf" || { rm -f "$pidf"; return 0; }
  log "stopping $name"; local pid; pid=$(cat "$pidf"); kill "$pid"
  local deadline=$((SECONDS + secs))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidf"
}

status() {
  printf 'kafka    %s\n' "$(port_open $KAFKA_PORT && echo up || echo down)"
  printf 'redis    %s\n' "$(port_open $REDIS_PORT && echo up || echo down)"
  printf 'postgres %s\n' "$(port_open $PG_PORT && echo up || echo down)"
}

cmd=${1:-status}; shift || true
[ "$cmd" != cluster ] || exec "$ROOT/deploy/kafka_cluster.sh" "$@"
parts=("${@:-}"); [ -n "${parts[0]}" ] || parts=(postgres redis kafka)
case $cmd in
  start) for p in "${parts[@]}"; do "${p}_start"; done ;;
  stop)  for ((i=${#parts[@]}-1; i>=0; i--)); do "${parts[i]}_stop"; done ;;
  status) status ;;
  *) die "usage: infra.sh start|stop|status [kafka|redis|postgres]" ;;
esac

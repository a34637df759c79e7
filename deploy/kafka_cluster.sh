#!/usr/bin/env bash
# Three KRaft brokers (each broker+controller, a 3-voter quorum) as local processes on
# 127.0.0.1:29092-29094 (controllers 29192-29194), data under .rlservice/kafka-cluster/N/, apart
# from the one-broker infra the tests use. For the replication drill (make drill-brokers).
# Usage: kafka_cluster.sh start|stop|status [N...]   kafka_cluster.sh kill N (SIGKILL)
# Also reached as `deploy/infra.sh cluster ...`. 'start' is idempotent.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

NODES=(1 2 3)
DIR="$STATE/kafka-cluster"
port() { echo $((29091 + $1)); }
cport() { echo $((29191 + $1)); }
pidfile() { echo "$STATE/run/kafka-cluster-$1.pid"; }
VOTERS=$(for n in "${NODES[@]}"; do printf '%s@127.0.0.1:%s,' "$n" "$(cport "$n")"; done)
VOTERS=${VOTERS%,}

jars() { compgen -G "$STATE/kafka/libs-*[!l]" | head -n 1 || die "Kafka jars missing: run deploy/bootstrap.sh"; }
# Modest heaps: three JVMs share two cores and the memory with the rest of the stack.
jvm() { echo "${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -Dlog4j2.configurationFile=$ROOT/deploy/kafka/log4j2.yaml"; }

broker_start() {
  local n=$1 cp; cp="$(jars)/*"
  pid_alive "$(pidfile "$n")" && return 0
  mkdir -p "$DIR/$n/data"
  sed -e "s#@DATA@#$DIR/$n/data#" -e "s#@NODE@#$n#" -e "s#@VOTERS@#$VOTERS#" \
    -e "s#@PORT@#$(port "$n")#" -e "s#@CPORT@#$(cport "$n")#" \
    "$ROOT/deploy/kafka/cluster.properties" > "$DIR/$n/server.properties"
  # Every node is formatted with the same cluster id, made once.
  [ -f "$DIR/cluster-id" ] || java -cp "$cp" kafka.tools.StorageTool random-uuid > "$DIR/cluster-id"
  if [ ! -f "$DIR/$n/data/meta.properties" ]; then
    log "formatting broker $n"
    # shellcheck disable=SC2046  # jvm's options are words
    java $(jvm) -cp "$cp" kafka.tools.StorageTool format -c "$DIR/$n/server.properties" \
      -t "$(cat "$DIR/cluster-id")" >> "$STATE/logs/kafka-cluster-$n.log" 2>&1
  fi
  log "starting broker $n on 127.0.0.1:$(port "$n")"
  # shellcheck disable=SC2046
  nohup java $(jvm) -cp "$cp" kafka.Kafka "$DIR/$n/server.properties" \
    >> "$STATE/logs/kafka-cluster-$n.log" 2>&1 < /dev/null &
  echo $! > "$(pidfile "$n")"
}

broker_stop() {  # SIGTERM (a controlled shutdown moves leadership away first), then SIGKILL
  local n=$1 pidf; pidf=$(pidfile "$n")
  pid_alive "$pidf" || { rm -f "$pidf"; return 0; }
  log "stopping broker $n"; local pid; pid=$(cat "$pidf"); kill "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidf"
}

broker_kill() {  # the drill's fault: no shutdown at all
  local pidf; pidf=$(pidfile "$1")
  pid_alive "$pidf" || die "broker $1 is not running"
  kill -9 "$(cat "$pidf")"; rm -f "$pidf"
}

cmd=${1:-status}; shift || true
nodes=("$@"); [ ${#nodes[@]} -gt 0 ] || nodes=("${NODES[@]}")
case $cmd in
  start)
    # All at once: a broker waits for a quorum of controllers before it listens.
    for n in "${nodes[@]}"; do broker_start "$n"; done
    for n in "${nodes[@]}"; do wait_for "Kafka broker $n" 180 port_open "$(port "$n")"; done ;;
  stop) for n in "${nodes[@]}"; do broker_stop "$n"; done ;;
  kill) for n in "${nodes[@]}"; do broker_kill "$n"; done ;;
  status)
    for n in "${nodes[@]}"; do
      printf 'broker %s 127.0.0.1:%s %s\n' "$n" "$(port "$n")" \
        "$(port_open "$(port "$n")" && echo up || echo down)"
    done ;;
  *) die "usage: kafka_cluster.sh start|stop|status|kill [1|2|3 ...]" ;;
esac

#!/usr/bin/env bash
# A Docker engine on this Debian machine, for the compose test (make test-deploy) and the
# testcontainers path of the fixtures: Debian's docker.io (dockerd) and docker-compose (the
# version Debian serves), installed when missing; dockerd started in the background when no
# engine answers. Idempotent: does nothing when `docker info` already answers.
#   deploy/docker_engine.sh          install if needed, start, wait until the engine answers
#   deploy/docker_engine.sh stop     stop the dockerd this script started (and nothing else)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PIDFILE="$STATE/run/dockerd.pid"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

if [ "${1:-start}" = stop ]; then
  pid_alive "$PIDFILE" || exit 0
  log "stopping dockerd"
  $SUDO kill "$(cat "$PIDFILE")"
  # dockerd stops its containers first (up to their stop timeout), then exits.
  wait_for "dockerd's exit" 60 bash -c "! kill -0 $(cat "$PIDFILE")"
  rm -f "$PIDFILE"
  exit 0
fi

need_apt=()
[ -x /usr/sbin/dockerd ] || need_apt+=(docker.io)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
# deploy/local_base.sh builds the base image from Debian's mirror.
command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] || need_apt+=(debootstrap)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${need_apt[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd (log: $STATE/logs/dockerd.log)"
  # Not a system service here (no systemd in these machines): a background process whose pid
  # `stop` uses.
  $SUDO sh -c "nohup /usr/sbin/dockerd > '$STATE/logs/dockerd.log' 2>&1 & echo \$! > '$PIDFILE'"
  wait_for "the Docker engine" 60 docker info
fi

# Shared by the deploy scripts: where things live, and small helpers. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.rlservice"          # git-ignored: jars, data, logs, pid files
VENV="$ROOT/.venv"
mkdir -p "$STATE/logs" "$STATE/run"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# .env is the only place secrets live; load it so child processes see the same settings.
load_env() {
  [ -f "$ROOT/.env" ] || die ".env is missing: run 'make up' (it creates one) or copy .env.example"
  set -a; . "$ROOT/.env"; set +a
}

# wait_for DESCRIPTION SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local what=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not become ready within ${secs}s (logs: $STATE/logs)"
    sleep 0.3
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

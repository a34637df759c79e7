#!/usr/bin/env bash
# For machines that cannot pull from a public registry (this one): builds what the compose
# deployment needs from Debian's mirror and PyPI on the host instead of Docker Hub.
#   rl-service/base:local   Debian bookworm (debootstrap) with Python 3.11 in a venv at /usr/local,
#                           so `python` and `pip` are where python:3.11-slim has them
#   deploy/wheels/          the project's dependencies as wheels, for an offline `pip install`
#   deploy/local/kafka-libs the broker's jars (deploy/bootstrap.sh's), for the local Kafka image
# deploy/compose.local.yml then builds every image FROM the base. Idempotent: the base is
# rebuilt only when missing (`docker rmi rl-service/base:local` forces it), the wheels only when
# pyproject.toml changes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

BASE=rl-service/base:local
SUITE=bookworm
# The mirror apt on this machine uses (deb.debian.org unless sources say otherwise).
MIRROR="$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

if ! docker image inspect "$BASE" >/dev/null 2>&1; then
  log "building $BASE with debootstrap from $MIRROR (about a minute)"
  root="$(mktemp -d)"
  trap '$SUDO rm -rf "$root"' EXIT
  $SUDO debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
    "$SUITE" "$root" "$MIRROR" >"$STATE/logs/debootstrap.log" 2>&1 \
    || die "debootstrap failed (log: $STATE/logs/debootstrap.log)"
  # python:3.11-slim's layout: python and pip first on PATH, in /usr/local (a venv there, since
  # Debian's own Python refuses `pip install` into the system, PEP 668).
  $SUDO chroot "$root" python3 -m venv /usr/local
  # As Debian's official image: packages installed in a build never start their daemons.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$root/usr/sbin/policy-rc.d" >/dev/null
  $SUDO chmod +x "$root/usr/sbin/policy-rc.d"
  $SUDO chroot "$root" sh -c 'apt-get clean && rm -rf /var/lib/apt/lists/*'
  $SUDO tar -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    -c 'CMD ["python"]' - "$BASE" >/dev/null
fi

# Wheels for every pinned dependency and for the build backend that builds the project itself
# (pyproject.toml's build-system): the images install them with --no-index. Downloaded again
# only when those pins change.
wheels="$ROOT/deploy/wheels"
requirements="$("$VENV/bin/python" -c "import tomllib
p = tomllib.load(open('$ROOT/pyproject.toml', 'rb'))
print('\n'.join(p['project']['dependencies'] + p['build-system']['requires']))")"
stamp="$wheels/.requirements-$(printf '%s' "$requirements" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "downloading wheels into deploy/wheels"
  find "$wheels" -mindepth 1 ! -name README.md -delete
  # For this host's platform: Debian bookworm and Python 3.11 on x86-64, like the base.
  printf '%s\n' "$requirements" | "$VENV/bin/pip" download -q \
    --disable-pip-version-check --only-binary=:all: -d "$wheels" -r /dev/stdin
  touch "$stamp"
fi

# Apache Kafka's jars, as deploy/bootstrap.sh resolved them for the local broker, into the
# local Kafka image's build context (git-ignored).
jars=$(compgen -G "$STATE/kafka/libs-*[!l]" | head -n 1) || die "Kafka jars missing: run deploy/bootstrap.sh"
libs="$ROOT/deploy/local/kafka-libs"
if [ "$(cat "$libs/.from" 2>/dev/null)" != "$jars" ]; then
  rm -rf "$libs"; mkdir -p "$libs"
  cp "$jars"/*.jar "$libs/"
  echo "$jars" > "$libs/.from"
fi

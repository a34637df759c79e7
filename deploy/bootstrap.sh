#!/usr/bin/env bash
# Installs everything the stack needs on a fresh Debian machine, and does nothing when it is
# already there: Debian packages, the Python environment, Apache Kafka's jars from Maven Central.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v java >/dev/null || need_apt+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
# tests/e2e/test_replicas.py puts Debian's HAProxy in front of two gateways.
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need_apt+=(haproxy)
# The browser tests (tests/browser) drive Debian's Chromium through Debian's chromedriver:
# Selenium is never left to download a browser or a driver of its own.
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# Python: one venv, pinned versions from pyproject.toml, and the generated Python client
# (clients/python, editable: the e2e tests drive the stack with it); reinstalled only when one
# of their pyproject.toml files changes.
stamp="$VENV/.installed-$(cat "$ROOT/pyproject.toml" "$ROOT/clients/python/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "installing Python packages into .venv"
  [ -x "$VENV/bin/python" ] || python3.11 -m venv "$VENV" 2>/dev/null || python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -e "$ROOT[dev]" -e "$ROOT/clients/python"
  rm -f "$VENV"/.installed-*; touch "$stamp"
fi

# promtool checks the alert rules (tests/tooling/test_monitoring_files.py): the tool alone,
# unpacked into the venv from Debian's prometheus package (installing the package would start a
# Prometheus server). Not fatal: without it those checks skip, saying so.
if [ ! -x "$VENV/bin/promtool" ] && ! command -v promtool >/dev/null; then
  log "unpacking promtool from Debian's prometheus package"
  unpacked="$(mktemp -d)"; SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  if (cd "$unpacked" && { apt-get download -qq prometheus 2>/dev/null \
        || { $SUDO apt-get update -qq && apt-get download -qq prometheus 2>/dev/null; }; }) \
     && dpkg-deb -x "$unpacked"/prometheus_*.deb "$unpacked/x"; then
    cp "$unpacked/x/usr/bin/promtool" "$VENV/bin/promtool"
  else
    log "promtool not installed: the alert rules' promtool checks will skip"
  fi
  rm -rf "$unpacked"
fi

# Kafka: the broker's jars, resolved by deploy/kafka/pom.xml; re-resolved when the pom changes.
jars="$STATE/kafka/libs-$(sha256sum "$ROOT/deploy/kafka/pom.xml" | cut -c1-16)"
if [ ! -d "$jars" ]; then
  log "resolving Apache Kafka jars from Maven Central"
  rm -rf "$STATE"/kafka/libs-*
  mvn -q -B -f "$ROOT/deploy/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$jars.partial"
  mv "$jars.partial" "$jars"
fi

# uPlot, the dashboard's charting library (services/gateway/gateway/ui), from the npm registry's
# tarball, checked against the registry's integrity value pinned here; served by the gateway
# from ui/static/vendor (git-ignored), so a page never loads a script from a CDN.
UPLOT_VERSION=1.6.32
UPLOT_INTEGRITY="sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw=="
vendor="$ROOT/services/gateway/gateway/ui/static/vendor"
if [ "$(cat "$vendor/.uplot" 2>/dev/null)" != "$UPLOT_INTEGRITY" ] \
   || [ ! -f "$vendor/uPlot.iife.min.js" ] || [ ! -f "$vendor/uPlot.min.css" ]; then
  log "fetching uPlot $UPLOT_VERSION from the npm registry"
  unpacked="$(mktemp -d)"
  curl -fsSL "https://registry.npmjs.org/uplot/-/uplot-$UPLOT_VERSION.tgz" -o "$unpacked/uplot.tgz"
  got="$(python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' \
    "$unpacked/uplot.tgz")"
  if [ "$got" != "$UPLOT_INTEGRITY" ]; then
    rm -rf "$unpacked"; die "uPlot's tarball does not match its pinned integrity value"
  fi
  tar -xzf "$unpacked/uplot.tgz" -C "$unpacked" package/dist/uPlot.iife.min.js package/dist/uPlot.min.css
  mkdir -p "$vendor"
  cp "$unpacked"/package/dist/uPlot.iife.min.js "$unpacked"/package/dist/uPlot.min.css "$vendor/"
  echo "$UPLOT_INTEGRITY" > "$vendor/.uplot"
  rm -rf "$unpacked"
fi

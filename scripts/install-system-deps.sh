#!/usr/bin/env bash
# Installs what the test suite needs beyond Python, from Debian packages:
# a PostgreSQL server (the tests start their own instance on loopback) and
# Chromium, which Playwright drives in the dashboard tests.
set -euo pipefail

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

have_chromium() {
  command -v chromium >/dev/null
}

if have_postgres && have_chromium; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
$SUDO apt-get update -qq
if ! have_postgres; then
  echo "Installing the PostgreSQL server (Debian package 'postgresql') for the storage tests..."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # The Debian package starts a cluster of its own; the tests use their own instance.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
fi
if ! have_chromium; then
  echo "Installing Chromium (Debian package 'chromium') for the dashboard tests..."
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
have_postgres && have_chromium

#!/usr/bin/env bash
# Installs what the test suite needs beyond Python, from Debian packages:
# a PostgreSQL server (the tests start their own instance on loopback).
set -euo pipefail

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if have_postgres; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "Installing the PostgreSQL server (Debian package 'postgresql') for the storage tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
# The Debian package starts a cluster of its own; the tests use their own instance.
$SUDO service postgresql stop >/dev/null 2>&1 || true
have_postgres

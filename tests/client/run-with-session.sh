#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-with-session.sh PROGRAM [ARGS...]
#
# Runs PROGRAM on a private D-Bus session bus with a real Secret Service
# (gnome-keyring-daemon, unlocked with a throw-away password) and
# python3-dbusmock's notification daemon, in a temporary HOME and XDG dirs.
# The notification daemon's call log is at $PROCURE_NOTIFY_LOG.
set -eu

if [ -z "${PROCURE_IN_SESSION:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/procure-session-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
  mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"
  chmod 700 "$tmp/run"
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
         XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run" \
         PROCURE_NOTIFY_LOG="$tmp/notify.log" PROCURE_IN_SESSION=1
  # dbus-run-session ends the bus (and with it the daemons) when we return.
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi

# Inside the private bus.
# The daemons are not under test: keep the tests' G_DEBUG=fatal-warnings away.
printf '%s' 'procure-test' | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets >/dev/null
env -u G_DEBUG /usr/bin/python3 -m dbusmock --session --template notification_daemon \
  --parameters '{"capabilities": "body actions"}' -l "$PROCURE_NOTIFY_LOG" >/dev/null 2>&1 &
mock=$!
gdbus wait --session --timeout 20 org.freedesktop.Notifications
gdbus wait --session --timeout 20 org.freedesktop.secrets

status=0
"$@" || status=$?
kill "$mock" 2>/dev/null || true
exit $status

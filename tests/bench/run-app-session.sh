#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-app-session.sh PROGRAM [ARGS...]
#
# Runs PROGRAM as a desktop session would see it, on a headless machine: a
# private D-Bus session bus with gnome-keyring's Secret Service (unlocked
# with a throw-away password), an Xvfb display (GDK_BACKEND=x11), keyfile
# GSettings and temporary HOME/XDG directories, all removed afterwards.
set -eu

if [ -z "${BENCH_IN_SESSION:-}" ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/procure-bench-XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
  mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/run"
  chmod 700 "$tmp/run"
  export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
         XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run" \
         GSETTINGS_BACKEND=keyfile GSK_RENDERER="${GSK_RENDERER:-cairo}" PROCURE_NO_NOTIFICATIONS=1 GTK_A11Y=none NO_AT_BRIDGE=1 \
         BENCH_IN_SESSION=1
  status=0
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    env GDK_BACKEND=x11 "$0" "$@" || status=$?
  exit $status
fi

printf '%s' 'procure-bench' | env -u G_DEBUG gnome-keyring-daemon --unlock --components=secrets >/dev/null
gdbus wait --session --timeout 20 org.freedesktop.secrets
exec "$@"

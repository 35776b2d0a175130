#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test program with a private D-Bus session bus and an X server of its
# own, so app tests draw real windows on a headless machine.
set -eu
exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
  env GDK_BACKEND=x11 "$@"

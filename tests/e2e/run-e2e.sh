#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-e2e.sh --server PROCURE-SERVER --app PROCURE --out DIR [--schema-dir DIR]
#
# Suite 'e2e': checks that the desktop pieces the flow needs are installed
# (Xvfb, a D-Bus daemon, gnome-keyring, ImageMagick's import, Debian's
# python3 with pyatspi and dbusmock), then runs e2e_flow.py, which prints TAP.
# Without them the suite reports a skip, not a pass.
set -eu

here=$(dirname "$0")
python=/usr/bin/python3

missing=""
for tool in Xvfb dbus-daemon gnome-keyring-daemon gdbus import; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -x "$python" ] || missing="$missing $python"
if [ -z "$missing" ] && ! "$python" -c 'import pyatspi, dbusmock' >/dev/null 2>&1; then
  missing="$missing python3-pyatspi/python3-dbusmock"
fi
if [ -n "$missing" ]; then
  echo "1..0 # SKIP missing:$missing"
  exit 0
fi

# The flow's own processes must not inherit the unit-test settings.
unset G_DEBUG NO_AT_BRIDGE GTK_A11Y DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
exec "$python" "$here/e2e_flow.py" "$@"

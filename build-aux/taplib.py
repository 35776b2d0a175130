# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny TAP writer for the project's check scripts (meson protocol: tap)."""
import sys


class Tap:
    """Collects results and prints them as TAP version 13."""

    def __init__(self):
        self.count = 0
        self.failed = 0
        print("TAP version 13", flush=True)

    def ok(self, passed, name, detail=""):
        self.count += 1
        if not passed:
            self.failed += 1
        print(f"{'ok' if passed else 'not ok'} {self.count} - {name}")
        if detail and not passed:
            for line in str(detail).rstrip().splitlines():
                print(f"# {line}")
            # meson shows a TAP test's stderr with --print-errorlogs.
            print(f"not ok {self.count} - {name}\n{detail}", file=sys.stderr)
        sys.stdout.flush()
        return passed

    def skip(self, name, reason):
        self.count += 1
        print(f"ok {self.count} - {name} # SKIP {reason}", flush=True)

    def diag(self, text):
        for line in str(text).rstrip().splitlines():
            print(f"# {line}", flush=True)

    def bail_out(self, reason):
        print(f"Bail out! {reason}", flush=True)
        sys.exit(1)

    def finish(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0

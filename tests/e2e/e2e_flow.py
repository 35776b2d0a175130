# SPDX-License-Identifier: GPL-3.0-or-later
"""Suite 'e2e': one order from draft to closed, through the real UI of three
`procure` instances (pat, morgan, sam) against one `procure-server --demo`.

    e2e_flow.py --server PROCURE-SERVER --app PROCURE --out DIR [--schema-dir DIR]

Prints TAP. Each step drives one user's window through AT-SPI (by accessible
names, see atspi_driver.py), then checks the status every open window shows
after live sync, and saves a screenshot per user into DIR.

Besides the walk: sam opens and cancels the Ship dialog while the window list
is read as a screen reader does (PROCURE_E2E_DIALOG_CYCLES times, default 5;
PROCURE_E2E_PAST_END=0 leaves out the read past the last window); pat closes
the window before the shipment, is notified with no window open (background
sync) and opens the order from the notification (ActionInvoked).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

from e2e_session import SessionError, UserSession, stop_process

# Acme Logistics: approval from 1,000.00 EUR, a second approver from 10,000.00.
# 200 × “Automotive MFF2 chip” at 6.90 = 1,380.00: one approval needed.
PRODUCT = 'Automotive MFF2 chip'
QUANTITY = 200
TOTAL_LABEL = '€1,380.00'
USERS = {
    'pat': 'Pat Schneider · Purchaser',
    'morgan': 'Morgan Keller · Approver',
    'sam': 'Sam Okafor · Agent',
}
STEP_TIMEOUT = 45
# How often sam opens and cancels the Ship dialog while the window list is
# read over AT-SPI (a GTK 4.8 crash showed up as a dialog closed).
DIALOG_CYCLES = int(os.environ.get('PROCURE_E2E_DIALOG_CYCLES', '5'))
# 0: read the window list as a plain AT does (no index past the end), to
# measure how often the race alone hits.
PAST_END = os.environ.get('PROCURE_E2E_PAST_END', '1') != '0'


# ---------- data ----------

def luhn_digit(body):
    """The Luhn check digit that completes the digit string @body."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def sim_lines(count, seed):
    """@count “ICCID IMSI MSISDN” lines: 19-digit ICCIDs (89 49 …, valid Luhn
    digit), 15-digit IMSIs and E.164 numbers, unique within this run and
    clear of the demo data's ranges."""
    lines = []
    for i in range(count):
        serial = f'{seed:05d}{i:05d}'
        body = '894977' + '0' * (18 - 6 - len(serial)) + serial
        iccid = body + luhn_digit(body)
        imsi = f'26201{seed:05d}{i:05d}'
        msisdn = f'+491{seed:05d}{i:05d}'
        lines.append(f'{iccid} {imsi} {msisdn}')
    return lines


# ---------- TAP ----------

class Tap:
    def __init__(self, planned):
        self.n = 0
        self.failed = False
        print(f'1..{planned}', flush=True)

    def diag(self, text):
        for line in str(text).splitlines():
            print(f'# {line}', flush=True)

    def ok(self, name):
        self.n += 1
        print(f'ok {self.n} - {name}', flush=True)

    def not_ok(self, name, why):
        self.n += 1
        self.failed = True
        print(f'not ok {self.n} - {name}', flush=True)
        self.diag(why)

    def skip(self, name, why):
        self.n += 1
        print(f'ok {self.n} - {name} # SKIP {why}', flush=True)

    def todo(self, name, why):
        self.n += 1
        print(f'not ok {self.n} - {name} # TODO {why}', flush=True)


# ---------- the run ----------

class Run:
    def __init__(self, args, tmp):
        self.args = args
        self.tmp = tmp
        self.server = None
        self.url = None
        self.sessions = {}
        self.token = f'e2e-{random.randrange(10**8):08d}'
        self.po_number = None
        self.shipped_notification = None
        self.pasted = set()
        self.viewers = []        # users whose window shows the order's detail
        self.shot_no = 0

    def start_server(self):
        """Starts the one demo server; its URL is its first line of output."""
        db = os.path.join(self.tmp, 'server.db')
        out_path = os.path.join(self.tmp, 'server.out')
        with open(out_path, 'wb') as out, open(os.path.join(self.tmp, 'server.log'), 'wb') as log:
            self.server = subprocess.Popen(
                [self.args.server, '--demo', '--db', db, '--listen', '127.0.0.1:0'],
                stdout=out, stderr=log)
        deadline = time.monotonic() + 30
        while True:
            with open(out_path, encoding='utf-8', errors='replace') as out:
                first = out.readline()
            if first.endswith('\n'):
                break
            if self.server.poll() is not None or time.monotonic() > deadline:
                raise SessionError(f'the server printed no URL (exit status {self.server.poll()})')
            time.sleep(0.05)
        self.url = first.strip()
        if not self.url.startswith('http://127.0.0.1:'):
            raise SessionError(f'unexpected first line from the server: {self.url!r}')
        return self.url

    def start_sessions(self):
        for login in USERS:
            root = os.path.join(self.tmp, login)
            os.makedirs(root)
            session = UserSession(login, root, self.args.app, self.args.schema_dir)
            self.sessions[login] = session
            session.start()

    def sign_in_all(self):
        """Fills each sign-in page and presses “Sign In”, then waits for all
        three main views at once. Returns {login: error or None}."""
        errors = {}
        for login, s in self.sessions.items():
            try:
                s.call('wait_window', timeout=60)
                s.call('set_text', name='Server Address', text=self.url)
                s.call('set_text', name='Login', text=login)
                s.call('set_text', name='Password', text='demo')
                s.call('click', name='Sign In')
                s.send('wait_signed_in', subtitle=USERS[login], timeout=STEP_TIMEOUT)
                errors[login] = None
            except Exception as error:  # report it as this user's failure
                errors[login] = str(error)
        for login, s in self.sessions.items():
            if errors[login] is None:
                try:
                    s.receive()
                except SessionError as error:
                    errors[login] = str(error)
        return errors

    def screenshot(self, step):
        """One picture per user desktop, named after the step, taken at once."""
        self.shot_no += 1
        shots = []
        for login, session in self.sessions.items():
            path = os.path.join(self.args.out, f'{self.shot_no:02d}-{step}-{login}.png')
            try:
                shots.append((path, session.start_screenshot(path)))
            except OSError as error:
                print(f'# screenshot {path} failed: {error}', flush=True)
        for path, proc in shots:
            try:
                if proc.wait(30) != 0:
                    print(f'# screenshot {path} failed: import exited {proc.returncode}', flush=True)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def assert_status(self, status):
        """Every window that shows the order must reach @status (live sync);
        the windows are asked at the same time."""
        for login in self.viewers:
            self.sessions[login].send('wait_status', status=status, timeout=STEP_TIMEOUT)
        errors = []
        for login in self.viewers:
            try:
                self.sessions[login].receive()
            except SessionError as error:
                errors.append(str(error))
        if errors:
            raise SessionError('; '.join(errors))

    # ---------- steps ----------

    def step_pat_creates(self):
        pat = self.sessions['pat']
        pat.call('show_page', name='Catalogue')
        pat.call('click', name=f'Order {PRODUCT}')
        pat.call('set_value', name='Quantity, Line 1', value=QUANTITY, window='New Order')
        pat.call('set_text', name='Notes', text=f'{self.token} end-to-end order',
                 window='New Order')
        pat.call('wait_label', text=TOTAL_LABEL, window='New Order')
        pat.call('click', name='Submit Order', window='New Order')
        self.viewers = ['pat']
        self.assert_status('pending_approval')

    def open_from_list(self, login, page, table, status):
        s = self.sessions[login]
        s.call('show_page', name=page)
        s.call('search', text=self.token)
        s.call('open_row', table=table, status=status, timeout=STEP_TIMEOUT + 10)
        s.call('wait_status', status=status)

    def step_morgan_approves(self):
        self.open_from_list('morgan', 'Inbox', 'Inbox Orders', 'pending_approval')
        self.sessions['morgan'].call('click_order_action', name='Approve')
        self.viewers.append('morgan')
        self.assert_status('submitted')

    def step_sam_accepts(self):
        sam = self.sessions['sam']
        self.open_from_list('sam', 'Inbox', 'Inbox Orders', 'submitted')
        sam.call('click_order_action', name='Accept')
        suggested = sam.call('dialog_text', name='PO Number')
        if not suggested.isdigit():
            raise SessionError(f'the suggested PO number {suggested!r} is not numeric')
        self.po_number = f'77{random.randrange(10**8):08d}'
        sam.call('dialog_set_text', name='PO Number', text=self.po_number)
        sam.call('click_in_dialog', name='Accept')
        sam.call('wait_no_dialog')
        self.viewers.append('sam')
        self.assert_status('accepted')
        for login in self.viewers:
            self.sessions[login].call('wait_label', text=f'PO {self.po_number}', timeout=10)

    def step_sam_starts(self):
        self.sessions['sam'].call('click_order_action', name='Start Provisioning')
        self.assert_status('provisioning')

    def step_sam_assigns_sims(self):
        sam = self.sessions['sam']
        sam.call('click_order_action', name='Mark Ready')
        lines = sim_lines(QUANTITY, random.randrange(10**5))
        sam.call('dialog_set_text', name='SIMs', text='\n'.join(lines))
        sam.call('click_in_dialog', name='Mark Ready')
        sam.call('wait_no_dialog')
        self.assert_status('ready')
        self.pasted = {line.split()[0] for line in lines}

    def step_sims_listed(self):
        """Sam's detail lists the first SIMs by ICCID and “and N more”: all of
        them pasted ones, together QUANTITY."""
        session = self.sessions['sam']
        iccids = self.pasted
        deadline = time.monotonic() + 20
        while True:
            rows = session.call('list_rows', name='Assigned SIMs')
            shown = [r.split()[0] for r in rows if r[:2] == '89']
            more = [int(r.split()[1]) for r in rows if r.startswith('and ')]
            if shown and len(shown) + sum(more) == QUANTITY:
                break
            if time.monotonic() > deadline:
                raise SessionError(f'“Assigned SIMs” does not show {QUANTITY} SIMs: {rows}')
            time.sleep(0.5)
        strangers = [iccid for iccid in shown if iccid not in iccids]
        if strangers:
            raise SessionError(f'“Assigned SIMs” lists ICCIDs that were not pasted: {strangers}')

    def step_dialog_cycles(self):
        """GTK 4.8 answers an index past the visible windows with its last
        toplevel; when that one was hidden (the app's shortcuts window) the
        app died (SIGSEGV) whenever an AT-SPI client counted a dialog just
        before it closed. Sam's app must survive such reads."""
        started = time.monotonic()
        # The driver answers once all cycles are done (a few seconds each
        # on a loaded machine): give the call time in proportion.
        reads = self.sessions['sam'].call('cycle_dialog', action='Ship', count=DIALOG_CYCLES,
                                          timeout=max(STEP_TIMEOUT, 4 * DIALOG_CYCLES),
                                          past_end=PAST_END)
        self.assert_status('ready')
        return (f'{DIALOG_CYCLES} Ship dialogs opened and cancelled, {reads} window lists read '
                f'in {time.monotonic() - started:.1f}s')

    def step_sam_ships(self):
        sam = self.sessions['sam']
        sam.call('click_order_action', name='Ship')
        sam.call('dialog_set_text', name='Carrier', text='DHL Express')
        sam.call('dialog_set_text', name='Tracking Number', text=f'JD0146{self.token[4:]}')
        sam.call('click_in_dialog', name='Ship')
        sam.call('wait_no_dialog')
        self.assert_status('shipped')

    def step_pat_notified(self):
        """dbusmock logs each Notify call as
        TIME Notify "APP" ID "ICON" "SUMMARY" "BODY" [ACTIONS] {HINTS} TIMEOUT;
        one must name the PO number and “Shipped” in its summary and body.
        Pat's window is closed meanwhile: the app syncs in the background."""
        pat = self.sessions['pat']
        notify = re.compile(r'Notify "(?P<app>[^"]*)" \d+ "[^"]*" "(?P<summary>[^"]*)" "(?P<body>[^"]*)"')
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            calls = [m for m in map(notify.search, pat.notifications_logged().splitlines()) if m]
            for n, m in enumerate(calls):
                if all(self.po_number in m[f] and 'Shipped' in m[f] for f in ('summary', 'body')):
                    # The daemon numbers notifications 1, 2, … in call order.
                    self.shipped_notification = n + 1
                    windows = pat.call('window_count')
                    if 'pat' not in self.viewers and windows != 0:
                        raise SessionError(f'pat’s closed window is back ({windows} windows)')
                    return (f'notification {n + 1} with {windows} windows open: '
                            f'{m["summary"]} / {m["body"]}')
            if time.monotonic() > deadline:
                seen = [(m['summary'], m['body']) for m in calls]
                raise SessionError(f'no notification naming PO {self.po_number} and “Shipped”; '
                                   f'seen: {seen}')
            time.sleep(0.2)

    def step_pat_closes_window(self):
        """Pat closes the window; the app stays (background sync, 15 minutes
        by default) without a window."""
        pat = self.sessions['pat']
        pat.call('close_window')
        self.viewers.remove('pat')
        time.sleep(1.0)
        if pat.call('window_count') != 0:
            raise SessionError('a window came back')

    def step_pat_opens_notification(self):
        """“Open” on the notification (the daemon emits ActionInvoked, as a
        desktop does on a click) brings back a window on that order."""
        pat = self.sessions['pat']
        if self.shipped_notification is None:
            raise SessionError('no “Shipped” notification to open')
        pat.emit_notification_action(self.shipped_notification, 'open')
        pat.call('wait_window', timeout=STEP_TIMEOUT)
        self.viewers.append('pat')
        pat.call('wait_status', status='shipped', timeout=STEP_TIMEOUT)
        pat.call('wait_label', text=f'PO {self.po_number}', timeout=10)

    def step_pat_confirms(self):
        self.sessions['pat'].call('click_order_action', name='Confirm Receipt')
        self.assert_status('closed')

    def stop(self):
        for session in self.sessions.values():
            session.stop()
        stop_process(self.server)


STEPS = [
    ('pat creates an order of 1,380.00 EUR and submits it: Pending Approval', 'create',
     Run.step_pat_creates),
    ('morgan approves it in the inbox: Submitted', 'approve', Run.step_morgan_approves),
    ('sam accepts it with a PO number: Accepted', 'accept', Run.step_sam_accepts),
    ('sam starts provisioning: Provisioning', 'start', Run.step_sam_starts),
    (f'sam assigns {QUANTITY} pasted SIMs: Ready', 'ready', Run.step_sam_assigns_sims),
    (f'sam’s order detail lists the {QUANTITY} SIMs after live sync', 'sims', Run.step_sims_listed),
    ('sam’s app survives AT-SPI reading its windows while the Ship dialog closes', 'dialogs',
     Run.step_dialog_cycles),
    ('pat closes the window; the app keeps running without one', 'background',
     Run.step_pat_closes_window),
    ('sam records the shipment: Shipped', 'ship', Run.step_sam_ships),
    ('pat’s app, with no window, receives the “Shipped” notification', 'notified',
     Run.step_pat_notified),
    ('“Open” on that notification brings pat’s window back on the order', 'open',
     Run.step_pat_opens_notification),
    ('pat confirms receipt: Closed', 'close', Run.step_pat_confirms),
]


# Checks the later steps do not depend on: their failure blocks nothing.
NON_BLOCKING = {'sims', 'notified', 'dialogs', 'background'}

# Known gaps of the app: such a step failing is reported "not ok … # TODO"
# (it does not fail the suite). Remove the entry when the app is fixed.
KNOWN_GAPS = {
}


def run_steps(run, tap):
    blocked = None
    for name, short, fn in STEPS:
        if blocked is not None:
            tap.skip(name, f'blocked by the failed step “{blocked}”')
            continue
        started = time.monotonic()
        try:
            result = fn(run)
            tap.ok(f'{name} ({time.monotonic() - started:.1f}s)')
            if isinstance(result, str):
                tap.diag(result)
        except Exception as error:  # one failed step fails the suite
            if short in KNOWN_GAPS:
                tap.todo(name, KNOWN_GAPS[short])
                tap.diag(str(error))
            else:
                tap.not_ok(name, f'{error}')
            if short not in NON_BLOCKING:
                blocked = name
        run.screenshot(short)
    return blocked is None


def describe_failure(run, tap):
    for login, session in run.sessions.items():
        for name in ('app', 'driver'):
            tail = session.log_tail(name)
            if tail:
                tap.diag(f'--- {login}’s {name} log (tail) ---')
                tap.diag('\n'.join(tail))
        backtrace = session.app_backtrace()
        if backtrace:
            tap.diag(f'--- {login}’s app crashed; backtrace (app-backtrace.log) ---')
            tap.diag('\n'.join(backtrace.splitlines()[:40]))


def keep_logs(tmp, dest):
    """Copies every process log and driver call log of a failed run next to
    the screenshots."""
    shutil.rmtree(dest, ignore_errors=True)
    for folder, _, files in os.walk(tmp):
        for name in files:
            if name.endswith('.log') or name == 'server.out':
                target = os.path.join(dest, os.path.relpath(folder, tmp))
                os.makedirs(target, exist_ok=True)
                shutil.copy(os.path.join(folder, name), target)
    print(f'# logs of the failed run in {dest}', flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--server', required=True)
    parser.add_argument('--app', required=True)
    parser.add_argument('--out', required=True)
    parser.add_argument('--schema-dir')
    parser.add_argument('--keep', action='store_true', help='keep the temporary directory')
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):      # this run's pictures only
        if name.endswith('.png'):
            os.unlink(os.path.join(args.out, name))
    shutil.rmtree(os.path.join(args.out, 'logs'), ignore_errors=True)

    tap = Tap(1 + len(USERS) + len(STEPS))
    tmp = tempfile.mkdtemp(prefix='procure-e2e-')
    run = Run(args, tmp)
    tap.diag(f'screenshots in {args.out}')
    try:
        try:
            tap.ok(f'demo server listens on {run.start_server()}')
        except Exception:
            tap.not_ok('demo server starts', traceback.format_exc())
            for name in [f'{login} signs in' for login in USERS] + [s[0] for s in STEPS]:
                tap.skip(name, 'no server')
            return 1
        signed_in = True
        try:
            run.start_sessions()
        except Exception:
            tap.diag(traceback.format_exc())
        errors = run.sign_in_all() if run.sessions else {}
        for login in USERS:
            error = errors.get(login, 'its desktop did not start')
            if error is None:
                tap.ok(f'{login} signs in on the sign-in page')
            else:
                tap.not_ok(f'{login} signs in on the sign-in page', error)
                signed_in = False
        run.screenshot('signed-in')
        if not signed_in:
            for name, _, _ in STEPS:
                tap.skip(name, 'a user could not sign in')
        else:
            run_steps(run, tap)
        if tap.failed:
            describe_failure(run, tap)
    finally:
        run.stop()
        if tap.failed:
            keep_logs(tmp, os.path.join(args.out, 'logs'))
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())

# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives one running `procure` through AT-SPI, by accessible names and roles.

Runs inside one user's session (its DISPLAY and D-Bus session bus) and reads
one JSON command per line on stdin; answers one JSON line per command on
stdout: {"ok": true, "result": ...} or {"ok": false, "error": "..."}.

Every wait is a bounded poll: a command fails with a message that says what
it was waiting for, never hangs. The names this relies on are listed in
NAMES.md beside this file; the app keeps them stable.
"""

import json
import sys
import time

import pyatspi

POLL = 0.1

# The labels the app shows for the wire statuses (src/core/procure-types.c).
STATUS_LABELS = {
    'draft': 'Draft', 'pending_approval': 'Pending Approval',
    'info_requested': 'Information Requested', 'submitted': 'Submitted',
    'rejected': 'Rejected', 'accepted': 'Accepted',
    'provisioning': 'Provisioning', 'ready': 'Ready', 'shipped': 'Shipped',
    'closed': 'Closed', 'cancelled': 'Cancelled',
}


class DriverError(Exception):
    pass


# ---------- finding things ----------

def normalize(name):
    """GTK 4.8 names a button "<accessible label> <child label>" and keeps
    mnemonic underscores: compare without underscores, and let a name match
    when it is the wanted one or starts with it followed by a space."""
    return (name or '').replace('_', '')


def name_matches(acc, name, role=None, exact=False):
    """@role: None (any), a role name, or a tuple of role names."""
    roles = (role,) if isinstance(role, str) else role
    try:
        if roles is not None and acc.getRoleName() not in roles:
            return False
        n = normalize(acc.name)
    except Exception:
        return False
    if n == name:
        return True
    return not exact and n.startswith(name + ' ')


def the_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.name == 'procure':
                return app
        except Exception:
            continue
    return None


def windows():
    app = the_app()
    if app is None:
        return []
    # libatspi may keep the app's list of windows from before a dialog
    # opened; ask the app again.
    app.clear_cache()
    return [app.getChildAtIndex(i) for i in range(app.childCount)]


def main_window():
    for win in windows():
        if win.name == 'Procure':
            return win
    return None


def on_screen(acc):
    """False for widgets GTK has not mapped: the hidden pages of a GtkStack
    stay in the tree with empty bounds. Skipping them keeps each search to a
    few hundred nodes instead of thousands (every node costs D-Bus calls)."""
    try:
        _, _, w, h = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except Exception:
        return True
    return w > 0 and h > 0


TABLE_ROLES = ('tree table', 'table')


def walk(root, pred, first_only, hidden=False, tables=False):
    """Depth first from @root. Skips unmapped widgets unless @hidden, and
    the rows of list views and flow boxes (hundreds of nodes) unless @tables."""
    found = []
    stack = [root]
    while stack:
        acc = stack.pop()
        if acc is None or (not hidden and not on_screen(acc)):
            continue
        if pred(acc):
            found.append(acc)
            if first_only:
                return found
        try:
            if acc is not root and not tables and acc.getRoleName() in TABLE_ROLES:
                continue
            n = acc.childCount
        except Exception:
            continue
        stack.extend(acc.getChildAtIndex(i) for i in reversed(range(n)))
    return found


def find(name, role=None, root=None, exact=False):
    root = root if root is not None else main_window()
    if root is None:
        return None
    found = walk(root, lambda a: name_matches(a, name, role, exact), True)
    return found[0] if found else None


_anchors = {}


def find_anchor(name, role=None):
    """find() for the long-lived named containers of the main window
    (“Order Actions”, “Order Progress”, “Order Status”): remembered, and
    looked up again only when the remembered one went stale or off screen."""
    acc = _anchors.get((name, role))
    try:
        if acc is not None and name_matches(acc, name, role, True) and on_screen(acc):
            return acc
    except Exception:
        pass
    acc = find(name, role, exact=True)
    _anchors[(name, role)] = acc
    return acc


def find_all(role, root, tables=False):
    return walk(root, lambda a: a.getRoleName() == role, False, tables=tables)


def text_of(acc):
    """A label's text. GTK 4.8 ignores getText (0, -1); ask with the count."""
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except NotImplementedError:
        return acc.name


def poll(what, timeout, probe):
    """Calls probe until it returns something true; AT-SPI objects go stale
    while the UI rebuilds, so errors inside count as "not yet"."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except Exception as error:  # stale object, window not there yet
            last_error = error
        if time.monotonic() >= deadline:
            detail = f' (last error: {last_error})' if last_error else ''
            raise DriverError(f'timed out after {timeout}s waiting for {what}{detail}')
        time.sleep(POLL)


def toplevel_with(name, role, timeout):
    """The window (main one or a dialog) holding the widget @name."""
    def probe():
        for win in reversed(windows()):
            widget = find(name, role, win)
            if widget is not None:
                return win, widget
        return None
    return poll(f'{role} “{name}” in any window', timeout, probe)


def press(widget):
    action = widget.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ('click', 'activate', 'press'):
            action.doAction(i)
            return
    if action.nActions == 0:
        raise DriverError(f'“{widget.name}” has no action')
    action.doAction(0)


def is_sensitive(widget):
    return widget.getState().contains(pyatspi.STATE_SENSITIVE)


# ---------- commands ----------

def cmd_wait_window(timeout=30):
    poll('the app’s main window on the accessibility bus', timeout, main_window)
    return True


def cmd_wait_label(text, timeout=30, window=None):
    def probe():
        root = window_named(window) if window else main_window()
        return find(text, 'label', root, exact=True)
    poll(f'label “{text}”', timeout, probe)
    return True


def cmd_wait_signed_in(subtitle, timeout=30):
    """Waits for the main view (its page tab “Inbox” on screen), then checks
    the header's subtitle “NAME · ROLE”, which the wide header keeps hidden."""
    poll('the main view (page tab “Inbox”)', timeout, lambda: find('Inbox', 'page tab', exact=True))
    root = main_window()
    found = walk(root, lambda a: name_matches(a, subtitle, 'label', True), True, hidden=True)
    if not found:
        raise DriverError(f'signed in, but no subtitle “{subtitle}”')
    return True


def window_named(name):
    for win in windows():
        if win.name == name:
            return win
    return None


TEXT_ROLES = ('text', 'entry', 'password text', 'spin button')


def cmd_set_text(name, text, timeout=10, window=None):
    def probe():
        root = window_named(window) if window else main_window()
        return find(name, TEXT_ROLES, root) if root is not None else None
    widget = poll(f'text field “{name}”', timeout, probe)
    widget.queryEditableText().setTextContents(text)
    # Password rows show bullets: compare the length only.
    poll(f'“{name}” to hold {len(text)} characters', timeout,
         lambda: widget.queryText().characterCount == len(text))
    return True


def cmd_set_value(name, value, timeout=10, window=None):
    root = lambda: window_named(window) if window else main_window()
    widget = poll(f'spin button “{name}”', timeout,
                  lambda: find(name, 'spin button', root(), exact=True))
    widget.queryValue().currentValue = float(value)
    poll(f'“{name}” to show {value}', timeout,
         lambda: abs(widget.queryValue().currentValue - float(value)) < 0.5)
    return True


def cmd_click(name, role='push button', timeout=15, window=None, sensitive=True):
    def probe():
        if window:
            root = window_named(window)
            widget = find(name, role, root) if root is not None else None
        else:
            widget = toplevel_with(name, role, 0.0)[1]
        if widget is None or (sensitive and not is_sensitive(widget)):
            return None
        return widget
    widget = poll(f'{"sensitive " if sensitive else ""}{role} “{name}”'
                  f'{" in window " + repr(window) if window else ""}', timeout, probe)
    press(widget)
    return True


def cmd_click_in_dialog(name, timeout=15):
    """Presses the button @name of the newest window other than the main one
    (an AdwMessageDialog's response buttons)."""
    def probe():
        for win in reversed(windows()):
            if win.name == 'Procure' and win.getRoleName() == 'frame':
                continue
            widget = find(name, 'push button', win)
            if widget is not None and is_sensitive(widget):
                return widget
        return None
    press(poll(f'button “{name}” in a dialog', timeout, probe))
    return True


def dialog_root(timeout):
    def probe():
        for win in reversed(windows()):
            if not (win.name == 'Procure' and win.getRoleName() == 'frame'):
                return win
        return None
    return poll('a dialog window', timeout, probe)


def cmd_dialog_set_text(name, text, timeout=15):
    """Sets the text of the entry row or text view @name in the open dialog."""
    def probe():
        return find(name, TEXT_ROLES, dialog_root(0.0))
    widget = poll(f'text field “{name}” in a dialog', timeout, probe)
    widget.queryEditableText().setTextContents(text)
    poll(f'“{name}” to hold {len(text)} characters', timeout,
         lambda: widget.queryText().characterCount == len(text))
    return True


def cmd_dialog_text(name, timeout=15):
    def probe():
        return find(name, TEXT_ROLES, dialog_root(0.0))
    return text_of(poll(f'text field “{name}” in a dialog', timeout, probe))


def cmd_wait_no_dialog(timeout=15):
    poll('the dialog to close', timeout,
         lambda: all(w.name == 'Procure' and w.getRoleName() == 'frame' for w in windows()))
    return True


def cmd_show_page(name, timeout=10):
    tab = poll(f'page tab “{name}”', timeout, lambda: find(name, 'page tab', exact=True))
    press(tab)
    return True


def cmd_search(text, timeout=10):
    """Opens the search bar (toggle “Search”) and types @text into “Search Text”."""
    toggle = poll('toggle “Search”', timeout,
                  lambda: find('Search', ('toggle button', 'push button'), exact=True))
    states = toggle.getState()
    if not (states.contains(pyatspi.STATE_CHECKED) or states.contains(pyatspi.STATE_PRESSED)):
        press(toggle)
    # Found even while the search bar's revealer is still opening.
    entry = poll('search entry “Search Text”', timeout,
                 lambda: next(iter(walk(main_window(), lambda a: name_matches(a, 'Search Text', TEXT_ROLES),
                                        True, hidden=True)), None))
    entry.queryEditableText().setTextContents(text)
    return True


def table_rows(table_name):
    table = find(table_name, 'tree table', exact=True)
    if table is None:
        return None
    rows = []
    for lst in find_all('list', table, tables=True):
        for i in range(lst.childCount):
            row = lst.getChildAtIndex(i)
            # A row is one label that joins its columns' texts with ", "
            # (procure-order-table.h); a date holds a comma too, the
            # status label never does.
            cells = [part for label in find_all('label', row, tables=True)
                     for part in (text_of(label) or '').split(', ')]
            if any(cells):
                rows.append((row, cells))
    return rows


def cmd_open_row(table, status, timeout=30):
    """Waits until the order list @table shows exactly one row, in @status
    (a wire status), and opens it with a click."""
    label = STATUS_LABELS[status]
    seen = {}

    def probe():
        rows = table_rows(table)
        seen['rows'] = [cells for _, cells in rows or []]
        if rows is None or len(rows) != 1 or label not in rows[0][1]:
            return None
        return rows[0][0]
    try:
        row = poll(f'exactly one “{label}” row in “{table}”', timeout, probe)
    except DriverError as error:
        raise DriverError(f'{error}; rows seen: {seen.get("rows")}')
    # Rows open on a single click; should the list want a double click
    # (GTK's default), the single click only selects and a double click follows.
    x, y, w, h = row.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + w // 3, y + h // 2, 'b1c')
    try:
        poll('the order detail after a click on the row', 6, lambda: detail_status() is not None)
    except DriverError:
        pyatspi.Registry.generateMouseEvent(x + w // 3, y + h // 2, 'b1d')
        poll('the order detail after opening the row', timeout, lambda: detail_status() is not None)
    return True


_status_label = None


def status_label_valid(label):
    try:
        return on_screen(label) and text_of(label) in STATUS_LABELS.values()
    except Exception:
        return False


def find_status_label():
    """The label showing the detail's status: the one inside the group
    “Order Status”; until the app names that group, the status label beside
    the title above “Order Progress”."""
    group = find_anchor('Order Status', ('panel', 'grouping', 'filler', 'group'))
    if group is not None:
        labels = find_all('label', group)
    else:
        progress = find_anchor('Order Progress', 'panel')
        if progress is None:
            return None
        labels = find_all('label', progress.parent.getChildAtIndex(0))
    return next((l for l in labels if text_of(l) in STATUS_LABELS.values()), None)


def detail_status():
    """The status the order detail shows. The label widget stays while the
    detail refills, so it is looked up once and then only read."""
    global _status_label
    if _status_label is None or not status_label_valid(_status_label):
        _status_label = find_status_label()
    return text_of(_status_label) if _status_label is not None else None


def cmd_wait_status(status, timeout=30):
    label = STATUS_LABELS[status]
    seen = {}

    def probe():
        seen['status'] = detail_status()
        return seen['status'] == label
    try:
        poll(f'the order detail to show “{label}”', timeout, probe)
    except DriverError as error:
        raise DriverError(f'{error}; it shows “{seen.get("status")}”')
    return label


def cmd_detail_labels(timeout=10):
    progress = poll('“Order Progress”', timeout, lambda: find_anchor('Order Progress', 'panel'))
    header = progress.parent.getChildAtIndex(0)
    return [text_of(label) for label in find_all('label', header)]


def cmd_close_window(timeout=10):
    """Closes the main window with its title bar's close button and waits
    until the app shows no window (it may go on running without one)."""
    button = poll('the window’s “Close” button', timeout,
                  lambda: find('Close', 'push button', exact=True))
    press(button)
    poll('the main window to close', timeout, lambda: main_window() is None)
    _anchors.clear()
    return True


def cmd_window_count(timeout=10):
    """How many windows the app shows; fails when the app is gone."""
    if not app_answers():
        raise DriverError('the app is not on the accessibility bus')
    return len(windows())


def cmd_order_actions(timeout=10):
    box = poll('“Order Actions”', timeout, lambda: find_anchor('Order Actions'))
    return [normalize(b.name) for b in find_all('push button', box)]


def cmd_click_order_action(name, timeout=30):
    """Presses the action button @name in the detail's “Order Actions”."""
    def probe():
        box = find_anchor('Order Actions')
        button = find(name, 'push button', box) if box is not None else None
        return button if button is not None and is_sensitive(button) else None
    press(poll(f'order action “{name}”', timeout, probe))
    return True


def read_window_list(past_end=True):
    """What an assistive technology does to list the app's windows: ask
    the count, then each window by index, and (@past_end) one index past
    the end, which GTK 4.8 answers with its last toplevel: a hidden one
    crashed the app. Returns the names seen."""
    app = the_app()
    if app is None:
        raise DriverError('the app left the accessibility bus')
    app.clear_cache()
    n = app.childCount
    names = []
    for i in range(n + 1 if past_end else n):
        app.clear_cache()
        try:
            child = app.getChildAtIndex(i)
            names.append(child.name if child is not None else None)
        except Exception as error:  # the dialog went away meanwhile, or the app died
            if not app_answers():
                raise DriverError(f'the app died while its window {i} of {n} was read: '
                                  f'{error}') from error
            names.append(None)
    return names


def app_answers():
    """True while the app is on the accessibility bus and answers."""
    try:
        app = the_app()
        if app is None:
            return False
        app.clear_cache()
        app.childCount
        return True
    except Exception:
        return False


def cmd_cycle_dialog(action, count, timeout=15, past_end=True):
    """Opens the order action @action's dialog and cancels it @count times,
    reading the window list (read_window_list()) as fast as it can while
    each dialog closes. Returns how many window lists were read."""
    reads = 0
    for cycle in range(1, count + 1):
        cmd_click_order_action(action, timeout)
        dialog_root(timeout)
        cmd_click_in_dialog('Cancel', timeout)
        deadline = time.monotonic() + timeout
        while True:
            try:
                names = read_window_list(past_end)
            except DriverError as error:
                raise DriverError(f'dialog {cycle} of {count}, window list {reads + 1}: {error}') \
                    from error
            reads += 1
            if names.count('Procure') == len(names) and len(names) <= (2 if past_end else 1):
                break
            if time.monotonic() > deadline:
                raise DriverError(f'the dialog did not close; windows: {names}')
    read_window_list(past_end)
    return reads


def cmd_list_rows(name, timeout=10):
    """The names (row titles) of the rows of the list box @name."""
    box = poll(f'list “{name}”', timeout, lambda: find(name, 'list', exact=True))
    return [normalize(box.getChildAtIndex(i).name) for i in range(box.childCount)]


COMMANDS = {name[4:]: fn for name, fn in globals().items() if name.startswith('cmd_')}


def serve():
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            fn = COMMANDS[request.pop('cmd')]
            reply = {'ok': True, 'result': fn(**request)}
        except Exception as error:  # report every failure to the caller
            reply = {'ok': False, 'error': f'{type(error).__name__}: {error}'}
        sys.stdout.write(json.dumps(reply) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    serve()

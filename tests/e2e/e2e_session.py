# SPDX-License-Identifier: GPL-3.0-or-later
"""One user's desktop for the e2e suite: an X server, a D-Bus session bus
(with its own accessibility bus), an unlocked gnome-keyring, python3-dbusmock's
notification daemon, a `procure` signed in through its sign-in page, and the
AT-SPI driver talking to that app.

Every process here is started by us and stopped by its pid.
"""

import json
import os
import resource
import select
import signal
import subprocess
import time

PYTHON = '/usr/bin/python3'
HERE = os.path.dirname(os.path.abspath(__file__))


class SessionError(Exception):
    pass


def read_line_from_fd(fd, timeout, what):
    """Reads one line that a child writes to the pipe @fd (its -displayfd or
    --print-address), waiting at most @timeout seconds."""
    deadline = time.monotonic() + timeout
    data = b''
    while b'\n' not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SessionError(f'timed out waiting for {what}')
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                raise SessionError(f'{what}: the process closed its pipe')
            data += chunk
    return data.split(b'\n', 1)[0].decode().strip()


def stop_process(proc, timeout=5):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


class UserSession:
    """The desktop of one demo user; @root is a fresh directory of its own."""

    def __init__(self, login, root, app_exe, schema_dir, notifications=True):
        self.login = login
        self.root = root
        self.app_exe = app_exe
        self.schema_dir = schema_dir
        self.notifications = notifications
        self.notify_log = os.path.join(root, 'notify.log')
        self.procs = []          # in start order; stopped in reverse
        self.app = None
        self.driver = None
        self.env = None
        self.display = None
        self.pending = None

    # ---------- start ----------

    def start(self, timeout=30):
        self._make_dirs()
        self._start_x(timeout)
        self._start_bus(timeout)
        self._start_keyring(timeout)
        if self.notifications:
            self._start_notification_daemon(timeout)
        self._start_app()
        self._start_driver()

    def _make_dirs(self):
        env = {k: v for k, v in os.environ.items()
               if k not in ('NO_AT_BRIDGE', 'GTK_A11Y', 'G_DEBUG', 'DBUS_SESSION_BUS_ADDRESS',
                            'DISPLAY', 'WAYLAND_DISPLAY', 'PROCURE_NO_NOTIFICATIONS')}
        for sub in ('home', 'data', 'config', 'cache', 'run'):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)
        os.chmod(os.path.join(self.root, 'run'), 0o700)
        env.update({
            'HOME': os.path.join(self.root, 'home'),
            'XDG_DATA_HOME': os.path.join(self.root, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.root, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.root, 'cache'),
            'XDG_RUNTIME_DIR': os.path.join(self.root, 'run'),
            'GSETTINGS_BACKEND': 'memory',
            'GDK_BACKEND': 'x11',
            'LC_ALL': 'C.UTF-8',
            'LANGUAGE': 'C',
            'GTK_A11Y': 'atspi',
        })
        if self.schema_dir:
            env['GSETTINGS_SCHEMA_DIR'] = self.schema_dir
        self.env = env

    def _spawn(self, argv, name, **kwargs):
        with open(os.path.join(self.root, f'{name}.log'), 'wb') as log:
            kwargs.setdefault('stdout', log)
            kwargs.setdefault('stderr', log)
            kwargs.setdefault('env', self.env)
            proc = subprocess.Popen(argv, **kwargs)
        self.procs.append(proc)
        return proc

    def _start_x(self, timeout):
        read_fd, write_fd = os.pipe()
        try:
            self._spawn(['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '1280x800x24',
                         '-nolisten', 'tcp', '-noreset'], 'xvfb', pass_fds=[write_fd])
            os.close(write_fd)
            number = read_line_from_fd(read_fd, timeout, 'Xvfb to pick a display')
        finally:
            os.close(read_fd)
        self.display = f':{number}'
        self.env['DISPLAY'] = self.display

    def _start_bus(self, timeout):
        # The bus starts the accessibility bus and registry on demand, with
        # this environment: they draw on (and synthesize input for) our X.
        read_fd, write_fd = os.pipe()
        try:
            self._spawn(['dbus-daemon', '--session', '--nofork', '--nopidfile',
                         f'--print-address={write_fd}'], 'dbus', pass_fds=[write_fd])
            os.close(write_fd)
            address = read_line_from_fd(read_fd, timeout, 'dbus-daemon to print its address')
        finally:
            os.close(read_fd)
        self.env['DBUS_SESSION_BUS_ADDRESS'] = address

    def _wait_name(self, name, timeout):
        subprocess.run(['gdbus', 'wait', '--session', '--timeout', str(int(timeout)), name],
                       env=self.env, check=True, stdout=subprocess.DEVNULL, timeout=timeout + 5)

    def _start_keyring(self, timeout):
        proc = self._spawn(['gnome-keyring-daemon', '--foreground', '--unlock',
                            '--components=secrets'], 'keyring', stdin=subprocess.PIPE)
        # A throw-away password: the login keyring is created unlocked and
        # becomes the default collection, so nothing prompts.
        proc.stdin.write(b'procure-e2e')
        proc.stdin.close()
        self._wait_name('org.freedesktop.secrets', timeout)

    def _start_notification_daemon(self, timeout):
        self._spawn([PYTHON, '-m', 'dbusmock', '--session', '--template', 'notification_daemon',
                     '--parameters', '{"capabilities": "body actions"}', '-l', self.notify_log],
                    'dbusmock')
        self._wait_name('org.freedesktop.Notifications', timeout)

    def _start_app(self):
        # A crash leaves a core file in @root (core_pattern permitting);
        # app_backtrace() turns it into a backtrace for the failure report.
        def allow_core():
            resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        self.app = self._spawn([self.app_exe], 'app', cwd=self.root, preexec_fn=allow_core)

    def _start_driver(self):
        self.driver = self._spawn([PYTHON, os.path.join(HERE, 'atspi_driver.py')], 'driver',
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    # ---------- use ----------

    def send(self, cmd, timeout=30, **args):
        """Starts one driver command, whose own polls give up after @timeout
        seconds each; receive() collects the answer."""
        if self.app.poll() is not None:
            raise SessionError(f'{self.login}’s app exited with status {self.app.returncode}')
        self.pending = (dict(args, cmd=cmd, timeout=timeout), time.monotonic())
        self.driver.stdin.write((json.dumps(self.pending[0]) + '\n').encode())
        self.driver.stdin.flush()

    def receive(self):
        """The answer to the command send() started; raises SessionError
        with the driver's message when it failed."""
        request, started = self.pending
        self.pending = None
        # A command polls at most twice (an action, then its effect).
        line = read_line_from_fd(self.driver.stdout.fileno(), 2 * request['timeout'] + 15,
                                 f'the driver to answer {request["cmd"]}')
        reply = json.loads(line)
        with open(os.path.join(self.root, 'calls.log'), 'a', encoding='utf-8') as log:
            log.write(f'{time.monotonic() - started:6.2f}s {json.dumps(request, ensure_ascii=False)[:160]}'
                      f' -> {json.dumps(reply, ensure_ascii=False)[:300]}\n')
        if not reply['ok']:
            raise SessionError(f'{self.login}: {request["cmd"]}: {reply["error"]}')
        return reply['result']

    def call(self, cmd, timeout=30, **args):
        self.send(cmd, timeout, **args)
        return self.receive()

    def start_screenshot(self, path):
        return subprocess.Popen(['import', '-display', self.display, '-window', 'root', path],
                                env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def notifications_logged(self):
        try:
            with open(self.notify_log, encoding='utf-8', errors='replace') as log:
                return log.read()
        except FileNotFoundError:
            return ''

    def emit_notification_action(self, notification_id, action):
        """The notification daemon reports a click on @action of the
        notification @notification_id, as a desktop would."""
        subprocess.run(['gdbus', 'call', '--session', '--dest', 'org.freedesktop.Notifications',
                        '--object-path', '/org/freedesktop/Notifications',
                        '--method', 'org.freedesktop.DBus.Mock.EmitSignal',
                        'org.freedesktop.Notifications', 'ActionInvoked', 'us',
                        f"[<uint32 {int(notification_id)}>, <'{action}'>]"],
                       env=self.env, check=True, stdout=subprocess.DEVNULL, timeout=15)

    def log_tail(self, name, n=20):
        """The last lines of the log of the process @name (app, driver, …)."""
        try:
            with open(os.path.join(self.root, f'{name}.log'), encoding='utf-8', errors='replace') as log:
                return log.read().splitlines()[-n:]
        except FileNotFoundError:
            return []

    def app_backtrace(self):
        """When the app died by a signal: gdb's backtrace of its core file
        (written into @root/app-backtrace.log), else None."""
        if self.app is None or self.app.poll() is None or self.app.returncode >= 0:
            return None
        cores = [os.path.join(self.root, n) for n in os.listdir(self.root)
                 if n == 'core' or n.startswith('core.')]
        if not cores:
            return f'{self.login}’s app died by signal {-self.app.returncode}; no core file ' \
                   f'(see /proc/sys/kernel/core_pattern)'
        try:
            out = subprocess.run(['gdb', '-batch', '-nx', '-ex', 'bt 30', '-ex', 'thread apply all bt 15',
                                  self.app_exe, cores[0]], capture_output=True, text=True,
                                 timeout=120).stdout
        except (OSError, subprocess.TimeoutExpired) as error:
            out = f'gdb failed: {error}'
        with open(os.path.join(self.root, 'app-backtrace.log'), 'w', encoding='utf-8') as log:
            log.write(out)
        for core in cores:
            os.unlink(core)
        return out

    # ---------- stop ----------

    def stop(self):
        if self.driver is not None and self.driver.stdin:
            try:
                self.driver.stdin.close()
            except OSError:
                pass
        for proc in reversed(self.procs):
            stop_process(proc)
        for proc in self.procs:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    try:
                        stream.close()
                    except OSError:
                        pass

# SPDX-License-Identifier: GPL-3.0-or-later
"""Plumbing for the contract test: the real procure-server as a subprocess,
a small HTTP client, a minimal WebSocket client and a TAP writer."""

import base64
import hashlib
import http.client
import json
import os
import select
import signal
import socket
import struct
import subprocess
import tempfile
import time
import urllib.parse


class Tap:
    """Test points printed as they happen; the plan comes at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, name, passed, diagnostics=()):
        self.count += 1
        self.failed += not passed
        print("%s %d - %s" % ("ok" if passed else "not ok", self.count, name), flush=True)
        for line in diagnostics if not passed else ():
            for part in str(line).splitlines():
                print("# " + part, flush=True)
        return passed

    def bail(self, reason):
        print("Bail out! " + reason, flush=True)

    def finish(self):
        print("1..%d" % self.count, flush=True)
        return 1 if self.failed or not self.count else 0


class Server:
    """procure-server --demo on an ephemeral loopback port with a fresh
    database; the URL is the first line of its standard output."""

    def __init__(self, binary):
        self.tmp = tempfile.TemporaryDirectory(prefix="procure-api-")
        self.log_path = os.path.join(self.tmp.name, "server.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [binary, "--demo", "--db", os.path.join(self.tmp.name, "procure.db"),
             "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=self.log)
        self.url = self._read_url(timeout=60)
        parsed = urllib.parse.urlsplit(self.url)
        self.host, self.port = parsed.hostname, parsed.port

    def _read_url(self, timeout):
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise RuntimeError("procure-server printed no URL (exit %r): %s"
                                   % (self.proc.poll(), self.log_tail()))
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 1)
                if not chunk:
                    continue
                line += chunk
        return line.decode().strip()

    def log_tail(self, lines=20):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        self.tmp.cleanup()


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def describe(self):
        return "HTTP %d %s" % (self.status, self.raw[:400].decode(errors="replace"))


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port

    def request(self, method, path, token=None, body=None, headers=None,
                raw=None, content_type="application/json", query=None):
        if query:
            path += "?" + urllib.parse.urlencode(query)
        hdrs = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type:
            hdrs.setdefault("Content-Type", content_type)
        if token:
            hdrs["Authorization"] = "Bearer " + token
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.request(method, path, body=data, headers=hdrs)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()


WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class WebSocketClosed(EOFError):
    def __init__(self, code):
        super().__init__("server closed the WebSocket with code %r" % (code,))
        self.code = code


class WebSocket:
    """Just enough RFC 6455 to read the server's text messages."""

    def __init__(self, host, port, path, token):
        self.sock = socket.create_connection((host, port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        request = ("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                   "Sec-WebSocket-Version: 13\r\n" % (path, host, port, key))
        if token:
            request += "Authorization: Bearer %s\r\n" % token
        self.sock.sendall((request + "\r\n").encode())
        self.buf = b""
        head = self._read_until(b"\r\n\r\n")
        lines = head.decode(errors="replace").split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {l.split(":", 1)[0].strip().lower(): l.split(":", 1)[1].strip()
                        for l in lines[1:] if ":" in l}
        expected = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.accept_ok = self.headers.get("sec-websocket-accept") == expected

    def _fill(self, timeout):
        self.sock.settimeout(timeout)
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError("connection closed")
        self.buf += chunk

    def _read_until(self, marker):
        while marker not in self.buf:
            self._fill(10)
        head, self.buf = self.buf.split(marker, 1)
        return head

    def _take(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no WebSocket message in time")
            self._fill(left)
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send_text(self, text):
        """Sends one masked text frame, as a client must."""
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def read_text(self, timeout):
        """The next text message, skipping control frames; TimeoutError if
        none arrives within @timeout seconds, WebSocketClosed (with the close
        code) if the server closes the connection."""
        deadline = time.monotonic() + timeout
        while True:
            b0, b1 = self._take(2, deadline)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._take(2, deadline))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._take(8, deadline))[0]
            mask = self._take(4, deadline) if b1 & 0x80 else None
            payload = self._take(length, deadline)
            if mask:
                payload = bytes(c ^ mask[i % 4] for i, c in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 1:
                return payload.decode()
            if opcode == 8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                raise WebSocketClosed(code)

    def close(self):
        self.sock.close()


def luhn_digit(payload):
    """The Luhn check digit for a string of digits without its check digit."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make_sims(count, seed):
    """@count valid, distinct SIMs (19-digit ICCIDs, IMSIs, E.164 MSISDNs)
    unlikely to collide with the demo data."""
    sims = []
    for i in range(count):
        n = seed * 10000 + i
        payload = "8949977" + "%011d" % n
        sims.append({"iccid": payload + luhn_digit(payload),
                     "imsi": "26277" + "%010d" % n,
                     "msisdn": "+4917" + "%09d" % (n % 10 ** 9)})
    return sims

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Contract test: the real procure-server against data/openapi.yaml.

Starts $PROCURE_SERVER --demo on an ephemeral port, logs in as the demo
users, and checks that every real response (status, body, headers) is one
the document describes for that operation, validated strictly against its
schema (undocumented members fail). Then checks that every documented route
is routed by the server. Prints TAP.

Usage: PROCURE_SERVER=/path/to/procure-server contract.py OPENAPI_YAML"""

import datetime
import json
import os
import re
import sys
import time

import oas
from apiclient import (Client, Response, Server, Tap, WebSocket, WebSocketClosed,
                       make_sims)

DEMO_USERS = {"pat": ("purchaser", True), "morgan": ("approver", True),
              "quinn": ("approver", True), "gale": ("purchaser", True),
              "sam": ("agent", False), "ada": ("admin", False)}


class Contract:
    def __init__(self, doc, server, tap):
        self.doc = doc
        self.server = server
        self.http = Client(server.host, server.port)
        self.tap = tap
        self.tokens = {}
        self.users = {}
        self.products = {}
        self.seqs = {}
        self.exercised = set()

    # ---------- the core of the test: one call, checked against the document ----------

    def call(self, name, method, template, expect, params=None, login=None,
             code=None, **kwargs):
        """Sends a request to @template (with @params substituted) as @login
        and records one test point: the status is @expect (an int or a set),
        the error code is @code (if given) and the response is exactly one
        the document describes."""
        path = template
        for key, value in (params or {}).items():
            path = path.replace("{%s}" % key, str(value))
        token = self.tokens.get(login) if login else None
        r = self.http.request(method.upper(), path, token=token, **kwargs)
        self.exercised.add((method, template))
        problems = self.conformance(method, template, r)
        expected = expect if isinstance(expect, (set, frozenset)) else {expect}
        if r.status not in expected:
            problems.insert(0, "expected HTTP %s, got %s" % (sorted(expected), r.describe()))
        got_code = ((r.json or {}).get("error") or {}).get("code") if isinstance(r.json, dict) else None
        if code is not None and got_code != code:
            problems.append("expected error code %r, got %r" % (code, got_code))
        self.tap.ok("%s: %s %s%s -> %d" % (name, method.upper(), template,
                                           " as " + login if login else "", r.status),
                    not problems, problems)
        return r

    def conformance(self, method, template, r):
        op = ((self.doc["paths"].get(template) or {}).get(method)) or {}
        if not op:
            return ["%s %s is not in the document" % (method.upper(), template)]
        documented = op.get("responses", {}).get(str(r.status))
        if documented is None:
            return ["HTTP %d is not documented for %s %s: %s"
                    % (r.status, method.upper(), template, r.describe())]
        documented = oas.resolve(self.doc, documented)
        problems = []
        schema = ((documented.get("content") or {}).get("application/json") or {}).get("schema")
        if schema is not None and r.status != 101:
            if r.json is None and not (r.raw == b"" and r.status == 204):
                problems.append("body is not JSON: " + r.describe())
            else:
                problems += oas.schema_errors(self.doc, schema, r.json, strict=True)
        elif r.status == 204 and r.raw:
            problems.append("204 with a body: %r" % r.raw[:100])
        for hname, hdef in (documented.get("headers") or {}).items():
            problems += self.header_problems(r, hname, oas.resolve(self.doc, hdef))
        return problems

    def header_problems(self, r, name, hdef):
        value = r.header(name)
        if value is None:
            return ["header %s missing" % name] if name in ("ETag",) else []
        pattern = (hdef.get("schema") or {}).get("pattern")
        if pattern and not re.search(pattern, value):
            return ["header %s %r does not match %s" % (name, value, pattern)]
        return []

    # ---------- helpers ----------

    def login(self, login, password="demo"):
        r = self.call("log in", "post", "/api/v1/session", 201,
                      body={"login": login, "password": password})
        if r.status == 201 and r.json:
            self.tokens[login] = r.json["token"]
            self.users[login] = r.json["user"]
        return r

    def currency(self, login):
        """The currency of @login's account (products must be priced in it)."""
        r = self.http.request("GET", "/api/v1/accounts/" + self.users[login]["account_id"],
                              token=self.tokens[login])
        return (r.json or {}).get("currency", "EUR")

    def etag(self, order):
        return '"%d"' % order["version"]


# ---------- scenarios ----------

def sessions(c):
    r = c.call("health is public", "get", "/api/v1/health", 200)
    for login in DEMO_USERS:
        c.login(login)
    for login, (role, has_account) in DEMO_USERS.items():
        user = c.users.get(login) or {}
        c.tap.ok("%s is a demo %s%s" % (login, role, " with an account" if has_account else ""),
                 user.get("role") == role and bool(user.get("account_id")) == has_account,
                 ["user: %r" % (user,)])
        r = c.call("who am I", "get", "/api/v1/me", 200, login=login)
        c.tap.ok("/me of %s is the user of the session" % login,
                 r.json == user, ["me %r vs session %r" % (r.json, user)])
    if len(c.tokens) != len(DEMO_USERS):
        raise RuntimeError("demo logins failed; the rest would only repeat it")
    c.call("wrong password", "post", "/api/v1/session", 401, code="unauthorized",
           body={"login": "gale", "password": "not-demo"})
    c.call("no token", "get", "/api/v1/me", 401)
    c.call("unknown token", "get", "/api/v1/orders", 401,
           headers={"Authorization": "Bearer not-a-token"})


def accounts(c):
    pat_account = c.users["pat"]["account_id"]
    gale_account = c.users["gale"]["account_id"]
    r = c.call("a member lists only their account", "get", "/api/v1/accounts", 200, login="pat")
    ids = [a["id"] for a in (r.json or {}).get("items", [])]
    c.tap.ok("pat's account list is exactly Acme", ids == [pat_account], ["ids %r" % ids])
    r = c.call("agents list every account", "get", "/api/v1/accounts", 200, login="sam")
    ids = [a["id"] for a in (r.json or {}).get("items", [])]
    c.tap.ok("sam's account list has both demo accounts",
             {pat_account, gale_account} <= set(ids), ["ids %r" % ids])
    for login, account in (("pat", pat_account), ("gale", gale_account),
                           ("ada", pat_account), ("sam", gale_account)):
        c.call("read an account", "get", "/api/v1/accounts/{account_id}", 200,
               {"account_id": account}, login)
    c.call("another account is hidden", "get", "/api/v1/accounts/{account_id}", 404,
           {"account_id": gale_account}, "pat")
    c.call("no such account", "get", "/api/v1/accounts/{account_id}", 404,
           {"account_id": "no-such-account"}, "ada")


def products(c):
    for login in ("pat", "gale", "sam", "ada"):
        r = c.call("list products", "get", "/api/v1/products", 200, login=login)
        c.products[login] = (r.json or {}).get("items", [])
    everything = {p["id"] for p in c.products["sam"]}
    for login in ("pat", "gale"):
        mine = {p["id"] for p in c.products[login]}
        c.tap.ok("%s sees a non-empty subset of the catalogue" % login,
                 mine and mine <= everything, ["%r vs %r" % (mine, everything)])
        c.tap.ok("%s is not shown account_ids" % login,
                 all("account_ids" not in p for p in c.products[login]))
    c.tap.ok("agents see account_ids", all("account_ids" in p for p in c.products["sam"]))
    for login, other in (("pat", "gale"), ("gale", "pat")):
        own = {"account_id": c.users[login]["account_id"]}
        r = c.call("the account's products", "get", "/api/v1/accounts/{account_id}/products",
                   200, own, login)
        ids = sorted(p["id"] for p in (r.json or {}).get("items", []))
        c.tap.ok("%s's account products are the products %s sees" % (login, login),
                 ids == sorted(p["id"] for p in c.products[login]), [ids])
        c.call("another account's products are hidden", "get",
               "/api/v1/accounts/{account_id}/products", 404,
               {"account_id": c.users[other]["account_id"]}, login)
    c.call("an agent reads any account's products", "get",
           "/api/v1/accounts/{account_id}/products", 200,
           {"account_id": c.users["gale"]["account_id"]}, "sam")


def orders_read(c):
    """Order lists: visibility, filters, search, bad filters, paging."""
    for login in ("pat", "morgan", "gale", "sam", "ada"):
        r = c.call("list orders", "get", "/api/v1/orders", 200, login=login)
        items = (r.json or {}).get("items", [])
        if login in ("pat", "gale"):
            account = c.users[login]["account_id"]
            c.tap.ok("%s lists only their account's orders" % login,
                     items and all(o["account_id"] == account for o in items),
                     ["accounts %r" % sorted({o["account_id"] for o in items})])
    pat_orders = c.call("pat's orders", "get", "/api/v1/orders", 200, login="pat",
                        query={"limit": 200}).json or {"items": []}
    statuses = {o["status"] for o in pat_orders["items"]}
    for status in sorted(statuses):
        r = c.call("filter by status", "get", "/api/v1/orders", 200, login="sam",
                   query={"status": status})
        got = {o["status"] for o in (r.json or {}).get("items", [])}
        c.tap.ok("status=%s answers only %s orders" % (status, status), got == {status}, [got])
    r = c.call("filter by account", "get", "/api/v1/orders", 200, login="sam",
               query={"account_id": c.users["gale"]["account_id"]})
    got = {o["account_id"] for o in (r.json or {}).get("items", [])}
    c.tap.ok("account_id filter", got == {c.users["gale"]["account_id"]}, [got])
    numbered = [o for o in pat_orders["items"] if o.get("number")]
    if numbered:
        r = c.call("text search by number", "get", "/api/v1/orders", 200, login="pat",
                   query={"q": numbered[0]["number"]})
        ids = [o["id"] for o in (r.json or {}).get("items", [])]
        c.tap.ok("q finds the order by its number", numbered[0]["id"] in ids, [ids])
    c.call("bad status filter", "get", "/api/v1/orders", 422, login="pat",
           query={"status": "nonsense"})
    c.call("bad limit", "get", "/api/v1/orders", 422, login="pat", query={"limit": "many"})
    c.call("another account's orders", "get", "/api/v1/orders", 404, login="pat",
           query={"account_id": c.users["gale"]["account_id"]})
    paging(c)
    orders_each(c, pat_orders["items"])
    c.tap.ok("the demo has Acme orders in several statuses", len(statuses) >= 5, [statuses])


def orders_each(c, orders):
    """Every Acme order read one by one, and the SIMs of a few."""
    for order in orders:
        r = c.call("read an order", "get", "/api/v1/orders/{order_id}", 200,
                   {"order_id": order["id"]}, "pat")
        if r.json:
            c.tap.ok("ETag of %s is its version" % order["id"],
                     r.header("ETag") == c.etag(r.json), [r.header("ETag")])
    if orders:
        c.call("another account's order is hidden", "get", "/api/v1/orders/{order_id}", 404,
               {"order_id": orders[0]["id"]}, "gale")
    with_sims = [o for o in orders if o["sim_count"] > 0]
    for order in with_sims[:2]:
        r = c.call("an order's SIMs", "get", "/api/v1/orders/{order_id}/sims", 200,
                   {"order_id": order["id"]}, "pat", query={"limit": 200})
        items = (r.json or {}).get("items", [])
        c.tap.ok("sims of %s: as many as sim_count" % order["id"],
                 len(items) == order["sim_count"], [len(items), order["sim_count"]])
    c.tap.ok("the demo has Acme orders with SIMs", bool(with_sims))


def paging(c):
    first = c.call("first page", "get", "/api/v1/orders", 200, login="sam",
                   query={"limit": 2}).json or {}
    if not first.get("next"):
        c.tap.ok("a 2-order page of the demo has a next cursor", False, [first])
        return
    second = c.call("second page", "get", "/api/v1/orders", 200, login="sam",
                    query={"limit": 2, "cursor": first["next"]}).json or {}
    a = [o["id"] for o in first.get("items", [])]
    b = [o["id"] for o in second.get("items", [])]
    c.tap.ok("pages hold 2 orders each and do not overlap",
             len(a) == 2 and len(b) >= 1 and not set(a) & set(b), [a, b])


def sims(c):
    for login in ("pat", "gale", "sam", "ada"):
        r = c.call("SIM inventory", "get", "/api/v1/sims", 200, login=login)
        items = (r.json or {}).get("items", [])
        if login in ("pat", "gale"):
            c.tap.ok("%s's inventory is their account's" % login,
                     all(s["account_id"] == c.users[login]["account_id"] for s in items))
        if login == "pat" and items:
            sim = items[0]
            for query in ({"q": sim["iccid"]}, {"q": sim["msisdn"]},
                          {"order_id": sim["order_id"]}, {"product_id": sim["product_id"]}):
                r = c.call("search SIMs", "get", "/api/v1/sims", 200, login="pat", query=query)
                found = [s["iccid"] for s in (r.json or {}).get("items", [])]
                c.tap.ok("SIM search %r finds it" % query, sim["iccid"] in found)


def changes(c):
    seqs = {}
    for login in ("pat", "gale", "sam"):
        since, pages = 0, 0
        while pages < 50:
            r = c.call("changes feed", "get", "/api/v1/changes", 200, login=login,
                       query={"since": since, "limit": 100})
            page = r.json or {}
            pages += 1
            if not page.get("more") or page.get("next", since) <= since:
                break
            since = page["next"]
        seqs[login] = (r.json or {}).get("next", 0)
        if login == "gale":
            ids = {o["account_id"] for o in (r.json or {}).get("orders", [])}
            c.tap.ok("gale's feed holds no Acme order",
                     c.users["pat"]["account_id"] not in ids, [ids])
    c.tap.ok("the feed has advanced past 0 for everyone", all(v > 0 for v in seqs.values()), [seqs])
    c.seqs = seqs


def stream(c):
    """The three documented ways to authenticate on /api/v1/stream, and the
    refusal of a bad token. Returns gale's open socket for later checks."""
    ws = WebSocket(c.server.host, c.server.port, "/api/v1/stream", c.tokens["gale"])
    ok = ws.status == 101 and ws.accept_ok
    c.tap.ok("WebSocket upgrade with a bearer token -> 101", ok, [ws.status, ws.headers])
    c.exercised.add(("get", "/api/v1/stream"))
    problems = c.conformance("get", "/api/v1/stream", Response(ws.status, [], b""))
    c.tap.ok("101 is the documented answer of /api/v1/stream", not problems, problems)
    if not ok:
        return None
    message = ws_message(c, ws, "the first stream message")
    c.tap.ok("the first message names the newest seq",
             message is not None and message.get("seq", -1) >= c.seqs.get("gale", 0),
             [message, c.seqs.get("gale")])
    by_query = WebSocket(c.server.host, c.server.port,
                         "/api/v1/stream?token=" + c.tokens["pat"], None)
    c.tap.ok("WebSocket with ?token= -> 101", by_query.status == 101, [by_query.status])
    if by_query.status == 101:
        ws_message(c, by_query, "the first message after ?token=")
    by_query.close()
    by_message = WebSocket(c.server.host, c.server.port, "/api/v1/stream", None)
    if by_message.status == 101:
        by_message.send_text('{"token": "%s"}' % c.tokens["sam"])
        ws_message(c, by_message, "the first message after a token message")
    by_message.close()
    refused = WebSocket(c.server.host, c.server.port, "/api/v1/stream?token=bogus", None)
    code = None
    try:
        refused.read_text(5)
    except WebSocketClosed as e:
        code = e.code
    except (TimeoutError, OSError):
        pass
    c.tap.ok("a bad token closes the stream with 1008", code == 1008, [refused.status, code])
    refused.close()
    return ws


def ws_message(c, ws, name, timeout=5):
    try:
        text = ws.read_text(timeout)
    except (TimeoutError, EOFError, OSError) as e:
        c.tap.ok(name + " arrives", False, [repr(e)])
        return None
    try:
        message = json.loads(text)
    except ValueError:
        message = text
    problems = oas.schema_errors(c.doc, {"$ref": "#/components/schemas/StreamMessage"},
                                 message, strict=True)
    c.tap.ok(name + " is a StreamMessage", not problems, problems + [text])
    return message if isinstance(message, dict) else None


def orderable(products):
    """The first active product and the smallest valid quantity of it."""
    for p in products:
        if not p["active"]:
            continue
        q = max(p["min_quantity"], p["quantity_multiple"])
        q = -(-q // p["quantity_multiple"]) * p["quantity_multiple"]
        if q <= p["max_quantity"] and q <= p["stock"] and q <= 200:
            return p, q
    return None, 0


def ship_date(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


ACT = "/api/v1/orders/{order_id}/actions/{action}"


def lifecycle_globex(c, ws):
    """gale raises an order; sam accepts, provisions, readies, ships; gale
    confirms receipt. Every answer on the way is checked."""
    created = globex_create(c, ws)
    if created is None:
        return None
    order, quantity = created
    order = globex_edit(c, order)
    globex_refusals(c, order)
    order = globex_fulfil(c, order, quantity)
    r = c.call("the closed order's SIMs", "get", "/api/v1/orders/{order_id}/sims", 200,
               {"order_id": order["id"]}, "gale", query={"limit": 200})
    items = (r.json or {}).get("items", [])
    c.tap.ok("every readied SIM is listed", len(items) == quantity, [len(items), quantity])
    c.tap.ok("the SIMs carry the order's effective settings",
             all(sim[k] == order["effective"][k] for sim in items for k in order["effective"]))
    return order


def globex_create(c, ws):
    """A new Globex draft, with idempotent retries; (order, quantity)."""
    account = c.call("gale's account", "get", "/api/v1/accounts/{account_id}", 200,
                     {"account_id": c.users["gale"]["account_id"]}, "gale").json
    product, quantity = orderable(c.products["gale"])
    if not product or not account or not account["addresses"]:
        c.tap.ok("Globex has an orderable product and an address", False, [product, account])
        return None
    body = {"lines": [{"product_id": product["id"], "quantity": quantity}],
            "address_id": account["addresses"][0]["id"],
            "requested_ship_date": ship_date(7), "notes": "contract test"}
    key = {"Idempotency-Key": "contract-%d" % os.getpid()}
    r = c.call("create an order", "post", "/api/v1/orders", 201, login="gale", body=body,
               headers=key)
    if r.status != 201:
        return None
    order = r.json
    c.tap.ok("the new order is a draft priced by the server",
             order["status"] == "draft" and order["lines"][0]["unit_price"] == product["unit_price"]
             and order["total"] == quantity * product["unit_price"], [order])
    if ws:
        message = ws_message(c, ws, "a stream message after the order was created", 2)
        c.tap.ok("the stream seq moved", message is not None and message.get("seq", 0) > c.seqs["gale"])
    again = c.call("retry with the same Idempotency-Key", "post", "/api/v1/orders", 201,
                   login="gale", body=body, headers=key)
    c.tap.ok("the retry answers the same order", (again.json or {}).get("id") == order["id"])
    c.call("same Idempotency-Key, another body", "post", "/api/v1/orders", 422, login="gale",
           code="idempotency_mismatch", body=dict(body, notes="other"), headers=key)
    return order, quantity


def globex_edit(c, order):
    """If-Match on PATCH, and comments; returns the order as it is now."""
    oid = {"order_id": order["id"]}
    path = "/api/v1/orders/{order_id}"
    c.call("edit without If-Match", "patch", path, 428, oid, "gale",
           code="precondition_required", body={"notes": "edited"})
    c.call("edit with a stale If-Match", "patch", path, 412, oid, "gale",
           code="precondition_failed", body={"notes": "edited"}, headers={"If-Match": '"999999"'})
    order = c.call("edit a draft", "patch", path, 200, oid, "gale", body={"notes": "edited"},
                   headers={"If-Match": c.etag(order)}).json or order
    r = c.call("comment", "post", path + "/comments", 201, oid, "gale",
               body={"body": "Please ship before the 1st."})
    c.tap.ok("the comment answer is the order with its new ETag",
             r.json and r.header("ETag") == c.etag(r.json), [r.header("ETag")])
    c.call("an empty comment", "post", path + "/comments", 422, oid, "gale", body={"body": "  "})
    r = c.call("read the commented order", "get", path, 200, oid, "sam")
    bodies = [k["body"] for k in (r.json or {}).get("comments", [])]
    c.tap.ok("the order carries the comment", "Please ship before the 1st." in bodies, [bodies])
    return r.json or order


def globex_refusals(c, order):
    """404 > 403 > 409 on a draft, each with its error code."""
    oid = {"order_id": order["id"]}
    match = {"If-Match": c.etag(order)}
    c.call("an agent may not submit a member's order", "post", ACT, 403,
           dict(oid, action="submit"), "sam", code="forbidden", headers=match)
    c.call("accept is not possible from draft", "post", ACT, 409, dict(oid, action="accept"),
           "sam", code="wrong_status", body={"number": "4711"}, headers=match)
    c.call("another account's member does not see it", "post", ACT, 404,
           dict(oid, action="cancel"), "pat", code="not_found", headers=match)


def globex_fulfil(c, order, quantity):
    """submit, accept, start, ready, ship, confirm_receipt."""
    oid = {"order_id": order["id"]}
    steps = [("gale", "submit", {}, "submitted"),
             ("sam", "accept", {"number": str(int(time.time() * 1000) % 10 ** 12)}, "accepted"),
             ("sam", "start", {}, "provisioning"),
             ("sam", "ready", {"sims": make_sims(quantity, os.getpid() % 100000)}, "ready"),
             ("sam", "ship", {"carrier": "DHL", "tracking_number": "JD0146000033",
                              "shipped_at": ship_date(0)}, "shipped"),
             ("gale", "confirm_receipt", {}, "closed")]
    for login, action, extra, status in steps:
        r = c.call("take %s" % action, "post", ACT, 200, dict(oid, action=action), login,
                   body=extra, headers={"If-Match": c.etag(order)})
        if r.status != 200:
            return order
        order = r.json
        c.tap.ok("%s leads to %s" % (action, status), order["status"] == status, [order["status"]])
    return order


def approval_acme(c):
    """pat raises and submits an Acme order; its approvers decide."""
    account = c.call("pat's account", "get", "/api/v1/accounts/{account_id}", 200,
                     {"account_id": c.users["pat"]["account_id"]}, "pat").json
    product, quantity = orderable(c.products["pat"])
    if not product or not account:
        c.tap.ok("Acme has an orderable product", False)
        return
    address = dict(account["addresses"][0]) if account["addresses"] else None
    for k in [k for k in (address or {}) if k == "id" or (address or {})[k] is None]:
        address.pop(k)
    body = {"lines": [{"product_id": product["id"], "quantity": quantity}],
            "shipping_address": address, "requested_ship_date": ship_date(10),
            "overrides": {"price_plan": account["entitlements"]["price_plan"][-1]}}
    r = c.call("create an order with an override", "post", "/api/v1/orders", 201,
               login="pat", body=body)
    order = r.json
    if r.status != 201:
        return
    c.tap.ok("the override is effective", order["effective"]["price_plan"]
             == account["entitlements"]["price_plan"][-1] and order["effective"]["apn_group"]
             == account["defaults"]["apn_group"], [order["effective"]])
    oid = {"order_id": order["id"]}
    act = ACT
    c.call("reject needs a comment", "post", act, {409, 422},
           dict(oid, action="reject"), "morgan", body={}, headers={"If-Match": c.etag(order)})
    order = c.call("submit", "post", act, 200, dict(oid, action="submit"), "pat",
                   headers={"If-Match": c.etag(order)}).json or order
    threshold = account["approval_threshold"]
    needs = threshold is not None and order["total"] >= threshold
    c.tap.ok("submit chose the status the policy asks for",
             order["status"] == ("pending_approval" if needs else "submitted"),
             [order["status"], order["total"], threshold])
    if order["status"] != "pending_approval":
        return
    c.call("the creator may not approve", "post", act, 403, dict(oid, action="approve"), "pat",
           headers={"If-Match": c.etag(order)})
    order = c.call("request information", "post", act, 200, dict(oid, action="request_info"),
                   "morgan", body={"comment": "Which site?"},
                   headers={"If-Match": c.etag(order)}).json or order
    order = c.call("resubmit", "post", act, 200, dict(oid, action="resubmit"), "pat",
                   headers={"If-Match": c.etag(order)}).json or order
    order = c.call("approve", "post", act, 200, dict(oid, action="approve"), "morgan",
                   headers={"If-Match": c.etag(order)}).json or order
    if order["status"] == "pending_approval":
        c.call("approving twice", "post", act, 409, dict(oid, action="approve"), "morgan",
               code="conflict",
               headers={"If-Match": c.etag(order)})
        order = c.call("second approval", "post", act, 200, dict(oid, action="approve"),
                       "quinn", headers={"If-Match": c.etag(order)}).json or order
    c.tap.ok("approved orders are submitted", order["status"] == "submitted", [order["status"]])
    c.tap.ok("approvals name the approvers",
             {a["user_id"] for a in order["approvals"]} <= {c.users["morgan"]["id"], c.users["quinn"]["id"]}
             and order["approvals"], [order["approvals"]])


def bad_requests(c):
    c.call("wrong content type", "post", "/api/v1/orders", 415, login="pat",
           code="unsupported_media_type",
           raw=b"lines=1", content_type="text/plain")
    c.call("not JSON", "post", "/api/v1/orders", 400, login="pat", raw=b"{lines:",
           code="malformed")
    c.call("a member clients may not set", "post", "/api/v1/orders", 400, login="pat",
           body={"lines": [], "status": "accepted"})
    c.call("too deep", "post", "/api/v1/orders", 400, login="pat",
           raw=b"[" * 100 + b"]" * 100)
    c.call("body over 1 MiB", "post", "/api/v1/orders", 413, login="pat", code="too_large",
           raw=b'{"notes": "' + b"x" * (1024 * 1024 + 10) + b'"}')
    c.call("an admin may not raise orders", "post", "/api/v1/orders", 403, login="ada",
           body={"account_id": c.users["pat"]["account_id"], "lines": []})
    c.call("no such order", "get", "/api/v1/orders/{order_id}", 404,
           {"order_id": "no-such-order"}, "sam", code="not_found")
    theirs = (c.call("an Acme order", "get", "/api/v1/orders", 200, login="pat",
                     query={"status": "draft"}).json or {}).get("items", [])
    if theirs:
        oid = {"order_id": theirs[0]["id"]}
        c.call("a body of the wrong shape is refused before visibility", "patch",
               "/api/v1/orders/{order_id}", 400, oid, "gale", code="malformed",
               body={"status": "accepted"})
        c.call("an invisible order is refused before If-Match", "patch",
               "/api/v1/orders/{order_id}", 404, oid, "gale", code="not_found",
               body={"notes": "x"})
        c.call("an unknown action", "post", "/api/v1/orders/{order_id}/actions/{action}", 404,
               dict(oid, action="teleport"), "pat", code="not_found",
               headers={"If-Match": '"1"'})


def catalogue(c):
    base = {"code": "API-%d" % os.getpid(), "name": "Contract test SIM", "form_factor": "MFF2",
            "features": ["industrial temperature range"], "branding": None,
            "description": "test", "unit_price": 123, "currency": c.currency("gale"), "min_quantity": 1,
            "max_quantity": 1000, "quantity_multiple": 1, "stock": 500, "active": True}
    c.call("members may not create products", "post", "/api/v1/products", 403,
           login="pat", body=base)
    r = c.call("create a product", "post", "/api/v1/products", 201, login="sam", body=base)
    product = r.json
    if r.status != 201:
        return
    c.call("a used product code", "post", "/api/v1/products", 409, login="ada", body=base)
    pid = {"product_id": product["id"]}
    r = c.call("edit a product", "patch", "/api/v1/products/{product_id}", 200, pid, "ada",
               body={"stock": 400})
    c.tap.ok("the edit took", (r.json or {}).get("stock") == 400)
    c.call("members may not edit products", "patch", "/api/v1/products/{product_id}", 403,
           pid, "pat", body={"stock": 1})
    gale_account = c.users["gale"]["account_id"]
    before = sorted(p["id"] for p in c.products["sam"] if gale_account in p.get("account_ids", []))
    aid = {"account_id": gale_account}
    c.call("members may not assign products", "put", "/api/v1/accounts/{account_id}/products",
           403, aid, "gale", body={"product_ids": before})
    r = c.call("assign a product", "put", "/api/v1/accounts/{account_id}/products", 200, aid,
               "sam", body={"product_ids": before + [product["id"]]})
    c.tap.ok("gale sees the assigned product", product["id"] in visible_products(c, "gale"))
    since = c.call("feed position", "get", "/api/v1/changes", 200, login="gale",
                   query={"since": c.seqs["gale"]}).json or {}
    c.call("withdraw it again", "put", "/api/v1/accounts/{account_id}/products", 200, aid,
           "sam", body={"product_ids": before})
    r = c.call("changes after the withdrawal", "get", "/api/v1/changes", 200, login="gale",
               query={"since": since.get("next", 0)})
    removed = ((r.json or {}).get("removed") or {}).get("products", [])
    c.tap.ok("the feed tells gale the product was removed", product["id"] in removed,
             [r.json])
    c.tap.ok("gale no longer sees it", product["id"] not in visible_products(c, "gale"))


def visible_products(c, login):
    r = c.call("list products", "get", "/api/v1/products", 200, login=login)
    return {p["id"] for p in (r.json or {}).get("items", [])}


def account_admin(c):
    aid = {"account_id": c.users["gale"]["account_id"]}
    account = c.call("read before editing", "get", "/api/v1/accounts/{account_id}", 200,
                     aid, "ada").json or {}
    c.call("agents may not edit accounts", "patch", "/api/v1/accounts/{account_id}", 403, aid,
           "sam", body={"allow_default_override": False})
    c.call("members may not edit their account", "patch", "/api/v1/accounts/{account_id}", 403,
           aid, "gale", body={"allow_default_override": True})
    c.call("members may not see other accounts", "patch", "/api/v1/accounts/{account_id}", 404,
           aid, "pat", body={"allow_default_override": True})
    c.call("edit the approval policy", "patch", "/api/v1/accounts/{account_id}", 200, aid,
           "ada", body={"approval_threshold": None, "second_approval_threshold": None})
    c.call("a default outside the entitlements", "patch", "/api/v1/accounts/{account_id}", 422,
           aid, "ada", body={"defaults": dict(account.get("defaults") or {},
                                              price_plan="no-such-plan")})
    address = {"name": "Receiving", "company": "Globex Utilities", "street": "1 Test Street",
               "city": "Leeds", "postal_code": "LS1 1AA", "region": None, "country": "GB",
               "phone": None}
    book = account.get("addresses") or []
    r = c.call("add an address", "patch", "/api/v1/accounts/{account_id}", 200, aid, "ada",
               body={"addresses": book + [address]})
    after = (r.json or {}).get("addresses") or []
    new = [a for a in after if a.get("id") not in {b.get("id") for b in book}]
    c.tap.ok("the new address got an id and the others kept theirs",
             len(after) == len(book) + 1 and len(new) == 1 and new[0].get("id"), [after])
    c.call("an address with an unknown country", "patch", "/api/v1/accounts/{account_id}", 422,
           aid, "ada", body={"addresses": book + [dict(address, country="XX")]})
    r = c.call("remove it again", "patch", "/api/v1/accounts/{account_id}", 200, aid, "ada",
               body={"addresses": book})
    c.tap.ok("the address book is as before",
             [a.get("id") for a in (r.json or {}).get("addresses", [])] == [a.get("id") for a in book])
    new_account = {"name": "Initech %d" % os.getpid(), "currency": "USD",
                   "allow_default_override": False, "approval_threshold": None,
                   "second_approval_threshold": None,
                   "defaults": account.get("defaults"), "entitlements": account.get("entitlements"),
                   "addresses": [address]}
    c.call("agents may not create accounts", "post", "/api/v1/accounts", 403, login="sam",
           body=new_account)
    r = c.call("create an account", "post", "/api/v1/accounts", 201, login="ada",
               body=new_account)
    c.tap.ok("the new account is listed",
             (r.json or {}).get("id") in {a["id"] for a in (c.call(
                 "list accounts", "get", "/api/v1/accounts", 200, login="ada").json or {}).get("items", [])})


def routes(c, order):
    """Every documented operation is routed: an authenticated request with
    real ids never answers the unknown-route 404 (nor 405)."""
    unknown = c.http.request("GET", "/api/v1/no-such-route", token=c.tokens["ada"])
    c.tap.ok("an unknown route answers 404 in the error shape",
             unknown.status == 404 and not oas.schema_errors(
                 c.doc, {"$ref": "#/components/schemas/Error"}, unknown.json, strict=True),
             [unknown.describe()])
    ids = {"order_id": order["id"] if order else "x",
           "account_id": c.users["gale"]["account_id"],
           "product_id": c.products["sam"][0]["id"] if c.products.get("sam") else "x",
           "action": "cancel"}
    for path, method, _, _ in oas.operations(c.doc):
        if (method, path) == ("delete", "/api/v1/session"):
            continue
        concrete = re.sub(r"{([^}]+)}", lambda m: ids.get(m.group(1), "x"), path)
        r = c.http.request(method.upper(), concrete, token=c.tokens["ada"],
                           headers={"If-Match": '"0"'}, raw=b"{}")
        unrouted = r.status == 405 or (r.status == 404 and r.json == unknown.json)
        c.tap.ok("the server routes %s %s" % (method.upper(), path), not unrouted,
                 [r.describe()])
    wrong = c.http.request("DELETE", "/api/v1/orders", token=c.tokens["ada"])
    c.tap.ok("a known route with another method answers 405 in the error shape",
             wrong.status == 405 and not oas.schema_errors(
                 c.doc, {"$ref": "#/components/schemas/Error"}, wrong.json, strict=True),
             [wrong.describe()])
    c.login("ada")
    c.call("log out", "delete", "/api/v1/session", 204, login="ada")
    c.call("a logged-out token is refused", "get", "/api/v1/me", 401, login="ada")


def throttling(c):
    statuses = []
    for _ in range(15):
        r = c.http.request("POST", "/api/v1/session",
                           body={"login": "quinn", "password": "wrong"})
        statuses.append(r.status)
        if r.status == 429:
            break
    c.tap.ok("repeated failed logins end in 429", statuses[-1] == 429, [statuses])
    c.call("throttled login", "post", "/api/v1/session", 429, code="too_many_requests",
           body={"login": "quinn", "password": "demo"})


def main(argv):
    doc = oas.load(argv[1])
    binary = os.environ.get("PROCURE_SERVER")
    tap = Tap()
    if not binary or not os.access(binary, os.X_OK):
        tap.bail("PROCURE_SERVER is not an executable: %r" % binary)
        return 1
    server = Server(binary)
    c = Contract(doc, server, tap)
    try:
        sessions(c)
        accounts(c)
        products(c)
        orders_read(c)
        sims(c)
        changes(c)
        ws = stream(c)
        order = lifecycle_globex(c, ws)
        if ws:
            ws.close()
        approval_acme(c)
        bad_requests(c)
        catalogue(c)
        account_admin(c)
        routes(c, order)
        throttling(c)
        for path, method, _, _ in oas.operations(doc):
            tap.ok("%s %s was exercised and its answer validated" % (method.upper(), path),
                   (method, path) in c.exercised)
    except Exception as e:  # report, do not hide, an unexpected failure
        tap.ok("the contract run completed", False,
               ["%s: %s" % (type(e).__name__, e), "server log:", server.log_tail()])
    finally:
        server.stop()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))

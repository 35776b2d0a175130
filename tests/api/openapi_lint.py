#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lints data/openapi.yaml: the official OpenAPI 3.0 JSON schema (Debian's
openapi-specification package), then the rules of this project: references,
operation ids, security, parameters, typed schemas, error responses, and the
names of the wire contract (../shared/DESIGN.md and src/core/procure-types.h).

Usage: openapi_lint.py OPENAPI_YAML PROCURE_TYPES_H [SERVER_SOURCE_DIR]
With SERVER_SOURCE_DIR (src/server), the documented operations are also
compared with the server's route table (procure-routes.c) and its WebSocket
handler (procure-server.c), both ways.
Prints TAP: one test point per check, problems as diagnostics."""

import os

import json
import re
import sys

import jsonschema

import oas

OFFICIAL_SCHEMA = "/usr/share/openapi-specification/schemas/v3.0/schema.json"

PUBLIC_OPERATIONS = {("post", "/api/v1/session"), ("get", "/api/v1/health")}

# The endpoints of the server issue (as routed by src/server/procure-routes.c);
# path parameter names do not matter.
REQUIRED_ENDPOINTS = [
    ("post", "/api/v1/session"), ("delete", "/api/v1/session"),
    ("get", "/api/v1/me"), ("get", "/api/v1/health"),
    ("get", "/api/v1/products"), ("post", "/api/v1/products"),
    ("patch", "/api/v1/products/{}"),
    ("get", "/api/v1/accounts/{}/products"), ("put", "/api/v1/accounts/{}/products"),
    ("get", "/api/v1/accounts"), ("post", "/api/v1/accounts"),
    ("get", "/api/v1/accounts/{}"),
    ("patch", "/api/v1/accounts/{}"),
    ("get", "/api/v1/orders"), ("post", "/api/v1/orders"),
    ("get", "/api/v1/orders/{}"), ("patch", "/api/v1/orders/{}"),
    ("post", "/api/v1/orders/{}/actions/{}"),
    ("post", "/api/v1/orders/{}/comments"),
    ("get", "/api/v1/orders/{}/sims"),
    ("get", "/api/v1/sims"), ("get", "/api/v1/changes"),
    ("get", "/api/v1/stream"),
]

ERROR_STATUSES = {"400", "401", "403", "404", "409", "412", "413", "415",
                  "422", "428", "429"}

SETTINGS = ["sim_billing_status", "price_plan", "service_profile",
            "roaming_profile", "apn_group"]
FORM_FACTORS = ["2FF", "3FF", "4FF", "triple-cut", "MFF2", "eSIM"]
STATUSES = ["draft", "pending_approval", "info_requested", "submitted",
            "rejected", "accepted", "provisioning", "ready", "shipped",
            "closed", "cancelled"]
ACTIONS = ["submit", "approve", "reject", "request_info", "resubmit",
           "accept", "start", "ready", "ship", "confirm_receipt", "cancel",
           "reopen"]
ROLES = ["purchaser", "approver", "agent", "admin"]

# Members of the wire contract: schema -> (members that must be documented,
# whether they must all be required).
CONTRACT_MEMBERS = {
    "Order": (["id", "number", "account_id", "status", "version",
               "created_by", "created_at", "updated_at", "on_behalf", "lines",
               "currency", "total", "shipping_address",
               "requested_ship_date", "overrides", "effective", "notes",
               "shipment", "sim_count", "approvals", "history"], True),
    "OrderLine": (["product_id", "quantity", "unit_price", "line_total"], True),
    "Address": (["name", "company", "street", "city", "postal_code",
                 "region", "country", "phone"], False),
    "Settings": (SETTINGS, True),
    "SettingsOverrides": (SETTINGS, True),
    "Entitlements": (SETTINGS, True),
    "Account": (["id", "name", "currency", "allow_default_override",
                 "approval_threshold", "second_approval_threshold",
                 "defaults", "entitlements", "addresses"], True),
    "Product": (["id", "code", "name", "form_factor", "features",
                 "branding", "unit_price", "currency", "min_quantity",
                 "max_quantity", "quantity_multiple", "stock", "active"],
                True),
    "Sim": (["iccid", "imsi", "msisdn", "account_id", "order_id",
             "product_id"] + SETTINGS, True),
    "User": (["id", "login", "name", "role", "account_id"], True),
    "Session": (["token", "user"], True),
    "HistoryEntry": (["actor_id", "actor_name", "at", "action", "from", "to",
                      "comment"], True),
    "Approval": (["user_id", "user_name", "at"], True),
    "Comment": (["id", "author_id", "author_name", "at", "body"], True),
    "Shipment": (["carrier", "tracking_number", "shipped_at"], True),
    "ChangesPage": (["next", "more", "orders", "products", "accounts",
                     "sims", "removed"], False),
    "OrderPage": (["items", "next"], True),
    "ProductPage": (["items", "next"], True),
    "AccountPage": (["items", "next"], True),
    "SimPage": (["items", "next"], True),
    "StreamMessage": (["seq"], True),
}

# Request bodies are decoded strictly: exactly these members, no others.
EXACT_REQUESTS = {
    "Login": ["login", "password"],
    "OrderCreate": ["account_id", "lines", "shipping_address", "address_id",
                    "requested_ship_date", "overrides", "notes"],
    "OrderLineInput": ["product_id", "quantity"],
    "ActionRequest": ["comment", "number", "sims", "carrier",
                      "tracking_number", "shipped_at"],
    "SimAssignment": ["iccid", "imsi", "msisdn"],
    "CommentCreate": ["body"],
}

# (schema, member) -> whether it must be nullable.
NULLABILITY = {("Order", "number"): True, ("Order", "status"): False,
               ("Order", "shipment"): True, ("Order", "shipping_address"): True,
               ("Account", "approval_threshold"): True,
               ("Account", "second_approval_threshold"): True,
               ("HistoryEntry", "action"): True, ("HistoryEntry", "from"): True,
               ("HistoryEntry", "to"): False, ("HistoryEntry", "comment"): True,
               ("User", "account_id"): True, ("Error", "error"): False}
NULLABILITY.update({("SettingsOverrides", s): True for s in SETTINGS})
NULLABILITY.update({("Settings", s): False for s in SETTINGS})


def header_enum(header_text, prefix):
    """Wire names of a C enum of procure-types.h: PROCURE_STATUS_INFO_REQUESTED
    -> info_requested, skipping _INVALID and the PROCURE_N_ counter."""
    names = re.findall(r"^\s*" + prefix + r"([A-Z_]+)\b", header_text, re.M)
    return [n.lower() for n in names if n != "INVALID"]


# ---------- checks: each returns a list of problems ----------

def check_official_schema(doc, ctx):
    with open(OFFICIAL_SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    v = jsonschema.Draft4Validator(schema)
    return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(root)",
                        e.message[:200]) for e in v.iter_errors(doc)]


def _walk_refs(node, where, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                out.append((where, v))
            else:
                _walk_refs(v, where + "/" + str(k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk_refs(v, "%s/%d" % (where, i), out)


def check_refs(doc, ctx):
    refs, problems = [], []
    _walk_refs(doc, "#", refs)
    for where, ref in refs:
        try:
            oas.resolve(doc, {"$ref": ref})
        except KeyError as e:
            problems.append("%s: %s" % (where, e))
    return problems


def check_operation_ids(doc, ctx):
    seen, problems = {}, []
    for path, method, _, op in oas.operations(doc):
        oid = op.get("operationId")
        if not oid:
            problems.append("%s %s has no operationId" % (method.upper(), path))
        elif oid in seen:
            problems.append("operationId %s used by %s and %s %s"
                            % (oid, seen[oid], method.upper(), path))
        else:
            seen[oid] = "%s %s" % (method.upper(), path)
    return problems


def check_descriptions(doc, ctx):
    return ["%s %s needs a summary and a description" % (m.upper(), p)
            for p, m, _, op in oas.operations(doc)
            if not op.get("summary") or not op.get("description")]


def check_success_responses(doc, ctx):
    problems = []
    for path, method, _, op in oas.operations(doc):
        codes = [str(c) for c in (op.get("responses") or {})]
        if not any(c.startswith("2") or c == "101" for c in codes):
            problems.append("%s %s has no success response" % (method.upper(), path))
    return problems


def check_security(doc, ctx):
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    problems = []
    bearer = schemes.get("bearerAuth") or {}
    if bearer.get("type") != "http" or bearer.get("scheme") != "bearer":
        problems.append("components.securitySchemes.bearerAuth is not HTTP bearer")
    if doc.get("security") != [{"bearerAuth": []}]:
        problems.append("the document's default security is not bearerAuth")
    for path, method, _, op in oas.operations(doc):
        sec = op.get("security", doc.get("security"))
        public = (method, path) in PUBLIC_OPERATIONS
        if public and sec != []:
            problems.append("%s %s is public but not marked security: []" % (method.upper(), path))
        if not public and not sec:
            problems.append("%s %s has no security" % (method.upper(), path))
        for req in sec or []:
            for name in req:
                if name not in schemes:
                    problems.append("%s %s uses undefined scheme %s" % (method.upper(), path, name))
    return problems


def check_path_parameters(doc, ctx):
    problems = []
    for path, method, item, op in oas.operations(doc):
        try:
            params = oas.parameters(doc, item, op)
        except KeyError as e:
            problems.append("%s %s: %s" % (method.upper(), path, e))
            continue
        in_template = set(re.findall(r"{([^}]+)}", path))
        declared = {p.get("name") for p in params if p.get("in") == "path"}
        for name in sorted(in_template - declared):
            problems.append("%s %s: path parameter %s not declared" % (method.upper(), path, name))
        for name in sorted(declared - in_template):
            problems.append("%s %s: parameter %s is not in the path" % (method.upper(), path, name))
        for p in params:
            if p.get("in") == "path" and p.get("required") is not True:
                problems.append("%s %s: path parameter %s not required" % (method.upper(), path, p.get("name")))
            if "schema" not in p:
                problems.append("%s %s: parameter %s has no schema" % (method.upper(), path, p.get("name")))
    return problems


def _schemas_in(node, where, out):
    """Collects every schema object below @node (component schemas,
    parameter and media-type schemas, properties, items...)."""
    if isinstance(node, dict):
        for k, v in node.items():
            here = where + "/" + str(k)
            if k == "schema" and isinstance(v, dict):
                _schema_tree(v, here, out)
            elif k == "schemas" and where == "#/components" and isinstance(v, dict):
                for name, s in v.items():
                    _schema_tree(s, here + "/" + name, out)
            else:
                _schemas_in(v, here, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _schemas_in(v, "%s/%d" % (where, i), out)


def _schema_tree(schema, where, out):
    if not isinstance(schema, dict):
        out.append((where, schema))
        return
    out.append((where, schema))
    for name, sub in (schema.get("properties") or {}).items():
        _schema_tree(sub, where + "/properties/" + name, out)
    if isinstance(schema.get("items"), dict):
        _schema_tree(schema["items"], where + "/items", out)
    if isinstance(schema.get("additionalProperties"), dict):
        _schema_tree(schema["additionalProperties"], where + "/additionalProperties", out)
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(key) or []):
            _schema_tree(sub, "%s/%s/%d" % (where, key, i), out)


def check_typed_schemas(doc, ctx):
    found, problems = [], []
    _schemas_in(doc, "#", found)
    for where, s in found:
        if not isinstance(s, dict):
            problems.append("%s: not a schema object" % where)
            continue
        if not any(k in s for k in ("type", "$ref", "allOf", "anyOf", "oneOf")):
            problems.append("%s: no type" % where)
        if s.get("type") == "array" and "items" not in s:
            problems.append("%s: array without items" % where)
        props = s.get("properties") or {}
        for name in s.get("required") or []:
            if name not in props:
                problems.append("%s: required member %s is not a property" % (where, name))
    return problems


def check_enums(doc, ctx):
    schemas = doc.get("components", {}).get("schemas", {})
    header = ctx["header"]
    expected = {
        "Status": (STATUSES, header_enum(header, "PROCURE_STATUS_")),
        "Action": (ACTIONS, header_enum(header, "PROCURE_ACTION_")),
        "Role": (ROLES, header_enum(header, "PROCURE_ROLE_")),
        "FormFactor": (FORM_FACTORS, None),
    }
    problems = []
    for name, (contract, from_header) in expected.items():
        enum = (schemas.get(name) or {}).get("enum")
        if enum != contract:
            problems.append("%s enum %r is not the wire contract's %r" % (name, enum, contract))
        if from_header is not None and from_header != contract:
            problems.append("procure-types.h %s values %r differ from the contract" % (name, from_header))
    setting_names = header_enum(header, "PROCURE_SETTING_")
    if setting_names != SETTINGS:
        problems.append("procure-types.h settings %r differ from %r" % (setting_names, SETTINGS))
    return problems


def check_contract_members(doc, ctx):
    schemas = doc.get("components", {}).get("schemas", {})
    problems = []
    for name, (members, all_required) in CONTRACT_MEMBERS.items():
        s = schemas.get(name)
        if not isinstance(s, dict):
            problems.append("schema %s missing" % name)
            continue
        props, required = s.get("properties") or {}, s.get("required") or []
        for m in members:
            if m not in props:
                problems.append("%s lacks member %s" % (name, m))
            elif all_required and m not in required:
                problems.append("%s member %s is not required" % (name, m))
    for name, members in EXACT_REQUESTS.items():
        s = schemas.get(name) or {}
        if sorted(s.get("properties") or {}) != sorted(members):
            problems.append("request %s members %r are not %r"
                            % (name, sorted(s.get("properties") or {}), sorted(members)))
        if s.get("additionalProperties") is not False:
            problems.append("request %s does not forbid other members" % name)
    for (name, member), nullable in NULLABILITY.items():
        prop = ((schemas.get(name) or {}).get("properties") or {}).get(member)
        if prop is None:
            problems.append("%s.%s missing" % (name, member))
        elif bool(prop.get("nullable")) != nullable:
            problems.append("%s.%s must %sbe nullable" % (name, member, "" if nullable else "not "))
    error = ((schemas.get("Error") or {}).get("properties") or {}).get("error") or {}
    if sorted(error.get("required") or []) != ["code", "field", "message"]:
        problems.append("Error.error must require code, message and field")
    return problems


def _response_schema_ref(doc, response):
    try:
        r = oas.resolve(doc, response)
        return ((r.get("content") or {}).get("application/json") or {}).get("schema", {}).get("$ref")
    except (KeyError, AttributeError):
        return None


def check_error_responses(doc, ctx):
    problems, used = [], set()
    for path, method, item, op in oas.operations(doc):
        where = "%s %s" % (method.upper(), path)
        responses = {str(k): v for k, v in (op.get("responses") or {}).items()}
        # A WebSocket upgrade authenticates after the 101 (a refused token
        # closes the socket) and a bad handshake is refused by libsoup itself.
        websocket = "101" in responses
        for code, response in responses.items():
            if websocket and code == "400":
                continue
            if code[0] in "45":
                used.add(code)
                if _response_schema_ref(doc, response) != "#/components/schemas/Error":
                    problems.append("%s: %s does not use the Error schema" % (where, code))
        try:
            params = oas.parameters(doc, item, op)
        except KeyError:
            params = []
        needs = set()
        if (method, path) not in PUBLIC_OPERATIONS and not websocket:
            needs.add("401")
        if "{" in path:
            needs.add("404")
        if "requestBody" in op:
            needs |= {"400", "413", "415"}
        if any(p.get("name") == "If-Match" for p in params):
            needs |= {"409", "412", "428"}
            if not all(p.get("required") for p in params if p.get("name") == "If-Match"):
                problems.append("%s: If-Match must be required" % where)
        for code in sorted(needs - set(responses)):
            problems.append("%s: no %s response" % (where, code))
    for code in sorted(ERROR_STATUSES - used):
        problems.append("status %s is documented nowhere" % code)
    return problems


def check_concurrency_headers(doc, ctx):
    problems = []
    ops = {(m, p): (item, op) for p, m, item, op in oas.operations(doc)}
    for key in [("patch", "/api/v1/orders/{order_id}"),
                ("post", "/api/v1/orders/{order_id}/actions/{action}")]:
        item, op = ops.get(key, ({}, {}))
        if not any(p.get("name") == "If-Match" for p in oas.parameters(doc, item, op)):
            problems.append("%s %s lacks If-Match" % (key[0].upper(), key[1]))
    item, op = ops.get(("post", "/api/v1/orders"), ({}, {}))
    if not any(p.get("name") == "Idempotency-Key" for p in oas.parameters(doc, item, op)):
        problems.append("POST /api/v1/orders lacks Idempotency-Key")
    item, op = ops.get(("get", "/api/v1/orders/{order_id}"), ({}, {}))
    ok = (op.get("responses") or {}).get("200") or {}
    if "ETag" not in (ok.get("headers") or {}):
        problems.append("GET /api/v1/orders/{order_id} 200 lacks the ETag header")
    return problems


def _examples(doc, node, where, out):
    """(where, schema, example) for every media-type example(s) and every
    schema-level example in the document."""
    if isinstance(node, dict):
        schema = node.get("schema")
        if isinstance(schema, dict) and "example" in node:
            out.append((where + "/example", schema, node["example"]))
        if isinstance(schema, dict):
            for name, ex in (node.get("examples") or {}).items():
                ex = oas.resolve(doc, ex) if isinstance(ex, dict) else ex
                if isinstance(ex, dict) and "value" in ex:
                    out.append(("%s/examples/%s" % (where, name), schema, ex["value"]))
        for k, v in node.items():
            if k in ("example", "examples"):
                continue
            _examples(doc, v, where + "/" + str(k), out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _examples(doc, v, "%s/%d" % (where, i), out)


def check_examples(doc, ctx):
    found, problems = [], []
    _examples(doc, doc.get("paths") or {}, "#/paths", found)
    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        if isinstance(schema, dict) and "example" in schema:
            found.append(("#/components/schemas/%s/example" % name,
                          {"$ref": "#/components/schemas/" + name}, schema["example"]))
    if not found:
        problems.append("the document has no examples to check")
    for where, schema, example in found:
        problems += ["%s: %s" % (where, e) for e in oas.schema_errors(doc, schema, example)]
    return problems


def check_endpoints(doc, ctx):
    documented = {(m, re.sub(r"{[^}]+}", "{}", p)) for p, m, _, _ in oas.operations(doc)}
    return ["%s %s is not documented" % (m.upper(), p)
            for m, p in REQUIRED_ENDPOINTS if (m, p) not in documented]


def server_routes(server_dir):
    """(method, path with {} for parameters) of every route the server
    registers: the rows of procure-routes.c and the WebSocket handlers."""
    with open(os.path.join(server_dir, "procure-routes.c"), encoding="utf-8") as f:
        table = f.read()
    routes = set(re.findall(r'{\s*"([A-Z]+)",\s*"(/api/[^"]*)"', table))
    routes = {(m.lower(), p) for m, p in routes}
    with open(os.path.join(server_dir, "procure-server.c"), encoding="utf-8") as f:
        server = f.read()
    for path in re.findall(r'soup_server_add_websocket_handler\s*\([^,]+,\s*"([^"]+)"', server):
        routes.add(("get", path))
    return routes


def check_server_routes(doc, ctx):
    if not ctx.get("server_dir"):
        return []
    routes = server_routes(ctx["server_dir"])
    if not routes:
        return ["no routes found in %s" % ctx["server_dir"]]
    documented = {(m, re.sub(r"{[^}]+}", "{}", p)) for p, m, _, _ in oas.operations(doc)}
    problems = ["the server routes %s %s but the document does not describe it" % (m.upper(), p)
                for m, p in sorted(routes - documented)]
    problems += ["the document describes %s %s but the server does not route it" % (m.upper(), p)
                 for m, p in sorted(documented - routes)]
    return problems


CHECKS = [
    ("valid against the official OpenAPI 3.0 schema", check_official_schema),
    ("every $ref resolves", check_refs),
    ("every operation has a unique operationId", check_operation_ids),
    ("every operation has a summary and a description", check_descriptions),
    ("every operation has a success response", check_success_responses),
    ("security on every operation but the public ones", check_security),
    ("path parameters declared and required", check_path_parameters),
    ("every schema is typed and requires only its own members", check_typed_schemas),
    ("enums match the wire contract and procure-types.h", check_enums),
    ("wire-contract members, strict requests, nullability", check_contract_members),
    ("error responses use the Error schema and cover the statuses", check_error_responses),
    ("If-Match, Idempotency-Key and ETag documented", check_concurrency_headers),
    ("every example validates against its schema", check_examples),
    ("every endpoint of the server issue is documented", check_endpoints),
    ("the document and the server's route table agree", check_server_routes),
]


def run_checks(doc, header, server_dir=None):
    """Returns [(name, problems)] for every check; a check that crashes on a
    broken document reports the crash as its problem."""
    ctx = {"header": header, "server_dir": server_dir}
    results = []
    for name, fn in CHECKS:
        try:
            problems = fn(doc, ctx)
        except Exception as e:  # a broken document must fail, not crash the run
            problems = ["check crashed: %s: %s" % (type(e).__name__, e)]
        results.append((name, problems))
    return results


def main(argv):
    if len(argv) not in (3, 4):
        print("usage: openapi_lint.py OPENAPI_YAML PROCURE_TYPES_H [SERVER_SOURCE_DIR]",
              file=sys.stderr)
        return 2
    try:
        doc = oas.load(argv[1])
    except Exception as e:  # a YAML error or a key given twice
        print("1..1\nnot ok 1 - the document parses as YAML without duplicate keys")
        print("# " + str(e).replace("\n", "\n# "))
        return 1
    with open(argv[2], encoding="utf-8") as f:
        header = f.read()
    results = run_checks(doc, header, argv[3] if len(argv) == 4 else None)
    print("1..%d" % len(results))
    failed = 0
    for i, (name, problems) in enumerate(results, 1):
        print("%s %d - %s" % ("not ok" if problems else "ok", i, name))
        for p in problems:
            print("# " + p)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proves the OpenAPI lint can fail: breaks copies of data/openapi.yaml in
one way each and checks that the right check (and only a failing check)
reports it, and that the unbroken document passes every check.

Usage: lint_selftest.py OPENAPI_YAML PROCURE_TYPES_H SERVER_SOURCE_DIR"""

import copy
import os
import sys
import tempfile

import oas
import openapi_lint

ORDER = "/api/v1/orders/{order_id}"
ACTION = "/api/v1/orders/{order_id}/actions/{action}"


def schemas(doc):
    return doc["components"]["schemas"]


def drop_operation_id(doc):
    del doc["paths"][ORDER]["get"]["operationId"]


def duplicate_operation_id(doc):
    doc["paths"][ORDER]["patch"]["operationId"] = "getOrder"


def dangling_ref(doc):
    schemas(doc)["Order"]["properties"]["lines"]["items"]["$ref"] = "#/components/schemas/Nope"


def undeclared_path_parameter(doc):
    doc["paths"][ACTION]["parameters"] = doc["paths"][ACTION]["parameters"][:1]


def optional_path_parameter(doc):
    doc["components"]["parameters"]["OrderId"]["required"] = False


def status_enum_missing_value(doc):
    schemas(doc)["Status"]["enum"].remove("cancelled")


def action_enum_misspelt(doc):
    schemas(doc)["Action"]["enum"][9] = "confirm-receipt"


def untyped_property(doc):
    schemas(doc)["Product"]["properties"]["stock"] = {"description": "how many"}


def array_without_items(doc):
    del schemas(doc)["Product"]["properties"]["features"]["items"]


def required_unknown_member(doc):
    schemas(doc)["Comment"]["required"].append("author")


def private_operation_public(doc):
    doc["paths"][ORDER]["get"]["security"] = []


def public_operation_secured(doc):
    del doc["paths"]["/api/v1/session"]["post"]["security"]


def contract_member_missing(doc):
    del schemas(doc)["Order"]["properties"]["sim_count"]
    schemas(doc)["Order"]["required"].remove("sim_count")


def contract_member_optional(doc):
    schemas(doc)["Account"]["required"].remove("entitlements")


def request_not_strict(doc):
    del schemas(doc)["OrderCreate"]["additionalProperties"]


def request_extra_member(doc):
    schemas(doc)["OrderCreate"]["properties"]["status"] = {"type": "string"}


def override_not_nullable(doc):
    del schemas(doc)["SettingsOverrides"]["properties"]["price_plan"]["nullable"]


def effective_nullable(doc):
    schemas(doc)["Settings"]["properties"]["apn_group"]["nullable"] = True


def error_response_not_error_schema(doc):
    doc["paths"][ORDER]["get"]["responses"]["404"] = {
        "description": "gone", "content": {"application/json": {"schema": {"type": "object"}}}}


def missing_428(doc):
    del doc["paths"][ORDER]["patch"]["responses"]["428"]


def missing_401(doc):
    del doc["paths"]["/api/v1/sims"]["get"]["responses"]["401"]


def missing_415_on_body(doc):
    del doc["paths"]["/api/v1/orders/{order_id}/comments"]["post"]["responses"]["415"]


def status_documented_nowhere(doc):
    for _, _, _, op in oas.operations(doc):
        op["responses"].pop("429", None)


def no_if_match(doc):
    doc["paths"][ACTION]["post"]["parameters"] = []


def no_idempotency_key(doc):
    del doc["paths"]["/api/v1/orders"]["post"]["parameters"]


def no_etag(doc):
    del doc["paths"][ORDER]["get"]["responses"]["200"]["headers"]


def endpoint_missing(doc):
    del doc["paths"]["/api/v1/sims"]


def no_success_response(doc):
    del doc["paths"]["/api/v1/me"]["get"]["responses"]["200"]


def no_description(doc):
    del doc["paths"]["/api/v1/changes"]["get"]["description"]


def not_openapi(doc):
    doc["openapi"] = "2.0"


def bad_parameter_location(doc):
    doc["components"]["parameters"]["Limit"]["in"] = "body"


def undocumented_route(doc):
    del doc["paths"]["/api/v1/accounts/{account_id}/products"]["get"]


def unrouted_operation(doc):
    doc["paths"]["/api/v1/orders/{order_id}/sims"]["post"] = copy.deepcopy(
        doc["paths"]["/api/v1/orders/{order_id}/sims"]["get"])
    doc["paths"]["/api/v1/orders/{order_id}/sims"]["post"]["operationId"] = "addOrderSims"


def example_off_schema(doc):
    body = doc["paths"]["/api/v1/orders/{order_id}/actions/{action}"]["post"]["requestBody"]
    body["content"]["application/json"]["examples"]["accept"]["value"]["number"] = "PO-17"


def example_extra_member(doc):
    body = doc["paths"]["/api/v1/session"]["post"]["requestBody"]
    body["content"]["application/json"]["example"]["remember"] = True


# (mutation, name of the check that must catch it)
CASES = [
    (drop_operation_id, openapi_lint.check_operation_ids),
    (duplicate_operation_id, openapi_lint.check_operation_ids),
    (dangling_ref, openapi_lint.check_refs),
    (undeclared_path_parameter, openapi_lint.check_path_parameters),
    (optional_path_parameter, openapi_lint.check_path_parameters),
    (status_enum_missing_value, openapi_lint.check_enums),
    (action_enum_misspelt, openapi_lint.check_enums),
    (untyped_property, openapi_lint.check_typed_schemas),
    (array_without_items, openapi_lint.check_typed_schemas),
    (required_unknown_member, openapi_lint.check_typed_schemas),
    (private_operation_public, openapi_lint.check_security),
    (public_operation_secured, openapi_lint.check_security),
    (contract_member_missing, openapi_lint.check_contract_members),
    (contract_member_optional, openapi_lint.check_contract_members),
    (request_not_strict, openapi_lint.check_contract_members),
    (request_extra_member, openapi_lint.check_contract_members),
    (override_not_nullable, openapi_lint.check_contract_members),
    (effective_nullable, openapi_lint.check_contract_members),
    (error_response_not_error_schema, openapi_lint.check_error_responses),
    (missing_428, openapi_lint.check_error_responses),
    (missing_401, openapi_lint.check_error_responses),
    (missing_415_on_body, openapi_lint.check_error_responses),
    (status_documented_nowhere, openapi_lint.check_error_responses),
    (no_if_match, openapi_lint.check_concurrency_headers),
    (no_idempotency_key, openapi_lint.check_concurrency_headers),
    (no_etag, openapi_lint.check_concurrency_headers),
    (endpoint_missing, openapi_lint.check_endpoints),
    (no_success_response, openapi_lint.check_success_responses),
    (no_description, openapi_lint.check_descriptions),
    (not_openapi, openapi_lint.check_official_schema),
    (bad_parameter_location, openapi_lint.check_official_schema),
    (example_off_schema, openapi_lint.check_examples),
    (example_extra_member, openapi_lint.check_examples),
    (undocumented_route, openapi_lint.check_server_routes),
    (unrouted_operation, openapi_lint.check_server_routes),
]


def sample_order():
    """A hand-written order exactly as the wire contract describes one."""
    settings = {"sim_billing_status": "activated", "price_plan": "iot-5mb",
                "service_profile": "data-only", "roaming_profile": "eu",
                "apn_group": "acme-private"}
    return {
        "id": "o1", "number": None, "account_id": "a1", "status": "draft",
        "version": 1, "created_by": "u1", "created_at": "2026-11-22T09:30:00.123Z",
        "updated_at": "2026-11-22T09:30:00Z", "on_behalf": False,
        "lines": [{"product_id": "p1", "quantity": 10, "unit_price": 250,
                   "line_total": 2500}],
        "currency": "EUR", "total": 2500,
        "shipping_address": {"name": "Pat", "company": None, "street": "1 Road",
                             "city": "Berlin", "postal_code": "10115",
                             "region": None, "country": "DE", "phone": None},
        "requested_ship_date": "2026-12-01",
        "overrides": dict(settings, price_plan=None),
        "effective": settings, "notes": None, "shipment": None, "sim_count": 0,
        "approvals": [],
        "history": [{"actor_id": "u1", "actor_name": "Pat", "at": "2026-11-22T09:30:00Z",
                     "action": None, "from": None, "to": "draft", "comment": None}],
    }


def _set(path, value):
    def mutate(order):
        node = order
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    mutate.__name__ = "%s = %r" % (".".join(map(str, path)), value)
    return mutate


def _delete(key):
    def mutate(order):
        del order[key]
    mutate.__name__ = "no %s" % key
    return mutate


ORDER_BREAKS = [
    _set(["status"], "done"),
    _set(["number"], 12),
    _set(["created_at"], "2026-11-22 09:30:00"),
    _set(["created_at"], "2026-11-22T09:30:00+01:00"),
    _set(["requested_ship_date"], "2026-02-30"),
    _set(["effective", "price_plan"], None),
    _set(["lines", 0, "quantity"], "10"),
    _set(["history", 0, "action"], "created"),
    _set(["shipping_address", "country"], "Germany"),
    _set(["surprise"], 1),
    _delete("history"),
]


def converter_cases(doc):
    """(name, ok, diagnostics) for the OpenAPI -> JSON Schema conversion."""
    order_schema = {"$ref": "#/components/schemas/Order"}
    errors = oas.schema_errors(doc, order_schema, sample_order(), strict=True)
    cases = [("a contract-shaped order validates", not errors, errors)]
    for mutate in ORDER_BREAKS:
        order = sample_order()
        mutate(order)
        errors = oas.schema_errors(doc, order_schema, order, strict=True)
        cases.append(("an order with %s is refused" % mutate.__name__, bool(errors), []))
    return cases


def duplicate_key_refused(path):
    """A key given twice (e.g. a second `get:` under one path) is refused."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    marker = "  /api/v1/me:\n    get:\n"
    doubled = text.replace(marker, marker + "      summary: twice\n      summary: twice\n", 1)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(doubled)
    try:
        oas.load(f.name)
    except Exception:
        return doubled != text
    finally:
        os.unlink(f.name)
    return False


def check_name(fn):
    return next(name for name, f in openapi_lint.CHECKS if f is fn)


def main(argv):
    doc = oas.load(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        header = f.read()
    server_dir = argv[3]
    conversions = converter_cases(doc)
    print("1..%d" % (len(CASES) + 3 + len(conversions)))
    failures = 0

    clean = [p for _, problems in openapi_lint.run_checks(doc, header, server_dir) for p in problems]
    failures += report(1, "the document itself passes every check", not clean, clean)

    broken_header = header.replace("PROCURE_STATUS_CLOSED,", "PROCURE_STATUS_DONE,")
    results = dict(openapi_lint.run_checks(doc, broken_header, server_dir))
    failures += report(2, "a header enum that left the contract is caught",
                       bool(results[check_name(openapi_lint.check_enums)]), [])

    for i, (mutate, expected) in enumerate(CASES, 3):
        broken = copy.deepcopy(doc)
        mutate(broken)
        results = dict(openapi_lint.run_checks(broken, header, server_dir))
        caught = results[check_name(expected)]
        failures += report(i, "%s is caught by '%s'" % (mutate.__name__, check_name(expected)),
                           bool(caught), ["%s: %s" % (n, p) for n, p in results.items() if p])
    for i, (name, ok, diagnostics) in enumerate(conversions, len(CASES) + 3):
        failures += report(i, name, ok, diagnostics)
    failures += report(len(CASES) + 3 + len(conversions), "a key given twice is refused",
                       duplicate_key_refused(argv[1]), [])
    return 1 if failures else 0


def report(number, name, ok, diagnostics):
    print("%s %d - %s" % ("ok" if ok else "not ok", number, name))
    for d in diagnostics if not ok else []:
        print("# %s" % d)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

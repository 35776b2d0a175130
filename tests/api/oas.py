# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared helpers for the API tests: loading data/openapi.yaml, walking it,
and turning its OpenAPI 3.0 schemas into JSON Schema (draft 7) so that
real server responses can be validated with python3-jsonschema."""

import copy
import datetime
import re

import jsonschema
import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# OpenAPI-only keywords that JSON Schema does not know (or means differently).
_OAS_ONLY = ("nullable", "readOnly", "writeOnly", "example", "discriminator",
             "xml", "externalDocs", "deprecated")

_RFC3339_UTC = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")


class _StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping (PyYAML
    would silently keep the last one, hiding half of a document)."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=_StrictLoader)


def operations(doc):
    """Yields (path, method, path_item, operation) for every operation."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, item, op


def resolve(doc, node):
    """Follows local $refs until @node is not a reference. Raises KeyError
    for a reference that does not resolve."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise KeyError("reference cycle at " + ref)
        seen.add(ref)
        node = pointer(doc, ref)
    return node


def pointer(doc, ref):
    """The object a local JSON reference ('#/a/b') names; KeyError if none."""
    if not isinstance(ref, str) or not ref.startswith("#/"):
        raise KeyError("not a local reference: %r" % (ref,))
    node = doc
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError("unresolved reference " + ref)
    return node


def parameters(doc, item, op):
    """The effective parameters of an operation (path-level ones overridden by
    operation-level ones with the same name and location), resolved."""
    params = {}
    for raw in (item.get("parameters") or []) + (op.get("parameters") or []):
        p = resolve(doc, raw)
        params[(p.get("name"), p.get("in"))] = p
    return list(params.values())


def _convert(node, strict):
    if isinstance(node, list):
        return [_convert(n, strict) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return {"$ref": "#/definitions/" + name}
    out = {}
    for key, value in node.items():
        if key in _OAS_ONLY:
            continue
        if key in ("properties",):
            out[key] = {k: _convert(v, strict) for k, v in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _convert(value, strict)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [_convert(v, strict) for v in value]
        elif key == "format" and value not in ("date", "date-time"):
            continue
        else:
            out[key] = copy.deepcopy(value)
    if strict and "properties" in out and "additionalProperties" not in out:
        # Responses must not carry members the document does not describe.
        out["additionalProperties"] = False
    if node.get("nullable"):
        if "type" in out and "enum" not in out and "allOf" not in out:
            out["type"] = [out["type"], "null"]
        else:
            out = {"anyOf": [{"type": "null"}, out]}
    return out


def to_json_schema(doc, schema, strict=False):
    """A draft-7 JSON Schema for an OpenAPI schema object of @doc, with every
    component schema as a definition. @strict forbids undocumented members."""
    defs = {name: _convert(s, strict)
            for name, s in doc["components"]["schemas"].items()}
    return {"allOf": [_convert(schema, strict)], "definitions": defs}


def _is_date(value):
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_utc_timestamp(value):
    if not isinstance(value, str) or not _RFC3339_UTC.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value[:19])
    except ValueError:
        return False
    return True


FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("date")(_is_date)
FORMAT_CHECKER.checks("date-time")(_is_utc_timestamp)


def validator(doc, schema, strict=False):
    return jsonschema.Draft7Validator(to_json_schema(doc, schema, strict),
                                      format_checker=FORMAT_CHECKER)


def schema_errors(doc, schema, instance, strict=False):
    """Human-readable validation errors of @instance against @schema."""
    errors = []
    for e in validator(doc, schema, strict).iter_errors(instance):
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        errors.append("%s: %s" % (where, _short(e)))
    return errors


def _short(error):
    # anyOf errors (nullable) hide the useful message in their context.
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return best.message[:300]
    return error.message[:300]

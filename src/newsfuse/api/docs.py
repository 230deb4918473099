"""A self-contained API documentation page built from the OpenAPI schema.

Swagger UI loads its JavaScript from a CDN, which an offline server cannot
reach; this page is rendered on the server from ``app.openapi()`` instead and
lists every endpoint with its parameters, body and answers. A small script
(static/docs.js) adds "Try it" forms for GET endpoints.
"""
from __future__ import annotations

import re
from collections import OrderedDict

METHODS = ("get", "post", "put", "patch", "delete")


def _ref_name(schema: dict | None) -> str:
    """A short readable type name for a JSON schema (``Page[StorySummary]``, ``string``, ``integer[]``)."""
    if not schema:
        return ""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        generic = re.match(r"^([A-Za-z]+)_(.+)_$", name)  # pydantic names Page[X] "Page_X_"
        return f"{generic[1]}[{generic[2]}]" if generic else name
    if "anyOf" in schema:
        return " | ".join(filter(None, (_ref_name(s) for s in schema["anyOf"])))
    if schema.get("type") == "array":
        return _ref_name(schema.get("items")) + "[]"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return schema.get("type", "object")


def _parameters(op: dict) -> list[dict]:
    out = []
    for p in op.get("parameters", []):
        schema = p.get("schema", {})
        out.append({"name": p["name"], "in": p["in"], "required": p.get("required", False),
                    "type": _ref_name(schema), "default": schema.get("default"),
                    "description": p.get("description") or schema.get("description") or "",
                    "enum": _enum(schema)})
    return out


def _enum(schema: dict) -> list:
    if "enum" in schema:
        return schema["enum"]
    for s in schema.get("anyOf", []):
        if "enum" in s:
            return s["enum"]
    return []


def _body(op: dict, components: dict) -> dict | None:
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return None
    name = _ref_name(schema)
    fields = []
    target = components.get(schema.get("$ref", "").rsplit("/", 1)[-1], {})
    for field, spec in target.get("properties", {}).items():
        fields.append({"name": field, "type": _ref_name(spec), "required": field in target.get("required", []),
                       "description": spec.get("description", "")})
    return {"name": name, "fields": fields}


def _responses(op: dict) -> list[dict]:
    out = []
    for code, r in sorted(op.get("responses", {}).items()):
        schema = r.get("content", {}).get("application/json", {}).get("schema")
        out.append({"code": code, "description": r.get("description", ""), "type": _ref_name(schema)})
    return out


def endpoints(schema: dict) -> "OrderedDict[str, list[dict]]":
    """Every operation of the schema, grouped by tag, in the order the app declares them."""
    components = schema.get("components", {}).get("schemas", {})
    groups: OrderedDict[str, list[dict]] = OrderedDict()
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "id": op.get("operationId", f"{method}{path}"),
                "parameters": _parameters(op), "body": _body(op, components), "responses": _responses(op),
                "secured": any(p["name"] in ("authorization", "x-api-token") for p in _parameters(op)),
            })
    return groups

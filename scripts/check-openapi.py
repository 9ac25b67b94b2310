#!/usr/bin/env python3
"""Checks HiveKeep's OpenAPI document.

1. The document is valid OpenAPI 3.1 (openapi-spec-validator) and plain YAML (no anchors, aliases or tags).
2. It matches the reference (ToolHive) swagger except where docs/reference-differences.yaml lists a deliberate
   difference, and no entry of that list is stale. This is the same comparison as
   Tests/APIContractTests/OpenAPIContractTests.swift (which is the authority; this script is a quick local check).
3. With --render-md, writes docs/reference-differences.md, the human view of the differences list.

Usage: scripts/check-openapi.py [--reference PATH] [--render-md]
Exit status 0 when everything matches, 1 otherwise.
"""

import argparse
import json
import os
import re
import sys
import textwrap

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "Sources/HiveKeepServer/OpenAPI/openapi.yaml")
DIFFERENCES = os.path.join(ROOT, "docs/reference-differences.yaml")
METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]


def default_reference():
    base = os.environ.get("HIVEKEEP_REFERENCE_DIR") or os.path.join(ROOT, "..", "shared", "reference")
    return os.path.join(base, "toolhive-api-swagger.json")


class Doc:
    def __init__(self, data):
        self.data = data

    def resolve(self, value):
        """Follows $ref chains; returns (value, name of the first component referenced or None)."""
        first = None
        seen = set()
        while isinstance(value, dict) and "$ref" in value:
            ref = value["$ref"]
            if ref in seen or not ref.startswith("#/"):
                raise ValueError(f"bad or cyclic $ref {ref}")
            seen.add(ref)
            parts = ref[2:].split("/")
            if first is None:
                first = parts[-1]
            node = self.data
            for part in parts:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            value = node
        return value, first


class Node:
    def __init__(self, location, parent, segment, attrs, schema_key=None, child_prefix=None):
        self.location = location
        self.parent = parent
        self.segment = segment
        self.attrs = attrs
        self.schema_key = schema_key
        self.child_prefix = child_prefix


def schema_types(leaf):
    t = leaf.get("type")
    if isinstance(t, str):
        return {t}
    if isinstance(t, list):
        return set(t)
    if "properties" in leaf or isinstance(leaf.get("additionalProperties"), dict):
        return {"object"}
    if "items" in leaf:
        return {"array"}
    return set()


def flatten(doc):
    nodes = {}

    def add(node):
        nodes[node.location] = node

    def expand(schemas, visiting):
        """Returns (leaves, recursive-names) for a list of (schema, visiting) pairs."""
        leaves = []
        for schema in schemas:
            if isinstance(schema, dict) and "$ref" in schema:
                name = schema["$ref"].split("/")[-1]
                if name in visiting:
                    leaves.append(({"x-recursive": name}, visiting))
                    continue
                resolved, _ = doc.resolve(schema)
                leaves.extend(expand([resolved], visiting | {name}))
                continue
            if not isinstance(schema, dict):
                leaves.append(({}, visiting))
                continue
            branches = []
            for key in ("oneOf", "anyOf", "allOf"):
                branches.extend(schema.get(key, []))
            rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "allOf")}
            if branches:
                leaves.extend(expand(branches, visiting))
                if schema_types(rest):
                    leaves.append((rest, visiting))
            else:
                leaves.append((rest, visiting))
        return leaves

    def walk_schema(schemas, location, parent, segment, schema_key, child_prefix, visiting):
        leaves = [(leaf, vis) for schema, vis0 in schemas for leaf, vis in expand([schema], vis0)]
        types = set()
        recursive = []
        for leaf, _ in leaves:
            types |= schema_types(leaf)
            if "x-recursive" in leaf:
                recursive.append(leaf["x-recursive"])
        attrs = {"type": "|".join(sorted(types)) or "any"}
        if recursive:
            attrs["recursive"] = ",".join(sorted(recursive))
        add(Node(location, parent, segment, attrs, schema_key, child_prefix))
        properties = {}
        items = []
        additional = []
        for leaf, vis in leaves:
            for name, sub in (leaf.get("properties") or {}).items():
                properties.setdefault(name, []).append((sub, vis))
            if "items" in leaf:
                items.append((leaf["items"], vis))
            if isinstance(leaf.get("additionalProperties"), dict):
                additional.append((leaf["additionalProperties"], vis))
        children = [("." + name, subs) for name, subs in sorted(properties.items())]
        if items:
            children.append(("[]", items))
        if additional:
            children.append(("{}", additional))
        for seg, subs in children:
            key = child_prefix + seg if child_prefix else None
            ref = None
            if len(subs) == 1 and isinstance(subs[0][0], dict) and "$ref" in subs[0][0]:
                ref = subs[0][0]["$ref"].split("/")[-1]
            prefix = f"components.schemas.{ref}" if ref else key
            walk_schema(subs, location + seg, location, seg, key, prefix, visiting)

    def walk_content(content, location, parent):
        for media, item in (content or {}).items():
            loc = f"{location}.content.{media}"
            schema = item.get("schema", {})
            ref = schema["$ref"].split("/")[-1] if isinstance(schema, dict) and "$ref" in schema else None
            prefix = f"components.schemas.{ref}" if ref else None
            walk_schema([(schema, frozenset())], loc, location, ".content." + media, None, prefix, frozenset())

    for path, item in doc.data.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            op_loc = f"{method.upper()} {path}"
            add(Node(op_loc, None, None, {}))
            params = {}
            for p in item.get("parameters", []) + op.get("parameters", []):
                p, _ = doc.resolve(p)
                params[(p["in"], p["name"])] = p
            for (where, name), p in params.items():
                schema, _ = doc.resolve(p.get("schema", {}))
                types = "|".join(sorted(schema_types(schema))) or "any"
                required = bool(p.get("required", where == "path"))
                add(Node(f"{op_loc} parameters.{where}.{name}", op_loc, None,
                         {"required": str(required).lower(), "type": types}))
            if "requestBody" in op:
                body, _ = doc.resolve(op["requestBody"])
                loc = f"{op_loc} requestBody"
                add(Node(loc, op_loc, None, {}))
                walk_content(body.get("content"), loc, loc)
            for status, response in op.get("responses", {}).items():
                response, _ = doc.resolve(response)
                loc = f"{op_loc} responses.{status}"
                add(Node(loc, op_loc, None, {}))
                for header in (response.get("headers") or {}):
                    add(Node(f"{loc}.headers.{header}", loc, None, {}))
                walk_content(response.get("content"), loc, loc)
    return nodes


def compare(ref_nodes, our_nodes):
    findings = []
    for loc, node in ref_nodes.items():
        if loc in our_nodes:
            ours = our_nodes[loc]
            for key in sorted(set(node.attrs) | set(ours.attrs)):
                a, b = node.attrs.get(key), ours.attrs.get(key)
                if a != b:
                    findings.append((loc, ours.schema_key, f"{key} differs: reference {a}, HiveKeep {b}"))
            continue
        if node.parent is not None and node.parent not in our_nodes:
            continue
        key = None
        parent = our_nodes.get(node.parent) if node.parent else None
        if parent is not None and parent.child_prefix and node.segment:
            key = parent.child_prefix + node.segment
        findings.append((loc, key, "missing in HiveKeep"))
    for loc, node in our_nodes.items():
        if loc in ref_nodes:
            continue
        if node.parent is not None and node.parent not in ref_nodes:
            continue
        findings.append((loc, node.schema_key, "not in the reference"))
    return findings


def segment_matches(pattern, value):
    for alt in pattern.split("|"):
        if alt == "*" or alt == value:
            return True
        is_status_class = "X" in alt and all(c == "X" or c.isdigit() for c in alt)
        if is_status_class and len(alt) == len(value) and all(p == "X" and v.isdigit() or p == v
                                                               for p, v in zip(alt, value)):
            return True
    return False


def path_matches(pattern, value):
    ps, vs = pattern.split("."), value.split(".")
    return len(ps) == len(vs) and all(segment_matches(p, v) for p, v in zip(ps, vs))


def split_location(location):
    if location.startswith("* "):
        return "*", location[2:]
    parts = location.split(" ", 2)
    if len(parts) < 2:
        return location, None
    return parts[0] + " " + parts[1], parts[2] if len(parts) == 3 else None


def entry_matches(entry_location, finding):
    loc, key, _ = finding
    if entry_location.startswith("components."):
        return key is not None and path_matches(entry_location, key)
    eop, esub = split_location(entry_location)
    fop, fsub = split_location(loc)
    if eop != "*" and eop != fop:
        return False
    if esub is None or fsub is None:
        return esub is None and fsub is None and eop != "*"
    return path_matches(esub, fsub)


def check_no_anchors(path):
    problems = []
    with open(path) as f:
        for event in yaml.parse(f):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(f"anchor or alias at line {event.start_mark.line + 1}")
            tag = getattr(event, "tag", None)
            if tag and not getattr(event, "implicit", True):
                problems.append(f"explicit tag {tag} at line {event.start_mark.line + 1}")
    return problems


METHODS_UPPER = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"}


def render_markdown(entries):
    lines = [
        "# Where HiveKeep's API deliberately differs from the reference",
        "",
        "Generated from `reference-differences.yaml` by `scripts/check-openapi.py --render-md`; the YAML file is",
        "the authoritative list and the contract test (`Tests/APIContractTests`) checks it against the reference",
        "swagger. `document` entries are differences between the two OpenAPI documents; `behaviour` entries are",
        "places where the documents agree but the reference implementation answers differently from HiveKeep;",
        "`outside` entries are differences in what neither document describes (the MCP proxy, AI-client files).",
        "",
    ]
    for e in entries:
        lines.append(f"## {e['id']}")
        lines.append("")
        lines.append(f"- operation: `{e['operation']}`")
        lines.append(f"- kind: {e['kind']} ({e.get('scope', 'document')})")
        lines.append(f"- location: `{e['location']}`")
        lines.append("")
        lines.extend(textwrap.wrap(" ".join(str(e["reason"]).split()), width=116))
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", default=default_reference())
    parser.add_argument("--render-md", action="store_true")
    args = parser.parse_args()

    failures = []
    from openapi_spec_validator import validate

    with open(OURS) as f:
        ours = yaml.safe_load(f)
    validate(ours)
    failures += check_no_anchors(OURS)

    with open(args.reference) as f:
        reference = json.load(f)
    with open(DIFFERENCES) as f:
        entries = yaml.safe_load(f)["differences"]

    ref_nodes, our_nodes = flatten(Doc(reference)), flatten(Doc(ours))
    findings = compare(ref_nodes, our_nodes)
    covered = {e["id"]: 0 for e in entries}
    for finding in findings:
        matching = [e for e in entries if e.get("scope", "document") == "document"
                    and entry_matches(e["location"], finding)]
        for e in matching:
            covered[e["id"]] += 1
        if not matching:
            failures.append(f"{finding[0]}: {finding[2]}" + (f" [{finding[1]}]" if finding[1] else ""))
    for e in entries:
        if e.get("scope", "document") == "document":
            if covered[e["id"]] == 0:
                failures.append(f"stale difference entry {e['id']}: {e['location']} matches nothing")
        elif e["scope"] == "outside":
            if e["operation"].split(" ")[0] in METHODS_UPPER or e["operation"] == "*":
                failures.append(f"outside entry {e['id']}: operation '{e['operation']}' names an API operation")
        else:
            if e["location"] not in our_nodes or e["location"] not in ref_nodes:
                failures.append(f"behaviour entry {e['id']}: {e['location']} is not in both documents")
    print(f"{len(findings)} differences found, {len(entries)} entries")
    for failure in failures:
        print("FAIL", failure)
    if args.render_md:
        with open(os.path.join(ROOT, "docs/reference-differences.md"), "w") as f:
            f.write(render_markdown(entries))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Extracts the facts of the reference (ToolHive) API document that HiveKeep's contract test checks against, into
Tests/APIContractTests/Fixtures/reference-contract.json, so that the test needs nothing outside the repository.

Kept: the structure of the document (paths, operations, parameters with their names, places and required-ness,
request bodies, status codes, response headers, media types, schemas with their field names, types, formats, enums,
required lists, items, maps, $refs and oneOf/anyOf/allOf). Dropped: every piece of prose (description, summary,
title, example, tags, externalDocs, operationId) and vendor extensions.

Usage: scripts/extract-reference-contract.py [SWAGGER] [--output PATH]
SWAGGER defaults to ../shared/reference/toolhive-api-swagger.json beside the repository. Run it again when the
reference changes, and commit the result.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(ROOT, "..", "shared", "reference", "toolhive-api-swagger.json")
DEFAULT_OUTPUT = os.path.join(ROOT, "Tests", "APIContractTests", "Fixtures", "reference-contract.json")

# Keys whose value is a map from names (paths, status codes, media types, field names, component names) to objects.
NAME_MAPS = {"paths", "properties", "responses", "content", "headers", "mapping"}
# Structural keywords kept as they are (their values are cleaned recursively).
KEEP = {
    "openapi", "get", "put", "post", "delete", "options", "head", "patch", "trace", "parameters",
    "requestBody", "schema", "$ref", "type", "items", "additionalProperties", "required", "in", "name", "oneOf",
    "anyOf", "allOf", "not", "enum", "const", "format", "nullable", "uniqueItems", "default", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "style",
    "explode", "deprecated", "readOnly", "writeOnly", "discriminator", "propertyName",
}


def clean(value, names=False):
    if isinstance(value, list):
        return [clean(item) for item in value]
    if not isinstance(value, dict):
        return value
    if names:
        return {key: clean(item) for key, item in value.items() if not key.startswith("x-")}
    result = {}
    for key, item in value.items():
        if key == "components":  # every member (schemas, parameters, responses...) maps names to objects
            result[key] = {kind: clean(members, names=True) for kind, members in item.items()}
        elif key in NAME_MAPS:
            result[key] = clean(item, names=True)
        elif key in KEEP:
            result[key] = clean(item)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("swagger", nargs="?", default=DEFAULT_SOURCE)
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    arguments = parser.parse_args()
    try:
        with open(arguments.swagger, encoding="utf-8") as source:
            reference = json.load(source)
    except (OSError, ValueError) as error:
        sys.exit(f"extract-reference-contract: cannot read {arguments.swagger}: {error}")
    if not str(reference.get("openapi", "")).startswith("3."):
        sys.exit(f"extract-reference-contract: {arguments.swagger} is not an OpenAPI 3 document")
    contract = clean(reference)
    contract["info"] = {"version": str(reference.get("info", {}).get("version", ""))}
    contract["x-contract-source"] = (
        "facts extracted from the reference (ToolHive) API document by scripts/extract-reference-contract.py")
    os.makedirs(os.path.dirname(arguments.output), exist_ok=True)
    temporary = arguments.output + ".tmp"
    with open(temporary, "w", encoding="utf-8") as output:
        json.dump(contract, output, indent=1, sort_keys=True, ensure_ascii=False)
        output.write("\n")
    os.replace(temporary, arguments.output)
    operations = sum(1 for item in contract.get("paths", {}).values() for key in item if key != "parameters")
    print(f"wrote {os.path.relpath(arguments.output, ROOT)}: {operations} operations", file=sys.stderr)


if __name__ == "__main__":
    main()

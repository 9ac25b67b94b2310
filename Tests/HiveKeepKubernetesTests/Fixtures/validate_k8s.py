"""Validates a multi-document Kubernetes YAML file against the operator CRDs in Fixtures/k8s.

usage: validate_k8s.py MANIFEST.yaml
Each document's kind and apiVersion must name a CRD version here; the whole object is checked against that
version's openAPIV3Schema with jsonschema (Draft 7 keywords, which OpenAPI v3 structural schemas use). As an API
server with strict field validation would, a field the schema does not declare is an error (objects that declare
`properties` and no `additionalProperties` are closed). Prints one line per document; exits 1 on any error.
"""
import glob
import os
import sys

import jsonschema
import yaml

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "k8s")
schemas = {}
for path in glob.glob(os.path.join(here, "*.yaml")):
    crd = yaml.safe_load(open(path))
    group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
    for version in crd["spec"]["versions"]:
        schemas[(f"{group}/{version['name']}", kind)] = version["schema"]["openAPIV3Schema"]


def closed(schema, top=True):
    """A copy of schema in which objects with declared properties reject undeclared ones (metadata aside)."""
    if isinstance(schema, dict):
        copy = {k: closed(v, False) for k, v in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            copy["additionalProperties"] = False
        if top:
            copy["properties"]["metadata"] = {
                "type": "object", "required": ["name"],
                "properties": {"name": {"type": "string", "minLength": 1}},
            }
            copy["required"] = ["apiVersion", "kind", "metadata", "spec"]
        return copy
    if isinstance(schema, list):
        return [closed(v, False) for v in schema]
    return schema


failed = False
documents = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d is not None]
if not documents:
    print("no documents")
    sys.exit(1)
for document in documents:
    key = (document.get("apiVersion"), document.get("kind"))
    if key not in schemas:
        print(f"unknown kind/version {key}")
        failed = True
        continue
    errors = list(jsonschema.Draft7Validator(closed(schemas[key])).iter_errors(document))
    for error in errors:
        print(f"{key[1]} {document['metadata'].get('name')}: {'/'.join(map(str, error.path))}: {error.message}")
    failed = failed or bool(errors)
    if not errors:
        print(f"valid {key[1]} {document['metadata']['name']}")
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""Checks the JSON Schemas in schemas/ against the checkout.

1. Both schemas are valid JSON Schema 2020-12 documents.
2. Every tenants/*/tenant.json of the checkout, and the API-source fixtures'
   Tests/Fixtures/hris/*/tenant.json, is valid against tenant.schema.json.
3. Every Tests/Fixtures/invalid-configs/NAME.json is rejected by tenant.schema.json,
   and the set of JSON paths of its errors equals the set listed in NAME.expected
   (one path per line) -- the paths `peoplesync validate` reports for the same file.
4. With --entries DIR: every *.json under DIR (but tenant.json files, sources/
   snapshots and groups/) is a valid directory entry and is named after its id,
   and every groups/*.json is a valid group named after its group, members sorted.

Exits 1 on any failure, 2 on a usage or setup problem; prints a one-line summary.
Needs the `jsonschema` package (4.18 or later).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError
except ImportError:  # pragma: no cover - depends on the machine
    print("check_schemas: the Python package 'jsonschema' is required (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def load_json(path: Path):
    """Parses a file, rejecting duplicate keys as the product's parser does."""

    def no_duplicates(pairs):
        keys = [key for key, _ in pairs]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"duplicate key(s) {', '.join(duplicates)}")
        return dict(pairs)

    with path.open("rb") as handle:
        return json.loads(handle.read().decode("utf-8-sig"), object_pairs_hook=no_duplicates)


def leaf_errors(errors):
    """The errors that say what is wrong, innermost first.

    if/then and allOf report their subschemas' errors directly at the deep path, so
    they need nothing here; keywords that wrap their subschemas' errors (anyOf, oneOf)
    are replaced by the errors they wrap, so the location is the deepest one.
    """
    for error in errors:
        if error.context:
            yield from leaf_errors(error.context)
        else:
            yield error


def error_paths(validator: Draft202012Validator, instance) -> set[str]:
    return {error.json_path for error in leaf_errors(validator.iter_errors(instance))}


def describe(errors) -> str:
    lines = []
    for error in sorted(leaf_errors(errors), key=lambda e: (e.json_path, e.message)):
        lines.append(f"    {error.json_path}: {error.message}")
    return "\n".join(lines)


def relative(path: Path) -> str:
    try:
        return str(path.relative_to(PACKAGE_ROOT))
    except ValueError:
        return str(path)


class Checker:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def fail(self, message: str) -> None:
        self.failures.append(message)
        print(f"FAIL {message}", file=sys.stderr)

    def load_schema(self, name: str) -> Draft202012Validator | None:
        path = PACKAGE_ROOT / "schemas" / name
        try:
            schema = load_json(path)
        except (OSError, ValueError) as error:
            self.fail(f"{relative(path)}: cannot read: {error}")
            return None
        if schema.get("$schema") != DRAFT_2020_12:
            self.fail(f"{relative(path)}: $schema must be {DRAFT_2020_12}, found {schema.get('$schema')!r}")
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as error:
            self.fail(f"{relative(path)}: not a valid 2020-12 schema at {error.json_path}: {error.message}")
            return None
        return Draft202012Validator(schema)

    def check_tenants(self, validator: Draft202012Validator) -> int:
        paths = sorted((PACKAGE_ROOT / "tenants").glob("*/tenant.json"))
        paths += sorted((PACKAGE_ROOT / "Tests/Fixtures/hris").glob("*/tenant.json"))
        if not paths:
            self.fail("tenants/: no tenants/*/tenant.json to validate")
        return self.check_documents(validator, paths, "tenant.schema.json", None)

    def check_invalid_fixtures(self, validator: Draft202012Validator) -> int:
        folder = PACKAGE_ROOT / "Tests" / "Fixtures" / "invalid-configs"
        paths = sorted(folder.glob("*.json"))
        if not paths:
            self.fail(f"{relative(folder)}: no invalid fixtures found")
        for path in paths:
            expected_file = path.with_suffix(".expected")
            if not expected_file.is_file():
                self.fail(f"{relative(path)}: {expected_file.name} is missing")
                continue
            expected = {line.strip() for line in expected_file.read_text("utf-8").splitlines() if line.strip()}
            try:
                document = load_json(path)
            except (OSError, ValueError) as error:
                self.fail(f"{relative(path)}: cannot read: {error}")
                continue
            errors = list(validator.iter_errors(document))
            if not errors:
                self.fail(f"{relative(path)}: the schema accepts it, but it should be rejected at {sorted(expected)}")
                continue
            actual = error_paths(validator, document)
            if actual != expected:
                self.fail(
                    f"{relative(path)}: errors at {sorted(actual)}, expected {sorted(expected)}"
                    f" (missing {sorted(expected - actual)}, unexpected {sorted(actual - expected)}):\n{describe(errors)}"
                )
        for orphan in sorted(set(folder.glob("*.expected")) - {p.with_suffix(".expected") for p in paths}):
            self.fail(f"{relative(orphan)}: no {orphan.with_suffix('.json').name} beside it")
        return len(paths)

    def check_documents(self, validator: Draft202012Validator, paths, schema: str, key: str | None) -> int:
        """Validates each file against `schema`; its `key` member, when given, must name the file."""
        for path in paths:
            try:
                document = load_json(path)
            except (OSError, ValueError) as error:
                self.fail(f"{relative(path)}: cannot read: {error}")
                continue
            errors = list(validator.iter_errors(document))
            if errors:
                self.fail(f"{relative(path)}: invalid against {schema}:\n{describe(errors)}")
            elif key is None:
                continue
            elif document[key] != path.stem:
                self.fail(f"{path}: {key} {document[key]} does not match the file name")
            elif key == "group" and document["members"] != sorted(document["members"]):
                self.fail(f"{path}: members are not sorted")
        return len(paths)

    def check_groups(self, validator: Draft202012Validator, folder: Path) -> int:
        paths = sorted(path for path in folder.rglob("*.json") if path.parent.name == "groups")
        return self.check_documents(validator, paths, "group.schema.json", "group")

    def check_entries(self, validator: Draft202012Validator, folder: Path) -> int:
        if not folder.is_dir():
            self.fail(f"--entries {folder}: not a folder")
            return 0
        return self.check_documents(validator, sorted(entry_files(folder)), "directory-entry.schema.json", "id")


def entry_files(folder: Path):
    """The `*.json` files under `folder`, less tenant configurations and snapshots.

    So DIR may be a checkout's tenants/ folder (tenants/<id>/tenant.json and
    tenants/<id>/sources/ are skipped) as well as a folder of entry files.
    """
    for path in folder.rglob("*.json"):
        parts = path.relative_to(folder).parts
        if path.name != "tenant.json" and "sources" not in parts[:-1] and path.parent.name != "groups":
            yield path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", metavar="DIR", type=Path, help="also validate the directory entries under DIR")
    arguments = parser.parse_args(argv)

    checker = Checker()
    tenant = checker.load_schema("tenant.schema.json")
    entry = checker.load_schema("directory-entry.schema.json")
    group = checker.load_schema("group.schema.json")
    parts = []
    if tenant is not None:
        parts.append(f"{checker.check_tenants(tenant)} tenant configs valid")
        parts.append(f"{checker.check_invalid_fixtures(tenant)} invalid fixtures rejected at the expected paths")
    if entry is not None and arguments.entries is not None:
        count = checker.check_entries(entry, arguments.entries)
        if count == 0 and arguments.entries.is_dir():
            checker.fail(f"--entries {arguments.entries}: no directory entries found")
        parts.append(f"{count} directory entries valid")
        if group is not None:
            parts.append(f"{checker.check_groups(group, arguments.entries)} groups valid")

    if checker.failures:
        print(f"check_schemas: FAILED: {len(checker.failures)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_schemas: OK: 3 schemas valid (2020-12), {', '.join(parts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

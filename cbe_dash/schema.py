"""The data package descriptor (data/datapackage.json) read into typed objects.

The descriptor is the single statement of every table's columns, types, allowed words and keys:
validation, documentation and the "download all data" bundle all read it, so a rule lives in one place.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "string" | "integer" | "number"
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    fields: str
    resource: str
    reference_field: str


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Package:
    name: str
    title: str
    version: str
    resources: tuple[Resource, ...]

    def resource(self, name: str) -> Resource:
        for res in self.resources:
            if res.name == name:
                return res
        raise KeyError(name)


class DescriptorError(ValueError):
    """datapackage.json cannot serve as the contract; `line` is where the reader stopped (1 if unknown)."""

    def __init__(self, message: str, line: int = 1, where: str = "-"):
        self.line, self.where, self.message = line, where, message
        super().__init__(f"{DESCRIPTOR}:{line}: {where}: {message}")


_TYPES = ("string", "integer", "number")


def _require(condition: bool, message: str, where: str) -> None:
    if not condition:
        raise DescriptorError(message, where=where)


def _number_or_none(value: Any, where: str) -> float | None:
    _require(value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)),
             "must be a number", where)
    return value


def _field(raw: Any, where: str) -> Field:
    _require(isinstance(raw, dict) and isinstance(raw.get("name"), str), "a field needs a name", where)
    where = f"{where}.{raw['name']}"
    c = raw.get("constraints", {})
    _require(isinstance(c, dict), "constraints must be an object", where)
    kind = raw.get("type", "string")
    _require(kind in _TYPES, f"type {kind!r} is not one of {', '.join(_TYPES)}", where)
    enum = c.get("enum")
    _require(enum is None or isinstance(enum, list), "enum must be a list", where)
    pattern = c.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as err:
            raise DescriptorError(f"pattern does not compile ({err})", where=where) from None
    return Field(
        name=raw["name"],
        type=kind,
        description=str(raw.get("description", "")),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        minimum=_number_or_none(c.get("minimum"), where),
        maximum=_number_or_none(c.get("maximum"), where),
        pattern=pattern,
    )


def _resource(raw: Any, index: int) -> Resource:
    where = f"resources[{index}]"
    _require(isinstance(raw, dict) and isinstance(raw.get("name"), str) and isinstance(raw.get("path"), str),
             "a resource needs a name and a path", where)
    where = f"resource {raw['name']}"
    path = raw["path"]
    _require(Path(path).name == path and path.endswith(".csv"), "path must be a CSV file name in the data folder",
             where)
    schema = raw.get("schema")
    _require(isinstance(schema, dict) and isinstance(schema.get("fields"), list) and schema["fields"],
             "needs a schema with a list of fields", where)
    fields = tuple(_field(f, where) for f in schema["fields"])
    names = [f.name for f in fields]
    pk = schema.get("primaryKey", [])
    pk = [pk] if isinstance(pk, str) else pk
    _require(isinstance(pk, list) and all(k in names for k in pk), "primaryKey names a field it does not have", where)
    fks = []
    for fk in schema.get("foreignKeys", []):
        try:
            fks.append(ForeignKey(fields=fk["fields"], resource=fk["reference"]["resource"],
                                  reference_field=fk["reference"]["fields"]))
        except (KeyError, TypeError):
            raise DescriptorError("a foreign key needs fields and a reference", where=where) from None
        _require(fks[-1].fields in names, f"foreign key field {fks[-1].fields!r} is not a field", where)
    return Resource(
        name=raw["name"],
        path=path,
        title=str(raw.get("title", raw["name"])),
        description=str(raw.get("description", "")),
        fields=fields,
        primary_key=tuple(pk),
        foreign_keys=tuple(fks),
    )


def parse_package(text: str) -> Package:
    """A Package from descriptor text; raises DescriptorError saying where it is broken."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise DescriptorError(f"not valid JSON ({err.msg}, column {err.colno})", line=err.lineno) from None
    except RecursionError:
        raise DescriptorError("nested too deeply to read") from None
    _require(isinstance(raw, dict) and isinstance(raw.get("resources"), list), "needs a list of resources", "resources")
    resources = tuple(_resource(r, i) for i, r in enumerate(raw["resources"]))
    names = [r.name for r in resources]
    for name in names:
        _require(names.count(name) == 1, f"resource {name!r} is described twice", "resources")
    return Package(
        name=str(raw.get("name", "")),
        title=str(raw.get("title", "")),
        version=str(raw.get("version", "")),
        resources=resources,
    )


def read_package(path: Path) -> Package:
    """Parse a datapackage.json; raises OSError or DescriptorError (a ValueError) when it cannot be used."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DescriptorError("not valid UTF-8", line=raw[: err.start].count(b"\n") + 1) from None
    return parse_package(text)

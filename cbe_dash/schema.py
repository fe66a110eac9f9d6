"""The data package descriptor (data/datapackage.json) read into typed objects.

The descriptor is the single statement of every table's columns, types, allowed words and keys:
validation, documentation and the "download all data" bundle all read it, so a rule lives in one place.
"""
from __future__ import annotations

import json
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


def _field(raw: dict[str, Any]) -> Field:
    c = raw.get("constraints", {})
    enum = c.get("enum")
    return Field(
        name=raw["name"],
        type=raw.get("type", "string"),
        description=raw.get("description", ""),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        pattern=c.get("pattern"),
    )


def _resource(raw: dict[str, Any]) -> Resource:
    schema = raw["schema"]
    pk = schema.get("primaryKey", [])
    fks = tuple(
        ForeignKey(fields=fk["fields"], resource=fk["reference"]["resource"], reference_field=fk["reference"]["fields"])
        for fk in schema.get("foreignKeys", [])
    )
    return Resource(
        name=raw["name"],
        path=raw["path"],
        title=raw.get("title", raw["name"]),
        description=raw.get("description", ""),
        fields=tuple(_field(f) for f in schema["fields"]),
        primary_key=tuple([pk] if isinstance(pk, str) else pk),
        foreign_keys=fks,
    )


def read_package(path: Path) -> Package:
    """Parse a datapackage.json; raises OSError/ValueError/KeyError on a broken descriptor."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return Package(
        name=raw.get("name", ""),
        title=raw.get("title", ""),
        version=str(raw.get("version", "")),
        resources=tuple(_resource(r) for r in raw["resources"]),
    )

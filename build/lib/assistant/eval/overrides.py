"""`--set key=value` and `--compare NAME:key=value,...`: settings overrides, checked before any run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from assistant.ops.settings import Settings

VARIANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # it names an output folder


class OverrideError(ValueError):
    """A setting override that names no setting, or gives it a value it cannot take."""


@dataclass(frozen=True)
class Variant:
    name: str
    overrides: dict[str, str] = field(default_factory=dict)


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    assignments: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key.strip():
            raise OverrideError(f"{pair!r}: expected key=value, for example retrieval_mode=dense")
        assignments[key.strip()] = value.strip()
    return assignments


def apply_overrides(settings: Settings, overrides: dict[str, str]) -> Settings:
    """`settings` with `overrides` applied, each validated as Settings would validate it."""
    unknown = sorted(set(overrides) - set(Settings.model_fields))
    if unknown:
        raise OverrideError(
            f"unknown setting(s) {', '.join(unknown)}; known settings: {', '.join(sorted(Settings.model_fields))}"
        )
    try:
        validated = Settings.model_validate({**settings.model_dump(), **overrides})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}={overrides.get(str(problem['loc'][0]), '')!r}: {problem['msg']}"
            for problem in error.errors()
        )
        raise OverrideError(f"invalid setting: {problems}") from None
    return settings.model_copy(update={key: getattr(validated, key) for key in overrides})


def parse_variant(spec: str) -> Variant:
    """NAME, or NAME:key=value,key=value."""
    name, _, assignments = spec.partition(":")
    if not VARIANT_NAME.fullmatch(name):
        raise OverrideError(f"{spec!r}: a variant is NAME:key=value,...; NAME may use letters, digits, '_', '.' and '-'")
    pairs = [pair for pair in assignments.split(",") if pair.strip()]
    return Variant(name, parse_assignments(pairs))


def parse_variants(specs: list[str]) -> list[Variant]:
    variants = [parse_variant(spec) for spec in specs]
    names = [variant.name for variant in variants]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise OverrideError(f"variant names must differ: {', '.join(duplicates)} given twice")
    return variants

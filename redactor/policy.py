"""Loads a policy file: raw YAML, validated by pydantic, compiled into a Policy object."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from redactor.errors import PolicyError
from redactor.models import Action

BUILTIN = ("foi",)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntityRule(_Strict):
    exemption: str
    action: Literal["redact", "keep", "flag"] = "redact"
    label: str | None = None
    min_score: float | None = Field(default=None, ge=0, le=1)


class AllowRule(_Strict):
    value: str | None = None
    pattern: str | None = None
    description: str = Field(min_length=3)
    entities: list[str] | None = None  # restrict to these entity types

    @model_validator(mode="after")
    def _one_of(self) -> "AllowRule":
        if (self.value is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'value' or 'pattern'")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return self


class PeopleRules(_Strict):
    keep_councillors: bool = True
    councillors: list[str] = []
    directory: str | None = None  # CSV: name, job title, email, phone, disclose


class ExemptionText(_Strict):
    title: str
    qualified: bool = False
    explanation: str
    public_interest: str | None = None


class RawPolicy(_Strict):
    extends: str | None = None  # resolved before validation; kept so the key is allowed
    name: str = Field(min_length=1)
    description: str = ""
    min_score: float = Field(default=0.5, ge=0, le=1)
    label: str = "[Redacted {exemption}]"
    entities: dict[str, EntityRule]
    hidden_data: dict[str, str] = {"default": "remove"}
    allow: list[AllowRule] = []
    people: PeopleRules = PeopleRules()
    exemptions: dict[str, ExemptionText] = {}
    # A site security catalogue (the keys of recognizers/data/security_catalogue.yaml), path relative
    # to the policy file: its keywords, vendors and products are withheld under s31 as well.
    security_catalogue: str | None = None

    @field_validator("entities")
    @classmethod
    def _entity_names(cls, value: dict[str, EntityRule]) -> dict[str, EntityRule]:
        for name in value:
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                raise ValueError(f"entity '{name}' must be UPPER_SNAKE_CASE, as in Presidio")
        return value

    @field_validator("hidden_data")
    @classmethod
    def _hidden_actions(cls, value: dict[str, str]) -> dict[str, str]:
        for key, action in value.items():
            if action not in ("remove", "flag", "unhide", "keep"):
                raise ValueError(f"hidden_data.{key}: action must be remove, flag, unhide or keep")
        return value


@dataclass(frozen=True)
class CompiledAllow:
    description: str
    value: str | None
    regex: re.Pattern[str] | None
    entities: frozenset[str] | None

    def matches(self, text: str, entity: str) -> bool:
        if self.entities is not None and entity not in self.entities:
            return False
        if self.value is not None:
            return normalise_value(text, entity) == normalise_value(self.value, entity)
        assert self.regex is not None
        return bool(self.regex.search(text))


@dataclass(frozen=True)
class Policy:
    """A validated policy, ready to decide findings. Immutable; pass it explicitly."""

    name: str
    source: str  # "builtin:foi" or a file path
    sha256: str
    min_score: float
    label_template: str
    entities: dict[str, EntityRule]
    hidden_data: dict[str, str]
    allow: tuple[CompiledAllow, ...]
    people: PeopleRules
    exemptions: dict[str, ExemptionText]
    directory_rows: tuple[dict[str, str], ...] = field(default_factory=tuple)
    security_catalogue: Path | None = None  # the site catalogue file, resolved; the engine is built with it

    def rule_for(self, entity: str) -> EntityRule | None:
        return self.entities.get(entity)

    def label_for(self, entity: str) -> str:
        rule = self.entities.get(entity)
        exemption = rule.exemption if rule else ""
        template = (rule.label if rule and rule.label else None) or self.label_template
        return template.format(exemption=exemption, entity=entity)

    def hidden_action(self, entity: str) -> Action:
        action = self.hidden_data.get(entity, self.hidden_data.get("default", "remove"))
        return {"remove": Action.REMOVE, "flag": Action.FLAG, "keep": Action.KEEP, "unhide": Action.KEEP}[action]

    def with_allow(self, values: list[str]) -> "Policy":
        extra = tuple(
            CompiledAllow(description="--allow on the command line", value=v, regex=None, entities=None)
            for v in values
        )
        return Policy(**{**self.__dict__, "allow": self.allow + extra})


def normalise_value(text: str, entity: str | None = None) -> str:
    """The form used to compare values: digits only for phone numbers, else folded whitespace/case."""
    if entity == "PHONE_NUMBER" or (entity is None and re.fullmatch(r"[\d\s()+\-./]{7,}", text or "")):
        digits = re.sub(r"\D", "", text)
        if digits.startswith("0044"):
            digits = digits[4:]
        elif digits.startswith("44") and len(digits) > 10:
            digits = digits[2:]
        return digits.lstrip("0")
    return re.sub(r"\s+", " ", text).strip().casefold()


def _read_yaml(text: str, source: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise PolicyError(f"{source}:{where} is not valid YAML") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: a policy must be a YAML mapping")
    return data


def _format_validation(exc: ValidationError, source: str) -> str:
    first = exc.errors()[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top level)"
    msg = first["msg"].removeprefix("Value error, ")
    more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
    return f"{source}: {key}: {msg}{more}"


def load_policy(name_or_path: str = "foi") -> Policy:
    """Load a built-in policy by name or a policy file by path; raise PolicyError on any problem."""
    if name_or_path in BUILTIN:
        text = resources.files("policies").joinpath(f"{name_or_path}.yaml").read_text("utf-8")
        source, base = f"builtin:{name_or_path}", None
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise PolicyError(f"policy '{name_or_path}' is neither a built-in ({', '.join(BUILTIN)}) nor a file")
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PolicyError(f"{path}: cannot read policy ({exc.__class__.__name__})") from None
        source, base = str(path), path.parent
    data = _read_yaml(text, source)
    if data.get("extends"):
        parent_data, parent_text = _parent(str(data["extends"]), base, source)
        data, text = _merge(parent_data, data), parent_text + "\n---\n" + text
    return compile_policy(data, source, text, base)


def _parent(name: str, base: Path | None, source: str) -> tuple[dict, str]:
    """The policy named by `extends:` (a built-in name or a path relative to the extending file)."""
    if name in BUILTIN:
        text = resources.files("policies").joinpath(f"{name}.yaml").read_text("utf-8")
        return _read_yaml(text, f"builtin:{name}"), text
    path = Path(name) if base is None or Path(name).is_absolute() else base / name
    if not path.is_file():
        raise PolicyError(f"{source}: extends: '{name}' is neither a built-in nor a file")
    text = path.read_text("utf-8")
    data = _read_yaml(text, str(path))
    if data.get("extends"):
        raise PolicyError(f"{source}: extends: '{name}' itself extends another policy (one level only)")
    return data, text


def _merge(parent: dict, child: dict) -> dict:
    """Child keys override the parent's; mappings merge key by key; `allow` lists are combined."""
    out = dict(parent)
    for key, value in child.items():
        if key == "extends":
            continue
        if key == "allow" and isinstance(value, list):
            out[key] = list(parent.get(key) or []) + value
        elif isinstance(value, dict) and isinstance(parent.get(key), dict):
            out[key] = _merge(parent[key], value)
        else:
            out[key] = value
    return out


def compile_policy(data: dict, source: str, text: str, base: Path | None) -> Policy:
    try:
        raw = RawPolicy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(_format_validation(exc, source)) from None
    for entity, rule in raw.entities.items():
        if rule.action != "keep" and rule.exemption not in raw.exemptions and raw.exemptions:
            raise PolicyError(f"{source}: entities.{entity}.exemption: '{rule.exemption}' has no entry under 'exemptions'")
    allow = tuple(
        CompiledAllow(
            description=a.description,
            value=a.value,
            regex=re.compile(a.pattern) if a.pattern else None,
            entities=frozenset(a.entities) if a.entities else None,
        )
        for a in raw.allow
    )
    directory_rows: tuple[dict[str, str], ...] = ()
    if raw.people.directory:
        directory_rows = _load_directory(raw.people.directory, base, source)
    catalogue: Path | None = None
    if raw.security_catalogue:
        catalogue, catalogue_text = _load_catalogue(raw.security_catalogue, base, source)
        # The policy's hash pins the catalogue too: the audit log names exactly what decided the run.
        text = text + "\n---security_catalogue\n" + catalogue_text
    return Policy(
        name=raw.name,
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        min_score=raw.min_score,
        label_template=raw.label,
        entities=raw.entities,
        hidden_data=raw.hidden_data,
        allow=allow,
        people=raw.people,
        exemptions=raw.exemptions,
        directory_rows=directory_rows,
        security_catalogue=catalogue,
    )


def _load_catalogue(path_text: str, base: Path | None, source: str) -> tuple[Path, str]:
    """The site catalogue's path and text, checked now so a bad file is a policy error, not a crash later."""
    from recognizers.base import CatalogueError
    from recognizers.catalogue import load_catalogue

    path = Path(path_text)
    if not path.is_absolute() and base is not None:
        path = base / path
    try:
        text = path.read_text("utf-8")
        load_catalogue(path.resolve())
    except (OSError, UnicodeDecodeError):
        raise PolicyError(f"{source}: security_catalogue: cannot read '{path}'") from None
    except CatalogueError as exc:
        raise PolicyError(f"{source}: security_catalogue: {exc}") from None
    return path.resolve(), text


def _load_directory(path_text: str, base: Path | None, source: str) -> tuple[dict[str, str], ...]:
    import csv

    path = Path(path_text)
    if not path.is_absolute() and base is not None:
        path = base / path
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = [{(k or "").strip().lower(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    except OSError:
        raise PolicyError(f"{source}: people.directory: cannot read '{path}'") from None
    if rows and "name" not in rows[0]:
        raise PolicyError(f"{source}: people.directory: '{path}' needs a 'name' column")
    return tuple(rows)

"""Contact policy packs: JSON data in `packs/`, validated into frozen dataclasses.

A pack names every rule it enforces, with an id, a short explanation and the sources
it relies on (keys into the pack's `sources` table), so each decision can cite them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import PolicyError
from .lint import REQUIRED_ELEMENTS

CHANNELS = ("email", "sms", "letter", "call", "visit")
MESSAGE_CHANNELS = ("email", "sms", "letter")
RELATIONS = ("debtor", "guarantor", "listed_contact", "relative", "employer", "school", "reference", "other")
# "communicated": a connected call, or any other channel (a sent message or letter, a visit).
OUTCOMES = ("any", "connected", "conversation", "communicated")
SAME_KEYS = ("recipient", "address", "debt", "channel")
DEFAULT_PACK = "cn-2025"

_FLAG_RULES = ("dispute", "paused", "cease", "opt_out", "sender_identity")


@dataclass(frozen=True, slots=True)
class RuleRef:
    rule_id: str
    explanation: str
    source: str


@dataclass(frozen=True, slots=True)
class WindowRule:
    ref: RuleRef
    start: time
    end: time  # exclusive: a contact at exactly `end` is outside the window
    channels: frozenset[str]


@dataclass(frozen=True, slots=True)
class QuietDaysRule:
    ref: RuleRef
    dates: frozenset[date]
    channels: frozenset[str]


@dataclass(frozen=True, slots=True)
class FrequencyLimit:
    """Allow a contact on `applies_to` channels only while fewer than `limit` prior attempts match.

    Matching prior attempts: channel in `counts`, outcome at least `outcome`, equal to the
    proposed contact on every key in `same`, dated (debtor local) within the `days` consecutive
    local calendar days ending on the proposed contact's local day (days=None: the whole history,
    so waiting never helps). `relations`, when not empty, limits the rule to contacts with those
    relations to the debt.
    """

    ref: RuleRef
    applies_to: frozenset[str]
    counts: frozenset[str]
    outcome: str
    same: frozenset[str]
    days: int | None
    limit: int
    relations: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Policy:
    pack_id: str
    title: str
    default_timezone: str | None
    window: WindowRule
    quiet_days: QuietDaysRule
    limits: tuple[FrequencyLimit, ...]
    recipient: RuleRef
    contactable: frozenset[str]
    locate: RuleRef | None
    locate_relations: frozenset[str]
    visit_staff: RuleRef | None
    min_visit_staff: int
    validation_notice: RuleRef | None
    dispute: RuleRef
    paused: RuleRef
    cease: RuleRef
    opt_out: RuleRef
    sender_identity: RuleRef
    required_elements: Mapping[str, frozenset[str]]
    tightened_by: tuple[str, ...] = ()
    raw: str = field(default="{}", compare=False, repr=False)  # canonical JSON of the validated pack

    @property
    def data(self) -> dict[str, Any]:
        """A fresh copy of the pack as parsed JSON (mutating it does not change the policy)."""
        return json.loads(self.raw)


# ---------------------------------------------------------------- loading and validation


def available_policies() -> tuple[str, ...]:
    root = resources.files(__package__).joinpath("packs")
    return tuple(sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".json")))


def load_policy(pack_id: str = DEFAULT_PACK) -> Policy:
    """Load and validate a bundled pack by id (e.g. "cn-2025", "us-regf"); cached."""
    return _load_policy(pack_id)


@cache
def _load_policy(pack_id: str) -> Policy:
    if pack_id not in available_policies():
        raise PolicyError(f"unknown policy pack {pack_id!r}; available: {available_policies()}", field="id")
    text = resources.files(__package__).joinpath("packs").joinpath(f"{pack_id}.json").read_text(encoding="utf-8")
    return policy_from_mapping(json.loads(text))


def _req(data: Mapping[str, Any], key: str, path: str) -> Any:
    if not isinstance(data, Mapping) or key not in data:
        raise PolicyError("required field is missing", field=f"{path}{key}")
    return data[key]


def _str(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError("must be a non-empty string", field=path)
    return value


def _int(value: Any, path: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise PolicyError(f"must be an integer >= {minimum}", field=path)
    return value


def _time(value: Any, path: str) -> time:
    try:
        hh, mm = _str(value, path).split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise PolicyError(f"must be a time HH:MM, got {value!r}", field=path) from None


def _members(value: Any, allowed: tuple[str, ...], path: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise PolicyError("must be a list", field=path)
    bad = [v for v in value if v not in allowed]
    if bad:
        raise PolicyError(f"unknown value(s) {bad}; expected some of {allowed}", field=path)
    return frozenset(value)


def _ref(data: Any, name: str, sources: Mapping[str, str]) -> RuleRef:
    path = f"{name}."
    keys = _req(data, "sources", path)
    if not isinstance(keys, list) or not keys:
        raise PolicyError("every rule must cite at least one source", field=f"{name}.sources")
    missing = [k for k in keys if k not in sources]
    if missing:
        raise PolicyError(f"source key(s) {missing} not in the pack's sources table", field=f"{name}.sources")
    return RuleRef(
        _str(_req(data, "id", path), f"{name}.id"),
        _str(_req(data, "explanation", path), f"{name}.explanation"),
        "; ".join(sources[k] for k in keys),
    )


def policy_from_mapping(data: Mapping[str, Any]) -> Policy:
    """Validate a pack given as parsed JSON; raises PolicyError naming the bad field."""
    if not isinstance(data, Mapping):
        raise PolicyError("a policy pack must be a JSON object", field="(root)")
    sources = _req(data, "sources", "")
    if not isinstance(sources, Mapping) or not all(isinstance(v, str) and v for v in sources.values()):
        raise PolicyError("must map source keys to citations", field="sources")

    tz = data.get("default_timezone")
    if tz is not None:
        try:
            ZoneInfo(_str(tz, "default_timezone"))
        except (ZoneInfoNotFoundError, ValueError):
            raise PolicyError(f"unknown IANA time zone {tz!r}", field="default_timezone") from None

    w = _req(data, "window", "")
    window = WindowRule(
        _ref(w, "window", sources),
        _time(_req(w, "start", "window."), "window.start"),
        _time(_req(w, "end", "window."), "window.end"),
        _members(_req(w, "channels", "window."), CHANNELS, "window.channels"),
    )
    if window.start >= window.end:
        raise PolicyError("window start must be before its end", field="window.end")

    q = _req(data, "quiet_days", "")
    raw_dates = _req(q, "dates", "quiet_days.")
    if not isinstance(raw_dates, list):
        raise PolicyError("must be a list of ISO dates", field="quiet_days.dates")
    try:
        dates = frozenset(date.fromisoformat(d) for d in raw_dates)
    except (TypeError, ValueError):
        raise PolicyError("must be a list of ISO dates (YYYY-MM-DD)", field="quiet_days.dates") from None
    quiet = QuietDaysRule(
        _ref(q, "quiet_days", sources),
        dates,
        _members(_req(q, "channels", "quiet_days."), CHANNELS, "quiet_days.channels"),
    )

    raw_limits = _req(data, "limits", "")
    if not isinstance(raw_limits, list):
        raise PolicyError("must be a list", field="limits")
    limits = []
    seen: set[str] = set()
    for i, lim in enumerate(raw_limits):
        p = f"limits[{i}]"
        ref = _ref(lim, p, sources)
        if ref.rule_id in seen:
            raise PolicyError(f"duplicate rule id {ref.rule_id!r}", field=f"{p}.id")
        seen.add(ref.rule_id)
        outcome = _req(lim, "outcome", f"{p}.")
        if outcome not in OUTCOMES:
            raise PolicyError(f"must be one of {OUTCOMES}", field=f"{p}.outcome")
        limits.append(
            FrequencyLimit(
                ref,
                _members(_req(lim, "applies_to", f"{p}."), CHANNELS, f"{p}.applies_to"),
                _members(_req(lim, "counts", f"{p}."), CHANNELS, f"{p}.counts"),
                outcome,
                _members(_req(lim, "same", f"{p}."), SAME_KEYS, f"{p}.same"),
                None if _req(lim, "days", f"{p}.") is None else _int(lim["days"], f"{p}.days", 1),
                _int(_req(lim, "limit", f"{p}."), f"{p}.limit", 0),
                _members(lim.get("relations", []), RELATIONS, f"{p}.relations"),
            )
        )

    r = _req(data, "recipient", "")
    contactable = _members(_req(r, "contactable", "recipient."), RELATIONS, "recipient.contactable")
    loc = data.get("locate")
    locate = _ref(loc, "locate", sources) if loc is not None else None
    locate_relations = (
        _members(_req(loc, "relations", "locate."), RELATIONS, "locate.relations") if loc else frozenset()
    )
    vs = data.get("visit_staff")
    visit_staff = _ref(vs, "visit_staff", sources) if vs is not None else None
    min_staff = _int(_req(vs, "min", "visit_staff."), "visit_staff.min", 1) if vs else 1
    vn = data.get("validation_notice")
    validation = _ref(vn, "validation_notice", sources) if vn is not None else None

    raw_req = _req(data, "required_elements", "")
    if not isinstance(raw_req, Mapping) or not raw_req:
        raise PolicyError("must map message kinds to required elements", field="required_elements")
    required = {
        kind: _members(v, tuple(sorted(REQUIRED_ELEMENTS)), f"required_elements.{kind}") for kind, v in raw_req.items()
    }

    flags = {name: _ref(_req(data, name, ""), name, sources) for name in _FLAG_RULES}
    tightened = data.get("tightened_by", [])
    return Policy(
        pack_id=_str(_req(data, "id", ""), "id"),
        title=_str(_req(data, "title", ""), "title"),
        default_timezone=tz,
        window=window,
        quiet_days=quiet,
        limits=tuple(limits),
        recipient=_ref(r, "recipient", sources),
        contactable=contactable,
        locate=locate,
        locate_relations=locate_relations,
        visit_staff=visit_staff,
        min_visit_staff=min_staff,
        validation_notice=validation,
        required_elements=MappingProxyType(required),
        tightened_by=tuple(tightened),
        raw=json.dumps(data, ensure_ascii=False, sort_keys=True),
        **flags,
    )


# ---------------------------------------------------------------- tightening


def _stricter_time(later: bool):
    def check(old: Any, new: Any, path: str) -> Any:
        o, n = _time(old, path), _time(new, path)
        if (n < o) if later else (n > o):
            raise PolicyError(f"{new!r} is looser than the pack's {old!r}", field=path)
        return new

    return check


def _superset(old: Any, new: Any, path: str) -> Any:
    if not isinstance(new, list | tuple | set | frozenset):
        raise PolicyError("must be a list", field=path)
    dropped = set(old) - set(new)
    if dropped:
        raise PolicyError(f"removing {sorted(dropped)} would loosen the pack", field=path)
    return sorted(set(new))


def _subset(old: Any, new: Any, path: str) -> Any:
    if not isinstance(new, list | tuple | set | frozenset):
        raise PolicyError("must be a list", field=path)
    added = set(new) - set(old)
    if added:
        raise PolicyError(f"adding {sorted(added)} would loosen the pack", field=path)
    return sorted(set(new))


def _not_above(old: Any, new: Any, path: str) -> Any:
    _int(new, path, 0)
    if new > old:
        raise PolicyError(f"{new} is looser than the pack's {old}", field=path)
    return new


def _not_below(old: Any, new: Any, path: str) -> Any:
    # None (where allowed) means "the whole history": the strictest period of all.
    if new is None and path.endswith(".days"):
        return None
    _int(new, path, 1)
    if old is None or new < old:
        raise PolicyError(f"{new} is looser than the pack's {old}", field=path)
    return new


_TIGHTENERS = {
    "window.start": _stricter_time(later=True),
    "window.end": _stricter_time(later=False),
    "window.channels": _superset,
    "quiet_days.dates": _superset,
    "quiet_days.channels": _superset,
    "recipient.contactable": _subset,
    "locate.relations": _subset,
    "visit_staff.min": _not_below,
}
_LIMIT_TIGHTENERS = {"limit": _not_above, "days": _not_below}


def tighten_policy(policy: Policy, overrides: Mapping[str, Any], *, label: str) -> Policy:
    """Return `policy` with a creditor's stricter overrides applied; any looser value is refused.

    Keys are dotted paths: "window.start", "window.end", "window.channels", "quiet_days.dates",
    "quiet_days.channels", "recipient.contactable", "locate.relations", "visit_staff.min",
    "limits.<RULE-ID>.limit", "limits.<RULE-ID>.days", "required_elements.<kind>".
    Raises PolicyError whose `field` is the offending key.
    """
    _str(label, "label")
    data = policy.data
    limits_by_id = {lim["id"]: lim for lim in data["limits"]}
    for key, value in overrides.items():
        parts = key.split(".")
        if key in _TIGHTENERS:
            section, name = parts
            if data.get(section) is None:
                raise PolicyError(f"pack {policy.pack_id!r} has no {section!r} rule to tighten", field=key)
            data[section][name] = _TIGHTENERS[key](data[section][name], value, key)
        elif parts[0] == "limits" and len(parts) == 3 and parts[2] in _LIMIT_TIGHTENERS:
            lim = limits_by_id.get(parts[1])
            if lim is None:
                raise PolicyError(f"no limit {parts[1]!r} in pack {policy.pack_id!r}", field=key)
            lim[parts[2]] = _LIMIT_TIGHTENERS[parts[2]](lim[parts[2]], value, key)
        elif parts[0] == "required_elements" and len(parts) == 2:
            if parts[1] not in data["required_elements"]:
                raise PolicyError(f"unknown message kind {parts[1]!r}", field=key)
            data["required_elements"][parts[1]] = _superset(data["required_elements"][parts[1]], value, key)
        else:
            raise PolicyError("not a tightenable field", field=key)
    data["tightened_by"] = [*policy.tightened_by, label]
    return policy_from_mapping(data)

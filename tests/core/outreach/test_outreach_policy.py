"""Policy packs: loading, validation, and tightening that may only ever be stricter."""

from __future__ import annotations

import copy
from datetime import date, time

import pytest

from huikuan.core.outreach import (
    PolicyError,
    available_policies,
    load_policy,
    policy_from_mapping,
    tighten_policy,
)

CN = load_policy("cn-2025")
US = load_policy("us-regf")


def test_bundled_packs():
    assert {"cn-2025", "us-regf"} <= set(available_policies())
    assert load_policy() is CN
    assert CN.default_timezone == "Asia/Shanghai" and US.default_timezone is None


def test_cn_pack_numbers():
    limits = {lim.ref.rule_id: lim for lim in CN.limits}
    assert (CN.window.start, CN.window.end) == (time(8), time(21))
    assert limits["CN-CALLS-CONNECTED"].limit == 3 and limits["CN-CALLS-CONNECTED"].days == 1
    assert limits["CN-CALLS-ATTEMPTS"].limit == 6 and limits["CN-CALLS-ATTEMPTS"].same == {"address"}
    assert limits["CN-MESSAGES"].limit == 1
    assert limits["CN-VISITS"].limit == 2 and limits["CN-VISITS"].days == 7
    assert CN.min_visit_staff == 2
    assert CN.contactable == {"debtor", "guarantor"}
    assert date(2026, 2, 17) in CN.quiet_days.dates
    assert CN.validation_notice is None


def test_us_pack_numbers():
    limits = {lim.ref.rule_id: lim for lim in US.limits}
    assert limits["US-CALLS-7IN7"].limit == 7 and limits["US-CALLS-7IN7"].days == 7
    assert limits["US-CALLS-7IN7"].same == {"recipient", "debt"}
    assert limits["US-CALLS-AFTER-CONVERSATION"].outcome == "conversation"
    assert (US.window.start, US.window.end) == (time(8), time(21))
    assert US.validation_notice is not None and "1006.34" in US.validation_notice.source
    assert "1006.6(c)" in US.cease.source


@pytest.mark.parametrize("policy", [CN, US], ids=["cn", "us"])
def test_every_rule_cites_a_source(policy):
    refs = [
        policy.window.ref,
        policy.quiet_days.ref,
        policy.recipient,
        policy.dispute,
        policy.paused,
        policy.cease,
        policy.opt_out,
        policy.sender_identity,
        *(lim.ref for lim in policy.limits),
        *(r for r in (policy.locate, policy.visit_staff, policy.validation_notice) if r),
    ]
    assert all(r.rule_id and r.explanation and r.source for r in refs)
    assert len({r.rule_id for r in refs}) == len(refs)


def test_cn_sources_cited():
    text = " ".join(str(v) for v in CN.data["sources"].values())
    for cite in ("GB/T 45251-2025", "NIFA", "China Banking Association", "293-1"):
        assert cite in text


# ------------------------------------------------------------------ tightening


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        ({"window.start": "09:00"}, lambda p: p.window.start == time(9)),
        ({"window.end": "20:00"}, lambda p: p.window.end == time(20)),
        (
            {"window.channels": ["email", "sms", "call", "visit", "letter"]},
            lambda p: "letter" in p.window.channels,
        ),
        ({"limits.CN-CALLS-CONNECTED.limit": 2}, lambda p: p.limits[0].limit == 2),
        ({"limits.CN-VISITS.days": 14}, lambda p: p.limits[3].days == 14),
        ({"recipient.contactable": ["debtor"]}, lambda p: p.contactable == {"debtor"}),
        ({"locate.relations": []}, lambda p: p.locate_relations == frozenset()),
        ({"visit_staff.min": 3}, lambda p: p.min_visit_staff == 3),
        (
            {"required_elements.follow_up": ["sender_identity", "dispute_instructions"]},
            lambda p: p.required_elements["follow_up"] == {"sender_identity", "dispute_instructions"},
        ),
        ({"window.start": "08:00"}, lambda p: p.window.start == time(8)),  # equal is allowed
        ({"limits.CN-VISITS.days": None}, lambda p: p.limits[3].days is None),  # whole history
    ],
)
def test_tighten_accepts_stricter(overrides, check):
    p = tighten_policy(CN, overrides, label="creditor-42")
    assert check(p)
    assert p.tightened_by == ("creditor-42",)
    assert p.pack_id == "cn-2025"


@pytest.mark.parametrize(
    ("policy", "overrides", "field"),
    [
        (CN, {"window.start": "07:00"}, "window.start"),
        (CN, {"window.end": "22:00"}, "window.end"),
        (CN, {"window.channels": ["call"]}, "window.channels"),
        (CN, {"quiet_days.dates": []}, "quiet_days.dates"),
        (CN, {"limits.CN-CALLS-CONNECTED.limit": 4}, "limits.CN-CALLS-CONNECTED.limit"),
        (CN, {"limits.CN-CALLS-ATTEMPTS.limit": 10}, "limits.CN-CALLS-ATTEMPTS.limit"),
        (CN, {"limits.CN-VISITS.days": 6}, "limits.CN-VISITS.days"),
        (CN, {"recipient.contactable": ["debtor", "guarantor", "relative"]}, "recipient.contactable"),
        (CN, {"locate.relations": ["listed_contact", "employer"]}, "locate.relations"),
        (CN, {"visit_staff.min": 1}, "visit_staff.min"),
        (CN, {"required_elements.first_notice": []}, "required_elements.first_notice"),
        (CN, {"required_elements.gossip": []}, "required_elements.gossip"),
        (CN, {"limits.NOPE.limit": 1}, "limits.NOPE.limit"),
        (CN, {"default_timezone": "UTC"}, "default_timezone"),
        (CN, {"window.start": "late"}, "window.start"),
        (CN, {"limits.CN-CALLS-CONNECTED.limit": "2"}, "limits.CN-CALLS-CONNECTED.limit"),
        (US, {"limits.US-CALLS-7IN7.limit": 8}, "limits.US-CALLS-7IN7.limit"),
        (US, {"limits.US-CALLS-AFTER-CONVERSATION.days": 3}, "limits.US-CALLS-AFTER-CONVERSATION.days"),
        (US, {"window.end": "21:30"}, "window.end"),
        (US, {"visit_staff.min": 2}, "visit_staff.min"),  # the pack has no such rule
        (US, {"limits.US-LOCATE-ONCE.days": 3650}, "limits.US-LOCATE-ONCE.days"),  # None is stricter
        (US, {"limits.US-LOCATE-ONCE.limit": 2}, "limits.US-LOCATE-ONCE.limit"),
    ],
)
def test_tighten_refuses_looser_or_unknown(policy, overrides, field):
    with pytest.raises(PolicyError) as err:
        tighten_policy(policy, overrides, label="creditor")
    assert isinstance(err.value, ValueError)
    assert err.value.field == field
    assert field in str(err.value)


def test_policy_is_immutable():
    CN.data["window"]["start"] = "00:00"  # a copy
    assert CN.data["window"]["start"] == "08:00"
    with pytest.raises(TypeError):
        CN.required_elements["reply"] = frozenset()


def test_tighten_does_not_change_the_original():
    tighten_policy(CN, {"window.start": "10:00"}, label="x")
    assert CN.window.start == time(8)
    assert load_policy("cn-2025").window.start == time(8)


def test_tighten_twice_keeps_trail():
    p = tighten_policy(tighten_policy(CN, {"window.start": "09:00"}, label="a"), {"window.end": "20:00"}, label="b")
    assert p.tightened_by == ("a", "b") and (p.window.start, p.window.end) == (time(9), time(20))
    with pytest.raises(PolicyError):
        tighten_policy(p, {"window.start": "08:30"}, label="c")


# ------------------------------------------------------------------ malformed packs


def _broken(mutate):
    data = copy.deepcopy(dict(CN.data))
    mutate(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("window"), "window"),
        (lambda d: d["window"].update(start="25:00"), "window.start"),
        (lambda d: d["window"].update(start="21:00", end="08:00"), "window.end"),
        (lambda d: d["window"].update(channels=["fax"]), "window.channels"),
        (lambda d: d["window"].update(sources=[]), "window.sources"),
        (lambda d: d["window"].update(sources=["nowhere"]), "window.sources"),
        (lambda d: d["limits"][0].update(limit=-1), "limits[0].limit"),
        (lambda d: d["limits"][0].update(outcome="maybe"), "limits[0].outcome"),
        (lambda d: d["limits"][1].update(id="CN-CALLS-CONNECTED"), "limits[1].id"),
        (lambda d: d["limits"][0].update(same=["planet"]), "limits[0].same"),
        (lambda d: d["limits"][0].update(days=0), "limits[0].days"),
        (lambda d: d["limits"][0].update(relations=["cousin"]), "limits[0].relations"),
        (lambda d: d["quiet_days"].update(dates=["2026-02-30"]), "quiet_days.dates"),
        (lambda d: d["recipient"].update(contactable=["cousin"]), "recipient.contactable"),
        (lambda d: d.update(default_timezone="Asia/Atlantis"), "default_timezone"),
        (lambda d: d["required_elements"].update(reply=["signature"]), "required_elements.reply"),
        (lambda d: d.pop("cease"), "cease"),
    ],
)
def test_malformed_pack(mutate, field):
    with pytest.raises(PolicyError) as err:
        policy_from_mapping(_broken(mutate))
    assert err.value.field == field


def test_unknown_pack():
    with pytest.raises(PolicyError) as err:
        load_policy("xx-1999")
    assert err.value.field == "id"

"""User-visible texts of core.law are translatable messages: N_-marked msgids with parameters.

Covers: ``Msg`` itself, rendering through gettext in the Django layer (function and template filter),
and that every message a representative set of computations produces — explanations, bases, reasons,
required actions and input errors — has an msgid marked with N_ in the core.law sources (so
makemessages extracts it) and parameters matching its placeholders.
"""

from __future__ import annotations

import ast
import datetime as dt
import pickle
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from django.template import Context, Template
from django.utils import translation

import huikuan.core.law
from huikuan.common import i18n as common_i18n
from huikuan.common.i18n import render, render_all
from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law import allocation as al
from huikuan.core.law import eligibility as el
from huikuan.core.law import interest as it
from huikuan.core.law import legal_calendar as lc
from huikuan.core.law import limitation as lim
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.lpr import DEFAULT_LPR, LprRate, LprTable
from huikuan.core.law.money import amount_in_capitals, fen

D = dt.date
M = Decimal
LAW_DIR = Path(huikuan.core.law.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _marked_msgids() -> set[str]:
    """String literals passed to N_() in the core.law sources: what makemessages --keyword=N_ extracts."""
    found: set[str] = set()
    for path in LAW_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


MARKED = _marked_msgids()


# --- Msg ---------------------------------------------------------------------------------------


def test_msg_renders_english_and_nests():
    inner = msg(N_("%(n)s days"), n=3)
    m = msg(N_("Start %(start)s; %(period)s."), start="2025-01-01", period=inner)
    assert str(m) == "Start 2025-01-01; 3 days."
    assert m.params == {"start": "2025-01-01", "period": inner}
    assert m.msgids() == ("Start %(start)s; %(period)s.", "%(n)s days")
    assert "3 days" in m and "4 days" not in m


def test_msg_is_immutable_hashable_and_picklable():
    m = msg("Total %(total)s.", total=M("1.50"))
    assert m.params == {"total": "1.50"}  # values are text: formatting is decided in core
    with pytest.raises(AttributeError):
        m.msgid = "other"  # type: ignore[misc]
    m.params["total"] = "2"  # a copy
    assert str(m) == "Total 1.50."
    assert m == msg("Total %(total)s.", total="1.50") and hash(m) == hash(msg("Total %(total)s.", total="1.50"))
    assert m != msg("Total %(total)s.", total="2.00")
    assert pickle.loads(pickle.dumps(m)) == m


def test_msg_without_params_is_not_formatted():
    assert str(msg("Exactly 100% literal")) == "Exactly 100% literal"


def test_a_broken_translation_falls_back_to_english():
    m = msg("%(amount)s to %(debt)s.", amount="5.00", debt="d1")
    assert m.render(lambda s: "%(wrong)s 给 %(debt)s") == "5.00 to d1."


# --- Django layer ------------------------------------------------------------------------------


def test_render_translates_every_msgid_through_gettext():
    m = msg(N_("Start %(start)s; %(period)s."), start="2025-01-01", period=msg(N_("%(n)s days"), n=3))
    catalogue = {"Start %(start)s; %(period)s.": "自%(start)s起；%(period)s。", "%(n)s days": "%(n)s日"}
    with (
        translation.override("zh-hans"),
        mock.patch.object(common_i18n, "gettext", side_effect=lambda s: catalogue.get(s, s)) as gettext,
    ):
        assert render(m) == "自2025-01-01起；3日。"
    assert [c.args[0] for c in gettext.call_args_list] == ["Start %(start)s; %(period)s.", "%(n)s days"]


def test_render_passes_plain_text_through_untranslated():
    with mock.patch.object(common_i18n, "gettext", side_effect=lambda s: s) as gettext:
        assert render("stored text") == "stored text"
        assert render(None) == ""
        assert render_all(["a", msg("b")]) == ["a", "b"]
    gettext.assert_called_once_with("b")


def test_render_uses_the_real_catalogue_of_the_active_language():
    # "Penalty" is a msgid the ledger already translates; the core label reuses it.
    label = it.KIND_LABELS[it.Kind.PENALTY_FIXED]
    with translation.override("zh-hans"):
        expected = translation.gettext("Penalty")
        assert render(label) == expected
    with translation.override("en"):
        assert render(label) == "Penalty"


def test_template_filter_tr_renders_in_the_active_language():
    template = Template("{% load common %}{{ m|tr }}|{{ s|tr }}")
    m = msg(N_("The period ends at 24:00 on %(end)s (art. 203 ¶2)."), end="2025-10-09")
    with (
        translation.override("zh-hans"),
        mock.patch.object(common_i18n, "gettext", side_effect=lambda s: "期间于%(end)s 24时届满"),
    ):
        out = template.render(Context({"m": m, "s": "<b>plain</b>"}))
    assert out == "期间于2025-10-09 24时届满|&lt;b&gt;plain&lt;/b&gt;"


# --- Every message core.law produces is marked -------------------------------------------------


def _interest_results() -> Iterator[it.InterestResult]:
    T = it.InterestTerms
    base = dict(principal=M("100000"), start=D(2024, 8, 1), due=D(2025, 8, 1), as_of=D(2025, 12, 31))
    loan = it.DebtType.PRIVATE_LOAN
    yield it.compute_interest(
        it.InterestRequest(
            **base,
            debt_type=loan,
            terms=T(
                contract_rate_pct=M("24"),
                overdue_rate_pct=M("30"),
                penalty_rate_pct=M("5"),
                penalty_fixed=M("1000"),
                fees=M("500"),
            ),
            withheld_interest=M("1000"),
            principal_payments=(it.PrincipalPayment(D(2025, 2, 1), M("10000")),),
            judgment=it.Judgment(D(2025, 10, 1), M("90000")),
        )
    )
    yield it.compute_interest(it.InterestRequest(**base, debt_type=loan, terms=T(contract_rate_pct=M("10"))))
    yield it.compute_interest(it.InterestRequest(**base, debt_type=loan))
    yield it.compute_interest(it.InterestRequest(**base, debt_type=loan, lender_licensed=True))
    yield it.compute_interest(
        it.InterestRequest(**base, debt_type=it.DebtType.SALE_OF_GOODS, terms=T(late_markup_pct=M("30")))
    )
    yield it.compute_interest(it.InterestRequest(**base, debt_type=it.DebtType.SERVICES))
    yield it.compute_interest(
        it.InterestRequest(**base, terms=T(contract_rate_pct=M("6"), overdue_rate_pct=M("9"), penalty_rate_pct=M("3")))
    )
    yield it.compute_interest(it.InterestRequest(**base, terms=T(penalty_fixed=M("800"), fees=M("200"))))
    yield it.compute_interest(it.InterestRequest(**{**base, "as_of": D(2025, 3, 1)}, terms=T(fees=M("200"))))


def _allocations() -> Iterator[al.Allocation]:
    yield al.allocate_single(M("10000"), costs=M("2000"), interest=M("3500"), principal=M("50000"))
    yield al.allocate_single(
        M("60000"),
        costs=M("100"),
        interest=M("200"),
        principal=M("300"),
        order=(al.Component.PRINCIPAL, al.Component.INTEREST, al.Component.COSTS),
    )
    debts = [
        al.DebtBalance("a", principal=M("100"), due=D(2025, 1, 1)),
        al.DebtBalance("b", principal=M("100"), due=D(2025, 1, 1)),
        al.DebtBalance("c", principal=M("100"), due=D(2026, 1, 1), rate_pct=M("5")),
        al.DebtBalance("d", principal=M("100")),
        al.DebtBalance("e", principal=M("100"), security=M("50")),
    ]
    yield al.allocate_multiple(M("150"), debts, paid_on=D(2025, 6, 1))
    yield al.allocate_multiple(M("1000"), debts, paid_on=D(2025, 6, 1))  # reaches the unmatured debt
    yield al.allocate_multiple(M("1000"), debts, paid_on=D(2025, 6, 1), agreed_order=["c"], designated=["e"])
    yield al.allocate_multiple(M("50"), debts[:1], paid_on=D(2025, 6, 1))


def _limitations() -> Iterator[lim.LimitationResult]:
    E, K = lim.LimitationEvent, lim.EventKind
    events = [E(K.DEMAND, D(2023, 1, 1)), *(E(k, D(2025, 1, 10)) for k in K if k is not K.DEMAND)]
    yield lim.compute_limitation(start=D(2024, 3, 31), as_of=D(2025, 7, 1), events=events)
    yield lim.compute_limitation(
        start=D(2024, 3, 31),
        as_of=D(2025, 7, 1),
        events=[E(K.SUIT, D(2025, 1, 10), ends_on=D(2025, 5, 1), note="first instance")],
        last_instalment_due=D(2024, 6, 30),
    )
    # Expired, then an acknowledgement (waives) and a demand (no effect); an obstacle near the end.
    yield lim.compute_limitation(
        start=D(2020, 1, 1),
        as_of=D(2024, 1, 1),
        events=[E(K.DEMAND, D(2023, 6, 1)), E(K.ACKNOWLEDGEMENT, D(2023, 7, 1))],
    )
    yield lim.compute_limitation(
        start=D(2021, 1, 1), as_of=D(2024, 6, 1), obstacles=[lim.Obstacle(D(2023, 10, 1), D(2023, 11, 1), "flood")]
    )
    yield lim.compute_limitation(start=D(2021, 1, 1), as_of=D(2023, 12, 1), obstacles=[lim.Obstacle(D(2023, 10, 1))])
    # The 20-year limit caps a late start.
    yield lim.compute_limitation(
        start=D(2025, 10, 3), as_of=D(2026, 1, 1), infringed_on=D(2008, 1, 1), events=[E(K.DEMAND, D(2025, 11, 1))]
    )
    yield lim.enforcement_period(last_performance_day=D(2025, 1, 31), as_of=D(2025, 6, 1))


def _guarantees() -> Iterator[lim.GuaranteeResult]:
    G, A, T, AK = lim.Guarantee, lim.GuaranteeAction, lim.Target, lim.ActionKind
    actions = [
        A(D(2024, 1, 1), T.MAIN_DEBTOR, AK.SUIT),
        A(D(2024, 5, 1), T.MAIN_DEBTOR, AK.DEMAND),
        A(D(2024, 6, 1), T.GUARANTOR, AK.DEMAND, "g"),
        A(D(2024, 6, 2), T.MAIN_DEBTOR, AK.SUIT),
        A(D(2025, 6, 1), T.MAIN_DEBTOR, AK.ARBITRATION),
    ]
    for gtype in lim.GuaranteeType:
        yield lim.guarantee_period(G("g", gtype), main_due=D(2024, 3, 31), as_of=D(2025, 7, 1), actions=actions)
    yield lim.guarantee_period(G("g", agreed_months=12), main_due=D(2024, 3, 31), as_of=D(2025, 7, 1))
    yield lim.guarantee_period(G("g", agreed_end=D(2024, 1, 1)), main_due=D(2024, 3, 31), as_of=D(2025, 7, 1))
    # 2025-10-04 falls in the National Day holiday: the rest-day note.
    yield lim.guarantee_period(G("g", lim.GuaranteeType.JOINT), main_due=D(2025, 4, 4), as_of=D(2025, 6, 1))


def _verdicts() -> Iterator[el.Verdict]:
    names = [f for f in el.ClaimFacts.__dataclass_fields__ if f != "amount"]
    for value in (None, True, False):
        for amount in (None, M("1000"), M("100000"), M("200000"), M("500000")):
            facts = el.ClaimFacts(amount=amount, **dict.fromkeys(names, value))
            yield el.payment_order_eligibility(facts)
            yield el.small_claims_eligibility(facts)


def _errors() -> Iterator[LawInputError]:
    calls = [
        lambda: fen(1.5),
        lambda: fen("abc"),
        lambda: fen("NaN"),
        lambda: fen("-1", allow_negative=False),
        lambda: amount_in_capitals("1e17"),
        lambda: LprTable(()),
        lambda: LprTable((LprRate(D(2024, 1, 1), M("-1"), M("1")),)),
        lambda: LprTable((LprRate(D(2024, 1, 1), M("1"), M("1")), LprRate(D(2024, 1, 1), M("2"), M("2")))),
        lambda: DEFAULT_LPR.rate_on(D(2000, 1, 1)),
        lambda: lc.add_months(D(9999, 12, 1), 1),
        lambda: lc.period_end(D(2025, 1, 1), -1, "days"),
        lambda: lc.period_end(D(9999, 12, 31), 5, "days"),
        lambda: al.allocate_single(M("1"), order=(al.Component.COSTS,)),
        lambda: al.allocate_multiple(M("1"), [al.DebtBalance("a"), al.DebtBalance("a")], paid_on=D(2025, 1, 1)),
        lambda: al.allocate_multiple(M("1"), [al.DebtBalance("a", rate_pct=M("-1"))], paid_on=D(2025, 1, 1)),
        lambda: al.allocate_multiple(M("1"), [al.DebtBalance("a", arose=D(2026, 1, 1))], paid_on=D(2025, 1, 1)),
        lambda: al.allocate_multiple(M("1"), [al.DebtBalance("a")], paid_on=D(2025, 1, 1), designated=["x"]),
        lambda: al.pro_rata(M("1"), [M("0")]),
        lambda: lim.demand_effective_on(),
        lambda: lim.compute_limitation(start=D(2025, 1, 1), as_of=D(2025, 2, 1), last_instalment_due=D(2024, 1, 1)),
        lambda: lim.compute_limitation(start=D(2025, 1, 1), as_of=D(2025, 2, 1), infringed_on=D(2025, 2, 1)),
        lambda: lim.compute_limitation(
            start=D(2025, 1, 1), as_of=D(2025, 2, 1), events=[lim.LimitationEvent("nonsense", D(2025, 1, 2))]
        ),
        lambda: lim.compute_limitation(
            start=D(2025, 1, 1),
            as_of=D(2025, 2, 1),
            events=[lim.LimitationEvent(lim.EventKind.SUIT, D(2025, 1, 2), ends_on=D(2025, 1, 1))],
        ),
        lambda: lim.compute_limitation(
            start=D(2025, 1, 1), as_of=D(2025, 2, 1), obstacles=[lim.Obstacle(D(2025, 1, 5), D(2025, 1, 2))]
        ),
        lambda: lim.guarantee_period(lim.Guarantee("g", agreed_months=-1), main_due=D(2025, 1, 1), as_of=D(2025, 1, 1)),
        lambda: lim.guarantee_period(
            lim.Guarantee("g", agreed_months=1, agreed_end=D(2026, 1, 1)), main_due=D(2025, 1, 1), as_of=D(2025, 1, 1)
        ),
        lambda: el.small_claims_thresholds(M("0")),
    ]
    base = dict(principal=M("100"), start=D(2025, 1, 1), due=D(2025, 6, 1), as_of=D(2025, 7, 1))
    requests = [
        {"terms": it.InterestTerms(contract_rate_pct=M("-1"))},
        {"withheld_interest": M("200")},
        {"due": D(2024, 1, 1)},
        {"as_of": D(2024, 1, 1)},
        {"formed": D(2025, 2, 1)},
        {"terms": it.InterestTerms(day_basis=300)},
        {"principal_payments": (it.PrincipalPayment(D(2025, 2, 1), M("0")),)},
        {"principal_payments": (it.PrincipalPayment(D(2024, 2, 1), M("1")),)},
        {"principal_payments": (it.PrincipalPayment(D(2025, 2, 1), M("101")),)},
        {"judgment": it.Judgment(D(2024, 1, 1), M("1"))},
        {"start": D(2000, 1, 1), "debt_type": it.DebtType.PRIVATE_LOAN},
    ]
    for extra in requests:
        calls.append(lambda extra=extra: it.compute_interest(it.InterestRequest(**{**base, **extra})))
    for call in calls:
        with pytest.raises(LawInputError) as info:
            call()
        yield info.value


def _messages() -> Iterator[object]:
    for r in _interest_results():
        yield from r.explanation
        yield from (ln.basis for ln in r.lines)
    for a in _allocations():
        yield from a.explanation
        yield from (ln.explanation for ln in a.lines)
    for r in _limitations():
        yield from (c.explanation for c in r.chain)
    for g in _guarantees():
        yield g.required_action
        yield from g.explanation
    for v in _verdicts():
        yield from v.reasons
    yield from lc.deadline(D(2025, 10, 3), 0, "days").explanation
    yield from lc.deadline(D(2099, 1, 1), 2, "months").explanation
    yield from lc.deadline(D(2024, 1, 1), 1, "years").explanation
    yield from (e.message for e in _errors())


def _walk(m: Msg) -> Iterator[Msg]:
    yield m
    for v in m.params.values():
        if isinstance(v, Msg):
            yield from _walk(v)


def test_every_message_core_law_produces_is_an_n_marked_msgid_with_matching_params():
    produced = list(_messages())
    assert len(produced) > 300
    not_msg = [m for m in produced if not isinstance(m, Msg)]
    assert not not_msg, f"plain strings where a translatable message is expected: {not_msg[:5]}"
    msgids = set()
    for top in produced:
        for m in _walk(top):
            msgids.add(m.msgid)
            assert set(PLACEHOLDER.findall(m.msgid)) == set(m.params), m.msgid
            if m.params:
                # Literal percent signs are doubled so gettext flags and formats them consistently.
                assert "%" not in PLACEHOLDER.sub("", m.msgid).replace("%%", ""), m.msgid
    unmarked = sorted(msgids - MARKED)
    assert not unmarked, f"msgids not marked with N_ (makemessages would miss them): {unmarked}"
    # The computations above reach every marked msgid: a guard against dead or forgotten ones.
    assert msgids == MARKED, sorted(MARKED - msgids)


def test_law_input_errors_carry_messages_and_keep_the_field():
    errors = list(_errors())
    assert all(isinstance(e.message, Msg) for e in errors)
    e = errors[0]
    assert e.field == "amount" and str(e) == "amount: Must be a Decimal, int or str, not float."


def test_no_law_input_error_is_raised_with_plain_text():
    """Every ``LawInputError(field, message)`` in core.law builds its message with msg()/Msg or passes one on."""
    offenders = []
    for path in LAW_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "LawInputError":
                arg = node.args[1]
                ok = (isinstance(arg, ast.Call) and getattr(arg.func, "id", None) in ("msg", "Msg")) or (
                    isinstance(arg, ast.Attribute) and arg.attr == "message"
                )
                if not ok:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders


def test_english_texts_are_unchanged_in_substance():
    d = lc.deadline(D(2025, 10, 3), 0, "days")
    assert [str(x) for x in d.explanation] == [
        "Start 2025-10-03 is not counted (Civil Code art. 201); 0 days end on 2025-10-03 (art. 202).",
        "2025-10-03 is a statutory rest day; the period ends on the next working day 2025-10-09 (art. 203 ¶1).",
        "The period ends at 24:00 on 2025-10-09 (art. 203 ¶2).",
    ]
    a = al.allocate_single(M("10000"), costs=M("2000"), interest=M("3500"), principal=M("50000"))
    assert str(a.lines[0].explanation) == (
        "2000.00 to debt costs (2000.00 → 0.00); single debt; costs → interest → principal (Civil Code art. 561)."
    )
    v = el.small_claims_eligibility(el.ClaimFacts(amount=M("1000")))
    assert "1000.00 ≤ 68619.50 (50% of the average wage): small claims is mandatory (art. 165 ¶1)" in [
        str(r) for r in v.reasons
    ]


def test_a_stored_allocation_explanation_is_recovered_as_its_message():
    """The ledger stores allocation explanations as English text; an exact match is shown translated."""
    a = al.allocate_single(M("60000"), costs=M("2000"), interest=M("3500"), principal=M("50000"))
    for ln in a.lines:
        stored = str(ln.explanation)
        recovered = al.single_debt_explanation(
            stored, component=ln.component, amount=ln.amount, before=ln.balance_before, after=ln.balance_after
        )
        assert recovered == ln.explanation and isinstance(recovered, Msg)
    ln = a.lines[0]
    edited = str(ln.explanation).replace("single debt", "one debt")
    kwargs = dict(component=ln.component, amount=ln.amount, before=ln.balance_before, after=ln.balance_after)
    assert al.single_debt_explanation(edited, **kwargs) == edited
    assert al.single_debt_explanation("free text", **{**kwargs, "component": "unknown"}) == "free text"

"""Whether a claim qualifies for a payment order or the small-claims procedure.

Each answer is yes / no / unknown with reasons. A single failed condition
gives "no"; otherwise a missing fact gives "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.money import fen

# Zhejiang 2024 average annual wage of employed persons in non-private units.
# Unverified which wage figure the courts apply: keep it a parameter.
ZHEJIANG_2024_AVERAGE_WAGE = Decimal("137239.00")


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ClaimFacts:
    """Facts about a claim; ``None`` means not yet known."""

    amount: Decimal | None = None  # amount claimed (标的额)
    money_claim: bool | None = None  # claim for money or negotiable securities
    matured: bool | None = None
    amount_fixed: bool | None = None
    creditor_owes_counter_performance: bool | None = None
    other_dispute_between_parties: bool | None = None
    debtor_in_china: bool | None = None
    debtor_whereabouts_known: bool | None = None  # no public-notice service needed
    simple_case: bool | None = None  # clear facts, clear rights, little dispute
    needs_appraisal: bool | None = None
    counterclaim: bool | None = None
    foreign_related: bool | None = None
    parties_agree_small_claims: bool | None = None


@dataclass(frozen=True)
class Verdict:
    answer: Answer
    reasons: tuple[Msg, ...]
    thresholds: tuple[tuple[str, Decimal], ...] = field(default=())


class _Check:
    def __init__(self) -> None:
        self.no: list[Msg] = []
        self.unknown: list[Msg] = []
        self.ok: list[Msg] = []

    def need(self, value: bool | None, want: bool, ok: Msg, bad: Msg, missing: Msg) -> None:
        if value is None:
            self.unknown.append(missing)
        elif value == want:
            self.ok.append(ok)
        else:
            self.no.append(bad)

    def verdict(self, thresholds: tuple[tuple[str, Decimal], ...] = ()) -> Verdict:
        if self.no:
            return Verdict(Answer.NO, tuple(self.no + self.unknown + self.ok), thresholds)
        if self.unknown:
            return Verdict(Answer.UNKNOWN, tuple(self.unknown + self.ok), thresholds)
        return Verdict(Answer.YES, tuple(self.ok), thresholds)


def payment_order_eligibility(facts: ClaimFacts) -> Verdict:
    """Payment order (支付令): Civil Procedure Law arts. 225–228 and SPC interpretation."""
    c = _Check()
    c.need(
        facts.money_claim,
        True,
        msg(N_("claim for money (CPL art. 225)")),
        msg(N_("not a claim for money or securities (CPL art. 225)")),
        msg(N_("unknown whether the claim is for money (CPL art. 225)")),
    )
    c.need(
        facts.matured,
        True,
        msg(N_("the debt has matured (CPL art. 225; interpretation)")),
        msg(N_("the debt has not matured")),
        msg(N_("unknown whether the debt has matured")),
    )
    c.need(
        facts.amount_fixed,
        True,
        msg(N_("the amount is fixed")),
        msg(N_("the amount is not fixed")),
        msg(N_("unknown whether the amount is fixed")),
    )
    c.need(
        facts.creditor_owes_counter_performance,
        False,
        msg(N_("the creditor owes no counter-performance")),
        msg(N_("the creditor owes a counter-performance")),
        msg(N_("unknown whether the creditor owes a counter-performance")),
    )
    c.need(
        facts.other_dispute_between_parties,
        False,
        msg(N_("no other debt dispute between the parties (CPL art. 225(1))")),
        msg(N_("another debt dispute exists between the parties (CPL art. 225(1))")),
        msg(N_("unknown whether another dispute exists (CPL art. 225(1))")),
    )
    c.need(
        facts.debtor_in_china,
        True,
        msg(N_("the debtor is in China")),
        msg(N_("the debtor is not in China")),
        msg(N_("unknown whether the debtor is in China")),
    )
    c.need(
        facts.debtor_whereabouts_known,
        True,
        msg(N_("the order can be served on the debtor (CPL art. 225(2))")),
        msg(N_("the debtor cannot be served other than by public notice (CPL art. 225(2))")),
        msg(N_("unknown whether the order can be served (CPL art. 225(2))")),
    )
    if facts.amount is not None:
        fen(facts.amount, field="amount", allow_negative=False)
        c.ok.append(msg(N_("no upper limit on the amount (SPC CPL interpretation art. 427)")))
    return c.verdict()


def small_claims_thresholds(average_wage: Decimal = ZHEJIANG_2024_AVERAGE_WAGE) -> tuple[Decimal, Decimal]:
    """(mandatory limit 50 %, limit by agreement 2×) of the provincial average wage (CPL art. 165)."""
    wage = fen(average_wage, field="average_wage", allow_negative=False)
    if wage == 0:
        raise LawInputError("average_wage", msg(N_("Must be positive.")))
    return fen(wage / 2), fen(wage * 2)


def small_claims_eligibility(facts: ClaimFacts, *, average_wage: Decimal = ZHEJIANG_2024_AVERAGE_WAGE) -> Verdict:
    """Small-claims procedure (小额诉讼): Civil Procedure Law arts. 165–169."""
    mandatory, optional = small_claims_thresholds(average_wage)
    thresholds = (("mandatory_limit", mandatory), ("agreed_limit", optional))
    c = _Check()
    c.need(
        facts.money_claim,
        True,
        msg(N_("simple money claim (CPL art. 165)")),
        msg(N_("not a money claim (CPL art. 165)")),
        msg(N_("unknown whether the claim is for money")),
    )
    c.need(
        facts.simple_case,
        True,
        msg(N_("facts clear, rights clear, little dispute (CPL art. 165)")),
        msg(N_("not a simple case (CPL art. 165)")),
        msg(N_("unknown whether the case is simple")),
    )
    c.need(
        facts.needs_appraisal,
        False,
        msg(N_("no appraisal or valuation needed")),
        msg(N_("needs appraisal or valuation (CPL art. 166(3))")),
        msg(N_("unknown whether appraisal is needed")),
    )
    c.need(
        facts.debtor_whereabouts_known,
        True,
        msg(N_("no party is missing")),
        msg(N_("a party is missing / service by public notice (CPL art. 166(4))")),
        msg(N_("unknown whether a party is missing")),
    )
    c.need(
        facts.counterclaim,
        False,
        msg(N_("no counterclaim")),
        msg(N_("a counterclaim was filed (CPL art. 166(5))")),
        msg(N_("unknown whether there is a counterclaim")),
    )
    c.need(
        facts.foreign_related,
        False,
        msg(N_("not foreign-related")),
        msg(N_("foreign-related case (CPL art. 166(2))")),
        msg(N_("unknown whether the case is foreign-related")),
    )
    if facts.amount is None:
        c.unknown.append(msg(N_("amount unknown")))
    else:
        amount = fen(facts.amount, field="amount", allow_negative=False)
        if amount <= mandatory:
            c.ok.append(
                msg(
                    N_(
                        "%(amount)s ≤ %(mandatory)s (50%% of the average wage): small claims is mandatory (art. 165 ¶1)"
                    ),
                    amount=amount,
                    mandatory=mandatory,
                )
            )
        elif amount <= optional:
            c.need(
                facts.parties_agree_small_claims,
                True,
                msg(
                    N_("%(amount)s ≤ %(limit)s (2× the average wage) and the parties agreed (art. 165 ¶2)"),
                    amount=amount,
                    limit=optional,
                ),
                msg(
                    N_("%(amount)s > %(limit)s: only by agreement, and the parties did not agree (art. 165 ¶2)"),
                    amount=amount,
                    limit=mandatory,
                ),
                msg(
                    N_("%(amount)s > %(limit)s: needs the parties' agreement (art. 165 ¶2), not known"),
                    amount=amount,
                    limit=mandatory,
                ),
            )
        else:
            c.no.append(
                msg(
                    N_("%(amount)s > %(limit)s (2× the average wage): too large (art. 165)"),
                    amount=amount,
                    limit=optional,
                )
            )
    return c.verdict(thresholds)

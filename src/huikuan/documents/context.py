"""The data a document template is filled from: plain dicts and strings (also fit for docxtpl).

Figures come from the ledger (through casefacts), so a document states exactly what the ledger
shows; the evidence list comes from the evidence vault with each item's log index.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone

from huikuan.accounts.models import Organisation
from huikuan.cases.choices import DebtorKind
from huikuan.cases.models import Case
from huikuan.core.law.money import amount_in_capitals, fen

from . import casefacts
from .courts import competent_court

DEBT_TYPES_ZH = {
    "goods": "买卖合同",
    "construction": "建设工程施工合同",
    "services": "服务合同",
    "private_loan": "借款合同",
    "rent": "租赁合同",
    "other": "合同",
}
DISPUTE_ZH = {
    "goods": "买卖合同纠纷",
    "construction": "建设工程施工合同纠纷",
    "services": "服务合同纠纷",
    "private_loan": "民间借贷纠纷",
    "rent": "租赁合同纠纷",
    "other": "合同纠纷",
}
GUARANTEE_ZH = {"general": "一般保证", "joint": "连带责任保证"}
# Interest lines of the ledger in the words a Chinese court expects, with the articles they rest on.
LINE_ZH = {
    "contract_interest": ("借期内利息", "按约定年利率{rate}%", "《民法典》第五百零九条、第六百七十四条"),
    "overdue_interest": ("逾期利息", "按约定逾期年利率{rate}%", "《民法典》第五百八十五条"),
    "statutory_late_interest": (
        "逾期付款损失",
        "按同期全国银行间同业拆借中心公布的一年期贷款市场报价利率{rate}%",
        "《民法典》第五百七十七条、第五百八十四条",
    ),
    "penalty": ("违约金", "按约定年利率{rate}%", "《民法典》第五百八十五条"),
    "penalty_fixed": ("约定违约金", "", "《民法典》第五百八十五条"),
    "fees": ("其他费用", "", "合同约定"),
    "double_interest": ("加倍部分债务利息", "按日万分之一点七五", "《民事诉讼法》第二百六十四条"),
}


def date_zh(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def money(amount: Decimal) -> dict:
    """An amount in figures (with separators) and in Chinese financial capitals."""
    value = fen(amount)
    return {"value": str(value), "fig": f"{value:,.2f}", "cap": amount_in_capitals(value)}


def _party(debtor) -> dict:
    company = debtor.kind == DebtorKind.COMPANY
    return {
        "name": debtor.name,
        "kind": debtor.kind,
        "is_company": company,
        "id_label": "统一社会信用代码" if company else "公民身份号码",
        # Court filings need the full number; it is decrypted only here, in memory.
        "id_number": debtor.id_number,
        "address": debtor.address,
        "mobile": debtor.mobile,
        "region": debtor.region,
    }


def _organisation(org: Organisation) -> dict:
    return {
        "name": org.name,
        "is_individual": org.is_individual,
        "id_label": "统一社会信用代码",
        "id_number": org.uscc,
        "region": org.region,
    }


def _claim(case: Case, as_of: dt.date) -> dict:
    st = casefacts.case_statement(case=case, as_of=as_of)
    lines = []
    for ln in st.lines:
        label, rate_text, law = LINE_ZH.get(ln.kind, (ln.kind, "", ""))
        rate = format(ln.rate_pct.normalize(), "f") if ln.rate_pct else ""
        if ln.days:
            text = (
                f"{label}：以{fen(ln.principal):,.2f}元为基数，{rate_text.format(rate=rate)}，"
                f"自{date_zh(ln.first_day)}起计至{date_zh(ln.last_day)}止，共{ln.days}天，"
                f"计{fen(ln.amount):,.2f}元（依据{law}）"
            )
        else:
            text = f"{label}{fen(ln.amount):,.2f}元（依据{law}）"
        lines.append({"kind": ln.kind, "label": label, "text": text, "amount": money(ln.amount)})
    cap_note = ""
    if st.cap_rate_pct is not None:
        cap = format(st.cap_rate_pct.normalize(), "f")
        cap_note = (
            "依照《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》第二十五条、第二十九条，"
            f"利息、违约金等合计以合同成立时一年期贷款市场报价利率的四倍（年利率{cap}%）"
            "为限" + (f"，超出部分{fen(st.interest_excess):,.2f}元不予主张" if st.interest_excess else "") + "。"
        )
    return {
        "as_of": as_of.isoformat(),
        "as_of_zh": date_zh(as_of),
        "principal": money(st.principal),
        "interest": money(st.interest),
        "costs": money(st.costs),
        "total": money(st.total),
        "paid": money(st.payments_total),
        "lines": lines,
        "cap_note": cap_note,
    }


def _evidence(case: Case, actor) -> tuple[list[dict], str]:
    from huikuan.evidence.selectors import evidence_list

    items = list(evidence_list(actor=actor, case=case).order_by("received_at", "pk"))
    return [
        {
            "no": i,
            "name": item.original_name,
            "sha256": item.sha256,
            "log_index": item.log_entry.log_index,
            "received_zh": date_zh(timezone.localtime(item.received_at).date()),
        }
        for i, item in enumerate(items, start=1)
    ], "evidence"


def _facts(case: Case, claim: dict) -> list[str]:
    """The registered facts, in order: what a court reads first."""
    debt = case.debt
    facts = [
        f"双方于{date_zh(debt.contract_date)}订立{DEBT_TYPES_ZH.get(debt.debt_type, '合同')}，"
        f"约定款项人民币{money(debt.principal)['fig']}元"
        f"于{date_zh(debt.due_date)}前付清。",
    ]
    insts = list(debt.instalments.all())
    if insts:
        facts.append("分期约定：" + "；".join(f"{date_zh(i.due_date)}支付{fen(i.amount):,.2f}元" for i in insts) + "。")
    if Decimal(claim["paid"]["value"]) > 0:
        facts.append(f"债务人已支付{claim['paid']['fig']}元。")
    facts.append(f"截至{claim['as_of_zh']}，尚欠本金{claim['principal']['fig']}元未付。")
    if debt.description:
        facts.append(debt.description)
    return facts


def build_context(*, case: Case, actor, issuer: Organisation, as_of: dt.date | None = None) -> dict:
    """Everything a template may use, without the edited free-text fields (see `with_fields`)."""
    as_of = as_of or timezone.localdate()
    debt = case.debt
    claim = _claim(case, as_of)
    court = competent_court(debt.debtor)
    evidence, evidence_source = _evidence(case, actor)
    limitation = casefacts.case_limitation(case=case, as_of=as_of)
    return {
        "case": {"reference": case.reference},
        "doc": {"date_zh": date_zh(as_of), "date": as_of.isoformat()},
        "creditor": _organisation(case.organisation),
        "issuer": _organisation(issuer),
        "debtor": _party(debt.debtor),
        "debt": {
            "type": debt.debt_type,
            "type_zh": DEBT_TYPES_ZH.get(debt.debt_type, "合同"),
            "dispute_zh": DISPUTE_ZH.get(debt.debt_type, "合同纠纷"),
            "principal": money(debt.principal),
            "contract_date_zh": date_zh(debt.contract_date),
            "due_date_zh": date_zh(debt.due_date),
            "description": debt.description,
            "interest_rate": str(debt.interest_rate.normalize()) if debt.interest_rate is not None else "",
            "overdue_rate": str(debt.overdue_rate.normalize()) if debt.overdue_rate is not None else "",
            "instalments": [{"due_zh": date_zh(i.due_date), "amount": money(i.amount)} for i in debt.instalments.all()],
            "guarantors": [
                {"name": g.guarantor.name, "kind_zh": GUARANTEE_ZH.get(g.kind, g.kind)}
                for g in debt.guarantees.select_related("guarantor")
            ],
        },
        "claim": claim,
        "court": {"name": court.name, "confirmed": court.confirmed, "region": court.region},
        "evidence": evidence,
        "evidence_source": evidence_source,
        "facts": _facts(case, claim),
        "limitation": {"expiry_zh": date_zh(limitation.expiry), "days_left": limitation.days_left},
    }


_ENGINE = Engine(
    builtins=[
        "django.template.defaultfilters",
        "django.template.defaulttags",
        "huikuan.documents.templatetags.document_filters",
    ]
)


def render_string(source: str, context: dict) -> str:
    return _ENGINE.from_string(source).render(Context(context, autoescape=True))


def field_defaults(fields_spec: list[dict], context: dict) -> dict[str, str]:
    """Default text of each editable field, rendered with the case data (a default may use tags)."""
    values = {}
    for spec in fields_spec:
        try:
            values[spec["name"]] = render_string(spec.get("default", ""), {**context, "f": {}}).strip()
        except TemplateSyntaxError:
            values[spec["name"]] = spec.get("default", "")
    return values


def with_fields(context: dict, fields_spec: list[dict], edited: dict[str, str] | None) -> dict:
    """The context plus `f`: each editable field's edited text, else its default."""
    values = field_defaults(fields_spec, context)
    for name, text in (edited or {}).items():
        if name in values and text is not None:
            values[name] = str(text).strip()
    return {**context, "f": values}

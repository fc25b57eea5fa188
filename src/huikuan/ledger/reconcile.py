"""Bank statement reading and matching: plain data in and out (no database access here).

Two layouts of common Chinese bank exports are built in; anything else is read with a column
mapping. CSV files are decoded as UTF-8 or GB18030 (what Chinese online banking writes); XLSX is
streamed with openpyxl's read-only mode.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from huikuan.core.i18n import N_
from huikuan.core.money import MAX_AMOUNT

# Each field lists the header names a layout may use, first match wins. `memo` joins every
# listed column that is present.
LAYOUTS: dict[str, dict[str, list[str]]] = {
    # ICBC corporate online banking "账户明细" export: preamble lines, then this header.
    "icbc": {
        "date": ["交易时间", "交易日期"],
        "credit": ["贷方发生额", "贷方金额", "收入"],
        "debit": ["借方发生额", "借方金额", "支出"],
        "payer": ["对方户名", "对方单位"],
        "account": ["对方账号"],
        "memo": ["摘要", "用途", "附言"],
        "reference": ["交易流水号", "凭证号"],
    },
    # Many other banks (and their CSV downloads): 交易日期 / 收入金额 / 支出金额 / 对方户名 / 摘要.
    "generic": {
        "date": ["交易日期", "记账日期"],
        "credit": ["收入金额", "贷方金额"],
        "debit": ["支出金额", "借方金额"],
        "payer": ["对方户名", "对方名称"],
        "account": ["对方账号", "对方账户"],
        "memo": ["摘要", "备注", "附言"],
        "reference": ["流水号", "交易流水号"],
    },
}
FIELDS = ("date", "credit", "debit", "amount", "payer", "account", "memo", "reference")
HEADER_SCAN = 30
REFERENCE_RE = re.compile(r"HK[0-9A-F]{8}", re.IGNORECASE)
_SUMMARY = ("合计", "总计", "小计", "本页合计")


class StatementFormatError(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


@dataclass
class ParsedRow:
    row_number: int  # 1-based line in the file
    status: str = "accepted"  # accepted | rejected | skipped
    errors: list[str] = field(default_factory=list)
    date: dt.date | None = None
    amount: Decimal | None = None
    payer: str = ""
    account: str = ""
    memo: str = ""
    reference: str = ""
    fingerprint: str = ""


def normalise_mapping(layout: str, mapping: dict | None) -> dict[str, list[str]]:
    if layout in LAYOUTS:
        return LAYOUTS[layout]
    out: dict[str, list[str]] = {}
    for key, value in (mapping or {}).items():
        if key not in FIELDS:
            raise StatementFormatError(N_("Unknown field %(field)s in the column mapping."), field=key)
        names = [value] if isinstance(value, str) else list(value or [])
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise StatementFormatError(N_("Column names in the mapping must be text."))
        out[key] = [n.strip() for n in names]
    if "date" not in out or not ({"credit", "amount"} & out.keys()):
        raise StatementFormatError(N_("The mapping needs a date column and a credit (or signed amount) column."))
    return out


def read_table(filename: str, content: bytes) -> Iterator[list[object]]:
    """Rows of the first sheet (XLSX) or of the CSV file, as lists of cell values."""
    name = filename.lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise StatementFormatError(N_("The file is not a readable XLSX workbook.")) from exc
        try:
            sheet = book.worksheets[0]
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()
        return
    if not (name.endswith(".csv") or name.endswith(".txt")):
        raise StatementFormatError(N_("Upload a CSV or XLSX file."))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise StatementFormatError(N_("The file's text encoding is not UTF-8 or GB18030."))
    yield from csv.reader(io.StringIO(text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip().replace("\t", "")


def _find_header(rows: list[list[object]], mapping: dict[str, list[str]]) -> tuple[int, dict[str, list[int]]]:
    for i, row in enumerate(rows[:HEADER_SCAN]):
        cells = [_cell(c) for c in row]
        cols: dict[str, list[int]] = {}
        for key, names in mapping.items():
            found = [cells.index(n) for n in names if n in cells]
            if found:
                cols[key] = found if key == "memo" else found[:1]
        if "date" in cols and ({"credit", "amount"} & cols.keys()):
            return i, cols
    raise StatementFormatError(
        N_("No header row with the columns %(columns)s was found in the first %(n)s rows."),
        columns=" / ".join(mapping["date"][:1] + (mapping.get("credit") or mapping.get("amount") or [])[:1]),
        n=HEADER_SCAN,
    )


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell(value)
    if not text:
        return None
    text = text.split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse_money(value: object) -> Decimal | None:
    """Amount text as banks write it ("12,345.67", "¥100", "-" for none). None when empty."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # Excel stores numbers as binary floats; its displayed value has at most 15 digits.
        return Decimal(repr(value))
    text = _cell(value).replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").replace(" ", "")
    if text in ("", "-", "--", "—"):
        return None
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not amount.is_finite():
        raise ValueError(text)
    return amount


def _join(cells: list[object], cols: list[int]) -> str:
    parts = [_cell(cells[c]) for c in cols if c < len(cells) and _cell(cells[c])]
    return " ".join(parts)


def parse_statement(filename: str, content: bytes, *, layout: str, mapping: dict | None = None) -> list[ParsedRow]:
    """Every data row with its verdict: accepted credit, skipped (a debit, a total) or rejected and why."""
    m = normalise_mapping(layout, mapping)
    table = list(read_table(filename, content))
    header_at, cols = _find_header(table, m)
    out: list[ParsedRow] = []
    seen: Counter[tuple] = Counter()
    for index in range(header_at + 1, len(table)):
        cells = table[index]
        texts = [_cell(c) for c in cells]
        if not any(texts):
            continue
        row = ParsedRow(row_number=index + 1)
        out.append(row)
        if any(t.startswith(_SUMMARY) for t in texts if t):
            row.status = "skipped"
            row.errors.append(N_("A total line, not a transaction."))
            continue

        def get(key: str, cells: list[object] = cells) -> object:
            c = cols.get(key)
            return cells[c[0]] if c and c[0] < len(cells) else None

        row.date = parse_date(get("date"))
        if row.date is None:
            row.errors.append(N_("The date is missing or not a date (e.g. 2025-06-01)."))
        credit = debit = None
        try:
            if "credit" in cols:
                credit = parse_money(get("credit"))
                debit = parse_money(get("debit")) if "debit" in cols else None
            else:
                signed = parse_money(get("amount"))
                if signed is not None and signed < 0:
                    debit, credit = -signed, None
                else:
                    credit = signed
        except ValueError:
            row.errors.append(N_("The amount is not a number."))
        else:
            if credit is not None and credit < 0:
                row.errors.append(N_("A credit cannot be negative."))
            elif credit is not None and credit != credit.quantize(Decimal("0.01")):
                row.errors.append(N_("Amounts have at most two decimal places (fen)."))
            elif credit is not None and credit > MAX_AMOUNT:
                row.errors.append(N_("The amount is too large."))
            elif credit and debit:
                row.errors.append(N_("The row has both a credit and a debit."))
            elif not credit:
                if not row.errors:
                    row.status = "skipped"
                    row.errors.append(N_("Not a credit (money paid out or zero)."))
                    continue
                row.errors.append(N_("The amount is missing."))
            else:
                row.amount = credit.quantize(Decimal("0.01"))
        row.payer = _join(cells, cols.get("payer", []))[:200]
        row.account = _join(cells, cols.get("account", []))[:64]
        row.memo = _join(cells, cols.get("memo", []))[:500]
        row.reference = _join(cells, cols.get("reference", []))[:100]
        if row.errors:
            row.status = "rejected"
            continue
        key = (row.date, row.amount, row.payer, row.account, row.memo, row.reference)
        seen[key] += 1
        raw = "|".join(str(x) for x in (*key, seen[key]))
        row.fingerprint = hashlib.sha256(raw.encode()).hexdigest()
    return out


# ---- matching ---------------------------------------------------------------------------------------

_NAME_NOISE = re.compile(r"[\s()（）·,，.。\-]|有限责任公司|股份有限公司|有限公司|公司|集团|省|市|县|区")


def normalise_name(name: str) -> str:
    return _NAME_NOISE.sub("", name or "")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


@lru_cache(maxsize=1 << 16)  # statements repeat the same payers many times
def name_similarity(a: str, b: str) -> float:
    x, y = normalise_name(a), normalise_name(b)
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    if x in y or y in x:
        return 0.9
    return SequenceMatcher(None, x, y).ratio()


@dataclass(frozen=True)
class OpenDebt:
    case_id: int
    reference: str
    names: tuple[str, ...]  # the debtor and any guarantors
    amounts: frozenset[Decimal]  # principal, instalments, balance due


@dataclass(frozen=True)
class Proposal:
    case_id: int
    confidence: Decimal
    reasons: tuple[str, ...]


# Evidence weights combined as a noisy-or: each independent clue removes part of the doubt.
P_REFERENCE = 0.9
P_NAME = 0.6  # times the name similarity
P_AMOUNT = 0.4
MIN_CONFIDENCE = 0.35
MAX_PROPOSALS = 3
AMOUNT_ONLY_MAX = 3  # an amount shared by more open debts than this says nothing
# Name candidates are blocked on shared character bigrams (Dice coefficient) before the exact
# similarity is computed, so a statement costs rows × a few comparisons, not rows × debts.
MIN_DICE = 0.35
MAX_NAME_CANDIDATES = 20


class Matcher:
    def __init__(self, debts: Iterable[OpenDebt]):
        self.debts = {d.case_id: d for d in debts}
        self.by_ref = {d.reference.upper(): d.case_id for d in self.debts.values()}
        self.by_bigram: dict[str, set[int]] = defaultdict(set)
        self.by_amount: dict[Decimal, set[int]] = defaultdict(set)
        self.gram_count: dict[int, int] = {}
        for d in self.debts.values():
            grams = set().union(*(_bigrams(normalise_name(n)) for n in d.names)) if d.names else set()
            self.gram_count[d.case_id] = len(grams)
            for g in grams:
                self.by_bigram[g].add(d.case_id)
            for a in d.amounts:
                self.by_amount[a].add(d.case_id)

    def propose(self, *, amount: Decimal, payer: str, memo: str) -> list[Proposal]:
        refs = {r.upper() for r in REFERENCE_RE.findall(memo or "")}
        candidates: set[int] = {self.by_ref[r] for r in refs if r in self.by_ref}
        grams = _bigrams(normalise_name(payer))
        if grams:
            hits: Counter[int] = Counter()
            for g in grams:
                for cid in self.by_bigram.get(g, ()):
                    hits[cid] += 1
            dice = {cid: 2 * n / (len(grams) + self.gram_count[cid]) for cid, n in hits.items()}
            close = sorted((c for c, v in dice.items() if v >= MIN_DICE), key=lambda c: (-dice[c], c))
            candidates |= set(close[:MAX_NAME_CANDIDATES])
        same_amount = self.by_amount.get(amount, set())
        if len(same_amount) <= AMOUNT_ONLY_MAX:
            candidates |= same_amount
        out = []
        for cid in candidates:
            d = self.debts[cid]
            doubt = 1.0
            reasons = []
            if d.reference.upper() in refs:
                doubt *= 1 - P_REFERENCE
                reasons.append(f"reference {d.reference} in the memo")
            sim = max((name_similarity(payer, n) for n in d.names), default=0.0)
            if sim >= 0.5:
                doubt *= 1 - P_NAME * sim
                reasons.append(f"payer name {sim:.0%} similar")
            if amount in d.amounts:
                doubt *= 1 - P_AMOUNT
                reasons.append("amount equals an amount owed")
            confidence = 1 - doubt
            if confidence >= MIN_CONFIDENCE:
                out.append(Proposal(cid, Decimal(f"{confidence:.3f}"), tuple(reasons)))
        out.sort(key=lambda p: (-p.confidence, p.case_id))
        return out[:MAX_PROPOSALS]


def proposals_for(rows: Sequence[ParsedRow], matcher: Matcher) -> dict[int, list[Proposal]]:
    return {
        r.row_number: matcher.propose(amount=r.amount, payer=r.payer, memo=r.memo)  # type: ignore[arg-type]
        for r in rows
        if r.status == "accepted"
    }

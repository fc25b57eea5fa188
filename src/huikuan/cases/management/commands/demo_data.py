"""`huikuan demo-data`: two creditor organisations, a staff user and ~40 cases in every status.

Idempotent: a second run changes nothing and prints the same logins. Everything is written
through the services, so the demo timelines look like real ones.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from huikuan.accounts.choices import MemberRole, OrgKind
from huikuan.accounts.models import Membership, Organisation, User
from huikuan.cases.choices import CaseStatus, DebtType
from huikuan.cases.models import Case
from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn, GuarantorIn, InstalmentIn
from huikuan.cases.services import case_register, case_transition
from huikuan.core.identifiers import USCC_ALPHABET, uscc_check_char

PASSWORD = "huikuan-demo-2026"
ORGS = [
    ("金华市婺城区恒达五金制品有限公司", "owner@hengda.demo", "陈建华", "member@hengda.demo", "王丽"),
    ("义乌市佳和电子商务有限公司", "owner@jiahe.demo", "楼晓东", None, None),
]
STAFF = ("staff@huikuan.demo", "平台审核员")

COMPANY_NAMES = [
    "金华市金东区宏远建材有限公司",
    "永康市顺达工贸有限公司",
    "东阳市华鼎木雕工艺品厂",
    "兰溪市明珠纺织有限公司",
    "浦江县晶彩水晶制品有限公司",
    "武义县绿源茶业有限公司",
    "磐安县山泉生态农业有限公司",
    "义乌市聚丰小商品商行",
    "金华市开发区鑫源汽配有限公司",
    "永康市瑞丰电动工具有限公司",
    "金华市婺城区新概念装饰工程有限公司",
    "东阳市横店影视器材租赁有限公司",
    "金华市兴盛物流有限公司",
    "义乌市云帆电子商务有限公司",
    "兰溪市恒信建筑劳务有限公司",
    "金华市八一北街百味餐饮店",
    "浦江县锦程锁业有限公司",
    "武义县温泉山庄酒店有限公司",
    "永康市天宇门业有限公司",
    "金华市金东区振华机械厂",
    "义乌市美联化妆品有限公司",
    "东阳市红木家具城经营部",
]
PERSON_NAMES = [
    "张伟",
    "王芳",
    "李娜",
    "刘洋",
    "陈静",
    "杨帆",
    "赵磊",
    "黄敏",
    "周杰",
    "吴婷",
    "徐强",
    "孙丽",
    "胡斌",
    "朱琳",
    "郭涛",
    "何欢",
    "高峰",
    "林晓",
    "罗刚",
    "郑雪",
]
# Jinhua's county-level division codes (GB/T 2260).
REGIONS = ["330702", "330703", "330723", "330726", "330727", "330781", "330782", "330783", "330784"]
RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

PATHS = {
    CaseStatus.REGISTERED: [],
    CaseStatus.ASSESSING: [CaseStatus.ASSESSING],
    CaseStatus.NEGOTIATING: [CaseStatus.ASSESSING, CaseStatus.NEGOTIATING],
    CaseStatus.MEDIATION: [CaseStatus.ASSESSING, CaseStatus.NEGOTIATING, CaseStatus.MEDIATION],
    CaseStatus.PAYMENT_ORDER: [CaseStatus.ASSESSING, CaseStatus.PAYMENT_ORDER],
    CaseStatus.LITIGATION: [CaseStatus.ASSESSING, CaseStatus.NEGOTIATING, CaseStatus.LITIGATION],
    CaseStatus.ENFORCEMENT: [CaseStatus.ASSESSING, CaseStatus.LITIGATION, CaseStatus.ENFORCEMENT],
    CaseStatus.PAUSED: [CaseStatus.ASSESSING, CaseStatus.NEGOTIATING, CaseStatus.PAUSED],
    CaseStatus.CLOSED_RECOVERED: [CaseStatus.ASSESSING, CaseStatus.NEGOTIATING, CaseStatus.CLOSED_RECOVERED],
    CaseStatus.CLOSED_PARTIAL: [CaseStatus.ASSESSING, CaseStatus.MEDIATION, CaseStatus.CLOSED_PARTIAL],
    CaseStatus.CLOSED_UNRECOVERABLE: [CaseStatus.ASSESSING, CaseStatus.CLOSED_UNRECOVERABLE],
    CaseStatus.WITHDRAWN: [CaseStatus.WITHDRAWN],
}
REASONS = {
    CaseStatus.PAUSED: "债务人提出异议，暂停催收",
    CaseStatus.CLOSED_RECOVERED: "全额回款",
    CaseStatus.WITHDRAWN: "双方自行和解",
}


def demo_uscc(rng: random.Random, region: str) -> str:
    body = "91" + region + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return body + uscc_check_char(body)


def demo_resident_id(rng: random.Random, region: str) -> str:
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))
    body = region + born.strftime("%Y%m%d") + f"{rng.randrange(0, 1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, RID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def demo_mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "158", "188", "135", "170"]) + f"{rng.randrange(0, 10**8):08d}"


class Command(BaseCommand):
    help = "Load demo organisations, users and cases (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            created = self._load()
        self.stdout.write(self.style.SUCCESS("Demo data " + ("loaded." if created else "already present.")))
        self.stdout.write(f"Demo logins (password for all: {PASSWORD}):")
        for name, owner, _o, member, _m in ORGS:
            self.stdout.write(f"  creditor owner   {owner:24} {name}")
            if member:
                self.stdout.write(f"  creditor member  {member:24} {name}")
        self.stdout.write(f"  platform staff   {STAFF[0]:24} /admin/")

    def _user(self, email: str, name: str, **extra) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, name=name, **extra)
        return user

    def _load(self) -> bool:
        staff = self._user(STAFF[0], STAFF[1], is_staff=True, is_superuser=True)
        staff_org, _ = Organisation.objects.get_or_create(name="回款平台运营", kind=OrgKind.STAFF)
        Membership.objects.get_or_create(
            user=User.objects.get(email=STAFF[0]), organisation=staff_org, defaults={"role": MemberRole.OWNER}
        )
        created = False
        rng = random.Random(20261128)
        statuses = list(PATHS)
        for index, (org_name, owner_email, owner_name, member_email, member_name) in enumerate(ORGS):
            org, _ = Organisation.objects.get_or_create(
                name=org_name, kind=OrgKind.CREDITOR, defaults={"region": "330702"}
            )
            owner = self._user(owner_email, owner_name)
            Membership.objects.get_or_create(user=owner, organisation=org, defaults={"role": MemberRole.OWNER})
            if member_email:
                member = self._user(member_email, member_name)
                Membership.objects.get_or_create(user=member, organisation=org, defaults={"role": MemberRole.MEMBER})
            self._sender(org, owner, staff)
            if Case.objects.filter(organisation=org).exists():
                continue
            created = True
            count = 24 if index == 0 else 16
            for n in range(count):
                self._case(rng, org, owner, statuses[n % len(statuses)], n)
        return created

    def _case(self, rng: random.Random, org: Organisation, actor: User, status: str, n: int) -> Case:
        region = rng.choice(REGIONS)
        is_company = rng.random() < 0.6
        if is_company:
            debtor = DebtorIn(
                kind="company",
                name=rng.choice(COMPANY_NAMES),
                id_number=demo_uscc(rng, region),
                mobile=demo_mobile(rng),
                address="浙江省金华市"
                + rng.choice(["婺城区", "金东区", "义乌市", "永康市", "东阳市"])
                + f"{rng.randrange(1, 300)}号",
                region=region,
            )
        else:
            debtor = DebtorIn(
                kind="person",
                name=rng.choice(PERSON_NAMES),
                id_number=demo_resident_id(rng, region),
                mobile=demo_mobile(rng),
                region=region,
            )
        debt_type = rng.choice(list(DebtType))
        principal = Decimal(rng.randrange(8_000, 1_200_000)) + Decimal(rng.randrange(0, 100)) / 100
        contract = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 900))
        due = contract + timedelta(days=rng.choice([30, 60, 90, 180]))
        instalments: list[InstalmentIn] = []
        if n % 7 == 3:
            first = (principal / 2).quantize(Decimal("0.01"))
            instalments = [
                InstalmentIn(due_date=due, amount=first),
                InstalmentIn(due_date=due + timedelta(days=90), amount=principal - first),
            ]
        guarantors = []
        if n % 5 == 2:
            g_region = rng.choice(REGIONS)
            guarantors = [
                GuarantorIn(
                    debtor=DebtorIn(
                        kind="person",
                        name=rng.choice(PERSON_NAMES),
                        id_number=demo_resident_id(rng, g_region),
                    ),
                    kind=rng.choice(["general", "joint"]),
                )
            ]
        data = CaseCreateIn(
            debtor=debtor,
            debt=DebtIn(
                debt_type=debt_type,
                principal=principal,
                contract_date=contract,
                due_date=None if instalments else due,
                instalments=instalments,
                interest_rate=Decimal("12") if debt_type == DebtType.PRIVATE_LOAN else None,
                overdue_rate=Decimal("18") if rng.random() < 0.3 else None,
                description="按合同约定应付款项逾期未付，多次电话沟通未果。",
                guarantors=guarantors,
            ),
        )
        case = case_register(organisation=org, data=data, actor=actor)
        self._history(rng, case, actor, status, due)
        for step in PATHS[status]:
            case = case_transition(case=case, to=step, actor=actor, reason=REASONS.get(step, ""))
        return case

    def _sender(self, org: Organisation, owner: User, staff: User) -> None:
        """A verified sender identity, so the demo organisations can use outreach at once."""
        from huikuan.outreach.models import SenderProfile
        from huikuan.outreach.services import sender_profile_save, sender_profile_verify

        if not SenderProfile.objects.filter(organisation=org).exists():
            profile = sender_profile_save(
                organisation=org, actor=owner, display_name=f"{org.name} 财务部", phone="0579-82000000"
            )
            sender_profile_verify(profile=profile, actor=staff)

    def _history(self, rng: random.Random, case: Case, actor: User, status: str, due: date) -> None:
        """What has happened so far: an evidence file, payments, acknowledgements, filings."""
        from io import BytesIO

        from huikuan.evidence.services import evidence_add
        from huikuan.ledger.services import acknowledgement_record, filing_record, payment_record

        contract = f"%PDF-1.4\n% 合同 {case.reference}\n%%EOF\n".encode()
        evidence_add(case=case, actor=actor, stream=BytesIO(contract), name=f"合同-{case.reference}.pdf")
        principal = case.debt.principal
        paid_on = due + timedelta(days=rng.randrange(20, 120))
        if status == CaseStatus.CLOSED_RECOVERED:
            payment_record(case=case, actor=actor, date=paid_on, amount=principal, payer=case.debt.debtor.name)
        elif status in (CaseStatus.CLOSED_PARTIAL, CaseStatus.NEGOTIATING, CaseStatus.MEDIATION):
            part = (principal * Decimal(rng.choice(["0.2", "0.3", "0.5"]))).quantize(Decimal("0.01"))
            payment_record(case=case, actor=actor, date=paid_on, amount=part, payer=case.debt.debtor.name)
            acknowledgement_record(case=case, actor=actor, date=paid_on, note="债务人书面确认欠款")
        elif status in (CaseStatus.PAYMENT_ORDER, CaseStatus.LITIGATION, CaseStatus.ENFORCEMENT):
            filing = "payment_order" if status == CaseStatus.PAYMENT_ORDER else "suit"
            filing_record(case=case, actor=actor, date=paid_on, filing=filing, note="已向法院递交材料")

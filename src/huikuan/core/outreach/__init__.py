"""Compliant outreach: contact policy packs, the contact gate and the message linter.

Framework-free (stdlib + zoneinfo); plain frozen dataclasses in and out.
"""

from .errors import ContactInputError, OutreachValueError, PolicyError
from .evaluation import Metrics, evaluate, load_labelled
from .gate import (
    ALLOW,
    BLOCK,
    DEFER,
    CaseState,
    ContactHistory,
    Decision,
    PriorAttempt,
    ProposedContact,
    RuleHit,
    Sender,
    decide,
)
from .lint import DISPUTE_INSTRUCTIONS, SENDER_IDENTITY, Finding, detect_language, lint
from .policy import (
    CHANNELS,
    RELATIONS,
    Policy,
    available_policies,
    load_policy,
    policy_from_mapping,
    tighten_policy,
)

__all__ = [
    "ALLOW",
    "BLOCK",
    "CHANNELS",
    "DEFER",
    "DISPUTE_INSTRUCTIONS",
    "RELATIONS",
    "SENDER_IDENTITY",
    "CaseState",
    "ContactHistory",
    "ContactInputError",
    "Decision",
    "Finding",
    "Metrics",
    "OutreachValueError",
    "Policy",
    "PolicyError",
    "PriorAttempt",
    "ProposedContact",
    "RuleHit",
    "Sender",
    "available_policies",
    "decide",
    "detect_language",
    "evaluate",
    "lint",
    "load_labelled",
    "load_policy",
    "policy_from_mapping",
    "tighten_policy",
]

"""Framework-free legal arithmetic: money, statutory periods, interest,
payment allocation, limitation and procedural eligibility (PRC law).

Plain frozen dataclasses in and out; no Django imports.
"""

from huikuan.core.law.errors import LawInputError

__all__ = ["LawInputError"]

from datetime import datetime

from ninja import Schema


class ItemOut(Schema):
    id: int
    case_id: int
    sha256: str
    original_name: str
    size: int
    media_type: str
    capture_method: str
    custodian: str
    uploaded_by: str
    received_at: datetime
    log_index: int | None
    created: bool = True

    @staticmethod
    def resolve_uploaded_by(obj) -> str:
        return obj.uploaded_by_label

    @staticmethod
    def resolve_log_index(obj) -> int | None:
        return obj.log_entry.log_index

"""A `huikuan.core.i18n.Msg` stored as JSON, so an explanation kept in the database is shown in
the reader's language rather than the language it was recorded in."""

from __future__ import annotations

from huikuan.core.i18n import Msg


def dump(message: Msg | str) -> dict | str:
    if not isinstance(message, Msg):
        return str(message)
    return {"msgid": message.msgid, "params": {k: dump(v) for k, v in message.params.items()}}


def load(data) -> Msg | str:
    """The message back; anything not shaped like `dump`'s output is shown as plain text."""
    if isinstance(data, dict) and isinstance(data.get("msgid"), str) and isinstance(data.get("params", {}), dict):
        return Msg(data["msgid"], {k: load(v) for k, v in data.get("params", {}).items()})
    return "" if data is None else str(data)

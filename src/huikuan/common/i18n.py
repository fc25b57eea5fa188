"""Translation of the messages framework-free modules return (``huikuan.core.i18n.Msg``)."""

from __future__ import annotations

from django.utils.translation import gettext

from huikuan.core.i18n import Msg


def render(message: Msg | str | None) -> str:
    """``message`` in the active language: ``gettext(msgid) % params``, nested messages too.

    Plain text passes through unchanged (it was translated, or is data, already)."""
    if message is None:
        return ""
    if isinstance(message, Msg):
        return message.render(gettext)
    return str(message)


def render_all(messages) -> list[str]:
    return [render(m) for m in messages]

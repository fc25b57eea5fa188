"""Translation marker and message type for framework-free modules.

Pure code cannot call gettext (it must not import Django), so it returns a ``Msg``: an
N_()-marked msgid with its parameters. ``str(msg)`` is the English text; the Django layer
translates it with ``huikuan.common.i18n.render``.
"""

from __future__ import annotations

from collections.abc import Mapping


def N_(message: str) -> str:
    """Marks a msgid for extraction (makemessages --keyword=N_); the Django layer translates it."""
    return message


class Msg:
    """An immutable translatable message: ``msgid % params``.

    Parameter values are text (numbers, dates and amounts already formatted) or nested
    ``Msg`` objects, which are rendered in the same language as the outer message.
    """

    __slots__ = ("_items", "msgid")

    msgid: str
    _items: tuple[tuple[str, str | Msg], ...]

    def __init__(self, msgid: str, params: Mapping[str, object] | None = None) -> None:
        items = tuple(sorted((k, v if isinstance(v, Msg) else str(v)) for k, v in (params or {}).items()))
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "_items", items)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Msg is immutable")

    @property
    def params(self) -> dict[str, str | Msg]:
        return dict(self._items)

    def render(self, translate=lambda s: s) -> str:
        """The text with ``translate`` applied to this msgid and every nested one."""
        text = translate(self.msgid)
        if not self._items:
            return text
        values = {k: v.render(translate) if isinstance(v, Msg) else v for k, v in self._items}
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            # A translation whose placeholders do not match must not break the page: fall back to English.
            return self.msgid % values

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Msg):
            return (self.msgid, self._items) == (other.msgid, other._items)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.msgid, self._items))

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __reduce__(self):
        return (Msg, (self.msgid, self.params))

    def msgids(self) -> tuple[str, ...]:
        """This msgid and every nested one (for checks that each is marked for extraction)."""
        out = [self.msgid]
        for _k, v in self._items:
            if isinstance(v, Msg):
                out.extend(v.msgids())
        return tuple(out)


def msg(msgid: str, /, **params: object) -> Msg:
    """Shorthand: ``msg(N_("%(n)s days"), n=3)``."""
    return Msg(msgid, params)

"""Translation marker for framework-free modules."""


def N_(message: str) -> str:
    """Marks a msgid for extraction (makemessages --keyword=N_); the Django layer translates it."""
    return message

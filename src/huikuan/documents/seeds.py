"""The templates shipped with the app (templates/documents/shipped/): read by the data migration that
seeds the database and by the back office's "restore the shipped text" action."""

from __future__ import annotations

import json
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "templates" / "documents" / "shipped"


def shipped_templates() -> dict[str, dict]:
    """key → {"title", "fields", "html"} for every shipped template."""
    manifest = json.loads((SHIPPED / "manifest.json").read_text(encoding="utf-8"))
    return {
        key: {"title": meta["title"], "fields": meta["fields"], "html": (SHIPPED / f"{key}.html").read_text("utf-8")}
        for key, meta in manifest.items()
    }


def seed(model) -> int:
    """Create the missing templates (never overwrite a staff edit); returns how many were created."""
    created = 0
    for key, data in shipped_templates().items():
        _, made = model.objects.get_or_create(
            key=key, defaults={"title": data["title"], "fields": data["fields"], "html": data["html"]}
        )
        created += made
    return created

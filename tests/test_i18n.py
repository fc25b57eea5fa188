"""Every user-visible string is translated: zh-Hans complete, English (the source language) complete."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "huikuan" / "locale"


def test_chinese_catalogue_is_complete():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    active = [e for e in po if not e.obsolete]
    assert len(active) > 200
    untranslated = [e.msgid for e in active if not e.translated()]
    fuzzy = [e.msgid for e in active if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


def test_chinese_placeholders_match():
    import re

    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for e in po:
        if e.obsolete or e.msgid_plural:
            continue
        assert sorted(re.findall(r"%\(\w+\)s", e.msgid)) == sorted(re.findall(r"%\(\w+\)s", e.msgstr)), e.msgid


def test_english_catalogue_exists_and_has_no_fuzzy_entries():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po if "fuzzy" in e.flags and not e.obsolete] == []

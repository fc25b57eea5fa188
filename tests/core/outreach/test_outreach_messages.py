"""Every explanation the gate or the linter can give is marked for translation."""

import json
from importlib import resources

from huikuan.core.outreach import available_policies
from huikuan.core.outreach.lint import ALL_RULES
from huikuan.core.outreach.messages import EXPLANATIONS


def _pack_explanations(node, out):
    if isinstance(node, dict):
        if "id" in node and "explanation" in node:
            out.add(node["explanation"])
        for value in node.values():
            _pack_explanations(value, out)
    elif isinstance(node, list):
        for value in node:
            _pack_explanations(value, out)


def test_every_explanation_is_marked():
    expected = {r.explanation for r in ALL_RULES}
    for pack_id in available_policies():
        text = resources.files("huikuan.core.outreach").joinpath("packs", f"{pack_id}.json").read_text()
        _pack_explanations(json.loads(text), expected)
    assert expected == set(EXPLANATIONS)

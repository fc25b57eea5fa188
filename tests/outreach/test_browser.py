"""In the browser: a threatening message is flagged by the linter before sending and blocked by
the gate, with the rule shown.

Playwright runs in its own thread so that this module does not start a second sync Playwright
next to the session-scoped one of tests/e2e (two in one thread refuse to run)."""

import pytest

from huikuan.outreach.models import GateDecision, OutboundMessage
from tests.browser import ARGS, CHROMIUM, in_thread
from tests.conftest import PASSWORD
from tests.outreach.conftest import THREAT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_threatening_message_is_flagged_then_blocked_with_the_rule(
    live_server, creditor_a, verified_sender, outreach_case
):
    base = live_server.url

    def session() -> dict:
        from playwright.sync_api import sync_playwright

        seen = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
            page.set_default_timeout(15000)
            page.goto(base + "/accounts/login/")
            page.fill("input[name=username]", creditor_a.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url("**/dashboard/")

            page.goto(base + f"/cases/{outreach_case.pk}/")
            form = page.get_by_test_id("send-form")
            form.wait_for()
            seen["before"] = page.get_by_test_id("outreach-decisions").count()
            form.locator("select[name=channel]").select_option("letter")
            form.locator("textarea[name=body]").fill(THREAT)
            # The linter's findings appear before anything is sent.
            finding = page.locator('[data-testid=lint-findings] [data-rule="lint.threat.violence"]')
            finding.wait_for()
            seen["finding"] = finding.inner_text()
            with page.expect_navigation():
                form.locator("button[type=submit]").click()
            seen["flash"] = page.locator(".messages").inner_text()
            decisions = page.get_by_test_id("outreach-decisions")
            decisions.wait_for()
            seen["rules_shown"] = decisions.locator('[data-rule="lint.threat.violence"]').count()
            browser.close()
        return seen

    seen = in_thread(session)
    assert seen["before"] == 0  # nothing was decided while checking the draft
    assert "找人上门" in seen["finding"]
    assert "lint.threat.violence" in seen["flash"]
    assert seen["rules_shown"] == 1
    decision = GateDecision.objects.get()
    assert decision.outcome == "block" and "lint.threat.violence" in decision.rule_ids
    assert not OutboundMessage.objects.exists()

"""A creditor records a payment in the browser and sees the balance and the limitation light change.

Playwright runs in its own thread: a second sync Playwright next to another module's session-scoped
one in the same thread refuses to start."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.browser import ARGS, CHROMIUM, in_thread
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _amount(text: str) -> Decimal:
    return Decimal(text.replace("¥", "").replace(",", "").strip())


def test_recording_a_payment_updates_balance_and_light(live_server, creditor_a, make_case):
    today = timezone.localdate()
    # Due three years minus 20 days ago: limitation ends in about 20 days → red.
    due = dt.date(today.year - 3, today.month, min(today.day, 28)) + dt.timedelta(days=20)
    case = make_case(creditor_a, principal=Decimal("50000"), contract_date=due - dt.timedelta(days=60), due_date=due)
    base = live_server.url
    seen: dict = {}

    def session():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.set_default_timeout(15000)
                page.goto(base + "/accounts/login/")
                page.fill("input[name=username]", creditor_a.email)
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.wait_for_url("**/dashboard/")

                page.goto(base + f"/cases/{case.pk}/")
                seen["light_before"] = page.get_by_test_id("limitation-light").get_attribute("data-light")
                seen["balance_before"] = page.get_by_test_id("ledger-balance").inner_text()

                page.locator(f"a[href='/ledger/cases/{case.pk}/payments/new/']").first.click()
                page.wait_for_url("**/payments/new/")
                page.fill("input[name=date]", today.isoformat())
                page.fill("input[name=amount]", "20,000.00")
                page.fill("input[name=payer]", "金华市宏远建材有限公司")
                page.select_option("select[name=method]", "bank_transfer")
                page.click("main button[type=submit]")
                page.wait_for_url(f"**/ledger/cases/{case.pk}/")
                seen["allocations"] = page.locator("#allocations").inner_text()

                page.goto(base + f"/cases/{case.pk}/")
                seen["light_after"] = page.get_by_test_id("limitation-light").get_attribute("data-light")
                seen["balance_after"] = page.get_by_test_id("ledger-balance").inner_text()
                seen["set_by"] = page.get_by_test_id("limitation-set-by").get_attribute("data-what")
            finally:
                browser.close()

    in_thread(session)
    assert seen["light_before"] == "red"
    assert "20,000.00" in seen["allocations"]
    # The partial payment interrupted limitation (SPC 2020 limitation provisions art. 14): three years again.
    assert seen["light_after"] == "green" and seen["set_by"] == "partial_payment"
    assert _amount(seen["balance_before"]) - _amount(seen["balance_after"]) == Decimal("20000.00")

"""The chat page in a real browser: htmx appends the answer; the case panel's questions work."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_chat_appends_answers_without_reloading(page, creditor_a, case_a):
    sign_in(page, creditor_a.email)
    page.click("nav a[href='/assistant/']")
    page.wait_for_url("**/assistant/")
    page.fill("input[name=q]", "朋友借钱不还，没打借条怎么办")
    page.click("form[data-testid=ask-form] button[type=submit]")
    first = page.locator("[data-testid=answer]").first
    first.wait_for()
    assert "以上为一般性法律信息" in first.locator("[data-testid=disclaimer]").inner_text()
    assert first.locator("cite").count() >= 1
    assert page.input_value("input[name=q]") == ""  # cleared for the next question
    page.select_option("select[name=case]", str(case_a.pk))
    page.fill("input[name=q]", "还有多久过诉讼时效?")
    page.click("form[data-testid=ask-form] button[type=submit]")
    page.locator("[data-testid=answer]").nth(1).wait_for()
    assert page.locator("[data-testid=answer]").count() == 2
    case_answer = page.locator("[data-testid=case-answer]").inner_text()
    assert case_a.reference in case_answer
    assert page.url.endswith("/assistant/")  # appended by htmx, no navigation


def test_document_preview_follows_the_edits(page, creditor_a, case_a):
    sign_in(page, creditor_a.email)
    page.goto(page.base + f"/cases/{case_a.pk}/")
    page.locator("#documents-panel").wait_for()
    page.click("#documents-panel a.button.secondary")  # demand letter
    page.wait_for_url("**/new/demand_letter/")
    assert "催款函" in page.locator("[data-testid=document-preview]").inner_text()
    page.fill("textarea[name=extra]", "请于月底前与我司财务联系对账。")
    page.wait_for_function(
        "document.querySelector('[data-testid=document-preview]').innerText.includes('与我司财务联系对账')"
    )
    page.click("form[data-testid=compose-form] button[type=submit]")
    page.wait_for_url(f"**/documents/cases/{case_a.pk}/")
    assert "催款函" in page.locator("[data-testid=document-versions]").inner_text()

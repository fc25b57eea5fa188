import pytest

from huikuan.cases.models import Case
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/")


def test_creditor_registers_a_debt_through_the_wizard(page, creditor_a, creditor_b):
    sign_in(page, creditor_a.email)
    assert page.locator("h1").first.inner_text() == "仪表盘"
    page.goto(page.base + "/cases/register/")

    # Step 1: a wrong check character is refused beside the field, in Chinese.
    page.select_option("select[name=kind]", "company")
    page.fill("input[name=name]", "东阳市华鼎木雕工艺品厂")
    page.fill("input[name=id_number]", "91330702MA2D00002D")
    page.fill("input[name=mobile]", "17012345678")
    page.click("main button[type=submit]")
    assert "校验码不正确" in page.locator('[data-field="id_number"]').inner_text()
    page.fill("input[name=id_number]", "91330702MA2D00002C")
    page.click("main button[type=submit]")

    # Step 2: the debt.
    page.wait_for_url("**/register/debt/")
    page.select_option("select[name=debt_type]", "construction")
    page.fill("input[name=principal]", "386,500.00")
    page.fill("input[name=contract_date]", "2024-05-06")
    page.fill("input[name=due_date]", "2024-11-30")
    page.click("main button[type=submit]")

    # Step 3: review shows the figures and the virtual-operator warning, then registers.
    page.wait_for_url("**/register/review/")
    assert "386,500.00" in page.get_by_test_id("review-principal").inner_text()
    assert "虚拟运营商" in page.content()
    page.get_by_role("button", name="确认登记").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get()
    assert case.reference in page.locator("h1").inner_text()
    assert "案件已登记" in page.get_by_test_id("timeline").inner_text()

    # The list shows it, and the htmx filter narrows it without a full page load.
    page.goto(page.base + "/cases/")
    assert case.reference in page.get_by_test_id("case-table").inner_text()
    page.fill("input[name=q]", "没有这个人")
    page.wait_for_function(
        f"!document.querySelector('[data-testid=case-table]').innerText.includes('{case.reference}')"
    )
    page.fill("input[name=q]", "华鼎")
    page.wait_for_function(f"document.querySelector('[data-testid=case-table]').innerText.includes('{case.reference}')")


def test_other_creditor_gets_404_for_the_case(page, creditor_a, creditor_b, make_case):
    case = make_case(creditor_a)
    sign_in(page, creditor_b.email)
    response = page.goto(page.base + f"/cases/{case.pk}/")
    assert response.status == 404
    page.goto(page.base + "/cases/")
    assert case.reference not in page.content()


def test_english_switch(page, creditor_a):
    sign_in(page, creditor_a.email)
    page.select_option("#lang-select", "en")
    page.wait_for_load_state()
    page.wait_for_selector("text=Dashboard")
    assert page.locator("html").get_attribute("lang") == "en"

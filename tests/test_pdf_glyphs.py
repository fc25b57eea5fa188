from huikuan.common.pdf import html_to_pdf
from tests.ocr import ocr_contains, ocr_page


def test_chinese_glyphs_render_and_read_back():
    pdf = html_to_pdf("<h1>债务催收函</h1><p>金华市婺城区恒达五金制品有限公司</p><p>壹万贰仟叁佰肆拾伍元陆角柒分</p>")
    assert pdf.startswith(b"%PDF")
    text = ocr_page(pdf)
    assert ocr_contains(text, "债务催收函")
    assert ocr_contains(text, "金华市婺城区恒达五金制品有限公司")
    # tesseract's chi_sim model misreads financial capitals (壹, 仟, 柒) even on a clean page, so
    # capitals are checked through the text layer instead.
    from io import BytesIO

    from pypdf import PdfReader

    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert not ocr_contains(text, "上海市浦东新区张江高科技园区")


def test_wrong_glyphs_would_fail():
    # A font with no CJK glyphs renders boxes: the same text must then NOT read back.
    pdf = html_to_pdf(
        '<h1 style="font-family: DejaVu Sans Mono">债务催收函</h1>',
        extra_css="html { font-family: 'DejaVu Sans Mono'; }",
    )
    assert not ocr_contains(ocr_page(pdf), "债务催收函")

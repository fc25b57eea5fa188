"""Rendered document text → PDF (WeasyPrint) and DOCX (python-docx, or a staff Word template via docxtpl).

Both files come from the same rendered text, so the preview, the PDF and the DOCX say the same.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from huikuan.common.pdf import html_to_pdf

# Chinese official documents: headings in 宋体 (SimSun) bold, body text in 仿宋 (FangSong).
TITLE_FONT = "宋体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"

PDF_CSS = """
/* Spaced-out or very large bold titles are dropped or misread by OCR (and by screen readers). */
h1 { letter-spacing: 0; font-size: 16pt; }
body { text-align: justify; }
p { margin: 0 0 0.5em; text-indent: 2em; }
p.noindent, p.right, p.center, td p, li p { text-indent: 0; }
p.right { text-align: right; }
p.center { text-align: center; }
.parties p { text-indent: 0; }
table { margin: 0.5em 0 1em; font-size: 10.5pt; }
ol, ul { margin: 0 0 0.8em 1.5em; padding: 0; }
.sign { margin-top: 2em; }
.hash { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 8pt; word-break: break-all; }
"""


def html_document(body: str, title: str) -> str:
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body>{body}</body></html>"
    )


def to_pdf(body: str, title: str) -> bytes:
    return html_to_pdf(html_document(body, title), extra_css=PDF_CSS)


# ---- DOCX -----------------------------------------------------------------------------------


def set_run_fonts(run, east_asia: str = BODY_FONT, latin: str = LATIN_FONT) -> None:
    """Word picks CJK glyphs from w:eastAsia; without it Chinese text falls back to a Latin face."""
    run.font.name = latin
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attr), value)


def ensure_east_asian_fonts(doc) -> None:
    """Give every run (body, tables, headers) an East-Asian font unless the template set one."""

    def runs():
        for p in doc.paragraphs:
            yield from p.runs
        for table in doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        yield from p.runs

    for run in runs():
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None or not fonts.get(qn("w:eastAsia")):
            set_run_fonts(run)
    style = doc.styles["Normal"]
    style.font.name = LATIN_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)


def _page_setup(doc) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(25), Mm(22)
        section.left_margin, section.right_margin = Mm(25), Mm(22)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
            else:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = text
            run._element.append(el)
        set_run_fonts(run)


_BLOCKS = {"h1", "h2", "h3", "p", "li", "div", "td", "th"}
_SPACE = re.compile(r"\s+")


class _DocxBuilder(HTMLParser):
    """Turns the small HTML subset the templates use (h1-h3, p, ol/ul/li, table, strong/b, br) into Word."""

    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.par = None
        self.bold = 0
        self.block: list[tuple[str, set[str]]] = []
        self.lists: list[list] = []  # [tag, counter]
        self.table = None
        self.row = None
        self.cell_index = 0
        self.skip = 0

    def _classes(self, attrs) -> set[str]:
        return set((dict(attrs).get("class") or "").split())

    def _new_par(self, tag: str, classes: set[str]):
        if self.table is not None and self.row is not None and tag in {"td", "th", "p"}:
            cell = self.row.cells[min(self.cell_index, len(self.row.cells) - 1)]
            par = cell.paragraphs[0] if not cell.paragraphs[0].text and tag != "p" else cell.add_paragraph()
        else:
            par = self.doc.add_paragraph()
        fmt = par.paragraph_format
        fmt.space_after = Pt(4)
        if tag == "h1":
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(12)
        elif "right" in classes:
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif "center" in classes:
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif tag == "p" and self.table is None and not ({"noindent"} & classes) and not self._in("parties"):
            fmt.first_line_indent = Pt(24)
        if tag == "li" and self.lists:
            self.lists[-1][1] += 1
            marker = f"{self.lists[-1][1]}. " if self.lists[-1][0] == "ol" else "• "
            fmt.left_indent = Pt(18)
            self._text(par, marker, tag)
        return par

    def _in(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self.block)

    def _text(self, par, text: str, tag: str | None = None) -> None:
        tag = tag or (self.block[-1][0] if self.block else "p")
        run = par.add_run(text)
        heading = tag in {"h1", "h2", "h3"}
        set_run_fonts(run, TITLE_FONT if heading else BODY_FONT)
        run.font.size = Pt({"h1": 18, "h2": 14, "h3": 12}.get(tag, 10.5 if self.table is not None else 12))
        if heading or self.bold or tag == "th":
            run.bold = True

    def handle_starttag(self, tag, attrs):
        classes = self._classes(attrs)
        if tag in {"style", "script", "head", "title"}:
            self.skip += 1
        elif tag in {"strong", "b"}:
            self.bold += 1
        elif tag == "br" and self.par is not None:
            self.par.add_run().add_break()
        elif tag in {"ol", "ul"}:
            self.lists.append([tag, 0])
        elif tag == "table":
            self.table = self.doc.add_table(rows=0, cols=1)
            self.table.style = "Table Grid"
        elif tag == "tr" and self.table is not None:
            self.row = self.table.add_row()
            self.cell_index = -1
        elif tag in {"td", "th"} and self.row is not None:
            self.cell_index += 1
            while len(self.row.cells) <= self.cell_index:
                self.table.add_column(Mm(30))
            self.block.append((tag, classes))
            self.par = self._new_par(tag, classes)
        elif tag in _BLOCKS:
            self.block.append((tag, classes))
            if tag != "div":
                self.par = self._new_par(tag, classes)

    def handle_endtag(self, tag):
        if tag in {"style", "script", "head", "title"}:
            self.skip = max(0, self.skip - 1)
        elif tag in {"strong", "b"}:
            self.bold = max(0, self.bold - 1)
        elif tag in {"ol", "ul"} and self.lists:
            self.lists.pop()
        elif tag == "table":
            self.table, self.row = None, None
        elif tag in _BLOCKS:
            while self.block:
                if self.block.pop()[0] == tag:
                    break
            self.par = None

    def handle_data(self, data):
        if self.skip:
            return
        text = _SPACE.sub(" ", data)
        if not text.strip():
            return
        if self.par is None:
            if not self.block and not text.strip():
                return
            self.par = self._new_par("p", set())
        if not self.par.runs:
            text = text.lstrip()
        self._text(self.par, text)


def to_docx(body: str) -> bytes:
    doc = Document()
    _page_setup(doc)
    builder = _DocxBuilder(doc)
    builder.feed(body)
    builder.close()
    ensure_east_asian_fonts(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def to_docx_from_template(template: bytes, context: dict) -> bytes:
    """A staff-provided Word template (docxtpl, Jinja tags such as {{ debtor.name }})."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, autoescape=True)
    ensure_east_asian_fonts(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()

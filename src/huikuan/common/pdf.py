"""HTML → PDF with WeasyPrint and the system CJK fonts (Debian fonts-noto-cjk via fontconfig).

Never web-font subsets: they render wrong glyphs under correct-looking text.
"""

from __future__ import annotations

from django.template.loader import render_to_string

# A4, proper margins, page numbers, serif CJK body text. Templates extend this with their own rules.
BASE_CSS = """
@page { size: A4; margin: 25mm 22mm 22mm 25mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
html { font-family: "Noto Serif CJK SC", "Noto Serif SC", serif; font-size: 12pt; line-height: 1.7; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 0.1em; margin: 0 0 1em; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #444; padding: 3pt 5pt; vertical-align: top; }
.mono { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 9pt; word-break: break-all; }
"""


def html_to_pdf(html: str, *, extra_css: str = "") -> bytes:
    from weasyprint import CSS, HTML  # imported late: heavy, and only needed when rendering

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=BASE_CSS + extra_css)])


def render_pdf(template: str, context: dict, *, extra_css: str = "") -> bytes:
    return html_to_pdf(render_to_string(template, context), extra_css=extra_css)

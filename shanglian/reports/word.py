"""The report as a Word document laid out after GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text area 156 × 225 mm); body 3号 (16 pt)
仿宋_GB2312 at 22 lines a page, first line indented two characters; title 2号 方正小标宋简体 centred;
first-level headings 3号 黑体, second-level 3号 楷体_GB2312; page numbers 4号 宋体 “— 1 —”, odd pages
right and even pages left, one character in from the edge. The Chinese fonts are set on the styles'
`w:eastAsia` (python-docx's `font.name` sets only the Latin ones). Where the official fonts are missing
(a Linux server, LibreOffice) the font table names Noto CJK as each one's alternative (`w:altName`).
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

LATIN = "Times New Roman"
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
# Official font -> the Noto CJK face that stands in for it where it is not installed.
FALLBACK = {
    FANGSONG: "Noto Serif CJK SC",
    XIAOBIAOSONG: "Noto Serif CJK SC",
    SONGTI: "Noto Serif CJK SC",
    KAITI: "Noto Serif CJK SC",
    HEITI: "Noto Sans CJK SC",
}
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE = Pt(28.95)  # 225 mm / 22 lines
INDENT = Pt(32)  # two 3号 characters


def _east_asian(style_or_run: Any, name: str) -> None:
    """Set the East Asian font (and clear theme fonts, which would override it)."""
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)


def _style(doc: Any, name: str, *, font: str, size: Pt, align: Any = None, indent: bool = False) -> Any:
    style = doc.styles[name]
    style.font.size = size
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(style, font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.first_line_indent = INDENT if indent else Pt(0)
    if align is not None:
        fmt.alignment = align
    return style


def _page_number(paragraph: Any) -> None:
    """— PAGE — in 4号 宋体."""

    def run(text: str = "") -> Any:
        r = paragraph.add_run(text)
        r.font.size = SIZE_4
        _east_asian(r, SONGTI)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r.element.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r.element.append(instr)
        else:
            r.text = text or ""
    run(" —")


def _footers(doc: Any) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align, indent in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        if indent == "right":
            p.paragraph_format.right_indent = SIZE_4
        else:
            p.paragraph_format.left_indent = SIZE_4
        _page_number(p)


def _layout(doc: Any) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(21)  # the number's line 7 mm below the text area
    _style(doc, "Normal", font=FANGSONG, size=SIZE_3, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _style(doc, "Title", font=XIAOBIAOSONG, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.styles["Title"].paragraph_format.line_spacing = Pt(36)
    h1 = _style(doc, "Heading 1", font=HEITI, size=SIZE_3, indent=True)
    h2 = _style(doc, "Heading 2", font=KAITI, size=SIZE_3, indent=True)
    for heading in (h1, h2):
        heading.paragraph_format.keep_with_next = True
    # The built-in Title draws a border line under itself; a 公文 title has none.
    ppr = doc.styles["Title"].element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _appendix(doc: Any, title: str, rows: Sequence[dict[str, str]]) -> None:
    p = doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    attachment = doc.add_paragraph("附件", style="Heading 1")
    attachment.paragraph_format.first_line_indent = Pt(0)
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph("", style="Normal")
    table = doc.add_table(rows=1, cols=5)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(12), Mm(62), Mm(26), Mm(16), Mm(40))
    for cell, text in zip(table.rows[0].cells, ("序号", "指标", "数值", "单位", "说明"), strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        _east_asian(run, HEITI)
    # Every body row is alike: the first is laid out through python-docx, the others are copies of its XML
    # with their texts put in (laying out 90 rows cell by cell took 2 s, most of the report's time).
    texts = [(str(i), row["label"], row["value"], row["unit"], row["note"]) for i, row in enumerate(rows, 1)]
    if texts:
        for cell, text in zip(table.add_row().cells, texts[0], strict=True):
            cell.text = text
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice reads; Word reads the cells' widths
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.line_spacing = Pt(22)
                for run in paragraph.runs:
                    run.font.size = SIZE_4
    if len(texts) > 1:
        model = table.rows[-1]._tr
        for values in texts[1:]:
            tr = copy.deepcopy(model)
            for run, text in zip(tr.iter(qn("w:r")), values, strict=True):  # one run per cell
                run.text = text
            table._tbl.append(tr)


def _font_table_with_fallbacks(data: bytes) -> bytes:
    """Name each official font in word/fontTable.xml with its Noto CJK alternative (w:altName)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            blob = source.read(item.filename)
            if item.filename == "word/fontTable.xml":
                fonts = "".join(
                    f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                    f'<w:family w:val="{"modern" if name == HEITI else "roman"}"/><w:pitch w:val="fixed"/></w:font>'
                    for name, alt in FALLBACK.items()
                )
                blob = blob.replace(b"</w:fonts>", fonts.encode("utf-8") + b"</w:fonts>")
            target.writestr(item, blob)
    return out.getvalue()


def build_docx(
    blocks: Sequence[tuple[str, str]], *, appendix_title: str, appendix: Sequence[dict[str, str]], author: str
) -> bytes:
    doc = Document()
    _layout(doc)
    _footers(doc)
    styles = {"title": "Title", "h1": "Heading 1", "h2": "Heading 2", "p": "Normal"}
    first = True
    for kind, text in blocks:
        doc.add_paragraph(text, style=styles[kind])
        if kind == "title" and first:
            doc.add_paragraph("", style="Normal")  # one blank line under the title
        first = False
    _appendix(doc, appendix_title, appendix)
    title = next((text for kind, text in blocks if kind == "title"), appendix_title)
    doc.core_properties.title = title
    doc.core_properties.author = author
    buffer = io.BytesIO()
    doc.save(buffer)
    return _font_table_with_fallbacks(buffer.getvalue())

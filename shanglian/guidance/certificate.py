"""The certificate of thanks (感谢证书) of a delivered gift, as a .docx built with python-docx."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from shanglian.guidance.models import Donation, DonationShare


def certificate_docx(donation: Donation, share: DonationShare, amount: Decimal) -> bytes:
    """`amount`: the donor's part of the gift as it stands (corrections applied)."""
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("感 谢 证 书")
    run.bold, run.font.size = True, Pt(28)
    body = doc.add_paragraph()
    body.add_run(f"{share.donor}：").bold = True
    text = (
        f"    贵单位于 {donation.donated_on:%Y年%m月%d日} 向“{donation.campaign.name}”"
        f"慷慨捐赠，价值人民币 {amount:,.2f} 元"
        + (
            f"（其中现金 {donation.cash_amount:,.2f} 元、物资折价 {donation.in_kind_amount:,.2f} 元，按登记计）"
            if donation.in_kind_amount and donation.cash_amount
            else ""
        )
        + f"，经{donation.get_channel_display()}转交{donation.recipient or '受助方'}。"
        "贵单位积极履行社会责任、奉献爱心，特颁此证，以致谢忱！"
    )
    para = doc.add_paragraph(text)
    para.paragraph_format.first_line_indent = Pt(0)
    for p in (body, para):
        for r in p.runs:
            r.font.size = Pt(14)
    if donation.receipt_number:
        doc.add_paragraph(f"捐赠票据：{donation.receipt_number}（{donation.receipt_issuer}）")
    sign = doc.add_paragraph(
        f"{donation.organization.name}\n{donation.delivered_on or donation.donated_on:%Y年%m月%d日}"
    )
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

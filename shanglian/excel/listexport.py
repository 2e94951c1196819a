"""One way for any list page to hand its rows out as an audited .xlsx download.

`xlsx_download(actor=, filename=, headers=, rows=, what=)` writes with `writing.XlsxWriter` (every text
cell goes through `neutralise()`, so nothing exported can run as a formula), records one
`AuditAction.EXPORT` row (with the row count in `changes["rows"]`) and returns the attachment.
The caller has already scoped the rows to the user and checked the export capability.
"""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from shanglian.audit import services as audit
from shanglian.excel.writing import XlsxWriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(
    *,
    actor,
    filename: str,
    headers: list[str],
    rows,
    what: str,
    organization=None,
    object_type: str = "",
    changes: dict | None = None,
    widths: list[int] | None = None,
    autofilter: bool = False,
) -> HttpResponse:
    """`filename` is the Chinese base name; the download is `<filename>-YYYYMMDD.xlsx`.
    `what` names the export in the audit log (and the sheet); `organization` defaults to the actor's
    home org."""
    buffer = io.BytesIO()
    count = 0
    with XlsxWriter(buffer, headers, sheet_name=what[:31], widths=widths) as writer:
        for row in rows:
            writer.write_row(row)
            count += 1
        if autofilter:
            writer.sheet.autofilter(0, 0, max(count, 1), len(headers) - 1)
    audit.record(
        actor=actor,
        action=audit.AuditAction.EXPORT,
        organization=organization or getattr(actor, "home_org", None),
        object_type=object_type,
        object_repr=what,
        changes={**(changes or {}), "rows": count},
        message=f"导出“{what}” {count} 行",
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    stamped = f"{filename}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=stamped)
    return response

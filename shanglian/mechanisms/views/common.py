"""Shared pieces of the mechanisms views: the pages kit with this section's defaults."""

from __future__ import annotations

from functools import partial

from shanglian.core import pages

PRETITLE = "工作机制"
form_page = partial(pages.form_page, pretitle=PRETITLE)
list_page = partial(pages.list_page, template="mechanisms/table.html", pretitle=PRETITLE)

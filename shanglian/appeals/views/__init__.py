"""Pages of the appeals app: the enterprise's own appeals, the secretary's, the desk's board, the liaison's."""

from shanglian.appeals.views.board import appeal_board
from shanglian.appeals.views.categories import category_delete, category_edit, category_list, category_new
from shanglian.appeals.views.pages import (
    appeal_action,
    appeal_comment,
    appeal_detail,
    appeal_list,
    appeal_new,
    appeal_supplement,
)
from shanglian.appeals.views.stats import appeal_stats

__all__ = [
    "appeal_stats",
    "appeal_board",
    "appeal_action",
    "appeal_comment",
    "appeal_detail",
    "appeal_list",
    "appeal_new",
    "appeal_supplement",
    "category_delete",
    "category_edit",
    "category_list",
    "category_new",
]

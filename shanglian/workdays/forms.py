from __future__ import annotations

from django import forms

from shanglian.core.forms import CleanForm
from shanglian.workdays.importing import NAME_MAX
from shanglian.workdays.models import DayKind


class DayForm(CleanForm):
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "请填写日期。", "invalid": "日期格式不正确，请填写如 2027-10-01。"},
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=DayKind.choices,
        help_text="放假：这一天休息；调休上班：周六或周日照常上班；正常：按周一至周五（用于取消内置日历中的某天）。",
        error_messages={"required": "请选择类型。", "invalid_choice": "请选择列表中的类型。"},
    )
    name = forms.CharField(
        label="名称",
        required=False,
        max_length=NAME_MAX,
        help_text="如 国庆节、春节",
        error_messages={"max_length": f"名称不能超过 {NAME_MAX} 个字。"},
    )


class ImportForm(CleanForm):
    file = forms.FileField(
        label="Excel 文件",
        help_text="使用下载的模板填写（.xlsx、.xls 或 .csv）。",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )

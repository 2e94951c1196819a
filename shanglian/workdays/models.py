"""The working-day calendar: the exceptions to the Monday–Friday rule (holidays on weekdays, 调休 make-up
Saturdays/Sundays), one row per date.

A date without a row follows the rule, so a year nobody has entered yet falls back to Monday–Friday instead
of failing. Rows are seeded from `chinesecalendar` for every year it covers and extended by a federation
admin (page or Excel import of the State Council's schedule). The schedule is national, so the table is
shared by every federation on the platform, not tenant data.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from shanglian.core.roles import ADMIN, LEADER, SECRETARY, register_capabilities

register_capabilities({"workdays.view": {ADMIN, LEADER, SECRETARY}, "workdays.manage": {ADMIN}})


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    MAKEUP = "makeup", "调休上班"
    NORMAL = "normal", "正常"


class DaySource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", "内置日历"
    ADMIN = "admin", "管理员录入"
    IMPORT = "import", "Excel导入"


class WorkingDay(models.Model):
    date = models.DateField("日期", unique=True)
    is_working = models.BooleanField("是否上班")
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=50, blank=True)
    source = models.CharField("来源", max_length=20, choices=DaySource.choices)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作日历"
        verbose_name_plural = "工作日历"
        ordering = ["date"]
        constraints = [
            # The flag the deadline arithmetic reads must agree with the kind the admin sees.
            models.CheckConstraint(
                condition=~Q(kind=DayKind.HOLIDAY) | Q(is_working=False), name="workday_holiday_is_off"
            ),
            models.CheckConstraint(
                condition=~Q(kind=DayKind.MAKEUP) | Q(is_working=True), name="workday_makeup_is_on"
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
        return f"{label} {self.name}" if self.name else label

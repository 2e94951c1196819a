"""The seed's year for 线上调查: 累计开展各类线上调查12次 — twelve surveys published in 2020."""

from __future__ import annotations

import datetime

from shanglian.audit import services as audit
from shanglian.audit.models import AuditAction
from shanglian.core.access import SYSTEM
from shanglian.orgs.models import Organization
from shanglian.surveys.models import Question, QuestionKind, Survey, SurveyStatus

SURVEYS = 12
TOPICS = [
    "疫情对企业生产经营影响",
    "复工复产情况",
    "惠企政策落实情况",
    "融资需求",
    "用工需求",
    "营商环境评价",
    "减税降费效果",
    "产学研合作需求",
    "出口订单情况",
    "数字化转型需求",
    "商会服务满意度",
    "年度发展预期",
]


def build(federation: Organization) -> None:
    titles = [f"2020年{topic}调查" for topic in TOPICS[:SURVEYS]]
    existing = set(
        Survey.objects.unscoped()
        .filter(organization=federation, title__in=titles)
        .values_list("title", flat=True)
    )
    made = 0
    for n, title in enumerate(titles):
        if title in existing:
            continue
        published = datetime.datetime(2020, n + 1, 6, 9, 0, tzinfo=datetime.UTC)
        survey = Survey.objects.unscoped().create(
            organization=federation,
            title=title,
            status=SurveyStatus.CLOSED,
            closes_on=datetime.date(2020, n + 1, 25),
            published_at=published,
        )
        Question.objects.unscoped().create(survey=survey, order=1, kind=QuestionKind.TEXT, text="意见建议")
        made += 1
    if made:
        audit.record(
            actor=SYSTEM,
            action=AuditAction.IMPORT,
            object_type="surveys.survey",
            message=f"载入2020年线上调查 {made} 次",
        )

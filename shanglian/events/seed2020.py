"""The seed's 2020 events (figures.md #24, #31): 22 forums and reports attended outside, 22 symposia and
policy briefings held. Idempotent: each event is found by organiser, title and start."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shanglian.events.models import Event, EventKind, EventMode
from shanglian.orgs.models import Organization

TZ = ZoneInfo("Asia/Shanghai")

FORUMS = [
    ("深圳市人工智能产业协会年会暨产业对接论坛", "深圳市人工智能产业协会", EventKind.FORUM),
    ("深圳市山东商会投资合作论坛", "深圳市山东商会", EventKind.FORUM),
    ("全国工商联民营经济发展论坛", "全国工商联", EventKind.FORUM),
    ("山东省民营企业高质量发展报告会", "山东省工商联", EventKind.REPORT),
    ("青岛市民营经济形势专题报告会", "青岛市工商联", EventKind.REPORT),
    ("中国国际消费品博览会配套贸易论坛", "海南省商务厅", EventKind.FORUM),
    ("跨国公司领导人青岛峰会平行论坛", "青岛市人民政府", EventKind.FORUM),
    ("上合组织国际投资贸易博览会论坛", "青岛市商务局", EventKind.FORUM),
    ("粤港澳大湾区商会合作论坛", "广东省工商联", EventKind.FORUM),
    ("长三角民营企业合作发展论坛", "浙江省工商联", EventKind.FORUM),
    ("RCEP 经贸规则专题报告会", "青岛市贸促会", EventKind.REPORT),
    ("数字经济与产业升级专题报告会", "青岛市工信局", EventKind.REPORT),
]

SYMPOSIA = [
    ("民营企业家座谈会（复工复产）", EventKind.SYMPOSIUM),
    ("减税降费政策解读会", EventKind.POLICY),
    ("金融支持中小微企业政策解读会", EventKind.POLICY),
    ("企业家座谈会（营商环境）", EventKind.SYMPOSIUM),
    ("稳岗就业政策解读会", EventKind.POLICY),
    ("环保政策解读会", EventKind.POLICY),
    ("重点企业家座谈会", EventKind.SYMPOSIUM),
    ("工业和信息化扶持政策解读会", EventKind.POLICY),
    ("青年企业家座谈会", EventKind.SYMPOSIUM),
    ("知识产权保护政策解读会", EventKind.POLICY),
    ("女企业家座谈会", EventKind.SYMPOSIUM),
]

FORUMS_ATTENDED_2020 = 22
SYMPOSIA_2020 = 22


def _at(i: int, hour: int) -> datetime:
    """A spread of dates over 2020 (the 1st to the 28th of each month, never past December)."""
    return datetime(2020, 1 + (i * 11 // 22) % 12, 1 + (i * 7) % 27, hour, 0, tzinfo=TZ)


def build(federation: Organization) -> None:
    for i in range(FORUMS_ATTENDED_2020):
        title, host, kind = FORUMS[i % len(FORUMS)]
        title = title if i < len(FORUMS) else f"{title}（第{i // len(FORUMS) + 1}场）"
        Event.unscoped_objects.get_or_create(
            organizer=federation,
            title=title,
            starts_at=_at(i, 9),
            defaults={"kind": kind, "mode": EventMode.ATTENDED, "host_outside": host},
        )
    for i in range(SYMPOSIA_2020):
        title, kind = SYMPOSIA[i % len(SYMPOSIA)]
        title = title if i < len(SYMPOSIA) else f"{title}（第{i // len(SYMPOSIA) + 1}次）"
        Event.unscoped_objects.get_or_create(
            organizer=federation,
            title=title,
            starts_at=_at(i, 14),
            defaults={
                "kind": kind,
                "mode": EventMode.HOSTED,
                "place": "城阳区工商联会议室",
                "minutes": "听取企业意见建议，部门现场解答。",
            },
        )

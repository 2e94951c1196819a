"""The to-do list as shown (core/todos.py `arrange`): sections with counts, most urgent first, long
sections cut with a link to the filtered list, chronic items folded, dates in local time."""

from datetime import UTC, date, datetime, timedelta

from shanglian.core.todos import SHOWN, Todo, arrange, local_day

TODAY = date(2026, 11, 29)


def test_urgency_order_and_sections_by_their_most_urgent_item():
    raw = {
        "甲": [Todo("甲", "info", level="info")],
        "乙": [
            Todo("乙", "later", due=TODAY + timedelta(days=9), level="warning"),
            Todo("乙", "danger", due=TODAY + timedelta(days=20), level="danger"),
            Todo("乙", "sooner", due=TODAY + timedelta(days=2), level="warning"),
        ],
    }
    sections = arrange(raw, TODAY)
    assert [s.name for s in sections] == ["乙", "甲"]
    assert [t.title for t in sections[0].items] == ["danger", "sooner", "later"]
    assert sections[0].count == 3 and sections[0].level == "danger"


def test_long_section_is_cut_and_links_to_its_list():
    items = [Todo("审批", f"#{i}", due=TODAY + timedelta(days=i), list_url="/x/?status=1") for i in range(9)]
    (section,) = arrange({"审批": items}, TODAY)
    assert len(section.items) == SHOWN and section.hidden == 9 - SHOWN and section.count == 9
    assert section.list_url == "/x/?status=1"


def test_chronic_items_fold_into_one_line():
    old = [
        Todo(
            "届满未换届",
            f"商会{i} 已届满 3104 天",
            due=TODAY - timedelta(days=3104),
            level="danger",
            chronic=True,
        )
        for i in range(5)
    ]
    fresh = Todo("届满未换届", "新商会 已届满 3 天", due=TODAY - timedelta(days=3), level="danger")
    (section,) = arrange({"届满未换届": [*old, fresh]}, TODAY)
    assert [t.title for t in section.items] == ["新商会 已届满 3 天"]
    assert section.chronic_count == 5 and section.chronic_since == TODAY - timedelta(days=3104)
    # A deadline long passed is chronic without being marked; a recent one is not.
    late = Todo("s", "late", due=TODAY - timedelta(days=31), level="danger")
    recent = Todo("s", "recent", due=TODAY - timedelta(days=5), level="danger")
    (section,) = arrange({"s": [late, recent]}, TODAY)
    assert [t.title for t in section.items] == [
        "late",
        "recent",
    ] and section.chronic_count == 0  # one is not folded


def test_dates_are_local_never_utc():
    # 2026-11-29 17:30 UTC is already 11-30 01:30 in Shanghai.
    assert local_day(datetime(2026, 11, 29, 17, 30, tzinfo=UTC)) == date(2026, 11, 30)
    assert local_day(TODAY) == TODAY and local_day(None) is None

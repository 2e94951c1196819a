"""Home-page to-do list: apps register providers that return the user's open items.

Each provider costs queries, and every app adds one, so the assembled list is cached per user (issue 13:
the to-do list was ~145 of a home page's 199 ms). The cache key carries a data version that any write
moves on — a saved or deleted row of the project's models (`post_save`/`post_delete`) or any
non-GET request (which covers `QuerySet.update()` in a view) — and today's date, so a to-do never
outlives the change that closes it in this process; with several worker processes and the default
per-process cache, another worker's list may lag by at most `CACHE_SECONDS` (set REDIS_URL to share the
cache and the version across workers).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone


@dataclass
class Todo:
    section: str  # e.g. "换届提醒"
    title: str
    url: str = ""
    due: object = None  # date (or an aware datetime: shown as its local date), shown when set
    level: str = "info"  # info / warning / danger
    # What the date is, shown before it: 截止 (a deadline), 提交 (when it came in), 拟生效, 届满, 最近联系…
    due_label: str = "截止"
    # The section's filtered list, where "查看全部" and a collapsed line of chronic items lead.
    list_url: str = ""
    # A long-standing item that repeating every day would only bury the new ones (a term expired years
    # ago): its section shows it folded into one line with the others. Deadlines passed more than
    # CHRONIC_DAYS ago are chronic without being marked.
    chronic: bool = False


LEVEL_RANK = {"danger": 0, "warning": 1, "info": 2}
SHOWN = 5  # items of a section shown on the home page; the rest behind "查看全部"
CHRONIC_DAYS = 30
FOLD_AT = 2  # chronic items of a section folded into one line from this many on


def local_day(value: object) -> date | None:
    """A to-do's date as the user reads it: an aware datetime in Asia/Shanghai, never its UTC date."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    return None


@dataclass
class Section:
    """One heading of the to-do list as shown: its most urgent items first, long-standing ones folded."""

    name: str
    items: list[Todo]  # shown, most urgent first
    count: int  # every item, shown or not
    level: str  # the most urgent item's
    list_url: str = ""
    hidden: int = 0  # open items not shown (behind 查看全部)
    chronic: list[Todo] = field(default_factory=list)  # folded into one line
    chronic_since: date | None = None  # the oldest folded item's date

    @property
    def chronic_count(self) -> int:
        return len(self.chronic)


def is_chronic(todo: Todo, today: date) -> bool:
    day = local_day(todo.due)
    return todo.chronic or (
        todo.due_label == "截止" and day is not None and day < today - timedelta(days=CHRONIC_DAYS)
    )


def _urgency(todo: Todo) -> tuple[int, date]:
    return (LEVEL_RANK.get(todo.level, 3), local_day(todo.due) or date.max)


def arrange(raw: dict[str, list[Todo]], today: date | None = None, shown: int = SHOWN) -> list[Section]:
    """The to-do list as the home page shows it: sections in order of their most urgent item, each
    section's items by urgency (danger, warning, info; then the earliest date), at most `shown` of them,
    and its chronic items folded into one line with a count."""
    today = today or timezone.localdate()
    sections = []
    for name, todos in raw.items():
        for t in todos:
            t.due = local_day(t.due) or t.due
        ordered = sorted(todos, key=_urgency)
        chronic = [t for t in ordered if is_chronic(t, today)]
        if len(chronic) < FOLD_AT:  # one old item is still one line: folding it would only hide it
            chronic = []
        fresh = [t for t in ordered if t not in chronic]
        list_url = next((t.list_url for t in ordered if t.list_url), "")
        days = [d for d in (local_day(t.due) for t in chronic) if d is not None]
        sections.append(
            Section(
                name=name,
                items=fresh[:shown],
                count=len(ordered),
                level=ordered[0].level if ordered else "info",
                list_url=list_url,
                hidden=max(len(fresh) - shown, 0),
                chronic=chronic,
                chronic_since=min(days) if days else None,
            )
        )
    # A section of only long-standing items goes after those with something new to act on.
    sections.sort(
        key=lambda s: (
            not s.items,
            LEVEL_RANK.get(s.level, 3),
            _urgency(s.items[0])[1] if s.items else date.max,
        )
    )
    return sections


Provider = Callable[[Any], Iterable["Todo"] | None]

_PROVIDERS: list[Provider] = []

CACHE_SECONDS = 60
VERSION_KEY = "shanglian:todos:version"


def register(provider: Provider) -> Provider:
    """Decorator: provider(user) -> iterable of Todo. It must respect the user's data scope."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def data_changed() -> None:
    """Every user's cached to-dos are void."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 1, None)


def data_changed_by_model(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a row of one of the project's own apps was written (not sessions, not axes)."""
    module = getattr(sender, "__module__", "")
    if module.startswith("shanglian.") and not kwargs.get("raw"):
        data_changed()


def compute_todos(user: Any) -> dict[str, list[Todo]]:
    sections: dict[str, list[Todo]] = {}
    for provider in _PROVIDERS:
        for todo in provider(user) or ():
            sections.setdefault(todo.section, []).append(todo)
    return sections


def cached_for_user(user: Any, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()` for this user until any write (the to-do list's data version) or the local day moves
    on: the role home pages keep their panels here so a home costs a few queries, not every app's."""
    version = cache.get_or_set(VERSION_KEY, 0, None)
    key = f"shanglian:{name}:{user.pk}:{version}:{timezone.localdate().isoformat()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def todos_for(user: Any) -> dict[str, list[Todo]]:
    sections: dict[str, list[Todo]] = cached_for_user(user, "todos", lambda: compute_todos(user))
    return sections


def sections_for(user: Any) -> list[Section]:
    return arrange(todos_for(user))

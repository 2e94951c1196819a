"""Figures cached per (metric, period, scope), invalidated on write.

Every table a figure may read gets a generation token in Django's cache; a save, delete or many-to-many
change of such a model replaces its table's token (post_save / post_delete / m2m_changed). A figure is
stored under a key made of the metric, the period, the scope and the current tokens of the tables it read,
so a change to any record behind it makes the next request compute it afresh.

Which tables may be read is derived from the registry (`watch`, called by `registry.register`): every
model of an app that registers a metric, the models a metric declares (`models=`) and ALWAYS. A save of
any other model (an audit row, a session, a notification) writes no token — with the file cache each
token is a file write, and bumping on every save doubled `load_demo`. A metric found reading a table
outside that set is computed afresh every time rather than cached (and a test holds every metric to it),
so the narrower invalidation can never serve a stale figure.

Which tables a metric reads is learnt, not declared: the first computation in a process runs with
`connection.execute_wrapper` and notes every table named in the SQL it executed (subqueries and the
intermediate queries of Python-side steps included); a metric may add `models=` for what it reads
without SQL. Tokens are random (not counters), so an evicted token can never bring back an old figure.

Writes that bypass model signals (`QuerySet.update`, `bulk_create`, raw SQL) do not invalidate: the
services write through `save()`; bulk loaders (demo, scale generator) run before anyone looks, and
`clear()` empties the cache deliberately. Tokens are replaced at once and again on commit, so a figure
computed by another request while the writing transaction was still open is not kept either.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

PREFIX = "metrics:"
TIMEOUT = 60 * 60  # a figure nobody asks for again leaves after an hour; correctness rests on the tokens
# Tables every figure depends on through its scope (the org tree, who may see which chamber).
ALWAYS = ("orgs_organization", "accounts_roleassignment")

Stored = tuple[int | Decimal | None, int | None, int | None]

log = logging.getLogger(__name__)

_learnt: dict[str, frozenset[str]] = {}
_tables: dict[str, str] | None = None
# What the registry says metrics read: the modules that register them and the tables they declare.
_metric_modules: set[str] = set()
_declared: set[str] = set()
_watched: frozenset[str] | None = None
_unwatched_warned: set[str] = set()


def _table_names() -> dict[str, str]:
    """db_table -> the quoted form it has in SQL, for every model (auto-created m2m tables included)."""
    global _tables
    if _tables is None:
        _tables = {
            m._meta.db_table: connection.ops.quote_name(m._meta.db_table)
            for m in apps.get_models(include_auto_created=True)
        }
    return _tables


def tables_in(sql_texts: list[str]) -> set[str]:
    text = "\n".join(sql_texts)
    names = set(re.findall(r'"([A-Za-z0-9_]+)"', text))  # quoted identifiers (SQLite and PostgreSQL)
    return names & set(_table_names())


def watch(*, module: str, tables: frozenset[str] = frozenset()) -> None:
    """A metric defined in `module` (its app's models are watched) reads `tables` besides (registry.register)."""
    global _watched
    if module not in _metric_modules or not tables <= _declared:
        _metric_modules.add(module)
        _declared.update(tables)
        _watched = None


def watched_tables() -> frozenset[str]:
    """The tables whose writes replace a token: those some registered metric may read."""
    global _watched
    if _watched is None:
        found = set(ALWAYS) | _declared
        for module in _metric_modules:
            config = apps.get_containing_app_config(module)
            if config is not None:
                found.update(m._meta.db_table for m in config.get_models(include_auto_created=True))
        _watched = frozenset(found)
    return _watched


def _token_key(table: str) -> str:
    return f"{PREFIX}gen:{table}"


def bump(table: str) -> None:
    cache.set(_token_key(table), uuid.uuid4().hex, None)


def _bump_model(model: type[Model]) -> None:
    table = model._meta.db_table
    bump(table)
    # A figure computed while this transaction was open (by another request, from the old rows) was
    # stored under the new token: replace it once more when the rows become visible.
    transaction.on_commit(lambda: bump(table))


def changed(*models: type[Model]) -> None:
    """Services that write in bulk (`bulk_create`, `QuerySet.update`: no model signals) say which models they
    changed, so the figures behind them move on the next request as after a `save()`."""
    for model in models:
        _bump_model(model)


def _on_save_or_delete(sender: type[Model], **kwargs: Any) -> None:
    if sender._meta.db_table in watched_tables():
        _bump_model(sender)


def _on_m2m(sender: type[Model], action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and sender._meta.db_table in watched_tables():
        _bump_model(sender)


def connect() -> None:
    post_save.connect(_on_save_or_delete, dispatch_uid="metrics-cache-save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="metrics-cache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="metrics-cache-m2m")


def _learnt_key(metric_key: str) -> str:
    return f"{PREFIX}learnt:{metric_key}"


def _token_values(tables: set[str] | frozenset[str]) -> dict[str, str]:
    """table -> its current token, in one cache read (a fresh token for one never written or evicted, so
    nothing old can match)."""
    keys = {t: _token_key(t) for t in tables}
    found = cache.get_many(list(keys.values()))
    out = {}
    for table, key in keys.items():
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex
            cache.add(key, token, None)
            token = cache.get(key) or token
        out[table] = token
    return out


def _digest(tables: frozenset[str], tokens: dict[str, str]) -> str:
    return hashlib.sha1("|".join(f"{t}={tokens[t]}" for t in sorted(tables)).encode()).hexdigest()


def _value_key(
    metric_key: str, what: str, tables: frozenset[str], tokens: dict[str, str] | None = None
) -> str:
    tokens = tokens if tokens is not None else _token_values(tables)
    return f"{PREFIX}v:{metric_key}:{hashlib.sha1(what.encode()).hexdigest()}:{_digest(tables, tokens)}"


def _known(metric_keys: set[str]) -> None:
    """Which tables the metrics read, as another process learnt them (one cache read for all): a new worker
    serves the figures others computed instead of computing each once to learn its tables. What this
    process knows and the cache lost (evicted, cleared) is put back for the others."""
    found = cache.get_many([_learnt_key(k) for k in metric_keys])
    lost = {}
    for k in metric_keys:
        tables = found.get(_learnt_key(k))
        if k in _learnt:
            if tables is None:
                lost[_learnt_key(k)] = sorted(_learnt[k])
        elif tables is not None:
            _learnt[k] = frozenset(tables)
    if lost:
        cache.set_many(lost, None)


def _compute(
    metric_key: str,
    what: str,
    declared: frozenset[str],
    compute: Callable[[], Stored],
    before: dict[str, str] | None,
) -> Stored:
    """Compute, learn the tables read, store the value; `before`: the tokens of the tables it was known to
    read, read before computing."""
    known = _learnt.get(metric_key)
    executed: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        value = compute()
    tables = frozenset(tables_in(executed) | set(ALWAYS) | declared | (known or frozenset()))
    if tables != known:
        _learnt[metric_key] = tables
        cache.set(_learnt_key(metric_key), sorted(tables), None)
    unwatched = tables - watched_tables()
    if unwatched:
        # Its writes replace no token: a stored figure could outlive them. Correct beats fast here.
        if metric_key not in _unwatched_warned:
            _unwatched_warned.add(metric_key)
            log.warning("metric %s reads unwatched tables %s: not cached", metric_key, sorted(unwatched))
        return value
    # Stored under the tokens as they are now when its tables were known before computing (read before
    # it: a write meanwhile replaces them, so a figure computed from the old rows is stored under tokens
    # nobody asks for any more); else (first computation) under the tokens read now.
    cache.set(
        _value_key(metric_key, what, tables, before if tables == known else None),
        value,
        TIMEOUT,
    )
    return value


def cached(metric_key: str, what: str, declared: frozenset[str], compute: Callable[[], Stored]) -> Stored:
    """`compute()` once per (metric, `what` = period and scope) until a table it read is written."""
    return cached_many([(metric_key, what, declared, compute)])[0]


Item = tuple[str, str, frozenset[str], Callable[[], Stored]]


def cached_many(items: list[Item]) -> list[Stored]:
    """Many figures at once: three cache reads in all when they are stored (which tables each metric reads,
    those tables' tokens, the values), then each missing one computed and stored."""
    _known({i[0] for i in items})
    tables: set[str] = set()
    for metric_key, *_ in items:
        tables |= _learnt.get(metric_key, frozenset())
    tokens = _token_values(tables) if tables else {}
    keys: dict[int, str] = {}
    for n, (metric_key, what, *_rest) in enumerate(items):
        known = _learnt.get(metric_key)
        if known is not None:
            keys[n] = _value_key(metric_key, what, known, tokens)
    hits = cache.get_many(list(set(keys.values()))) if keys else {}
    out: list[Stored] = []
    done: dict[tuple[str, str], Stored] = {}  # the same figure asked twice (previous period = a year ago)
    for n, (metric_key, what, declared, compute) in enumerate(items):
        hit = hits.get(keys[n]) if n in keys else None
        if hit is None:
            hit = done.get((metric_key, what))
        if hit is None:
            known = _learnt.get(metric_key)
            before = {t: tokens[t] for t in known} if known is not None and known <= tokens.keys() else None
            hit = _compute(metric_key, what, declared, compute, before)
            done[(metric_key, what)] = hit
        out.append(hit)
    return out


def clear() -> None:
    """Forget every cached figure (benchmarks' cold start; tests). On Redis only the figures' keys: the
    server may hold other data (sessions, other sites' caches)."""
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is not None:
        delete_pattern(f"{PREFIX}*")
    else:
        cache.clear()
    _learnt.clear()


_MISSING = object()


def remember(name: str, what: str, tables: frozenset[str], compute: Callable[[], Any]) -> Any:
    """A small read that pages repeat on every request (the federations under a subtree, a federation's
    classification rule), kept under the same table tokens as the figures until one of `tables` is written.

    Only for tables whose writes replace a token (`watched_tables`); any other read is computed every time.
    The value is pickled by the cache, so each caller gets its own copy (a cached model may be edited).
    """
    if not tables <= watched_tables():
        return compute()
    key = (
        f"{PREFIX}r:{name}:{hashlib.sha1(what.encode()).hexdigest()}:{_digest(tables, _token_values(tables))}"
    )
    hit = cache.get(key, _MISSING)
    if hit is not _MISSING:
        return hit
    value = compute()
    cache.set(key, value, TIMEOUT)
    return value

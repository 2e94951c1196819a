"""The engine's COPY text (public psycopg only): values come back from PostgreSQL exactly as written, the
awkward ones (backslash, tab, newline, carriage return, NULL-looking text) included."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from shanglian.excel.imports.stream import copy_text

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")

ROWS = [
    (1, "青岛某某科技有限公司", None, datetime.date(2015, 6, 1), Decimal("12.50"), True),
    (2, "反斜杠\\N 不是空值", "制表\t符", None, None, False),
    (3, "换行\n与回车\r", "\\", datetime.date(2000, 1, 1), Decimal("-1"), None),
]


def test_plain_rows_take_the_fast_path_and_match_the_copy_format():
    assert copy_text([(1, "甲", None), (2, "乙", datetime.date(2020, 1, 5))]) == (
        "1\t甲\t\\N\n2\t乙\t2020-01-05\n".encode()
    )


def test_special_characters_are_escaped():
    assert copy_text([("a\\b", "c\td", "e\nf", "g\rh")]) == b"a\\\\b\tc\\td\te\\nf\tg\\rh\n"
    assert copy_text([]) == b""


@postgres_only
@pytest.mark.django_db
def test_rows_read_back_as_written():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE copy_probe (id int, a text, b text, d date, n numeric, f boolean)")
        with cursor.cursor.copy("COPY copy_probe FROM STDIN") as copy:
            copy.write(copy_text(ROWS))
        cursor.execute("SELECT * FROM copy_probe ORDER BY id")
        assert [tuple(r) for r in cursor.fetchall()] == ROWS


@postgres_only
@pytest.mark.django_db
def test_every_runs_its_sql_on_the_worker_after_each_n_rows():
    """StreamingCopier(every=(n, sql)): the roster import merges the search index's pending list this way,
    overlapped with pass 1; the batches themselves must still arrive whole (one more item per batch)."""
    from shanglian.excel.imports.stream import StreamingCopier

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE every_rows (id int)")
        cursor.execute("CREATE TEMP TABLE every_runs (at_rows bigint)")
    copier = StreamingCopier(
        "every_rows", ("id",), key=0, every=(5, "INSERT INTO every_runs SELECT count(*) FROM every_rows")
    )
    for start in range(0, 12, 3):
        copier.add([(i,) for i in range(start, start + 3)])
    copier.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM every_rows")
        assert cursor.fetchone()[0] == 12
        cursor.execute("SELECT at_rows FROM every_runs ORDER BY 1")
        assert [r[0] for r in cursor.fetchall()] == [6, 12]  # after the batches that passed 5 rows each

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

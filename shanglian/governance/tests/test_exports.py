from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from shanglian.audit.models import AuditAction, AuditEntry
from shanglian.excel.writing import neutralise
from shanglian.governance.models import AgendaItem, Meeting, Organ, Term

pytestmark = pytest.mark.django_db


def _sheet(response, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(response.content)
    return [[c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows()]


def test_meeting_export_neutralises_formulas_and_is_audited(world, login, tmp_path):
    m = Meeting.unscoped_objects.create(
        chamber=world.chamber,
        organ=Organ.COUNCIL,
        title='=HYPERLINK("http://x","y")',
        held_on=date(2026, 1, 5),
    )
    AgendaItem.unscoped_objects.create(meeting=m, title="党建", party_building=True)
    Meeting.unscoped_objects.create(
        chamber=world.chamber2, organ=Organ.COUNCIL, title="他方会", held_on=date(2026, 1, 6)
    )
    response = login(world.secretary).get(reverse("governance:meeting_list") + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response, tmp_path)
    assert rows[0][:4] == ["召开日期", "商会", "机构", "会议名称"]
    assert len(rows) == 2  # the other chamber's meeting is not exported
    assert rows[1][3] == '\'=HYPERLINK("http://x","y")'
    assert rows[1][6] == "有"
    entry = AuditEntry.unscoped_objects.get(action=AuditAction.EXPORT)
    assert entry.actor == world.secretary and "1 行" in entry.message


def test_term_export_for_admin_keeps_filters(world, login, tmp_path):
    for chamber in (world.chamber, world.chamber2):
        Term.unscoped_objects.create(
            chamber=chamber,
            organ=Organ.COUNCIL,
            number=1,
            start_on=date(2022, 1, 1),
            end_on=date(2026, 12, 31),
        )
    client = login(world.admin)
    rows = _sheet(
        client.get(reverse("governance:term_list") + f"?chamber={world.chamber2.pk}&format=xlsx"), tmp_path
    )
    assert len(rows) == 2 and rows[1][0] == world.chamber2.name
    assert (
        login(world.enterprise_user).get(reverse("governance:term_list") + "?format=xlsx").status_code == 403
    )


@pytest.mark.parametrize("text", ["=1+1", "+86", "-2", "@SUM(A1)", "\tx"])
def test_neutralise(text):
    assert neutralise(text).startswith("'")
    assert neutralise("正常") == "正常"

"""身份证号 encrypted at rest: Fernet cipher text in the column, a keyed blind index for equality, masking."""

import types
from importlib import import_module

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from stdnum.cn import ric

from shanglian.audit.models import AuditEntry
from shanglian.core import crypto
from shanglian.core.errors import ServiceError
from shanglian.registry import services
from shanglian.registry.models import Person
from shanglian.registry.tests.helpers import person

pytestmark = pytest.mark.django_db
ID = "37020219850101001" + ric.calc_check_digit("37020219850101001" + "0")
OTHER = "37020219900202002" + ric.calc_check_digit("37020219900202002" + "0")
MIGRATION = import_module("shanglian.registry.migrations.0009_person_id_number_encrypted")


def raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_hash FROM registry_person WHERE id = %s", [pk])
        return cursor.fetchone()


@pytest.fixture
def zhang(world):
    return person(world.enterprise, "张伟", phone="13912345678", id_number=ID)


def test_column_holds_cipher_text_and_a_keyed_index(zhang):
    stored, index = raw(zhang.pk)
    assert ID not in stored and stored.startswith(crypto.TOKEN_PREFIX) and len(stored) > 100
    assert index == crypto.blind_index(ID) and ID not in index and len(index) == 64
    assert Person.unscoped_objects.get(pk=zhang.pk).id_number == ID  # decrypted on read
    assert Person.unscoped_objects.values_list("id_number", flat=True).get(pk=zhang.pk) == ID
    again = person(zhang.enterprise, "张伟二", id_number=OTHER)
    assert raw(again.pk)[0] != stored  # randomised: equal texts would not even look alike


def test_blank_stays_blank_and_has_no_index(world):
    p = person(world.enterprise, "无证", id_number="")
    assert raw(p.pk) == ("", "")
    assert Person.unscoped_objects.filter(id_number="").filter(pk=p.pk).exists()


def test_lookups_go_through_the_blind_index(zhang):
    assert Person.unscoped_objects.get(Person.id_number_q(ID)) == zhang
    assert not Person.unscoped_objects.filter(Person.id_number_q(OTHER)).exists()
    with pytest.raises(FieldError, match="已加密存储"):
        Person.unscoped_objects.filter(id_number=ID).exists()
    with pytest.raises(FieldError):
        Person.unscoped_objects.filter(id_number__startswith="3702").exists()


def test_update_fields_keeps_the_index_in_step(zhang):
    zhang.id_number = OTHER
    zhang.save(update_fields=["id_number"])
    assert raw(zhang.pk)[1] == crypto.blind_index(OTHER)


def test_admin_sees_it_in_full_others_masked_pages_api_export(world, login, zhang):
    url = reverse("registry:person_detail", args=[zhang.pk])
    admin = login(world.admin)
    assert ID in admin.get(url).content.decode()
    # Lists mask it for every role (one masking rule, issue 19); the person's own page shows it to the admin.
    listed = admin.get(reverse("registry:person_list")).content.decode()
    assert ID not in listed and ID[-4:] in listed
    assert admin.get("/api/v1/registry/people").json()[0]["id_number"] == ID
    for user in (world.secretary, world.enterprise_user, world.leader):
        client = login(user)
        assert ID not in client.get(url).content.decode()
        body = client.get("/api/v1/registry/people").json()
        assert body[0]["id_number"] == "3702**********" + ID[-4:]


def test_person_list_finds_a_person_by_id_number(world, login, zhang):
    person(world.enterprise, "李四", id_number=OTHER)
    page = login(world.admin).get(reverse("registry:person_list"), {"q": ID}).content.decode()
    assert "张伟" in page and "李四" not in page


def test_one_person_per_id_number_in_a_federation(world, login, zhang):
    client = login(world.admin)
    data = {"name": "张伟重复", "gender": "male", "id_number": ID, "enterprise": world.enterprise.pk}
    response = client.post(reverse("registry:person_create"), data, follow=True)
    assert "该身份证号已登记" in response.content.decode()
    assert not Person.unscoped_objects.filter(name="张伟重复").exists()
    assert not AuditEntry.unscoped_objects.filter(object_repr="张伟重复").exists()
    other = person(world.enterprise, "李四")
    with pytest.raises(ServiceError, match="已登记"):
        services.update_person(actor=world.admin, person=other, data={"id_number": ID})
    # the database says so too, and another tenant may register the same person
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.unscoped_objects.create(federation=world.fed, name="绕过", id_number=ID)
    assert person(world.enterprise_b, "他方张伟", id_number=ID).id_number == ID


def test_audit_log_holds_neither_number_nor_index(world, login):
    client = login(world.admin)
    data = {"name": "王芳", "gender": "female", "id_number": OTHER, "enterprise": world.enterprise.pk}
    client.post(reverse("registry:person_create"), data)
    entry = AuditEntry.unscoped_objects.get(object_type="registry.person")
    assert OTHER not in str(entry.changes) and crypto.blind_index(OTHER) not in str(entry.changes)
    assert "id_number_hash" not in entry.changes


def test_person_import_writes_cipher_text_and_matches_by_index(world, login, zhang):
    from shanglian.excel.models import ImportJob, ImportStatus
    from shanglian.registry.tests.test_person_import import confirm, upload

    client = login(world.admin)
    rows = [["张伟新名", world.enterprise.credit_code, "", "", "", "", "", "", ID],
            ["李四", world.enterprise.credit_code, "", "", "", "", "", "", OTHER]]  # fmt: skip
    upload(client, world.fed, rows)
    job = ImportJob.objects.visible_to(world.admin).get()
    assert (job.created_count, job.updated_count) == (1, 1), job.preview
    assert confirm(client, job).status == ImportStatus.DONE
    zhang.refresh_from_db()
    assert zhang.name == "张伟新名"
    li = Person.unscoped_objects.get(name="李四")
    stored, index = raw(li.pk)
    assert OTHER not in stored and li.id_number == OTHER and index == crypto.blind_index(OTHER)
    upload(client, world.fed, rows)
    assert ImportJob.objects.visible_to(world.admin).order_by("-pk").first().unchanged_count == 2


def test_data_migration_encrypts_existing_rows_and_back(zhang):
    with connection.cursor() as cursor:  # a row as it was before the migration
        cursor.execute(
            "UPDATE registry_person SET id_number = %s, id_number_hash = '' WHERE id = %s", [ID, zhang.pk]
        )
    editor = types.SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    MIGRATION.encrypt_existing(apps, editor)
    stored, index = raw(zhang.pk)
    assert stored.startswith(crypto.TOKEN_PREFIX) and index == crypto.blind_index(ID)
    MIGRATION.encrypt_existing(apps, editor)  # running twice is harmless
    assert raw(zhang.pk) == (stored, index)
    assert Person.unscoped_objects.get(pk=zhang.pk).id_number == ID
    MIGRATION.decrypt_back(apps, editor)
    assert raw(zhang.pk) == (ID, "")


def test_data_migration_refuses_duplicates_in_a_federation(world, zhang):
    twin = person(world.enterprise, "张伟双胞胎")
    with connection.cursor() as cursor:  # as before 0008 (the test's transaction puts the index back)
        cursor.execute("DROP INDEX person_id_number_once_per_federation")
        cursor.execute("UPDATE registry_person SET id_number = %s WHERE id = %s", [ID, twin.pk])
    editor = types.SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    with pytest.raises(RuntimeError, match="请先合并"), transaction.atomic():
        MIGRATION.encrypt_existing(apps, editor)


def test_key_from_settings_rotation_and_bad_key(settings, world):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    p = person(world.enterprise, "轮换", id_number=ID)
    assert Fernet(old).decrypt(raw(p.pk)[0].encode()).decode() == ID
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    assert Person.unscoped_objects.get(pk=p.pk).id_number == ID  # old cipher text still readable
    call_command("reencrypt_id_numbers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stored, index = raw(p.pk)
    assert Fernet(new).decrypt(stored.encode()).decode() == ID and index == crypto.blind_index(ID)
    settings.FIELD_ENCRYPTION_KEY = new
    assert Person.unscoped_objects.get(Person.id_number_q(ID)).id_number == ID
    settings.FIELD_ENCRYPTION_KEY = old
    with pytest.raises(ImproperlyConfigured, match="无法解密"):
        Person.unscoped_objects.get(pk=p.pk)
    settings.FIELD_ENCRYPTION_KEY = "not-a-key"
    with pytest.raises(ImproperlyConfigured, match="无效的密钥"):
        crypto.encrypt(ID)
    assert [e.id for e in crypto.check_field_encryption_key()] == ["crypto.E001"]


def test_unset_key_is_derived_from_secret_key(settings):
    settings.FIELD_ENCRYPTION_KEY = ""
    token = crypto.encrypt(ID)
    assert crypto.decrypt(token) == ID
    settings.SECRET_KEY = "another-secret"
    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(token)

"""身份证号 encrypted at rest: the column holds a Fernet token, `id_number_hash` a keyed blind index.

Existing rows are encrypted here (raw SQL: the historical model's field would try to decrypt the plain
numbers). Re-running is harmless: values that already are tokens are only re-indexed. The unique
constraint on the index comes in 0008, after this data step has committed.
"""

from django.db import migrations

import shanglian.core.crypto
import shanglian.registry.codes

CHUNK = 2000


def _rows(cursor, table):
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, id_number FROM {table} WHERE id > %s AND id_number <> '' ORDER BY id LIMIT {CHUNK}",
            [last],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def encrypt_existing(apps, schema_editor):
    from shanglian.core.crypto import TOKEN_PREFIX, blind_index, decrypt, encrypt

    table = schema_editor.quote_name(apps.get_model("registry", "Person")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for rows in _rows(cursor, table):
            updates = []
            for pk, value in rows:
                plain = decrypt(value) if value.startswith(TOKEN_PREFIX) else value
                token = value if value.startswith(TOKEN_PREFIX) else encrypt(plain)
                updates.append((token, blind_index(plain), pk))
            cursor.executemany(f"UPDATE {table} SET id_number = %s, id_number_hash = %s WHERE id = %s", updates)
        cursor.execute(
            f"SELECT federation_id, id_number_hash, COUNT(*) FROM {table} WHERE id_number_hash <> '' "
            "GROUP BY federation_id, id_number_hash HAVING COUNT(*) > 1"
        )
        duplicates = cursor.fetchall()
    if duplicates:
        raise RuntimeError(
            f"{len(duplicates)} 个身份证号在同一工商联下登记了不止一位企业家，无法建立唯一约束；"
            "请先合并这些重复的企业家记录（按身份证号查找）再迁移。"
        )


def decrypt_back(apps, schema_editor):
    from shanglian.core.crypto import TOKEN_PREFIX, decrypt

    table = schema_editor.quote_name(apps.get_model("registry", "Person")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for rows in _rows(cursor, table):
            updates = [(decrypt(v) if v.startswith(TOKEN_PREFIX) else v, pk) for pk, v in rows]
            cursor.executemany(f"UPDATE {table} SET id_number = %s, id_number_hash = '' WHERE id = %s", updates)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_foundation_fields"),
        ("registry", "0008_enterprise_federation_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_hash",
            field=shanglian.core.crypto.BlindIndexField(
                blank=True, db_index=True, default="", max_length=64, source="id_number", verbose_name="身份证号索引"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=shanglian.core.crypto.EncryptedCharField(
                blank=True,
                plain_max_length=18,
                validators=[shanglian.registry.codes.id_number_validator],
                verbose_name="身份证号",
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_back, elidable=False),
    ]

"""Re-encrypt every 身份证号 under the first FIELD_ENCRYPTION_KEY and recompute its blind index.

Run it right after putting a new key first in FIELD_ENCRYPTION_KEY (old keys after it): until it has run,
numbers still decrypt but lookups and the uniqueness check by ID number do not find the old rows, because
the blind index key is derived from the first key. Afterwards the old keys can be removed.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from shanglian.core.crypto import blind_index
from shanglian.registry.models import Person

CHUNK = 2000


class Command(BaseCommand):
    help = "用 FIELD_ENCRYPTION_KEY 的第一个密钥重新加密全部身份证号，并重算其索引（轮换密钥后运行）。"

    def handle(self, *args, **options):
        done, last = 0, 0
        while True:
            with transaction.atomic():
                people = list(
                    Person.unscoped_objects.filter(pk__gt=last)
                    .exclude(id_number="")
                    .only("id", "id_number", "id_number_hash")
                    .order_by("pk")[:CHUNK]
                )
                if not people:
                    break
                for person in people:  # read with any key, written (get_prep_value) with the first
                    person.id_number_hash = blind_index(person.id_number)
                Person.unscoped_objects.bulk_update(people, ["id_number", "id_number_hash"], batch_size=500)
            done += len(people)
            last = people[-1].pk
        self.stdout.write(f"已重新加密 {done} 个身份证号。")

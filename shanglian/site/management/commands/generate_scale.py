"""Generate a registry at scale for load tests and benchmarks: a federation, chambers, enterprises,
memberships, tags and users.

    manage.py generate_scale --enterprises 1000000 --chambers 100 --users 10000

PostgreSQL: enterprises and memberships go in by COPY (psycopg3 `cursor.copy`), memberships and tags
are derived server-side with INSERT ... SELECT (tags by a hash of the id, so that they do not fall into
step with the street and scale patterns as no real roster does), and for big batches the secondary indexes of the
enterprise table (pg_trgm GIN and btree) are dropped first and rebuilt afterwards on two connections
at once (bulk index builds beat per-row maintenance many times over). SQLite: bulk_create in batches.

Names are built from parts whose pinyin is computed once, so a million names cost no pypinyin calls;
the pinyin columns are the concatenation of the parts' pinyin (as `pinyin_of` gives them per part).
Credit codes are valid GB 32100 codes from a fast incremental generator (same result as
`registry.codes.make_credit_code`, tested), numbered on from what the region already holds.
Every user gets the same password hash (one PBKDF2 run) — fine for synthetic data only.
"""

from __future__ import annotations

import datetime
import io
import time
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from shanglian.accounts.models import RoleAssignment, User
from shanglian.appeals.services import ensure_default_categories
from shanglian.core.access import SYSTEM
from shanglian.core.roles import Role
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry import enterprise_tally, member_tally, search
from shanglian.registry.codes import pinyin_of
from shanglian.registry.models import Enterprise, EnterpriseScale, Industry, Membership, Position, Tag

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REGION = "370299"  # a region code of its own, so generated codes never meet demo or test codes
KIND = "91"

PLACES = ["青岛", "城阳", "山东", "胶东", "海洋", "北方", "东方", "蓝色", "胶州", "即墨", "华东", "黄海"]
CORE_CHARS = "华海鑫盛瑞泰恒达丰源宏昌隆兴佳和顺安康宁新晨博远明光辉金银信诚德祥福永利嘉云天宇凯腾飞龙凤通"
TRADES = ["科技", "机械", "食品", "电子", "贸易", "物流", "建筑", "服装", "医药", "化工", "新材料", "软件",
          "网络", "环保", "能源", "餐饮", "酒店", "印刷", "家具", "汽车配件"]  # fmt: skip
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红"
STREETS = ["城阳", "流亭", "夏庄", "惜福镇", "棘洪滩", "上马"]
SCALES = (
    [EnterpriseScale.MICRO] * 5
    + [EnterpriseScale.SMALL] * 3
    + [EnterpriseScale.MEDIUM, EnterpriseScale.LARGE]
)


def _val(c):
    return ALPHABET.index(c)


def credit_codes(start: int, count: int, *, region: str = REGION, kind: str = KIND):
    """Valid credit codes for serials start … start+count-1 (serial = the 8-digit org-code body)."""
    prefix = kind + region
    base = sum(_val(c) * w for c, w in zip(prefix, USCC_WEIGHTS, strict=False))
    tail_weights = USCC_WEIGHTS[8:]  # 8 body digits then the org check char
    # contributions of digit d at body position p to the two weighted sums
    org_part = [[d * ORG_WEIGHTS[p] for d in range(10)] for p in range(8)]
    uscc_part = [[d * tail_weights[p] for d in range(10)] for p in range(8)]
    org_check = {10: "X", 11: "0"}
    w_check = tail_weights[8]
    for serial in range(start, start + count):
        body = f"{serial:08d}"
        org_sum = uscc_sum = 0
        for p, ch in enumerate(body):
            d = ord(ch) - 48
            org_sum += org_part[p][d]
            uscc_sum += uscc_part[p][d]
        value = 11 - org_sum % 11
        check = org_check.get(value) or str(value)
        total = base + uscc_sum + _val(check) * w_check
        yield prefix + body + check + ALPHABET[(31 - total) % 31]


class NameMaker:
    """Enterprise names from parts, each part's pinyin computed once."""

    def __init__(self):
        cores = [a + b for a in CORE_CHARS for b in CORE_CHARS if a != b]
        self.parts = [PLACES, cores, TRADES, SUFFIXES]
        self.pinyin = [[pinyin_of(p) for p in group] for group in self.parts]

    def make(self, i: int) -> tuple[str, str, str]:
        idx = (i % 12, (i * 7919) % len(self.parts[1]), (i * 31 + i // 97) % 20, (i // 13) % 4)
        name = "".join(self.parts[g][k] for g, k in enumerate(idx))
        full = "".join(self.pinyin[g][k][0] for g, k in enumerate(idx))
        initials = "".join(self.pinyin[g][k][1] for g, k in enumerate(idx))
        return name, full, initials


class Command(BaseCommand):
    help = "生成规模测试数据：工商联、商会、企业、会员关系、用户（PostgreSQL 用 COPY）。"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=10_000)
        parser.add_argument("--chambers", type=int, default=20)
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--federation", default="规模测试区工商联")
        parser.add_argument("--keep-indexes", action="store_true", help="PostgreSQL：不删除再重建索引")

    def handle(self, *args, **opts):
        n, m, k = opts["enterprises"], opts["chambers"], opts["users"]
        if n < 0 or m < 1 or k < 0:
            raise CommandError("--chambers 至少为 1，其余参数不能为负数")
        started = time.perf_counter()
        federation = Organization.objects.filter(
            name=opts["federation"], kind=OrgKind.FEDERATION, depth=1
        ).first() or Organization.objects.create_root(name=opts["federation"], kind=OrgKind.FEDERATION)
        ensure_default_categories(actor=SYSTEM, federation=federation)  # idempotent
        chambers = self._chambers(federation, m)
        t_orgs = time.perf_counter()
        start = Enterprise.unscoped_objects.filter(credit_code__startswith=KIND + REGION).count()
        if start + n > 99_999_999:
            raise CommandError("该区划代码下的序号已用尽")
        if connection.vendor == "postgresql":
            drop = n >= 50_000 and not opts["keep_indexes"]
            self._postgres(federation, chambers, start, n, drop)
        else:
            self._orm(federation, chambers, start, n)
        member_tally.rebuild()  # the memberships went in without signals: count the members ahead afresh
        enterprise_tally.rebuild()
        t_ent = time.perf_counter()
        self._users(federation, chambers, k)
        done = time.perf_counter()
        self.stdout.write(
            f"生成完成：{n} 家企业、{m} 个商会、{k} 个用户，用时 {done - started:.1f} 秒"
            f"（组织 {t_orgs - started:.1f}s，企业与会员 {t_ent - t_orgs:.1f}s，用户 {done - t_ent:.1f}s）"
        )
        return None

    def _chambers(self, federation, m):
        existing = list(Organization.objects.filter(path__startswith=federation.path, kind=OrgKind.CHAMBER))
        kinds = [ChamberKind.STREET, ChamberKind.INDUSTRY, ChamberKind.HOMETOWN]
        for i in range(len(existing), m):
            existing.append(
                Organization.objects.create_child(
                    federation,
                    name=f"规模测试商会{i + 1:04d}",
                    kind=OrgKind.CHAMBER,
                    chamber_kind=kinds[i % 3],
                    street=STREETS[i % len(STREETS)],
                )
            )
        return existing[:m]

    def _rows(self, start, n):
        """Row tuples. Everything read from the database is read here, before the first row: COPY
        holds the connection while the rows are generated."""
        names = NameMaker()
        industries = list(Industry.objects.filter(parent__isnull=False).values_list("pk", flat=True))
        return self._generate(start, n, names, industries or [None])

    def _generate(self, start, n, names, industries):
        epoch = datetime.date(1990, 1, 1).toordinal()
        for i, code in enumerate(credit_codes(start, n)):
            serial = start + i
            name, full, initials = names.make(serial)
            yield (
                name, full, initials, code,
                SURNAMES[serial % 40] + GIVEN[(serial // 40) % 30] + GIVEN[(serial * 7) % 30],
                f"青岛市城阳区{STREETS[serial % 6]}路{serial % 999 + 1}号",
                STREETS[(serial // 7) % 6],
                f"13{(serial * 7919) % 1_000_000_000:09d}",
                industries[(serial * 13) % len(industries)],
                SCALES[serial % 10],
                datetime.date.fromordinal(epoch + (serial * 37) % 12000),
                (serial * 17) % 500 + 1,
            )  # fmt: skip

    def _postgres(self, federation, chambers, start, n, drop_indexes):
        table = Enterprise._meta.db_table
        now = timezone.now()
        indexes = []
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                # The rows are consistent by construction (ids come from this transaction), so the
                # per-row deferred foreign-key triggers are skipped; unique indexes still hold.
                cursor.execute("SET LOCAL session_replication_role = replica")
            if drop_indexes:
                tables = [
                    table,
                    Membership._meta.db_table,
                    Enterprise.tags.through._meta.db_table,
                    search.TABLE,
                ]
                cursor.execute(
                    """SELECT i.indexname, i.indexdef FROM pg_indexes i
                       WHERE i.tablename = ANY(%s) AND i.indexname NOT IN (
                         SELECT conname FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]))
                       AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'""",
                    [tables, tables],
                )
                indexes = cursor.fetchall()
                for name, _ in indexes:
                    cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            (before,) = cursor.fetchone()
            columns = ("name", "name_pinyin", "name_initials", "credit_code", "legal_representative",
                       "registered_address", "street", "phone", "industry_id", "scale", "founded_on",
                       "employees")  # fmt: skip
            stamp = now.isoformat()
            rows = self._rows(start, n)
            with cursor.cursor.copy(
                f"COPY {table} ({', '.join(columns)}, federation_id, created_at, updated_at) FROM STDIN"
            ) as copy:
                tail = f"\t{federation.pk}\t{stamp}\t{stamp}\n"
                buffer = io.StringIO()
                for count, row in enumerate(rows, 1):
                    buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + tail)
                    if count % 20_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
            chamber_ids = [c.pk for c in chambers]
            cursor.execute(
                f"""INSERT INTO {Membership._meta.db_table} (enterprise_id, chamber_id, position, joined_on)
                    SELECT e.id, (%s::bigint[])[(e.id %% %s) + 1],
                           CASE WHEN e.id %% 50 = 0 THEN %s WHEN e.id %% 20 = 0 THEN %s ELSE %s END,
                           DATE '2012-01-01' + (e.id %% 5000)::int
                    FROM {table} e WHERE e.id > %s AND e.federation_id = %s""",
                [chamber_ids, len(chamber_ids), Position.VICE_PRESIDENT, Position.DIRECTOR, Position.MEMBER,
                 before, federation.pk],
            )  # fmt: skip
            tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
            for j, tag_id in enumerate(tags):
                cursor.execute(
                    f"""INSERT INTO {Enterprise.tags.through._meta.db_table} (enterprise_id, tag_id)
                        SELECT id, %s FROM {table}
                        WHERE id > %s AND federation_id = %s AND abs(hashint8(id * 64 + %s)) %% %s = 0""",
                    [tag_id, before, federation.pk, j, (7, 11, 5, 97)[j % 4]],
                )
        loaded = time.perf_counter()
        search_indexes = [ix for ix in indexes if search.TABLE in ix[1]]
        others = [ix for ix in indexes if ix not in search_indexes]
        if others:
            self._rebuild(others)
        rebuilt = time.perf_counter()
        # The search box's index last, timed apart: its entries are computed in Python, then one GIN build.
        indexed = search.refresh(federation_id=federation.pk)
        if search_indexes:
            self._rebuild(search_indexes)
        done = time.perf_counter()
        self.timings = {"rows": loaded - t0, "indexes": rebuilt - loaded, "search": done - rebuilt}
        self.stdout.write(
            f"  COPY 与会员关系 {loaded - t0:.1f}s，重建 {len(others)} 个索引 {rebuilt - loaded:.1f}s，"
            f"检索索引（{indexed} 行与 GIN）{done - rebuilt:.1f}s"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"ANALYZE {Membership._meta.db_table}")
            cursor.execute(f"ANALYZE {Enterprise.tags.through._meta.db_table}")
            cursor.execute(f"ANALYZE {search.TABLE}")  # the search's plan choice rests on these statistics

    def _rebuild(self, indexes):
        """CREATE INDEX on two connections at once (SHARE locks do not conflict with each other)."""
        longest_first = sorted(indexes, key=lambda ix: "gin" not in ix[1])
        queues = [longest_first[0::2], longest_first[1::2]]

        def build(queue):
            conn = connections.create_connection("default")
            try:
                with conn.cursor() as cursor:
                    cursor.execute("SET maintenance_work_mem = '1GB'")
                    for _, definition in queue:
                        cursor.execute(definition)
            finally:
                conn.close()

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(build, queues))

    def _orm(self, federation, chambers, start, n):
        now = timezone.now()
        batch = []
        tags = list(Tag.objects.order_by("pk").values_list("pk", flat=True))
        through = Enterprise.tags.through

        def flush():
            created = Enterprise.unscoped_objects.bulk_create(batch)
            Membership.unscoped_objects.bulk_create(
                Membership(
                    enterprise_id=e.pk,
                    chamber=chambers[e.pk % len(chambers)],
                    position=Position.MEMBER,
                    joined_on=datetime.date(2012, 1, 1) + datetime.timedelta(days=e.pk % 5000),
                )
                for e in created
            )
            through.objects.bulk_create(
                through(enterprise_id=e.pk, tag_id=tags[e.pk % len(tags)])
                for e in created
                if tags and e.pk % 5 == 0
            )
            batch.clear()

        fields = ("name", "name_pinyin", "name_initials", "credit_code", "legal_representative",
                  "registered_address", "street", "phone", "industry_id", "scale", "founded_on", "employees")  # fmt: skip
        with transaction.atomic():
            for row in self._rows(start, n):
                batch.append(
                    Enterprise(
                        federation=federation,
                        created_at=now,
                        updated_at=now,
                        **dict(zip(fields, row, strict=True)),
                    )
                )
                if len(batch) >= 5000:
                    flush()
            if batch:
                flush()

    def _users(self, federation, chambers, k):
        if k <= 0:
            return
        password = make_password("Shanglian@2026")
        offset = User.objects.filter(username__startswith="scale_").count()
        secretaries = min(k, len(chambers))
        enterprise_ids = list(
            Enterprise.unscoped_objects.filter(federation=federation)
            .order_by("-pk")
            .values_list("pk", flat=True)[: k - secretaries]
        )
        users = [
            User(
                username=f"scale_{offset + i:07d}",
                name=f"测试用户{offset + i}",
                password=password,
                home_org=chambers[i % len(chambers)] if i < secretaries else federation,
            )
            for i in range(secretaries + len(enterprise_ids))
        ]
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=2000)
            users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
            RoleAssignment.objects.bulk_create(
                [
                    RoleAssignment(user=u, role=Role.CHAMBER_SECRETARY, organization=chambers[i])
                    if i < secretaries
                    else RoleAssignment(
                        user=u, role=Role.ENTERPRISE_USER, enterprise_id=enterprise_ids[i - secretaries]
                    )
                    for i, u in enumerate(users)
                ],
                batch_size=2000,
            )

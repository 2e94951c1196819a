"""manage.py verify_signatures: recompute every sign-off round's SHA-256 chain and report broken rows."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shanglian.mechanisms.models import Signature
from shanglian.mechanisms.services import verify_chain


class Command(BaseCommand):
    help = "校验集体签字的 SHA-256 链：报告在系统之外被改动的签字记录。"

    def handle(self, *args: Any, **options: Any) -> None:
        broken = verify_chain()
        total = Signature.objects.unscoped().count()
        for b in broken:
            self.stderr.write(f"签字事项 #{b.round_id} 第 {b.seq} 个签字（记录 {b.signature_id}）：{b.why}")
        if broken:
            raise CommandError(f"共校验 {total} 个签字，发现 {len(broken)} 处异常。")
        self.stdout.write(f"共校验 {total} 个签字，签字链完整。")

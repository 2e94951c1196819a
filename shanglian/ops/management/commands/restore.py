from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shanglian.ops.backup import BackupError, read_manifest, restore_backup, verify


class Command(BaseCommand):
    help = "把备份归档恢复到空数据库与空上传目录，并按清单逐表核对行数与校验和；--verify-only 只核对"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="backup 生成的 .tar 文件")
        parser.add_argument(
            "--verify-only", action="store_true", help="不恢复，只把当前数据库与文件和清单核对"
        )
        parser.add_argument("--allow-other-key", action="store_true", help="加密密钥与备份时不同也继续")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            if options["verify_only"]:
                result = verify(read_manifest(archive))
            else:
                result = restore_backup(archive, allow_other_key=options["allow_other_key"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in result.mismatches:
            self.stderr.write(line)
        if not result.ok:
            raise CommandError(f"核对未通过：{len(result.mismatches)} 处与备份清单不符。")
        verb = "核对" if options["verify_only"] else "恢复并核对"
        self.stdout.write(
            f"已{verb}：{result.tables} 张表、{result.rows} 行、{result.files} 个上传文件，均与清单一致。"
        )

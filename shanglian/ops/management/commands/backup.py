from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from shanglian.ops.backup import BackupError, create_backup, default_archive_name, prune


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个归档（含各表行数与校验和清单），可按份数保留"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="归档文件路径（默认 <目录>/shanglian-<时间>.tar）")
        parser.add_argument(
            "--dir", default=str(Path(settings.BASE_DIR) / "var" / "backups"), help="归档目录"
        )
        parser.add_argument("--keep", type=int, default=0, help="目录中只保留最新的 N 份（0：不删除）")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"])
        target = Path(options["output"]) if options["output"] else directory / default_archive_name()
        try:
            manifest = create_backup(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"已备份：{target}（{len(manifest['tables'])} 张表、{rows} 行、{len(manifest['files'])} 个上传文件，"
            f"{target.stat().st_size / 1e6:.1f} MB）"
        )
        if options["keep"] > 0:
            for gone in prune(target.parent, options["keep"]):
                self.stdout.write(f"已删除过期备份：{gone.name}")

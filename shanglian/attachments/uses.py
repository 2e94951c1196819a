"""The uses an attachment can be for: per use, which file types are allowed, how large, and who may see it.

An app declares its slots once (`register_use("chambers.charter", ...)` in its models module); the one
validator and the one download view read the declaration, so no app keeps its own type table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

# Extensions a user may give a file of each detected kind (the name must agree with the content).
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "doc": frozenset({"doc"}),
    "docx": frozenset({"docx"}),
    "xls": frozenset({"xls"}),
    "xlsx": frozenset({"xlsx"}),
    "jpg": frozenset({"jpg", "jpeg"}),
    "png": frozenset({"png"}),
    "txt": frozenset({"txt"}),
}
LABELS: dict[str, str] = {
    "pdf": "PDF",
    "doc": "DOC",
    "docx": "DOCX",
    "xls": "XLS",
    "xlsx": "XLSX",
    "jpg": "JPG",
    "png": "PNG",
    "txt": "TXT",
}


def _chamber_of(owner: Any) -> Any:
    return getattr(owner, "chamber", None)


@dataclass(frozen=True)
class Use:
    name: str
    label: str  # what the file is called in messages: 章程文件, 证书文件, 会议纪要
    types: frozenset[str]
    view_capability: str
    max_bytes: int | None = None  # below settings.UPLOAD_MAX_BYTES if set; never above it
    single: bool = True  # one file per owner: a new upload replaces the previous one
    organization_of: Callable[[Any], Any] = _chamber_of  # the org an audit row is filed under

    def types_text(self) -> str:
        return "、".join(LABELS[t] for t in sorted(self.types))


_USES: dict[str, Use] = {}


def register_use(
    name: str,
    *,
    label: str,
    types: Iterable[str],
    view_capability: str,
    max_mb: int | None = None,
    single: bool = True,
    organization_of: Callable[[Any], Any] = _chamber_of,
) -> Use:
    kinds = frozenset(types)
    unknown = kinds - set(EXTENSIONS)
    if unknown:
        raise ValueError(f"unknown attachment types for {name}: {sorted(unknown)}")
    use = Use(
        name=name,
        label=label,
        types=kinds,
        view_capability=view_capability,
        max_bytes=None if max_mb is None else max_mb * 1024 * 1024,
        single=single,
        organization_of=organization_of,
    )
    _USES[name] = use
    return use


def get_use(name: str) -> Use:
    try:
        return _USES[name]
    except KeyError:
        raise LookupError(f"attachment use not registered: {name}") from None


def find_use(name: str) -> Use | None:
    return _USES.get(name)

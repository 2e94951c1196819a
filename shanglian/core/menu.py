"""The left menu: groups follow the seed's structure; apps add items from their own menu.py."""

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from shanglian.core.roles import has_capability

GROUPS = [
    # An enterprise user's own pages (its enterprise, surveys, visits, giving): staff hold none of them.
    ("mine", "企业中心", "ti-building-store"),
    ("org", "组织建设", "ti-building-community"),
    ("service", "服务平台", "ti-lifebuoy"),
    ("promotion", "助推平台", "ti-rocket"),
    ("communication", "沟通平台", "ti-messages"),
    ("guidance", "引导平台", "ti-heart-handshake"),
    ("mechanism", "工作机制", "ti-settings-automation"),
    ("cockpit", "数据驾驶舱", "ti-chart-dots"),
    ("system", "系统管理", "ti-settings"),
]


@dataclass(frozen=True)
class MenuItem:
    group: str
    label: str
    url_name: str
    capability: str
    order: int = 100
    section: str = ""  # a sub-heading inside the group (the seed's sections, e.g. 党建引领)


_ITEMS: list[MenuItem] = []


def register(*items: MenuItem) -> None:
    known = {g for g, _, _ in GROUPS}
    for item in items:
        if item.group not in known:
            raise ValueError(f"unknown menu group {item.group}")
        if item not in _ITEMS:
            _ITEMS.append(item)


def menu_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for key, label, icon in GROUPS:
        entries = []
        for item in sorted((i for i in _ITEMS if i.group == key), key=lambda i: (i.order, i.label)):
            if not has_capability(user, item.capability):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": False,
                    "section": item.section,
                }
            )
        if entries:
            groups.append({"key": key, "label": label, "icon": icon, "items": entries, "active": False})
    # One active item at a time: the entry whose URL is the longest prefix of the page's path (/registry/
    # and /registry/people/ both prefix /registry/people/3/; only the second lights, and its group opens).
    best: tuple[int, dict[str, Any], dict[str, Any]] | None = None
    for group in groups:
        entries_of: list[dict[str, Any]] = group["items"]
        for entry in entries_of:
            url = entry["url"]
            if current_path.startswith(url) and (best is None or len(url) > best[0]):
                best = (len(url), group, entry)
    if best is not None:
        best[1]["active"] = best[2]["active"] = True
    return groups


def label_for_path(path: str) -> str:
    """The menu label of the section a path belongs to ("会员企业"), for texts that name a page in words
    (the audit log's denials); the longest menu URL that prefixes it, "" if none does."""
    best: tuple[int, str] | None = None
    for item in _ITEMS:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if url != "/" and path.startswith(url) and (best is None or len(url) > best[0]):
            best = (len(url), item.label)
    return best[1] if best else ""


def breadcrumb_of(groups: list[dict[str, Any]], current_path: str) -> list[dict[str, str]]:
    """The page's place in the menu (group, section, entry), from the entry `menu_for` lit: the one place
    breadcrumbs come from, so they always read as the menu does. The entry links back unless it is this
    page; empty off the menu (home, login)."""
    for group in groups:
        for entry in group["items"]:
            if entry["active"]:
                crumbs = [{"label": group["label"], "url": ""}]
                if entry["section"] and entry["section"] != entry["label"]:
                    crumbs.append({"label": entry["section"], "url": ""})
                here = entry["url"] == current_path
                crumbs.append({"label": entry["label"], "url": "" if here else entry["url"]})
                return crumbs
    return []


def menu_title(groups: list[dict[str, Any]], current_path: str) -> str:
    """The menu label of the entry this page is (its exact URL), else ''."""
    for group in groups:
        for entry in group["items"]:
            if entry["active"] and entry["url"] == current_path:
                return str(entry["label"])
    return ""

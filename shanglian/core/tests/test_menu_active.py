"""One active menu item at a time: the longest matching URL wins, never two by prefix matching."""

from shanglian.core.menu import menu_for


def _active(groups):
    return [(g["label"], e["label"]) for g in groups for e in g["items"] if e["active"]]


def test_each_menu_page_lights_exactly_its_own_item(django_user_model):
    admin = django_user_model.objects.create_superuser("root-menu", password="x")  # noqa: S106
    groups = menu_for(admin)
    urls = {e["url"] for g in groups for e in g["items"]}
    nested = [u for u in urls if any(o != u and u.startswith(o) for o in urls)]
    assert nested, "the menu has nested URLs (the case prefix matching lit twice)"
    for url in urls:
        lit = menu_for(admin, url + "123/")
        active = _active(lit)
        assert len(active) == 1, (url, active)
        assert [e["url"] for g in lit for e in g["items"] if e["active"]] == [url]
        assert sum(g["active"] for g in lit) == 1
    assert _active(menu_for(admin, "/no-such-page/")) == []


def test_every_menu_group_icon_exists_in_the_icon_font():
    """服务平台 named ti-handshake, which tabler-icons 3 does not have: the group showed no icon."""
    from django.contrib.staticfiles import finders

    from shanglian.core.menu import GROUPS

    path = finders.find("vendor/tabler-icons/tabler-icons.min.css")
    assert path, "tabler-icons is not installed (npm ci)"
    with open(path, encoding="utf-8") as css:
        text = css.read()
    missing = [icon for _, _, icon in GROUPS if f".{icon}:before" not in text]
    assert missing == []

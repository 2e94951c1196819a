from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "党建工作", "party:overview", "party.view", order=40, section="党建引领"),
    MenuItem("org", "商会党组织", "party:org_list", "party.view", order=41, section="党建引领"),
    MenuItem("org", "党建示范点", "party:site_list", "party.view", order=42, section="党建引领"),
    MenuItem("org", "党建品牌", "party:brand_list", "party.view", order=43, section="党建引领"),
)

from shanglian.core.menu import MenuItem, register

# After the registry's 数据分类 (orders 10–11): the other four of the seed's five mechanisms.
register(
    MenuItem(
        "mechanism",
        "重大事项报备",
        "mechanisms:filing_list",
        "mechanisms.filing_view",
        order=20,
        section="重大事项报备",
    ),
    MenuItem(
        "mechanism",
        "报备事项类型",
        "mechanisms:filingtype_list",
        "mechanisms.filing_configure",
        order=21,
        section="重大事项报备",
    ),
    MenuItem(
        "mechanism",
        "集体签字",
        "mechanisms:round_list",
        "mechanisms.round_view",
        order=30,
        section="顶格协调",
    ),
    MenuItem(
        "mechanism",
        "企业家副主席",
        "mechanisms:vicechair_list",
        "mechanisms.vice_chair_manage",
        order=31,
        section="顶格协调",
    ),
    MenuItem(
        "mechanism",
        "创新建议",
        "mechanisms:suggestion_list",
        "mechanisms.suggestion_view",
        order=50,
        section="创意创新激励",
    ),
    MenuItem(
        "mechanism", "制度文件", "mechanisms:rule_list", "mechanisms.rules_view", order=60, section="制度文件"
    ),
)

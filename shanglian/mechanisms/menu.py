from shanglian.core.menu import MenuItem, register

register(
    MenuItem("mechanism", "重大事项报备", "mechanisms:filing_list", "mechanisms.filing_view", order=10),
    MenuItem(
        "mechanism", "报备事项类型", "mechanisms:filingtype_list", "mechanisms.filing_configure", order=11
    ),
    MenuItem("mechanism", "集体签字", "mechanisms:round_list", "mechanisms.round_view", order=20),
    MenuItem(
        "mechanism", "企业家副主席", "mechanisms:vicechair_list", "mechanisms.vice_chair_manage", order=21
    ),
    MenuItem("mechanism", "创新建议", "mechanisms:suggestion_list", "mechanisms.suggestion_view", order=30),
    MenuItem("mechanism", "制度文件", "mechanisms:rule_list", "mechanisms.rules_view", order=50),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "名册导入", "roster_import:index", "enterprise.import", order=55, section="会员与企业家")
)

from shanglian.core.menu import MenuItem, register

register(MenuItem("org", "名册导入", "roster_import:index", "enterprise.import", order=25))

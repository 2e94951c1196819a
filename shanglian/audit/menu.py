from shanglian.core.menu import MenuItem, register

register(MenuItem("system", "审计日志", "audit:entry_list", "audit.view", order=90))

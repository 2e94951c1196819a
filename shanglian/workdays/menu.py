from shanglian.core.menu import MenuItem, register

register(MenuItem("system", "工作日历", "workdays:day_list", "workdays.view", order=60))

from shanglian.core.menu import MenuItem, register

register(MenuItem("system", "用户管理", "accounts:user_list", "user.view", order=10))

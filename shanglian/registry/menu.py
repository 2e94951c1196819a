from shanglian.core.menu import MenuItem, register

register(MenuItem("org", "会员企业", "registry:enterprise_list", "enterprise.view", order=20))

from shanglian.core.menu import MenuItem, register

register(MenuItem("org", "组织架构", "orgs:org_list", "org.view", order=10, section="商会改革"))

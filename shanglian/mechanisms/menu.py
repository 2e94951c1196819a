from shanglian.core.menu import MenuItem, register

register(
    MenuItem("mechanism", "制度文件", "mechanisms:rule_list", "mechanisms.rules_view", order=10),
)

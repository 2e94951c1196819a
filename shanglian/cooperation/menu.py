from shanglian.core.menu import MenuItem, register

register(
    MenuItem("service", "供需信息", "cooperation:posting_list", "supply.view", order=10, section="供需对接"),
    MenuItem(
        "service", "合作签约", "cooperation:deal_list", "cooperation.view", order=20, section="合作签约·招商"
    ),
    MenuItem(
        "service",
        "招商项目",
        "cooperation:project_list",
        "cooperation.view",
        order=21,
        section="合作签约·招商",
    ),
    MenuItem(
        "service", "对外联络", "cooperation:liaison_list", "cooperation.view", order=30, section="对外联络"
    ),
    MenuItem(
        "service", "友好商会", "cooperation:friendly_list", "cooperation.view", order=31, section="对外联络"
    ),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("promotion", "走访记录", "promotion:visit_list", "promotion.view", order=10, section="调研走访"),
    MenuItem("promotion", "走访覆盖", "promotion:coverage", "promotion.view", order=11, section="调研走访"),
    MenuItem(
        "promotion", "包联企业", "promotion:assignment_list", "promotion.view", order=12, section="调研走访"
    ),
    MenuItem("mine", "我的走访记录", "promotion:my_visits", "promotion.confirm", order=30),
    MenuItem(
        "promotion", "产学研项目", "promotion:project_list", "promotion.view", order=30, section="产学研"
    ),
    MenuItem("promotion", "技术需求", "promotion:need_list", "promotion.need", order=29, section="产学研"),
    MenuItem(
        "promotion", "合作院校", "promotion:institution_list", "promotion.view", order=31, section="产学研"
    ),
)

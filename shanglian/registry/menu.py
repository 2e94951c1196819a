from shanglian.core.menu import MenuItem, register

register(
    MenuItem("mine", "我的企业", "registry:portal", "portal.view", order=10),
    MenuItem(
        "org", "会员企业", "registry:enterprise_list", "enterprise.list", order=51, section="会员与企业家"
    ),
    MenuItem("org", "企业家", "registry:person_list", "person.view", order=54, section="会员与企业家"),
    MenuItem("org", "商会会员", "registry:member_list", "membership.view", order=52, section="会员与企业家"),
    MenuItem(
        "org", "入会申请", "registry:application_list", "enterprise.list", order=53, section="会员与企业家"
    ),
    MenuItem("mechanism", "企业家三库", "registry:talent_pool", "talent.view", order=10, section="数据分类"),
    MenuItem(
        "mechanism",
        "数据分类规则",
        "registry:classification_rule",
        "classification.manage",
        order=11,
        section="数据分类",
    ),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "我的企业", "registry:portal", "portal.view", order=15),
    MenuItem("org", "会员企业", "registry:enterprise_list", "enterprise.view", order=20),
    MenuItem("org", "企业家", "registry:person_list", "person.view", order=25),
    MenuItem("org", "商会会员", "registry:member_list", "membership.view", order=30),
    MenuItem("org", "入会申请", "registry:application_list", "enterprise.view", order=35),
    MenuItem("org", "企业家三库", "registry:talent_pool", "talent.view", order=40),
    MenuItem("system", "数据分类规则", "registry:classification_rule", "classification.manage", order=30),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "商会名录", "chambers:chamber_list", "chambers.view", order=11, section="商会改革"),
    MenuItem(
        "org", "状态变更审批", "chambers:request_list", "chambers.approve", order=12, section="商会改革"
    ),
    MenuItem(
        "org", "规范提升一批", "chambers:campaign_upgrade", "chambers.campaign", order=13, section="商会改革"
    ),
    MenuItem(
        "org", "清理整顿一批", "chambers:campaign_cleanup", "chambers.campaign", order=14, section="商会改革"
    ),
    MenuItem(
        "org", "新建一批", "chambers:campaign_founding", "chambers.campaign", order=15, section="商会改革"
    ),
    MenuItem("org", "商会评级", "chambers:rating_list", "ratings.view", order=16, section="商会改革"),
    MenuItem(
        "org", "评分指标", "chambers:indicator_list", "chambers.configure", order=17, section="商会改革"
    ),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "商会名录", "chambers:chamber_list", "chambers.view", order=20),
    MenuItem("org", "状态变更审批", "chambers:request_list", "chambers.approve", order=21),
    MenuItem("org", "规范提升一批", "chambers:campaign_upgrade", "chambers.campaign", order=22),
    MenuItem("org", "清理整顿一批", "chambers:campaign_cleanup", "chambers.campaign", order=23),
    MenuItem("org", "新建一批", "chambers:campaign_founding", "chambers.campaign", order=24),
    MenuItem("org", "商会评级", "chambers:rating_list", "ratings.view", order=25),
    MenuItem("org", "评分指标", "chambers:indicator_list", "chambers.configure", order=26),
)

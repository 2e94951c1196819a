from shanglian.core.menu import MenuItem, register

register(
    MenuItem("guidance", "捐赠合计", "guidance:totals", "guidance.view", order=10),
    MenuItem("guidance", "捐赠活动", "guidance:campaign_list", "guidance.view", order=11),
    MenuItem("guidance", "捐赠明细", "guidance:donation_list", "guidance.view", order=12),
    MenuItem("guidance", "消费帮扶", "guidance:purchase_list", "guidance.view", order=13),
    MenuItem("guidance", "帮扶设施", "guidance:facility_list", "guidance.view", order=14),
    MenuItem("guidance", "志愿服务", "guidance:team_list", "guidance.view", order=15),
    MenuItem("mine", "我的捐赠", "guidance:my_giving", "guidance.own", order=40),
)

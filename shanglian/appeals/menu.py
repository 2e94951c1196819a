from shanglian.core.menu import MenuItem, register

register(
    MenuItem("promotion", "诉求列表", "appeals:appeal_list", "appeals.view", order=60, section="诉求反映"),
    MenuItem("promotion", "提交诉求", "appeals:appeal_new", "appeals.submit", order=61, section="诉求反映"),
    MenuItem("promotion", "诉求看板", "appeals:appeal_board", "appeals.stats", order=62, section="诉求反映"),
    MenuItem("promotion", "诉求统计", "appeals:appeal_stats", "appeals.stats", order=63, section="诉求反映"),
    MenuItem(
        "promotion", "诉求分类", "appeals:category_list", "appeals.configure", order=64, section="诉求反映"
    ),
)

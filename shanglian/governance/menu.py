from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "法人治理", "governance:overview", "governance.view", order=40),
    MenuItem("org", "治理会议", "governance:meeting_list", "governance.view", order=41),
)

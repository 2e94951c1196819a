from shanglian.core.menu import MenuItem, register

register(
    MenuItem("org", "法人治理", "governance:overview", "governance.view", order=30, section="法人治理"),
    MenuItem("org", "治理会议", "governance:meeting_list", "governance.view", order=31, section="法人治理"),
)

from shanglian.core.menu import MenuItem, register

register(
    MenuItem(
        "communication", "活动与会议", "events:event_list", "events.view", order=20, section="座谈会·政策解读"
    ),
)

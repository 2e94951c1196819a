from shanglian.core.menu import MenuItem, register

register(
    MenuItem(
        "communication", "便企服务点", "events:point_list", "servicepoints.view", order=10, section="便企平台"
    ),
    MenuItem(
        "communication", "活动与会议", "events:event_list", "events.view", order=20, section="座谈会·政策解读"
    ),
)

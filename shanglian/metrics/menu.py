from shanglian.core.menu import MenuItem, register

register(
    MenuItem("cockpit", "数据驾驶舱", "metrics:cockpit", "metrics.view", order=1),
    MenuItem("cockpit", "指标明细", "metrics:drill", "metrics.view", order=2),
)

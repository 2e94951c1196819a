from shanglian.core.menu import MenuItem, register

register(MenuItem("cockpit", "工作报告", "reports:list", "report.view", order=20))

from shanglian.core.menu import MenuItem, register

register(
    MenuItem("promotion", "线上调查", "surveys:list", "surveys.view", order=20, section="线上调查"),
    MenuItem("mine", "我的问卷", "surveys:mine", "surveys.answer", order=20),
)

from datetime import date

from shanglian.core.testing.matrix import register
from shanglian.mechanisms.models import RuleCategory, RuleDocument


@register("ruledocument_id")
def make_rule(owner):
    return RuleDocument.unscoped_objects.create(
        federation=owner.federation,
        category=RuleCategory.GUIDING,
        number=f"他方〔2020〕{RuleDocument.unscoped_objects.count() + 1}号",
        title="他方制度",
        effective_on=date(2020, 1, 1),
    )

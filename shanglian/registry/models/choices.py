"""The registry's enumerations (TextChoices)."""

from django.db import models


class Position(models.TextChoices):
    PRESIDENT = "president", "会长"
    EXECUTIVE_PRESIDENT = "executive_president", "执行会长"
    VICE_PRESIDENT = "vice_president", "副会长"
    DIRECTOR = "director", "理事"
    MEMBER = "member", "会员单位"


class EnterpriseScale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", "中共党员"
    CPC_PROBATIONARY = "cpc_probationary", "中共预备党员"
    DEMOCRATIC_PARTY = "democratic_party", "民主党派"
    CYL = "cyl", "共青团员"
    NONPARTISAN = "nonpartisan", "无党派人士"
    MASSES = "masses", "群众"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    HIGH_SCHOOL = "high_school", "高中及以下"


class RoleTitle(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    CHAIRMAN = "chairman", "董事长"
    GENERAL_MANAGER = "general_manager", "总经理"
    SHAREHOLDER = "shareholder", "股东"
    OTHER = "other", "其他"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "已驳回"


class TalentPool(models.TextChoices):
    EXCELLENT = "excellent", "优秀企业家库"
    KEY_INDUSTRY = "key_industry", "重点行业企业家库"
    YOUTH = "youth", "青年企业家库"


class ContributionTier(models.TextChoices):
    HIGH = "high", "突出贡献企业"
    MEDIUM = "medium", "较大贡献企业"
    GENERAL = "general", "一般企业"


class OverrideAction(models.TextChoices):
    INCLUDE = "include", "人工纳入"
    EXCLUDE = "exclude", "人工排除"

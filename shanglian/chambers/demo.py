"""Demo data of the chambers app: registrations, lifecycle history, rectification cases and ratings.

Computed for 2020 (2020-01-01 … 2020-12-31) the selectors give the seed's figures:
15 chambers reorganised = 5 dormant cleaned up + 4 irregular rectified + 6 newly founded (incl. 沂水商会,
正式成立 at the end of 2020, the only hometown chamber founded), 4 new provincial/municipal 四好商会,
3 grade-3A chambers, and 6 registered street chambers. Later years add live work for the to-do list.
"""

from datetime import date

from django.core.files.base import ContentFile

from shanglian.chambers import services
from shanglian.chambers.models import (
    Cause,
    ChamberState,
    RatingLevel,
    RatingScheme,
    RegistrationStatus,
)
from shanglian.orgs.models import ChamberKind, Organization, OrgKind
from shanglian.registry.codes import make_credit_code

SUPERVISOR = "城阳区工商联（总商会）"

# Chambers that predate the campaigns: (name, 筹建, 成立).
LEGACY = {
    "城阳街道商会": (date(2016, 3, 1), date(2016, 6, 18)),
    "流亭街道商会": (date(2016, 9, 1), date(2016, 12, 8)),
    "夏庄街道商会": (date(2017, 2, 10), date(2017, 5, 20)),
    "惜福镇商会": (date(2017, 6, 1), date(2017, 9, 9)),
    "棘洪滩街道商会": (date(2018, 1, 15), date(2018, 4, 26)),
    "上马街道商会": (date(2018, 5, 2), date(2018, 8, 16)),
    "城阳区房地产商会": (date(2009, 3, 1), date(2009, 6, 1)),
    "城阳区小企业商会": (date(2010, 4, 1), date(2010, 7, 1)),
    "城阳区青年企业家商会": (date(2013, 2, 1), date(2013, 5, 4)),
    "城阳区茶叶商会": (date(2014, 3, 1), date(2014, 6, 6)),
    "城阳区建筑业商会": (date(2012, 5, 1), date(2012, 8, 8)),
    "城阳区食品行业商会": (date(2015, 4, 1), date(2015, 7, 16)),
    "城阳区科技企业商会": (date(2017, 8, 1), date(2017, 11, 11)),
    "城阳区物流商会": (date(2016, 10, 1), date(2017, 1, 6)),
}
# Extra dormant chambers (the seed's "区房地产商会、区小企业商会等5家“僵尸商会”").
EXTRA_DORMANT = {
    "城阳区服装商会": (date(2008, 5, 1), date(2008, 9, 1)),
    "城阳区家具商会": (date(2011, 3, 1), date(2011, 6, 18)),
    "城阳区汽车销售商会": (date(2012, 9, 1), date(2012, 12, 1)),
}
DORMANT_2020 = [
    ("城阳区房地产商会", date(2020, 6, 30)),
    ("城阳区小企业商会", date(2020, 6, 30)),
    ("城阳区服装商会", date(2020, 7, 15)),
    ("城阳区家具商会", date(2020, 8, 20)),
    ("城阳区汽车销售商会", date(2020, 9, 10)),
]
IRREGULAR_2020 = [
    # name, flagged/rectify on, defects, measures, closed on
    (
        "城阳区青年企业家商会",
        date(2020, 4, 10),
        "连续两年未召开会员大会；理事会换届逾期；财务未单独建账。",
        "6月底前召开会员大会完成换届；聘请专职会计、单独建账；建立理事会议事规则。",
        date(2020, 9, 28),
    ),
    (
        "城阳区茶叶商会",
        date(2020, 5, 6),
        "会员名册与实际不符；收费无依据；监事会未履职。",
        "重新核对会员名册；按章程制定会费标准并公示；监事会按季度开展监督。",
        date(2020, 10, 15),
    ),
    (
        "城阳区建筑业商会",
        date(2020, 5, 20),
        "章程未按示范文本修订；党建工作未纳入章程。",
        "依据示范文本修订章程并经会员大会通过；章程写入党建工作条款。",
        date(2020, 9, 30),
    ),
    (
        "城阳区物流商会",
        date(2020, 6, 8),
        "秘书处无专职人员；重大事项未报备。",
        "聘任专职秘书长；建立重大事项报备台账。",
        date(2020, 11, 20),
    ),
]
# Newly founded in 2020: (name, kind, 筹建, 成立). 沂水商会 (a foundation chamber) is the hometown one.
NEW_2020 = [
    ("城阳区跨境电商商会", ChamberKind.INDUSTRY, date(2020, 2, 20), date(2020, 6, 16)),
    ("城阳区人工智能产业商会", ChamberKind.INDUSTRY, date(2020, 3, 10), date(2020, 7, 8)),
    ("城阳区文化旅游商会", ChamberKind.INDUSTRY, date(2020, 4, 1), date(2020, 8, 18)),
    ("城阳区新材料产业商会", ChamberKind.INDUSTRY, date(2020, 5, 12), date(2020, 9, 26)),
    ("城阳区轨道交通装备商会", ChamberKind.INDUSTRY, date(2020, 6, 1), date(2020, 10, 30)),
]
YISHUI = ("沂水商会", date(2020, 7, 1), date(2020, 12, 26))

FOUR_GOOD_2020 = [
    ("城阳街道商会", RatingLevel.PROVINCIAL, date(2020, 11, 18)),
    ("夏庄街道商会", RatingLevel.MUNICIPAL, date(2020, 10, 22)),
    ("流亭街道商会", RatingLevel.MUNICIPAL, date(2020, 10, 22)),
    ("城阳区食品行业商会", RatingLevel.MUNICIPAL, date(2020, 10, 22)),
    ("棘洪滩街道商会", RatingLevel.DISTRICT, date(2020, 9, 15)),  # district level: not in the seed's 4
]
GRADE_3A_2020 = [
    ("城阳街道商会", date(2020, 12, 10)),
    ("惜福镇商会", date(2020, 12, 10)),
    ("城阳区科技企业商会", date(2020, 12, 10)),
]
FOUR_GOOD_INDICATORS = [("政治引领好", 25), ("队伍建设好", 25), ("服务发展好", 25), ("自律规范好", 25)]
GRADE_INDICATORS = [("基础条件", 60), ("内部治理", 400), ("工作绩效", 390), ("社会评价", 150)]


def _pdf(title: str) -> bytes:
    """A tiny valid one-page PDF standing in for an uploaded charter scan."""
    text = title.encode("ascii", "ignore") or b"Charter"
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def load(ctx):
    fed = ctx.federation
    admin = ctx.users.get("fed_admin")
    chambers = dict(ctx.chambers)

    services.update_policy(actor=admin, federation=fed, dormant_months=12, deadline_warning_days=14)
    for order, (name, score) in enumerate(FOUR_GOOD_INDICATORS, start=1):
        services.save_indicator(
            actor=admin,
            federation=fed,
            scheme=RatingScheme.FOUR_GOOD,
            name=name,
            max_score=score,
            order=order,
        )
    for order, (name, score) in enumerate(GRADE_INDICATORS, start=1):
        services.save_indicator(
            actor=admin,
            federation=fed,
            scheme=RatingScheme.CIVIL_AFFAIRS_GRADE,
            name=name,
            max_score=score,
            order=order,
        )

    def add_chamber(name, kind=ChamberKind.INDUSTRY):
        org = Organization.objects.create_child(fed, name=name, kind=OrgKind.CHAMBER, chamber_kind=kind)
        chambers[name] = ctx.chambers[name] = org
        return org

    def founded(chamber, start, established):
        services.start_founding(
            actor=admin, chamber=chamber, reason="经工商联党组研究，同意筹建。", effective_on=start
        )
        services.transition_chamber(
            actor=admin,
            chamber=chamber,
            to_state=ChamberState.NORMAL,
            reason="召开成立大会，选举产生第一届理事会，正式成立并揭牌。",
            effective_on=established,
        )

    # ---- history before the campaigns
    for name, (start, established) in LEGACY.items():
        founded(chambers[name], start, established)
    for name, (start, established) in EXTRA_DORMANT.items():
        founded(add_chamber(name), start, established)

    # ---- 2020: 清理 5 dormant chambers
    for name, on in DORMANT_2020:
        services.transition_chamber(
            actor=admin,
            chamber=chambers[name],
            to_state=ChamberState.DISSOLVED,
            cause=Cause.DORMANT,
            reason="连续两年以上未召开会员大会、未开展活动，会员流失，经研究予以清理，办理注销。",
            effective_on=on,
        )

    # ---- 2020: 整顿 4 irregular chambers, each with a case, closed and restored
    for name, on, defects, measures, closed in IRREGULAR_2020:
        chamber = chambers[name]
        services.flag_irregular(actor=admin, chamber=chamber, defects=defects, flagged_on=on)
        services.transition_chamber(
            actor=admin,
            chamber=chamber,
            to_state=ChamberState.RECTIFYING,
            cause=Cause.IRREGULAR,
            reason="专项检查发现不规范问题，责令限期整顿。",
            effective_on=on,
            case_deadline=on.replace(month=on.month + 4),
        )
        case = chamber.rectification_cases.get()
        services.update_case(
            actor=admin,
            case=case,
            defects=defects,
            measures=measures,
            deadline=case.deadline,
            responsible_person=ctx.fake.name(),
        )
        services.close_case(
            actor=admin, case=case, result="整改措施全部落实，经工商联验收合格。", closed_on=closed
        )

    # ---- 2020: 新建 5 industry chambers and 沂水商会 (the first hometown chamber)
    for name, kind, start, established in NEW_2020:
        founded(add_chamber(name, kind), start, established)
    yishui = chambers[YISHUI[0]]
    founded(yishui, YISHUI[1], YISHUI[2])

    # ---- registrations: 6 street chambers registered in 2020; the rest as their history says
    serial = 510000
    for i, (name, chamber) in enumerate(sorted(chambers.items())):
        serial += 1
        state = services.current_state(chamber)
        profile_kwargs = {
            "credit_code": make_credit_code(serial, kind="51"),
            "supervisor": SUPERVISOR,
            "address": f"青岛市城阳区{chamber.street or '正阳路'}{100 + i}号",
        }
        if chamber.chamber_kind == ChamberKind.STREET:
            registered = date(2020, 3 + i % 9, 10 + i % 15)
        elif chamber == yishui:
            registered = date(2021, 3, 18)
        elif name in {n for n, *_ in NEW_2020}:
            registered = date(2021, 1 + i % 6, 12)
        else:
            registered = LEGACY.get(name, EXTRA_DORMANT.get(name))[1]
        if state == ChamberState.DISSOLVED:
            services.update_registration(
                actor=admin,
                chamber=chamber,
                registration_status=RegistrationStatus.DEREGISTERED,
                registration_number=f"城民社证字第{2000 + i:04d}号",
                registered_on=registered,
                deregistered_on=date(2021, 3, 31),
                **profile_kwargs,
            )
        else:
            services.update_registration(
                actor=admin,
                chamber=chamber,
                registration_status=RegistrationStatus.REGISTERED,
                registration_number=f"城民社证字第{2000 + i:04d}号",
                registered_on=registered,
                **profile_kwargs,
            )

    # ---- charters (章程) for the street chambers, with 城阳街道商会's 2022 revision (会长轮值制)
    for name, chamber in chambers.items():
        if chamber.chamber_kind != ChamberKind.STREET:
            continue
        services.upload_charter(
            actor=admin,
            chamber=chamber,
            title=f"{name}章程",
            file=ContentFile(_pdf("Charter 2019"), name="charter-2019.pdf"),
            effective_on=LEGACY[name][1],
            note="成立大会通过",
        )
    services.upload_charter(
        actor=admin,
        chamber=chambers["城阳街道商会"],
        title="城阳街道商会章程（2022年修订）",
        file=ContentFile(_pdf("Charter 2022"), name="charter-2022.pdf"),
        effective_on=date(2022, 3, 20),
        note="增加会长轮值制条款，经会员大会表决通过",
    )

    # ---- ratings granted in 2020: 4 provincial/municipal 四好商会 (+1 district), 3 grade-3A
    def grant(name, scheme, granted, *, level="", grade="", years=3):
        chamber = chambers[name]
        rating = services.apply_rating(
            actor=admin,
            chamber=chamber,
            scheme=scheme,
            level=level,
            grade=grade,
            applied_on=granted.replace(month=max(1, granted.month - 3)),
            note="按评定办法对照指标自评，材料齐全。",
        )
        indicators = services.indicators_for(fed, scheme)
        services.score_rating(
            actor=admin,
            rating=rating,
            scores={i.pk: round(float(i.max_score) * ctx.rng.uniform(0.82, 0.97), 1) for i in indicators},
        )
        services.decide_rating(
            actor=admin,
            rating=rating,
            approve=True,
            granted_on=granted,
            valid_from=granted,
            valid_until=granted.replace(year=granted.year + years),
            note="经评审委员会评定，予以认定。",
        )
        return rating

    for name, level, on in FOUR_GOOD_2020:
        grant(name, RatingScheme.FOUR_GOOD, on, level=level)
    for name, on in GRADE_3A_2020:
        grant(name, RatingScheme.CIVIL_AFFAIRS_GRADE, on, grade="3A", years=5)
    # Renewals after expiry and an upgrade (later years, outside the 2020 figures).
    grant("城阳街道商会", RatingScheme.FOUR_GOOD, date(2024, 11, 20), level=RatingLevel.PROVINCIAL)
    grant("夏庄街道商会", RatingScheme.FOUR_GOOD, date(2024, 10, 25), level=RatingLevel.MUNICIPAL)
    grant("沂水商会", RatingScheme.FOUR_GOOD, date(2024, 9, 12), level=RatingLevel.DISTRICT)
    grant("城阳街道商会", RatingScheme.CIVIL_AFFAIRS_GRADE, date(2025, 6, 5), grade="4A", years=5)

    # ---- live work (2026) for the to-do list and the campaign pages
    today = ctx.today
    pending = services.apply_rating(
        actor=admin,
        chamber=chambers["城阳区科技企业商会"],
        scheme=RatingScheme.FOUR_GOOD,
        level=RatingLevel.MUNICIPAL,
        applied_on=date(today.year, 11, 10),
        note="申报市级“四好”商会。",
    )
    services.score_rating(
        actor=admin,
        rating=pending,
        scores={
            i.pk: float(i.max_score) - 3 for i in services.indicators_for(fed, RatingScheme.FOUR_GOOD)[:2]
        },
    )
    services.apply_rating(
        actor=admin,
        chamber=yishui,
        scheme=RatingScheme.CIVIL_AFFAIRS_GRADE,
        grade="3A",
        applied_on=date(today.year, 10, 20),
        note="申报民政评估3A等级。",
    )
    # Two open rectification cases: one overdue, one due soon.
    for name, on, deadline, defects in [
        (
            "城阳区茶叶商会",
            date(today.year, 5, 8),
            date(today.year, 8, 31),
            "会员大会到期未换届；会费收支未公开。",
        ),
        (
            "城阳区物流商会",
            date(today.year, 9, 2),
            date(today.year, 12, 5),
            "理事会半年未召开；秘书长离职未补聘。",
        ),
    ]:
        services.flag_irregular(actor=admin, chamber=chambers[name], defects=defects, flagged_on=on)
        services.transition_chamber(
            actor=admin,
            chamber=chambers[name],
            to_state=ChamberState.RECTIFYING,
            cause=Cause.IRREGULAR,
            reason="年度检查发现问题，责令限期整顿。",
            effective_on=on,
            case_deadline=deadline,
        )
    # A chamber in 筹建 now, and a secretary's pending request.
    services.found_chamber(
        actor=admin,
        federation=fed,
        name="城阳区预制菜产业商会",
        chamber_kind=ChamberKind.INDUSTRY,
        reason="食品加工企业集聚，会员企业联名申请筹建。",
        effective_on=date(today.year, 8, 18),
    )
    chambers["城阳区预制菜产业商会"] = ctx.chambers["城阳区预制菜产业商会"] = Organization.objects.get(
        path__startswith=fed.path, name="城阳区预制菜产业商会"
    )
    secretary = ctx.users.get("sec_xiazhuang")
    services.request_transition(
        actor=secretary,
        chamber=chambers["夏庄街道商会"],
        to_state=ChamberState.RECTIFYING,
        cause=Cause.OTHER,
        reason="监事会未按章程履职，申请开展内部整顿。",
        effective_on=date(today.year, 12, 1),
    )

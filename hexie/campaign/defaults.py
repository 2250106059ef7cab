"""The national default indicator systems: HOP (人社部发〔2023〕2号) creation standards as scored trees.

HOP lists nine standards for enterprises and seven for industrial parks and townships (streets),
reproduced word for word in the Weihai opinion (威人社函〔2023〕19号 §五, seed 001); Hubei's plan
(鄂人社发〔2023〕21号 task 2, seed 002) asks each province to turn them into an indicator system.
These two trees are that system at its plainest, installed by migration 0002 as version 1,
published, with no owner region (national); a province clones one and retunes it.

How the points are spread (100 in all, passing at 80, the usual provincial cut):
- each standard is a group; its points follow how much of the standard the platform or the
  evidence can check — the standards with hard numbers (collective contracts and contract
  signing, satisfaction, the education fund's 60% for front-line workers) weigh most;
- the published park table fixes four figures kept here as data: contract signing rate 100% = 8
  points, −0.2 per percentage point short; social insurance ≥ 90% enrolment; collective contracts
  in ≥ 80% of firms; unions and workers' congresses in ≥ 80% of firms;
- the veto items (一票否决) hang at the top level, outside the nine (seven) groups: each is fed by
  the veto events other modules record ("campaign.veto_event.<kind>", last 12 months) and by the
  unit's own declaration;
- computed indicators name the registry key that feeds them; those whose module is not yet in
  service fall back to the unit's self-reported value, with evidence required ({"fallback": "self"}).
Provincial veto lists (Shandong: 12 items) are unconfirmed, so they are not guessed here: a
province adds its own items to its clone.
"""

from decimal import Decimal

SELF = {"fallback": "self"}


def grades(top: int) -> dict:
    """好 = full points, 较好 = three quarters, 一般 = a quarter (rounded to 0.5)."""
    return {
        "levels": [
            {"label": "好", "score": top},
            {"label": "较好", "score": round(top * 0.75 * 2) / 2},
            {"label": "一般", "score": round(top * 0.25 * 2) / 2},
            {"label": "差", "score": 0},
        ]
    }


def group(code, name, max_score, children, guidance=""):
    return {
        "code": code,
        "name": name,
        "method": "group",
        "max_score": max_score,
        "guidance": guidance,
        "children": children,
    }


def leaf(code, name, method, max_score, guidance="", *, options=None, key="", evidence=False, hint=""):
    return {
        "code": code,
        "name": name,
        "method": method,
        "max_score": max_score,
        "guidance": guidance,
        "options": options or {},
        "computed_key": key,
        "evidence_required": evidence,
        "evidence_hint": hint,
    }


def veto(code, name, kind, guidance=""):
    return {
        "code": code,
        "name": name,
        "method": "boolean",
        "max_score": 0,
        "guidance": guidance,
        "options": {},
        "computed_key": f"campaign.veto_event.{kind}",
        "is_veto": True,
    }


SIGNING_RATE = {"linear": {"target": 100, "step": 0.2, "per": 1}, **SELF}

ENTERPRISE = {
    "code": "HOP-2023-E",
    "name": "劳动关系和谐企业评价指标（国家标准）",
    "subject_kind": "enterprise",
    "pass_score": 80,
    "description": "依据《关于推进新时代和谐劳动关系创建活动的意见》（人社部发〔2023〕2号）企业创建九项标准设置，"
    "满分100分，80分达标；发生否决事项的不予命名。",
    "indicators": [
        group(
            "E1",
            "企业党组织健全、作用发挥充分",
            8,
            [
                leaf(
                    "E1.1",
                    "建立企业党组织",
                    "boolean",
                    4,
                    "已建立党组织（或按规定纳入联合党组织）",
                    evidence=True,
                    hint="党组织成立批复或隶属关系证明",
                ),
                leaf(
                    "E1.2",
                    "党组织在创建活动中组织、宣传、凝聚、服务职工",
                    "graded",
                    4,
                    "好4分、较好3分、一般1分、差0分",
                    options=grades(4),
                ),
            ],
        ),
        group(
            "E2",
            "工会组织健全，集体协商和劳动合同制度落实",
            20,
            [
                leaf("E2.1", "工会组织健全、运行顺畅", "boolean", 3, "依法建立工会，按期换届，经费足额拨缴"),
                leaf(
                    "E2.2",
                    "定期开展工资集体协商，工资增长与效益和劳动生产率相适应",
                    "boolean",
                    5,
                    "每年至少开展一次工资集体协商",
                    evidence=True,
                    hint="协商会议纪要、工资专项集体合同",
                ),
                leaf(
                    "E2.3",
                    "集体合同在有效期内",
                    "computed",
                    5,
                    "集体合同经职代会通过、报人社部门审查，在有效期内",
                    options=SELF,
                    key="contracts.collective_contract_in_force",
                    evidence=True,
                    hint="集体合同文本及审查意见书",
                ),
                leaf(
                    "E2.4",
                    "劳动合同签订率",
                    "computed",
                    7,
                    "签订率100%得满分，每低1个百分点扣0.2分，扣完为止",
                    options=SIGNING_RATE,
                    key="contracts.signing_rate",
                    evidence=True,
                    hint="职工花名册与劳动合同台账",
                ),
            ],
        ),
        group(
            "E3",
            "民主管理制度健全",
            12,
            [
                leaf(
                    "E3.1",
                    "定期召开职工（代表）大会，涉及职工切身利益的规章制度和重大事项经审议通过",
                    "boolean",
                    5,
                    evidence=True,
                    hint="职代会会议记录、决议",
                ),
                leaf("E3.2", "厂务公开制度完善", "boolean", 4),
                leaf("E3.3", "公司制企业依法设立职工董事、职工监事", "boolean", 3, "非公司制企业视为符合"),
            ],
        ),
        group(
            "E4",
            "劳动争议调解委员会健全，预防预警和协调员到位",
            12,
            [
                leaf(
                    "E4.1",
                    "建立企业劳动争议调解委员会",
                    "computed",
                    5,
                    "平台登记有隶属本企业的调解组织；未登记的凭佐证材料认定",
                    options=SELF,
                    key="core.mediation_committee_present",
                    evidence=True,
                    hint="调解委员会成立文件",
                ),
                leaf("E4.2", "建立劳动争议预防预警机制，及时调处苗头性、倾向性问题", "boolean", 4),
                leaf("E4.3", "配备劳动关系协调员", "boolean", 3),
            ],
        ),
        group(
            "E5",
            "职工培训制度健全，教育经费足额到位",
            10,
            [
                leaf("E5.1", "制定培训计划，开展岗前、学徒、脱产培训和技能竞赛", "boolean", 4),
                leaf(
                    "E5.2",
                    "职工教育经费用于一线职工的比例（%）",
                    "threshold",
                    6,
                    "≥60%得6分，≥50%得3分",
                    options={"steps": [[60, 6], [50, 3]]},
                    evidence=True,
                    hint="教育经费使用明细",
                ),
            ],
        ),
        group(
            "E6",
            "企业文化建设",
            6,
            [
                leaf("E6.1", "培育富有企业特色的企业精神和健康向上的企业文化", "graded", 3, options=grades(3)),
                leaf("E6.2", "践行社会主义核心价值观，承担服务社会、造福职工的责任", "boolean", 3),
            ],
        ),
        group(
            "E7",
            "人文关怀",
            10,
            [
                leaf("E7.1", "改善职工生产和生活条件", "boolean", 3),
                leaf("E7.2", "支持职工平衡工作和家庭责任，保障女职工平等就业、发展机会和待遇", "boolean", 4),
                leaf("E7.3", "关注职工精神需求和心理健康，建立职工健康服务体系", "boolean", 3),
            ],
        ),
        group(
            "E8",
            "职工爱岗敬业、理性合法表达诉求",
            8,
            [
                leaf("E8.1", "职工爱岗敬业、遵守纪律、诚实守信", "graded", 4, options=grades(4)),
                leaf("E8.2", "职工以理性合法形式表达利益诉求，未发生越级、非正常上访", "boolean", 4),
            ],
        ),
        group(
            "E9",
            "职工满意度较高",
            14,
            [
                leaf(
                    "E9.1",
                    "职工综合满意率（%）",
                    "computed",
                    12,
                    "≥90%得12分，≥80%得9分，≥70%得6分",
                    options={"steps": [[90, 12], [80, 9], [70, 6]], **SELF},
                    key="surveys.satisfaction_rate",
                    evidence=True,
                    hint="职工满意度测评报告",
                ),
                leaf(
                    "E9.2",
                    "满意度测评覆盖劳动报酬、社保缴纳、休息休假、工作环境、技能培训、劳动条件、协商民主、人文关怀",
                    "boolean",
                    2,
                ),
            ],
        ),
        veto("V1", "严重拖欠职工工资", "wage_arrears"),
        veto("V2", "被列入拖欠农民工工资失信联合惩戒对象名单", "blacklist"),
        veto("V3", "发生因劳动关系引发的群体性事件", "mass_incident"),
        veto("V4", "发生重大安全生产事故", "safety_accident"),
        veto("V5", "存在其他严重违反劳动保障法律法规的行为", "other"),
    ],
}

AREA = {
    "code": "HOP-2023-A",
    "name": "劳动关系和谐工业园区、乡镇（街道）评价指标（国家标准）",
    "subject_kind": "area",
    "pass_score": 80,
    "description": "依据《关于推进新时代和谐劳动关系创建活动的意见》（人社部发〔2023〕2号）工业园区、乡镇（街道）"
    "创建七项标准设置，满分100分，80分达标；发生否决事项的不予命名。",
    "indicators": [
        group(
            "A1",
            "党委领导的工作机制和三方协调机制健全",
            12,
            [
                leaf(
                    "A1.1", "党委领导的构建和谐劳动关系工作机制健全，创建活动纳入党委、政府重要议事日程", "boolean", 4
                ),
                leaf("A1.2", "制定出台推进创建活动的实施方案", "boolean", 4, evidence=True, hint="实施方案文件"),
                leaf("A1.3", "政府、工会、企业代表组织共同参与的劳动关系协商协调机制", "boolean", 4),
            ],
        ),
        group(
            "A2",
            "辖区企业用工管理普遍合法合规",
            20,
            [
                leaf(
                    "A2.1",
                    "辖区企业劳动合同签订率",
                    "computed",
                    8,
                    "签订率100%得8分，每低1个百分点扣0.2分",
                    options=SIGNING_RATE,
                    key="contracts.signing_rate",
                    evidence=True,
                    hint="辖区企业用工台账",
                ),
                leaf(
                    "A2.2",
                    "辖区企业社会保险参保率（%）",
                    "threshold",
                    8,
                    "≥90%得8分，≥80%得4分",
                    options={"steps": [[90, 8], [80, 4]]},
                ),
                leaf("A2.3", "开展劳动保障法律宣传和用工指导服务，企业基本达到创建标准", "boolean", 4),
            ],
        ),
        group(
            "A3",
            "集体合同制度普遍建立",
            14,
            [
                leaf(
                    "A3.1",
                    "签订集体合同的企业占比（%）",
                    "threshold",
                    10,
                    "≥80%得10分，≥70%得7分，≥60%得4分",
                    options={"steps": [[80, 10], [70, 7], [60, 4]]},
                    evidence=True,
                    hint="集体合同审查备案台账",
                ),
                leaf("A3.2", "小微企业通过区域性、行业性集体合同实现覆盖", "boolean", 4),
            ],
        ),
        group(
            "A4",
            "工会、企业代表组织和调解组织健全，矛盾联动化解",
            20,
            [
                leaf(
                    "A4.1",
                    "辖区企业建立工会的比例（%）",
                    "threshold",
                    6,
                    "≥80%得6分，≥70%得4分",
                    options={"steps": [[80, 6], [70, 4]]},
                ),
                leaf("A4.2", "依法建立企业代表组织和劳动争议调解组织", "boolean", 6),
                leaf("A4.3", "突发性、集体性劳动争议应急调解协调机制和重大劳动争议信息报告制度", "boolean", 8),
            ],
        ),
        group(
            "A5",
            "厂务公开和民主管理普遍建立",
            12,
            [
                leaf("A5.1", "成立厂务公开协调领导机构", "boolean", 4),
                leaf(
                    "A5.2",
                    "辖区企业建立职代会制度的比例（含区域性、行业性职代会覆盖，%）",
                    "threshold",
                    8,
                    "≥80%得8分，≥70%得5分",
                    options={"steps": [[80, 8], [70, 5]]},
                ),
            ],
        ),
        group(
            "A6",
            "防范和处置重大事故、事件的机制健全有效",
            10,
            [
                leaf("A6.1", "防范和处置重大安全生产、重大职业危害事故的机制", "boolean", 5),
                leaf("A6.2", "防范和处置重大劳动关系群体性、突发性事件的机制", "boolean", 5),
            ],
        ),
        group(
            "A7",
            "劳动关系基层公共服务站点和协调员",
            12,
            [
                leaf(
                    "A7.1",
                    "服务站点标识统一、场所固定、设施齐全、内容完备",
                    "boolean",
                    6,
                    evidence=True,
                    hint="站点照片和服务台账",
                ),
                leaf("A7.2", "配备劳动关系协调员，经常性督促指导企业创建", "boolean", 4),
                leaf("A7.3", "定期组织培训、交流、观摩活动", "boolean", 2),
            ],
        ),
        veto("V1", "辖区发生因劳动关系引发的重大群体性事件", "mass_incident"),
        veto("V2", "辖区发生重大集体劳动争议且处置不力", "mass_dispute"),
        veto("V3", "辖区发生重大安全生产事故", "safety_accident"),
    ],
}

DEFAULT_SYSTEMS = (ENTERPRISE, AREA)


def flatten(indicators: list[dict], parent: str | None = None):
    """(parent code, node without its children) for every node of a tree, parents first."""
    for node in indicators:
        yield parent, {k: v for k, v in node.items() if k != "children"}
        yield from flatten(node.get("children", []), node["code"])


def install_defaults(apps) -> list:
    """Create the national default systems as version 1, published, national (idempotent).
    `apps` is the migration's app registry (or django.apps.apps)."""
    from django.utils import timezone

    IndicatorSystem = apps.get_model("campaign", "IndicatorSystem")
    Indicator = apps.get_model("campaign", "Indicator")
    installed = []
    for data in DEFAULT_SYSTEMS:
        if IndicatorSystem.objects.filter(code=data["code"], version=1).exists():
            continue
        system = IndicatorSystem.objects.create(
            code=data["code"],
            version=1,
            name=data["name"],
            subject_kind=data["subject_kind"],
            status="published",
            pass_score=Decimal(data["pass_score"]),
            description=data["description"],
            owner_region=None,
            published_at=timezone.now(),
        )
        created: dict[str, object] = {}
        for order, (parent, node) in enumerate(flatten(data["indicators"]), start=1):
            created[node["code"]] = Indicator.objects.create(
                system=system,
                parent=created.get(parent),
                order=order,
                code=node["code"],
                name=node["name"],
                guidance=node.get("guidance", ""),
                method=node["method"],
                max_score=Decimal(node["max_score"]),
                options=node.get("options", {}),
                computed_key=node.get("computed_key", ""),
                evidence_required=node.get("evidence_required", False),
                evidence_hint=node.get("evidence_hint", ""),
                is_veto=node.get("is_veto", False),
            )
        installed.append(system)
    return installed

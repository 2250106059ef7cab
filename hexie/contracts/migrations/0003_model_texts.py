"""Seed the platform's model texts (示范文本), version 1, published, with no enterprise.

Four labor-contract texts following the structure of the Ministry of Human Resources and Social
Security's 2019 model labor contract (劳动合同示范文本（通用）) — one per term kind (fixed,
open-ended, task-based) and one for part-time work (非全日制) — and the written agreement of a
platform worker (平台网约劳动者书面协议). Clause wording is fixed; `{placeholders}` are filled from the
contract's fields (see `hexie.contracts.services.drafting.PLACEHOLDERS`). `mandatory` marks the
clauses that LCL-17 (劳动合同法第十七条) requires.
"""

from django.db import migrations

SOURCE = "人力资源社会保障部劳动合同示范文本（通用，2019年）"
PLATFORM_SOURCE = "人力资源社会保障部等八部门《关于维护新就业形态劳动者劳动保障权益的指导意见》（人社部发〔2021〕56号）"

TERM = {
    "fixed": "甲乙双方约定按下列方式确定劳动合同期限：固定期限，自{start}起至{end}止。{probation_text}",
    "open_ended": "甲乙双方约定按下列方式确定劳动合同期限：无固定期限，自{start}起。{probation_text}",
    "task": (
        "甲乙双方约定按下列方式确定劳动合同期限：以完成一定工作任务为期限，自{start}起至{task}完成时止。"
        "以完成一定工作任务为期限的劳动合同不得约定试用期。"
    ),
    "part_time": "甲乙双方建立非全日制用工劳动关系，自{start}起{end_text}。非全日制用工双方当事人不得约定试用期。",
}

HOURS = {
    "part_time": (
        "乙方平均每日工作{hours_per_day}小时，每周累计工作{hours_per_week}小时，"
        "平均每日不超过四小时、每周累计不超过二十四小时。休息休假：{rest}。"
    ),
    "default": (
        "甲方安排乙方执行{hours_system}。执行标准工时制度的，乙方每日工作时间不超过八小时，每周工作时间不超过四十小时；"
        "执行综合计算工时工作制或者不定时工作制的，应当经人力资源社会保障部门批准。"
        "甲方因生产经营需要延长工作时间的，应当与工会和乙方协商，并依法安排补休或者支付加班工资。"
        "休息休假：{rest}。"
    ),
}

PAY = {
    "part_time": (
        "甲方按小时支付乙方劳动报酬，小时工资为{wage}元，不低于当地小时最低工资标准。"
        "劳动报酬结算支付周期为{pay_cycle_days}日，最长不超过十五日。"
    ),
    "default": (
        "甲方每月{payday}日前以货币形式支付乙方上月工资，工资形式为{wage_form}，月工资为{wage}元。"
        "{probation_wage_text}甲方不得克扣或者无故拖欠乙方工资，乙方在法定工作时间内提供了正常劳动的，"
        "甲方支付的工资不得低于当地最低工资标准。"
    ),
}

COMMON_HEAD = [
    (
        "parties",
        "劳动合同双方当事人",
        (
            "甲方（用人单位）：{employer_name}，住所：{employer_address}，法定代表人（主要负责人）：{legal_representative}。"
            "乙方（劳动者）：{worker_name}，居民身份证号码：{worker_id_number}，住址：{worker_address}。"
            "甲乙双方根据《中华人民共和国劳动法》《中华人民共和国劳动合同法》等法律法规，遵循合法、公平、平等自愿、"
            "协商一致、诚实信用的原则订立本合同。"
        ),
        True,
    ),
]


def labor_clauses(term_kind: str) -> list[tuple[str, str, str, bool]]:
    kind = "part_time" if term_kind == "part_time" else "default"
    return [
        *COMMON_HEAD,
        ("term", "一、劳动合同期限", TERM[term_kind], True),
        (
            "job",
            "二、工作内容和工作地点",
            (
                "乙方的工作岗位为{position}，岗位职责为{job_description}。乙方的工作地点为{work_place}。"
                "乙方应按照甲方依法制定的规章制度和岗位职责要求，按时完成工作任务，达到规定的质量标准。"
            ),
            True,
        ),
        ("hours", "三、工作时间和休息休假", HOURS[kind], True),
        ("pay", "四、劳动报酬", PAY[kind], True),
        (
            "insurance",
            "五、社会保险和福利待遇",
            (
                "甲乙双方依法参加社会保险，按时缴纳各项社会保险费，其中依法应由乙方缴纳的部分由甲方从乙方工资中代扣代缴。"
                "具体约定：{social_insurance}。乙方患病或者非因工负伤、因工负伤或者患职业病的待遇按国家和本省有关规定执行。"
            ),
            True,
        ),
        (
            "protection",
            "六、职业培训和劳动保护",
            (
                "甲方应当建立健全职业培训制度，对乙方进行必要的职业培训。甲方为乙方提供符合国家规定的劳动安全卫生条件和"
                "必要的劳动保护用品，对可能产生职业病危害的岗位如实告知乙方。具体约定：{protection}。"
                "乙方有权拒绝甲方管理人员违章指挥、强令冒险作业。"
            ),
            True,
        ),
        (
            "termination",
            "七、劳动合同的变更、解除和终止",
            (
                "经甲乙双方协商一致，可以变更本合同约定的内容，变更应当采用书面形式。本合同的解除和终止依照"
                "《中华人民共和国劳动合同法》第三十六条至第五十条的规定执行；依法应当支付经济补偿的，甲方按照第四十七条的规定支付。"
                "甲方应当在解除或者终止本合同时出具解除或者终止劳动合同的证明，并在十五日内为乙方办理档案和社会保险关系转移手续。"
                "{termination_terms}"
            ),
            False,
        ),
        ("other", "八、双方约定的其他事项", "{other_terms}", False),
        (
            "disputes",
            "九、劳动争议处理及其他",
            (
                "双方因履行本合同发生劳动争议的，可以协商解决，也可以向调解组织申请调解，或者向劳动人事争议仲裁委员会申请仲裁。"
                "本合同未尽事宜，按照国家和本省有关规定执行。本合同为电子劳动合同，经甲乙双方使用可靠的电子签名签署并附可信时间戳后生效，"
                "双方各自可随时查阅、下载和打印。"
            ),
            False,
        ),
    ]


PLATFORM_CLAUSES = [
    (
        "parties",
        "协议双方当事人",
        (
            "甲方（平台企业或用工合作企业）：{employer_name}，住所：{employer_address}，法定代表人（主要负责人）：{legal_representative}。"
            "乙方（劳动者）：{worker_name}，居民身份证号码：{worker_id_number}，住址：{worker_address}。"
            "双方依据国家关于维护新就业形态劳动者劳动保障权益的规定，在平等自愿、协商一致的基础上订立本书面协议。"
        ),
        True,
    ),
    ("term", "一、协议期限", "本协议自{start}起{end_text}。", True),
    (
        "job",
        "二、服务内容和服务区域",
        "乙方通过甲方平台从事{position}服务，服务内容为{job_description}，主要服务区域为{work_place}。",
        True,
    ),
    (
        "hours",
        "三、工作时间和休息",
        (
            "甲方应当合理确定乙方在线工作时长和劳动强度，不得以考核等方式变相强制乙方超时劳动。"
            "乙方每日在线工作时长约为{hours_per_day}小时，每周约为{hours_per_week}小时。休息安排：{rest}。"
        ),
        True,
    ),
    (
        "pay",
        "四、劳动报酬",
        (
            "甲方按照{wage_form}向乙方支付劳动报酬，标准为{wage}元；乙方在法定工作时间内提供正常劳动的，"
            "劳动报酬不得低于当地最低工资标准。劳动报酬结算周期为{pay_cycle_days}日，甲方不得克扣或者无故拖欠。"
            "订单分配、计件单价、抽成比例、报酬构成及支付方式等直接涉及乙方权益的规则调整，甲方应当事先公示并听取劳动者代表意见。"
        ),
        True,
    ),
    (
        "insurance",
        "五、职业伤害保障和社会保险",
        ("甲方依法为乙方参加职业伤害保障，并按规定参加相应的社会保险。具体约定：{social_insurance}。"),
        True,
    ),
    (
        "protection",
        "六、劳动安全卫生",
        (
            "甲方应当履行劳动安全卫生责任，不得制定损害乙方安全健康的考核指标，对乙方进行安全培训并提供必要的安全防护。"
            "具体约定：{protection}。"
        ),
        True,
    ),
    (
        "termination",
        "七、协议的变更和终止",
        (
            "经双方协商一致可以变更本协议；变更应当采用书面形式。任何一方终止本协议，应当按照平台公示的规则提前告知对方。"
            "{termination_terms}"
        ),
        False,
    ),
    ("other", "八、双方约定的其他事项", "{other_terms}", False),
    (
        "disputes",
        "九、争议处理",
        (
            "双方发生争议的，可以协商解决，也可以向调解组织申请调解，或者依法申请仲裁、提起诉讼。"
            "本协议经双方使用可靠的电子签名签署并附可信时间戳后生效。"
        ),
        False,
    ),
]

MODEL_TEXTS = [
    ("MODEL-FIXED", "劳动合同（固定期限）示范文本", "labor", "fixed", SOURCE, labor_clauses("fixed")),
    ("MODEL-OPEN", "劳动合同（无固定期限）示范文本", "labor", "open_ended", SOURCE, labor_clauses("open_ended")),
    ("MODEL-TASK", "劳动合同（以完成一定工作任务为期限）示范文本", "labor", "task", SOURCE, labor_clauses("task")),
    ("MODEL-PART", "非全日制用工劳动合同示范文本", "labor", "part_time", SOURCE, labor_clauses("part_time")),
    ("MODEL-PLATFORM", "平台网约劳动者书面协议示范文本", "platform", "fixed", PLATFORM_SOURCE, PLATFORM_CLAUSES),
]


def install(apps, schema_editor):
    from django.utils import timezone

    ContractTemplate = apps.get_model("contracts", "ContractTemplate")
    TemplateClause = apps.get_model("contracts", "TemplateClause")
    for code, name, kind, term_kind, source, clauses in MODEL_TEXTS:
        template, created = ContractTemplate.objects.get_or_create(
            enterprise=None,
            code=code,
            version=1,
            defaults={
                "name": name,
                "kind": kind,
                "term_kind": term_kind,
                "status": "published",
                "source": source,
                "published_at": timezone.now(),
            },
        )
        if created:
            TemplateClause.objects.bulk_create(
                TemplateClause(
                    template=template,
                    order=index * 10,
                    key=key,
                    heading=heading,
                    text=text,
                    source="model",
                    mandatory=mandatory,
                )
                for index, (key, heading, text, mandatory) in enumerate(clauses, start=1)
            )


def remove(apps, schema_editor):
    ContractTemplate = apps.get_model("contracts", "ContractTemplate")
    for code, *_rest in MODEL_TEXTS:
        for template in ContractTemplate.objects.filter(enterprise=None, code=code, version=1):
            if not template.contracts.exists() and not template.copies.exists():
                template.clauses.all().delete()
                template.delete()


class Migration(migrations.Migration):
    dependencies = [("contracts", "0002_paper_contracts")]

    operations = [migrations.RunPython(install, remove)]

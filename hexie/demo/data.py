"""Vocabularies and proportions of the synthetic province: industry mix, name parts, positions,
employment forms, size thresholds and where workers come from.

The proportions are plausible for Shandong, not official statistics: manufacturing (制造业) is the
largest section, then wholesale and retail, construction, transport.
"""

# GB/T 4754 section -> share of enterprises.
INDUSTRY_MIX = {
    "C": 28,
    "F": 21,
    "E": 9,
    "G": 6,
    "H": 6,
    "L": 6,
    "I": 5,
    "M": 4,
    "K": 3,
    "O": 3,
    "A": 3,
    "N": 1.5,
    "Q": 1,
    "R": 1,
    "P": 1,
    "D": 1,
    "B": 0.5,
    "J": 0.5,
}

# Relative workforce of an enterprise of each section (a factory employs more than a shop).
INDUSTRY_WORKFORCE = {
    "C": 2.2,
    "E": 1.8,
    "B": 3.0,
    "D": 2.0,
    "G": 1.3,
    "H": 0.9,
    "F": 0.55,
    "I": 1.0,
    "J": 0.8,
    "K": 0.9,
    "L": 1.4,
    "M": 0.7,
    "N": 1.0,
    "O": 0.6,
    "P": 0.7,
    "Q": 1.2,
    "R": 0.5,
    "A": 0.8,
}

# Share of men among the workers of each section.
MALE_SHARE = {
    "C": 0.62,
    "E": 0.86,
    "B": 0.9,
    "D": 0.75,
    "G": 0.8,
    "H": 0.42,
    "F": 0.47,
    "I": 0.66,
    "J": 0.45,
    "K": 0.55,
    "L": 0.52,
    "M": 0.6,
    "N": 0.58,
    "O": 0.45,
    "P": 0.3,
    "Q": 0.25,
    "R": 0.5,
    "A": 0.6,
}

# The words after the trade name (字号): "济南" + "鲁信" + "机械制造" + "有限公司".
INDUSTRY_WORDS = {
    "A": ["农业科技", "果业", "畜牧养殖", "蔬菜种植", "水产养殖", "农业发展"],
    "B": ["矿业", "石材", "矿产开发"],
    "C": [
        "机械制造",
        "化工",
        "纺织",
        "食品",
        "汽车零部件",
        "电子科技",
        "新材料",
        "橡胶轮胎",
        "制药",
        "建材",
        "服装",
        "家具",
        "精密铸造",
        "塑料制品",
        "电气设备",
        "钢结构",
        "包装制品",
        "纸业",
        "重工",
        "医疗器械",
        "啤酒",
        "海洋食品",
        "五金制品",
    ],
    "D": ["热电", "燃气", "供水", "新能源", "光伏电力"],
    "E": ["建筑工程", "建设工程", "路桥工程", "建筑装饰工程", "安装工程", "市政工程", "水利工程"],
    "F": ["商贸", "贸易", "超市", "医药连锁", "物资", "百货", "汽车销售", "建材销售", "粮油", "电器"],
    "G": ["物流", "运输", "快递", "仓储", "冷链物流", "国际货运代理", "公交客运"],
    "H": ["餐饮管理", "酒店管理", "大酒店", "餐饮", "宾馆"],
    "I": ["信息技术", "软件", "网络科技", "数据科技", "智能科技", "通信技术"],
    "J": ["融资担保", "小额贷款", "典当"],
    "K": ["房地产开发", "物业管理", "置业"],
    "L": ["人力资源", "企业管理咨询", "劳务派遣", "会展服务", "设备租赁", "广告"],
    "M": ["检测技术", "工程设计", "环境检测", "生物技术", "工程咨询"],
    "N": ["环保科技", "园林绿化", "环境卫生服务", "水务"],
    "O": ["家政服务", "汽车维修", "保洁服务", "洗涤服务"],
    "P": ["教育科技", "职业培训", "文化培训"],
    "Q": ["医疗管理", "养老服务", "康复医疗"],
    "R": ["文化传媒", "体育发展", "影视文化"],
}

# 字号 (trade names) are built from two of these characters, or taken from Faker's company prefixes.
TRADE_NAME_CHARS = (
    "鲁齐泉岱海泰华恒宏盛瑞德丰鑫金利达通顺源安康信诚鼎汇博创新远航明光润嘉和裕兴隆昌旺祥益正中"
    "东圣骏宇铭豪峰天凯腾辉晨晟龙凤佳合力联众成昊晖嘉蓝海阳舜禹尧邦峻岳临沂琴"
)

OWNERSHIP_MIX = {"private": 86, "state": 3.5, "collective": 1, "foreign": 3, "hmt": 1.5, "other": 5}

# Employees at or above which an enterprise is (large, medium, small) under 统计上大中小微型企业划分办法
# (2017); below the last threshold it is micro. Sections measured by revenue use a close headcount.
SIZE_THRESHOLDS = {
    "A": (300, 100, 10),
    "B": (1000, 300, 20),
    "C": (1000, 300, 20),
    "D": (1000, 300, 20),
    "E": (1000, 300, 20),
    "F": (300, 50, 10),
    "G": (1000, 300, 20),
    "H": (300, 100, 10),
    "I": (300, 100, 10),
    "J": (300, 100, 10),
    "K": (1000, 300, 100),
    "L": (300, 100, 10),
}
DEFAULT_SIZE_THRESHOLDS = (300, 100, 10)

POSITIONS = {
    "A": ["农技员", "养殖工", "果园工人", "饲养员", "农机手"],
    "B": ["采掘工", "矿山安全员", "机电维修工", "爆破工", "运输司机"],
    "C": [
        "操作工",
        "装配工",
        "质检员",
        "机修工",
        "车间主任",
        "仓管员",
        "电工",
        "焊工",
        "叉车司机",
        "工艺技术员",
        "销售代表",
        "会计",
    ],
    "D": ["运行值班员", "检修工", "抄表员", "调度员", "安全员"],
    "E": ["钢筋工", "木工", "瓦工", "架子工", "施工员", "安全员", "项目经理", "资料员", "电焊工", "混凝土工"],
    "F": ["营业员", "收银员", "理货员", "采购员", "销售经理", "仓管员", "配送员"],
    "G": ["货车司机", "快递员", "分拣员", "调度员", "装卸工", "仓管员", "客服专员"],
    "H": ["服务员", "厨师", "前台接待", "客房服务员", "配菜员", "店长", "面点师"],
    "I": ["软件工程师", "测试工程师", "产品经理", "运维工程师", "实施工程师", "销售代表", "UI设计师"],
    "J": ["客户经理", "风控专员", "柜员", "会计"],
    "K": ["置业顾问", "物业管理员", "保安员", "保洁员", "工程维修员"],
    "L": ["人力资源专员", "招聘专员", "保安员", "保洁员", "商务专员", "会展服务员"],
    "M": ["检测员", "研发工程师", "设计师", "实验员", "技术员"],
    "N": ["环卫工", "绿化工", "水务检修工", "设备运维员"],
    "O": ["家政服务员", "汽车维修工", "美发师", "保洁员", "洗衣工"],
    "P": ["教师", "教务员", "课程顾问", "保育员"],
    "Q": ["护士", "护理员", "医生", "药剂师", "养老护理员"],
    "R": ["编辑", "摄影师", "教练员", "活动策划"],
}

# Employment forms (contract, dispatch, part_time, platform) by section.
EMPLOYMENT_KINDS = ("contract", "dispatch", "part_time", "platform")
DEFAULT_KIND_MIX = (86, 7, 4, 3)
KIND_MIX = {
    "E": (80, 14, 4, 2),
    "G": (74, 8, 3, 15),
    "H": (76, 6, 12, 6),
    "I": (90, 4, 3, 3),
    "L": (58, 35, 5, 2),
    "O": (74, 6, 12, 8),
    "F": (82, 6, 9, 3),
}

# Age bands of the workforce on the reference day: (youngest, oldest, share).
AGE_BANDS = ((18, 24, 11), (25, 34, 30), (35, 44, 28), (45, 54, 23), (55, 60, 8))

# Where workers were born (the ID number's first two digits): Shandong mostly; the migrants come
# from the neighbouring and the populous provinces.
HOME_SHARE = 0.86  # born in Shandong
HOME_CITY_SHARE = 0.7  # of those, born in the city where they work
MIGRANT_PROVINCES = {"41": 34, "34": 20, "13": 14, "32": 10, "51": 8, "23": 5, "22": 4, "21": 5}

MOBILE_PREFIXES = (
    "130",
    "131",
    "132",
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "166",
    "170",
    "171",
    "173",
    "175",
    "176",
    "177",
    "178",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "191",
    "198",
    "199",
)

STREET_SUFFIXES = ("路", "路", "街", "大街", "大道")

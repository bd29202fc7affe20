"""The claim check's patterns: compiled once, each scan a single pass over the text.

A claim is a name the draft asserts as a fact of the community's year: an honour with its level,
a named body or office, a medium or outlet, a quoted name of a team, project or activity, a
document in 《》. Matching compares one canonical spelling (canon): quotes and 《》 dropped,
punctuation half-width, long forms of bodies shortened (市委政法委员会 → 市委政法委).
"""

from __future__ import annotations

import re

__all__ = [
    "HONOUR", "HONOUR_HEAD", "BODY", "BODY_GENERIC", "MEDIUM_FIXED", "MEDIUM_LEVELLED", "MEDIUM_NAMED", "MEDIUM_ACCOUNT", "QUOTED", "BOOK", "LEVEL", "canon", "level_of", "level_before",
    "strip_function_words", "HAN", "HAN_CHAR",
]  # fmt: skip

HAN = "\u4e00-\u9fff"
# a Chinese character in a pattern: any letter but an ASCII one. Written with categories, not the range
# 一-鿿, whose 20,000-character bitmap the regex compiler builds again at every use (150 ms per import).
HAN_CHAR = r"[^\W\d_A-Za-z]"

# Level words, longest first; each maps to one of five ranks.
_LEVELS = (
    ("国家级", "国家级"), ("全国", "国家级"), ("国家", "国家级"), ("中央", "国家级"),
    ("省级", "省级"), ("全省", "省级"), ("省", "省级"), ("自治区级", "省级"),
    ("市级", "市级"), ("全市", "市级"), ("州级", "市级"), ("地市级", "市级"), ("市", "市级"), ("州", "市级"),
    ("区级", "区（县）级"), ("县级", "区（县）级"), ("全区", "区（县）级"), ("全县", "区（县）级"), ("区", "区（县）级"), ("县", "区（县）级"), ("旗", "区（县）级"),
    ("街道级", "街道级"), ("镇级", "街道级"), ("乡镇级", "街道级"), ("街道", "街道级"), ("乡镇", "街道级"), ("镇", "街道级"), ("乡", "街道级"),
    ("社区级", "社区级"), ("社区", "社区级"), ("村级", "社区级"),
)  # fmt: skip
_RANK = dict(_LEVELS)
# 区 of 社区/小区/园区 and 市 of 城市/超市 are no level
LEVEL = re.compile(
    "|".join(
        re.escape(w) if w not in ("区", "市", "县", "镇", "乡", "州", "省") else f"(?<![社小园城片辖景校营军厂矿超门都集乡县地省自]){w}"
        for w, _ in _LEVELS
    )
)

def trie_pattern(words) -> str:
    """One regex for a list of literal words, their common prefixes factored out (民政局|民政办 → 民政(?:局|办)):
    the engine then tries each character once instead of each word at every position. Longest match first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items(), key=lambda kv: kv[0]) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


# ---------------------------------------------------------------- honours
_HONOUR_HEAD = (
    rf"(?:荣誉称号|称号|先进{HAN_CHAR}{{0,6}}?(?:集体|个人|单位|社区|组织|党组织|工作者|家庭|村)|示范{HAN_CHAR}{{0,3}}?(?:点|社区|单位|基地|区|站|村|项目|岗)"
    rf"|模范{HAN_CHAR}{{0,4}}?(?:社区|单位|集体|个人|党组织|家庭|村|之家)|文明(?:单位|社区|家庭|村镇|村|校园|城市|楼院|小区)"
    rf"|标兵|红旗{HAN_CHAR}{{0,3}}?(?:单位|集体|党支部|手)|五好家庭|最美{HAN_CHAR}{{1,5}}?(?:家庭|人|社区|志愿者)"
    rf"|十佳{HAN_CHAR}{{1,6}}?(?:社区|单位|个人|志愿者|项目|案例)|最佳{HAN_CHAR}{{1,6}}?(?:组织|单位|社区|项目|案例|志愿者|个人|团队)|优秀{HAN_CHAR}{{1,6}}?(?:社区|单位|个人|集体|组织|党组织|党员|志愿者|项目|案例|团队|书记|工作者)"
    rf"|[一二三]等奖|金奖|银奖|铜奖|优秀奖|{HAN_CHAR}{{0,4}}奖(?![励补金品券惩])|[一二三四五]星级{HAN_CHAR}{{0,5}}?(?:社区|党组织|单位|支部)|星级{HAN_CHAR}{{0,5}}?(?:社区|党组织|单位))"
)
_TRIGGER = "(?:" + trie_pattern("被评为 被评选为 被授予 被命名为 被表彰为 被确定为 被列为 荣获 获评 获得 获授 荣膺 授予 评为 入选 成功创建 创建为".split()) + ")"
# a trigger, then the titles up to the sentence's next comma or stop
HONOUR = re.compile(rf"{_TRIGGER}(?P<titles>[^，,。；;！!？?\n]{{2,60}})")
HONOUR_TITLE = re.compile(
    # a quoted title, maybe with a level before it and a head word after it: 区级“绿色社区”, 市“二无一提高”活动先进单位
    rf"[^、，,。；;\n“]{{0,8}}?“[^”\n]{{1,15}}”(?:{HAN_CHAR}{{0,8}}?{_HONOUR_HEAD})?(?:荣誉称号|称号|等荣誉|荣誉)?"
    # or a title ending in a head word: 县平安建设优秀平安社区, 全国文明单位称号
    rf"|(?:“[^”\n]{{1,15}}”|[^、，,。；;\n])*?{_HONOUR_HEAD}(?:荣誉称号|称号)?"
    # or a level and the words after it: 获评省级平安社区 (a verb of honouring says it is one)
    rf"|(?:国家级|全国|省级|市级|区级|县级|街道级){HAN_CHAR}{{2,12}}"
)
HONOUR_HEAD = re.compile(_HONOUR_HEAD)
# an honour named without a verb: a level, then a title (省级“绿色社区”, 市级文明单位)
LEVELLED_HONOUR = re.compile(
    rf"(?:{trie_pattern(['国家级', '省级', '市级', '区级', '县级', '街道级', '全国'])})(?:“[^”\n]{{1,15}}”(?:{HAN_CHAR}{{0,8}}?{_HONOUR_HEAD}|(?:称号|荣誉))?|{HAN_CHAR}{{0,8}}?{_HONOUR_HEAD})"
)

# ---------------------------------------------------------------- bodies
_BODY_NAMES: list[str] = (
    "住房和城乡建设局 住房城乡建设局 卫生健康委员会 卫生健康委 卫生健康局 人力资源和社会保障局 人力资源社会保障局 市场监督管理局 "
    "城市管理局 城市管理综合执法局 城市管理执法局 政法委员会 社会治安综合治理中心 综合治理中心 自然资源和规划局 文化和旅游局 "
    "文化广电旅游局 纪律检查委员会 残疾人联合会 妇女联合会 退役军人事务局 "
    "民政局 卫健委 卫健局 卫计委 人社局 公安局 公安分局 司法局 教育局 教体局 财政局 住建局 住建委 城管局 城管执法局 综合执法局 "
    "市场监管局 应急管理局 应急局 生态环境局 环保局 自然资源局 文旅局 文广旅局 农业农村局 农业局 退役军人事务局 医保局 税务局 "
    "交通运输局 交通局 水务局 水利局 统计局 审计局 信访局 数据局 林业局 商务局 科技局 工信局 发改委 发改局 体育局 残联 妇联 团委 "
    "总工会 工会 科协 红十字会 工商联 文联 侨联 关工委 老龄委 老龄办 政法委 组织部 宣传部 统战部 社会工作部 纪委监委 纪委 监委 "
    "综治中心 综治办 网格化管理中心 网格中心 派出所 司法所 人民法院 法院 人民检察院 检察院 法庭 消防救援大队 消防救援站 消防大队 "
    "卫生服务中心 卫生服务站 新时代文明实践中心 新时代文明实践站 新时代文明实践所 党群服务中心 便民服务中心 政务服务中心 社工站 "
    "民政办 信访办 应急办 文明办 综合执法队 城管中队 城管执法中队 交警大队 税务所 供电所 市场监管所 卫生院 疾控中心 "
    "妇幼保健院 人民医院 中医院 图书馆 文化馆 博物馆 纪念馆 科技馆 档案馆 美术馆 少年宫 青少年宫 老年大学 福利院 敬老院 养老院 救助管理站 编办 人武部 团工委 国资委 教育委 民宗局 民宗委 残疾人联合会 妇女联合会"
).split()
# the body itself; its level (区, 市委, 街道) is read just before it (prefix_level): a pattern that starts
# with an optional level would try every position of the text
_BODY_NAMES += [stem + "部门" for stem in "民政 卫健 卫生健康 人社 公安 司法 教育 住建 城管 应急 文旅 医保 税务 残联 妇联".split()]
# the literals as one trie-factored pattern: each position costs one character test, not one per name
BODY = re.compile(trie_pattern(_BODY_NAMES))
BODY_NOT_AFTER = "署分门"
# What every 社区 has of its own: named bare (or as 社区…), it is the place the work was done, not a body a
# writer could invent; with a level above the community (街道综治中心, 区新时代文明实践中心) it is a claim.
OWN_FACILITIES = frozenset(
    "党群服务中心 便民服务中心 新时代文明实践站 新时代文明实践所 社工站 卫生服务站 综治中心 网格中心 网格化管理中心 综治办".split()
)  # 组织部署, 宣传部门 are no bodies
# any other office of a level: 区文体旅游局, 市行政审批局 (after the listed ones, which it must not cut)
BODY_GENERIC = re.compile(rf"(?<![社小园城片辖景校营军厂矿超门都集])[省市区县]({HAN_CHAR}{{1,5}}?(?<![大全格布当结开出胜变时残棋])局)(?![长面势])")
_PREFIX_LEVEL = re.compile(r"(?:街道|社区|乡镇|(?<![社小园城片辖景校营军厂矿超门都集])[省市州区县旗镇乡])委?$")


def prefix_level(text: str, start: int) -> tuple[str, int]:
    """The level word right before `start` (区 of 区民政局, 市委 of 市委政法委) and where it starts."""
    m = _PREFIX_LEVEL.search(text, max(0, start - 3), start)
    return (m.group(0), m.start()) if m else ("", start)


# ---------------------------------------------------------------- media
_FIXED_MEDIA = "学习强国|人民网|新华网|新华社|央视网|央视|中央电视台|人民日报|光明日报|经济日报|中国青年报|中国社会报|法治日报|今日头条|抖音|快手|微博|视频号"
MEDIUM_FIXED = re.compile(trie_pattern(_FIXED_MEDIA.split("|")))
MEDIUM_LEVELLED = re.compile(r"融媒体中心|广播电视台|电视台|广播电台|电台|新闻中心|报社|新闻网")
MEDIUM_NAMED = re.compile(r"日报|晚报|都市报|商报|时报")
MEDIUM_ACCOUNT = re.compile(
    r"“(?P<account>[^”\n]{1,15})”(?:微信)?(?:公众号|视频号|抖音号|微博|客户端|APP|App|app)"
    r"|(?:公众号|视频号|抖音号)“(?P<named>[^”\n]{1,15})”"  # 微信公众号“幸福桂香”
)
_HAN_RUN = re.compile(rf"{HAN_CHAR}{{1,5}}$")


def han_before(text: str, start: int) -> str:
    """Up to five Chinese characters right before `start`."""
    m = _HAN_RUN.search(text, max(0, start - 5), start)
    return m.group(0) if m else ""


BOOK = re.compile(r"《(?P<inner>[^《》\n]{1,40})》")
_BOOK_MEDIUM = re.compile(r"(?:报|刊|杂志|周刊|电视台|频道|新闻|网)$")
QUOTED = re.compile(r"“(?P<inner>[^“”\n]{2,15})”|\"(?P<ascii>[^\"\n]{2,15})\"|「(?P<corner>[^「」\n]{2,15})」")
# A quoted name is a claim when it names a thing: a type word follows it (“红色管家”志愿服务队, “四点半课堂”项目)
# or a founding verb precedes it (组建“红马甲”); a quoted slogan (“以人为本、服务群众”的要求) is not.
_NAME_HEADS = (
    r"(?:志愿服务|志愿者|服务队|志愿队|宣讲团|宣讲队|巡逻队|艺术团|合唱团|舞蹈队|队伍|[队团]|项目|活动|品牌|工作法|工作室|行动|工程|计划"
    r"|课堂|讲堂|学堂|驿站|之家|服务站|站|小组|协会|联盟|俱乐部|平台|微信群|群|小程序|模式|机制|专栏|栏目|专题|讲座|主题|比赛|大赛|赛"
    r"|文化节|节|超市|银行|书屋|食堂|基金|广场|长廊|阵地|基地|评选|巡讲|巡逻|系列|晚会|展览|展|工作室|岗|热线|app|APP|App"
    r"|制度|体系|档案|清单|地图|论坛|沙龙|会客厅|议事厅|议事会|客厅|小院|书院|学校|学院|夜校|班|营|服务社|合作社|中心|室|点|屋|园|亭|角|墙|廊|厅|馆|坊|日)"
)
NAME_AFTER = re.compile(rf"{HAN_CHAR}{{0,4}}?{_NAME_HEADS}")  # “老娘舅”调解工作室
NAME_HEAD_END = re.compile(rf"{_NAME_HEADS}$")  # “幸福食堂”
NAME_VERB = re.compile(r"(?:开展|组建|成立|打造|创建|实施|推出|开设|开通|举办|启动|创办|建立|设立|组织|命名为|取名|名为|叫做|称为)$")

_FUNCTION = re.compile(r".*[在于被经向由和与及、获将把上到从的等为了是对通过据在据]")

_CANON = (
    ("居民委员会", "居委会"), ("村民委员会", "村委会"), ("卫生健康", "卫健"), ("卫生和计划生育", "卫计"),
    ("人力资源和社会保障", "人社"), ("人力资源社会保障", "人社"), ("住房和城乡建设", "住建"), ("住房城乡建设", "住建"),
    ("市场监督管理", "市场监管"), ("城市管理综合执法", "城管执法"), ("城管综合执法", "城管执法"), ("城市管理", "城管"), ("自然资源和规划", "自然资源"), ("文化和旅游", "文旅"), ("文化广电旅游", "文广旅"), ("社会治安综合治理", "综治"),
    ("综合治理", "综治"), ("纪律检查委员会", "纪委"), ("残疾人联合会", "残联"), ("妇女联合会", "妇联"),
    ("委员会", "委"), ("办事处", "办"), ("办公室", "办"), ("人民政府", "政府"), ("公安分局", "公安局"),
    ("共青团", "团"), ("新时代文明实践", "文明实践"), ("中国共产党章程", "党章"), ("中华人民共和国", ""),
)  # fmt: skip
_CANON_RE = re.compile("|".join(re.escape(a) for a, _ in _CANON))
_CANON_MAP = dict(_CANON)
_DROP = re.compile(r"[“”\"'‘’「」『』《》〈〉 \u3000\t]")
_WIDTH_PAIRS = tuple(zip("，；：！？（）．", ",;:!?().", strict=True))


def canon(text: str) -> str:
    """One spelling for comparing names: no quotes or 《》, half-width punctuation, short forms of bodies."""
    text = _DROP.sub("", text)
    for full, half in _WIDTH_PAIRS:  # str.replace runs in C; translate with a table is slow on long texts
        if full in text:
            text = text.replace(full, half)
    return _CANON_RE.sub(lambda m: _CANON_MAP[m.group(0)], text)


def level_of(word: str) -> str:
    """The rank of a level word (市级, 全市, 市) or ''."""
    return _RANK.get(word, "")


def level_before(text: str, end: int, window: int = 8) -> str:
    """The rank of the last level word in the few characters before `end`, within the same clause."""
    start = max(0, end - window)
    chunk = text[start:end]
    cut = max(chunk.rfind(c) for c in ",，。；;\n、")
    if cut >= 0:
        chunk = chunk[cut + 1 :]
    found = ""
    for m in LEVEL.finditer(chunk):
        found = _RANK.get(m.group(0), "")
    return found


def strip_function_words(prefix: str) -> str:
    """The name part of a run of characters before 日报: 在延边日报 → 延边日报's 延边."""
    m = _FUNCTION.match(prefix)
    return prefix[m.end() :] if m else prefix


def book_is_medium(inner: str) -> bool:
    return bool(_BOOK_MEDIUM.search(inner))

"""drafter.numbers.quantities: quantities, set phrases, names and placeholders in Chinese text."""

from __future__ import annotations

import pytest

from drafter.numbers.quantities import (
    cn_to_number,
    find_names,
    find_placeholders,
    find_quantities,
    normalize_text,
    parse_number,
    same_quantity,
)
from drafter.numbers.setphrases import SET_PHRASES, build_set_phrases


def one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


# text, expected quantity text, low, high, unit, qualifier, kind
EXTRACTION = [
    ("志愿者300多人", "300多人", 300, 300, "人", "more", "count"),
    ("组建志愿者队伍12支", "12支", 12, 12, "支", "", "count"),
    ("每月开展兩次学习", "兩次", 2, 2, "次", "", "count"),
    ("每月开展两次学习", "两次", 2, 2, "次", "", "count"),
    ("近1000名党员群众接受培训", "近1000名", 1000, 1000, "人", "near", "count"),
    ("点击率达1万以上", "1万以上", 10000, 10000, "", "more", "count"),
    ("整改率达85%", "85%", 85, 85, "%", "", "percent"),
    ("整改率达８５％", "８５％", 85, 85, "%", "", "percent"),
    ("共存储课程资料2.14G", "2.14G", 2.14, 2.14, "G", "", "size"),
    ("拍摄各类照片31.8GB", "31.8GB", 31.8, 31.8, "G", "", "size"),
    ("11月14日到社区调研", "11月14日", 1114, 1114, "月日", "", "date"),
    ("2023年社区工作", "2023年", 2023, 2023, "年", "", "year"),
    ("二〇二三年社区工作", "二〇二三年", 2023, 2023, "年", "", "year"),
    ("获得第3名", "第3名", 3, 3, "名", "", "ordinal"),
    ("获得排名第二的好成绩", "第二", 2, 2, "", "", "ordinal"),
    ("在三月至5月领取灭鼠药", "三月至5月", 3, 5, "月", "", "range"),
    ("3-5月开展活动", "3-5月", 3, 5, "月", "", "range"),
    ("6-16岁青少年", "6-16岁", 6, 16, "岁", "", "range"),
    ("编排了十几个节目", "十几个", 11, 19, "个", "few", "count"),
    ("编排了几十个节目", "几十个", 20, 90, "个", "few", "count"),
    ("来了两三个人", "两三个", 2, 3, "个", "", "count"),
    ("组建三四十支队伍", "三四十支", 30, 40, "支", "", "count"),
    ("二十余家单位", "二十余家", 20, 20, "家", "more", "count"),
    ("筹集资金8万余元", "8万余元", 80000, 80000, "元", "more", "money"),
    ("投入3.2万元", "3.2万元", 32000, 32000, "元", "", "money"),
    ("投入30万元", "30万元", 300000, 300000, "元", "", "money"),
    ("发放1，200份", "1，200份", 1200, 1200, "份", "", "count"),
    ("发放12,000份", "12,000份", 12000, 12000, "份", "", "count"),
    ("参保率三成", "三成", 30, 30, "%", "", "percent"),
    ("知晓率八成五", "八成五", 85, 85, "%", "", "percent"),
    ("百分之八十的居民", "百分之八十", 80, 80, "%", "", "percent"),
    ("提高3个百分点", "3个百分点", 3, 3, "个百分点", "", "percent_point"),
    ("约占三分之一", "三分之一", 1 / 3, 1 / 3, "分之", "", "fraction"),
    ("巡查人员约14800人次", "约14800人次", 14800, 14800, "人次", "about", "count"),
    ("签订责任书1621份", "1621份", 1621, 1621, "份", "", "count"),
    ("230户居民", "230户", 230, 230, "户", "", "count"),
    ("演出12场（次）", "12场（次）", 12, 12, "场", "", "count"),
    ("演出12场次", "12场次", 12, 12, "场", "", "count"),
    ("18位社区居民", "18位", 18, 18, "人", "", "count"),
    ("860口人", "860口人", 860, 860, "人", "", "count"),
    ("清理垃圾渣土上百吨", "上百吨", 100, 100, "吨", "more", "size"),
    ("藏书上万册", "上万册", 10000, 10000, "册", "more", "count"),
    ("老人近百名", "近百名", 100, 100, "人", "near", "count"),
    ("60岁以上老人", "60岁以上", 60, 60, "岁", "more", "age"),
    ("安全户达80%以上", "80%以上", 80, 80, "%", "more", "percent"),
    ("历时3年多", "3年多", 3, 3, "年", "more", "duration"),
    ("用了1个多月", "1个多月", 1, 1, "个月", "more", "duration"),
    ("总建筑面积约5万平方米", "约5万平方米", 50000, 50000, "平方米", "about", "size"),
    ("早上7点之前", "7点", 7, 7, "点", "", "time"),
    ("人工客服工作时间9:00", "9:00", 540, 540, ":", "", "time"),
    ("更新时间2023-08-03", "2023", 2023, 2023, "年", "", "year"),
    ("至少两篇简讯", "至少两篇", 2, 2, "篇", "more", "count"),
    ("不足10人", "不足10人", 10, 10, "人", "under", "count"),
    ("100人左右", "100人左右", 100, 100, "人", "about", "count"),
    ("廿三户", "廿三户", 23, 23, "户", "", "count"),
    ("一千零五人", "一千零五人", 1005, 1005, "人", "", "count"),
    ("两千五百人", "两千五百人", 2500, 2500, "人", "", "count"),
    ("十一个节目", "十一个", 11, 11, "个", "", "count"),
    ("宣传思想文化工作总结2020", "2020", 2020, 2020, "年", "", "year"),
]


@pytest.mark.parametrize(("text", "written", "low", "high", "unit", "qualifier", "kind"), EXTRACTION, ids=[c[1] for c in EXTRACTION])
def test_extraction(text, written, low, high, unit, qualifier, kind):
    q = next((q for q in find_quantities(text) if q.text == written), None)
    assert q is not None, [q.text for q in find_quantities(text)]
    assert q.low == pytest.approx(low) and q.high == pytest.approx(high)
    assert (q.unit, q.qualifier, q.kind) == (unit, qualifier, kind)
    assert text[q.start : q.end] == written  # offsets point into the original text


def test_iso_date_gives_year_and_day():
    qs = find_quantities("更新时间2023-08-03")
    assert [(q.text, q.kind, q.normalized) for q in qs] == [("2023", "year", "2023年"), ("08-03", "date", "8月3日")]


NOT_QUANTITIES = [
    "坚持以邓小平理论和“三个代表”重要思想为指导",
    "取得一些成绩",
    "按照统一安排和部署",
    "十分重视",
    "唯一的办法",
    "逐一进行通知",
    "一方面，另一方面",
    "两手抓、两手硬",
    "开展一帮一活动",
    "做到四见四知",
    "一户一档",
    "三八妇女节期间",
    "庆七一活动",
    "五四青年节",
    "十四五规划",
    "党的二十大精神",
    "社区两委班子",
    "两学一做",
    "三会一课",
    "一年来，社区",
    "一系列活动",
    "进一步加强",
    "一致好评",
    "一线工作",
    "第一时间化解",
    "万无一失",
    "千方百计",
    "千家万户",
    "一是强化组织领导",
    "三要突出学习型党员",
    "（一）党建+思想政治",
    "⑴是整治占道经营",
    "一、加强组织建设",
    "## 二、推进双创工作",
    "1、保洁共抓",
    "三结合的教育网络",
    "表彰十佳家庭",
    "社区红十字志愿者",
    "开展20xx年工作",
    "三位一体",
    "三成员",
    "一场所：健身娱乐活动场所",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES, ids=NOT_QUANTITIES)
def test_set_phrases_and_numbering_are_not_quantities(text):
    assert [q.text for q in find_quantities(text) if not q.weak] == []


def test_holiday_guard_keeps_real_counts():
    assert [q.text for q in find_quantities("编排十一个节目，二十一人参加")] == ["十一个", "二十一人"]
    assert [q.text for q in find_quantities("二十分钟")] == ["二十分钟"]


@pytest.mark.parametrize(
    ("text", "weak"),
    [("每个网格确定一名社区工作人员", True), ("清运机动车辆1辆", False), ("每月一次", True), ("两名志愿者", False)],
    ids=["一名", "1辆", "一次", "两名"],
)
def test_weak_one(text, weak):
    assert one(text).weak is weak


def test_extra_set_phrases_extend_the_list():
    sp = build_set_phrases(("五个表率",))
    assert find_quantities("争做五个表率", set_phrases=sp) == []
    assert [q.text for q in find_quantities("争做五个表率")] == ["五个"]
    assert "三个代表" in SET_PHRASES


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("健全“一网三联”工作机制", ["一网三联"]),
        ('打造"1+7+3"即一个社区党总支', ["1+7+3"]),
        ("深入学习贯彻党的二十届三中全会精神", ["二十届三中全会"]),
        ("庆祝建党90周年", ["建党90周年"]),
        ('从"三点"发力', ["三点"]),
        ("观看电影《第二十条》", ["第二十条"]),
        ("落实四旁三包责任制", ["四旁三包"]),
        ("开展“一帮一”活动", []),
        ("坚持“两手抓、两手硬”的方针", []),
        ("践行“万步工作法”", []),
        ("打造“零距离”服务", []),
        ("一是两委班子带头", []),
    ],
    ids=["quoted", "formula", "plenum", "anniversary", "ascii-quoted", "title", "slogan", "set-phrase", "set-phrases", "wan-only", "zero-only", "list-marker"],
)
def test_names(text, names):
    assert [n.text for n in find_names(text)] == names


def test_name_skeleton_links_renamed_names():
    a, b = find_names("“一网三联”")[0], find_names("“一网四联”")[0]
    assert a.skeleton == b.skeleton and a.text != b.text


def test_numbers_inside_names_are_not_quantities():
    assert find_quantities("深入学习二十届三中全会精神") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("20xx年，迎宾路社区", ["20xx年"]),
        ("XX社区", ["XX社"]),
        ("xx社区", ["xx社"]),
        ("__社区文明创建", ["__"]),
        ("x年上半年", ["x年"]),
        ("**重点工作**", ["**", "**"]),
        ("以---为统领", ["---"]),
        ("某某社区", ["某某"]),
        ("20__年成立", ["20__"]),
        ("300x名居民", ["300x名"]),
        ("办理docx文件", []),
        ("2023年迎宾路社区", []),
    ],
    ids=["20xx", "XX", "xx", "__", "x年", "bold", "dashes", "某某", "20__", "300x", "docx", "clean"],
)
def test_placeholders(text, found):
    assert [p.text for p in find_placeholders(text)] == found


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三百零五", 305), ("两万", 20000), ("一千二", 1200), ("三万五", 35000), ("十五", 15), ("一百一十", 110), ("廿三", 23), ("三点五", 3.5), ("一亿二千万", 120_000_000)],
    ids=["305", "20000", "1200", "35000", "15", "110", "23", "3.5", "1.2e8"],
)
def test_cn_to_number(numeral, value):
    assert cn_to_number(numeral) == value


@pytest.mark.parametrize("numeral", ["一二三", "千万", "五一", "万"], ids=["digits", "bare-multiplier", "holiday", "wan"])
def test_cn_to_number_rejects(numeral):
    assert cn_to_number(numeral) is None


def test_cn_to_number_agrees_with_cn2an():
    cn2an = pytest.importorskip("cn2an")
    for n in [0, 7, 10, 11, 20, 99, 100, 101, 110, 305, 1000, 1005, 2500, 10000, 12345, 100000, 3000000, 120000000]:
        written = cn2an.an2cn(n)
        assert cn_to_number(written) == n, written


def test_parse_number_forms():
    assert parse_number("3.2万") == (32000, 32000, "")
    assert parse_number("十几") == (11, 19, "few")
    assert parse_number("12,000")[0] == 12000


def test_normalize_keeps_length():
    text = "兩次，１２％，①"
    assert normalize_text(text) == "两次，12%，①" and len(normalize_text(text)) == len(text)


# a, b, same?
MATCHING = [
    ("两次", "2次", True),
    ("1200人", "1,200人", True),
    ("二十余家", "20余家", True),
    ("3.2万元", "32000元", True),
    ("八成五", "85%", True),
    ("300多人", "300余人", True),
    ("300多人", "300人以上", True),
    ("12名", "12人", True),
    ("12场", "12场次", True),
    ("2.14G", "2.14GB", True),
    ("三月至5月", "3月至5月", True),
    ("两三个", "2至3个", True),
    ("300多人", "近300人", False),
    ("300多人", "300人", False),
    ("12人", "12人次", False),
    ("12人", "12户", False),
    ("3%", "3个百分点", False),
    ("12人", "13人", False),
    ("十几个", "15个", False),
    ("第3名", "3名", False),
    ("6月", "6个月", False),
]


@pytest.mark.parametrize(("a", "b", "same"), MATCHING, ids=[f"{a}~{b}" for a, b, _ in MATCHING])
def test_same_quantity(a, b, same):
    assert same_quantity(one(a), one(b)) is same


def test_set_phrases_accepts_plain_strings():
    assert find_quantities("争做五个表率", set_phrases=["五个表率"]) == []
    assert find_names("落实“五个表率”", set_phrases=("五个表率",)) == []

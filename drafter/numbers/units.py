"""What a quantity is, its measure words and qualifiers, and when two quantities say the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import fmt_date as _fmt_date
from .numerals import fmt_value as _fmt

__all__ = ["Quantity", "QUALIFIER_CLASSES", "units_compatible", "same_quantity", "UNIT_INFO", "DURATION_UNITS", "UNIT_ALT", "unit_blocked"]


@dataclass(frozen=True)
class Quantity:
    text: str  # as written in the original text
    start: int  # offsets in the original text
    end: int
    low: float  # equal to high for an exact value; an interval for 十几, 两三个, ranges
    high: float
    qualifier: str = ""  # "", "more", "near", "about", "under", "few" (joined with "+" when two)
    qualifier_text: str = ""  # as written: 多, 余, 近, 以上, ...
    unit: str = ""  # normalised: 名→人, 场次→场, GB→G, 成→%
    unit_text: str = ""  # as written
    kind: str = "count"  # count money percent percent_point size age duration date year time ordinal range fraction
    weak: bool = False  # 一 with a measure word: an article as often as a count
    num_start: int = -1  # the numeral as written (for a range: the upper end)
    num_end: int = -1

    @property
    def exact(self) -> bool:
        return self.low == self.high and not self.qualifier

    @property
    def normalized(self) -> str:
        """A readable normal form: '300人 [more]', '11–19个 [few]', '11月14日', '85%'."""
        if self.unit in ("月日", ":"):
            ends = [_fmt_date(v) if self.unit == "月日" else f"{int(v) // 60}:{int(v) % 60:02d}" for v in (self.low, self.high)]
            value = ends[0] if self.low == self.high else "–".join(ends)
        elif self.kind == "fraction":
            value = f"{self.low:.4g}"
        else:
            value = _fmt(self.low) if self.low == self.high else f"{_fmt(self.low)}–{_fmt(self.high)}"
            value = ("第" if self.kind == "ordinal" else "") + value + self.unit
        return f"{value} [{self.qualifier}]" if self.qualifier else value



QUALIFIER_CLASSES: dict[str, str] = {
    "多": "more", "余": "more", "来": "more", "逾": "more", "超过": "more", "超": "more", "以上": "more",
    "至少": "more", "及以上": "more", "及以下": "under", "不少于": "more", "不低于": "more", "上": "more",
    "近": "near", "将近": "near", "接近": "near",
    "约": "about", "大约": "about", "大概": "about", "左右": "about", "上下": "about",
    "不足": "under", "不到": "under", "以下": "under", "以内": "under", "不超过": "under", "不多于": "under", "最多": "under",
    "几": "few", "数": "few",
}  # fmt: skip

# written → (normalised unit, kind, characters that must not follow: they make another word)
_UNITS: tuple[tuple[str, str, str, str], ...] = (
    ("个百分点", "个百分点", "percent_point", ""), ("百分点", "个百分点", "percent_point", ""),
    ("平方公里", "平方公里", "size", ""), ("平方米", "平方米", "size", ""), ("平米", "平方米", "size", ""),
    ("㎡", "平方米", "size", ""), ("立方米", "立方米", "size", ""), ("场(次)", "场", "count", ""), ("场（次）", "场", "count", ""),
    ("人次", "人次", "count", ""), ("户次", "户次", "count", ""), ("场次", "场", "count", ""),
    ("批次", "批次", "count", ""), ("个多月", "个月", "duration", ""), ("个多小时", "小时", "duration", ""),
    ("个月", "个月", "duration", ""), ("小时", "小时", "duration", ""), ("分钟", "分钟", "duration", ""),
    ("课时", "课时", "count", ""), ("学时", "学时", "count", ""), ("周岁", "岁", "age", ""),
    ("周年", "周年", "duration", ""), ("年度", "年", "duration", ""), ("年级", "年级", "count", ""),
    ("年代", "年代", "date", ""), ("季度", "季度", "date", ""), ("月份", "月", "date", ""),
    ("公里", "公里", "size", ""), ("千米", "公里", "size", ""), ("公斤", "公斤", "size", ""),
    ("千克", "公斤", "size", ""), ("块钱", "元", "money", ""), ("元钱", "元", "money", ""),
    ("口人", "人", "count", ""), ("GB", "G", "size", "A-Za-z"), ("MB", "M", "size", "A-Za-z"),
    ("TB", "T", "size", "A-Za-z"), ("KB", "K", "size", "A-Za-z"), ("km", "公里", "size", "A-Za-z"),
    ("kg", "公斤", "size", "A-Za-z"), ("G", "G", "size", "A-Za-z"), ("M", "M", "size", "A-Za-z"),
    ("%", "%", "percent", ""), ("‰", "‰", "percent", ""), ("‱", "‱", "percent", ""),
    ("成", "%", "percent", "立员功果绩为效熟长本就风型形片套交批人都年事品分色像全规千百万语名败天亲婚家才材活行器章真药书群对双"),
    ("名", "人", "count", "单称义字誉额牌录片次"), ("位", "人", "count", "置于列居数次移"), ("人", "人", "count", ""),
    ("户", "户", "count", "外口籍主型数"), ("家", "家", "count", "庭园属乡长风务电具政访里居"),
    ("支", "支", "count", "部持出付援撑柱书教点"), ("场", "场", "count", "所地景馆合面长站"),
    ("次", "次", "count", "序要"), ("期", "期", "count", "间望待盼限刊末中初"), ("篇", "篇", "count", ""),
    ("个", "个", "count", ""), ("块", "块", "count", ""), ("座", "座", "count", "谈"),
    ("所", "所", "count", "有以在属谓得长需"), ("元", "元", "money", "旦素宵首老件化月"), ("圆", "元", "money", "满形桌梦心周规圈点"),
    ("口", "口", "count", "号径岸罩头袋述碑感味气吻语子音腔服令之"), ("眼", "眼", "count", "睛光前界"),
    ("扇", "扇", "count", "子动风"),
    ("米", "米", "size", "饭面粮油"), ("亩", "亩", "size", ""), ("吨", "吨", "size", ""), ("斤", "斤", "size", ""),
    ("件", "件", "count", ""), ("项", "项", "count", "目"), ("条", "条", "count", "件例约款"),
    ("本", "本", "count", "领身着地次届期人年月单社部职质色土来科"), ("册", "册", "count", ""),
    ("份", "份", "count", "额子"), ("张", "张", "count", "贴"), ("幅", "幅", "count", "度"),
    ("台", "台", "count", "账阶湾上风"), ("辆", "辆", "count", ""), ("棵", "棵", "count", ""), ("株", "株", "count", ""),
    ("处", "处", "count", "理置罚于在长室分"), ("间", "间", "count", "隔断接歇"), ("栋", "栋", "count", ""),
    ("幢", "幢", "count", ""), ("节", "节", "count", "日约能点目奏假气庆"), ("堂", "堂", "count", ""),
    ("天", "天", "duration", "然地下空津气堂"), ("日", "日", "date", "常益子报前后记夜程期均落用历渐趋新本"),
    ("月", "月", "date", "亮饼刊薪嫂子"), ("年", "年", "duration", ""), ("周", "周", "duration", "边围末到全转密期知"),
    ("岁", "岁", "age", ""), ("批", "批", "count", "评准复示"), ("届", "届", "count", ""),
    ("组", "组", "count", "织建成长员合委"), ("队", "队", "count", "伍员长"), ("宗", "宗", "count", "旨教"),
    ("起", "件", "count", "来到草诉步点始源床"),  # 矛盾纠纷40余件 = 四十余起: cases are counted either way
    ("面", "面", "count", "积向对貌临上前试孔子料包条粉的广推加提落完深覆"), ("套", "套", "count", "餐路"),
    ("种", "种", "count", "植子养草"), ("类", "类", "count", "似型别"),
    ("对", "对", "count", "于象接照口待比话外策标应此其付全社居辖"), ("首", "首", "count", "先要都次位批届创"),
    ("部", "部", "count", "门分署位队长件委"), ("盏", "盏", "count", ""), ("只", "只", "count", "要有是能"),
    ("箱", "箱", "count", ""), ("袋", "袋", "count", ""), ("瓶", "瓶", "count", ""), ("桶", "桶", "count", ""),
    ("趟", "趟", "count", ""), ("轮", "轮", "count", "流换椅"), ("遍", "遍", "count", "及布"),
    ("级", "级", "count", "别干领党政组单"), ("层", "层", "count", "次面级层"), ("楼", "楼", "count", "道宇栋长房盘"),
    ("号", "号", "count", "召称码"), ("字", "字", "count", "号样画幕母典体句"), ("倍", "倍", "count", ""),
    ("分", "分", "count", "之钟别类工配局会享析管批成布解散为子化摊担组队发级片区支部流头期步阶说清明"),
    ("点", "点", "time", "击评赞位燃亮子名滴多钟对面上项要工单"), ("时", "时", "time", "间期候代刻段任效机尚节常事报空"),
    ("班", "班", "count", "子长组级车次会前后主"), ("枚", "枚", "count", ""), ("封", "封", "count", "闭存"),
    ("盆", "盆", "count", ""), ("课", "课", "count", "题程堂时件"), ("秒", "秒", "duration", ""),
    # goods handed out and things built: a changed count of these is as wrong as any other
    ("颗", "颗", "count", ""), ("副", "副", "count", "食业作书主本"), ("把", "把", "count", "握关手守持"),
    ("床", "床", "count", "位铺头上"), ("顶", "顶", "count", "层端住级"), ("盒", "盒", "count", ""),
    ("包", "包", "count", "括含容保干联片"), ("根", "根", "count", "本据源治基子"), ("双", "双", "count", "方向手拥创减语重百亮"),
    ("粒", "粒", "count", ""), ("串", "串", "count", "联门"), ("束", "束", "count", "缚手"), ("笔", "笔", "count", "记者试"),
    ("艘", "艘", "count", ""), ("架", "架", "count", "构设子势"), ("匹", "匹", "count", "配"), ("罐", "罐", "count", ""),
    # 七大系统, 两大升级: a count that a vague 多个 must not replace
    ("大", "大", "count", "会学力型家幅街厅队楼院众厦道量批概约多部都小户门事件项类赛礼堂师"),
    ("桌", "桌", "count", "椅面"), ("卷", "卷", "count", "入宗"), ("片", "片", "count", "区面长警"), ("棚", "棚", "count", "户改"),
)  # fmt: skip
# 八成五 = 85%: 成 followed by one more digit
_UNITS += tuple((f"成{d}", "%", "percent", "十百千万个人名次年") for d in "一二三四五六七八九")
_UNIT_INFO = {w: (u, k) for w, u, k, _ in _UNITS}
_DURATION_UNITS = {"年", "个月", "小时", "天", "周", "分钟"}
# A bare number may stand for a count of anything, but not for a percentage, a date or a rank.
_BARE_COMPATIBLE_KINDS = {"count", "money", "size", "age", "duration"}

# The characters that may not follow a unit are checked in Python (_unit_blocked): a hundred
# lookaheads in the pattern would triple its compile time, which every `drafter check` pays.
_UNIT_ALT = "|".join(re.escape(w) for w, _, _, _ in sorted(_UNITS, key=lambda u: len(u[0]), reverse=True))
_UNIT_BLOCKERS = {w: x for w, _, _, x in _UNITS if x}


def _unit_blocked(unit_text: str, following: str) -> bool:
    blockers = _UNIT_BLOCKERS.get(unit_text)
    if not blockers or not following:
        return False
    if blockers == "A-Za-z":
        return following.isascii() and following.isalpha()
    return following in blockers


def units_compatible(a: Quantity, b: Quantity) -> bool:
    """Same normalised unit (名≈人, 场≈场次, G≈GB); a bare number goes with any count-like unit."""
    if (a.kind == "ordinal") != (b.kind == "ordinal"):
        return False
    if a.unit == b.unit:
        return True
    if not a.unit:
        return _base_kind(b) in _BARE_COMPATIBLE_KINDS
    if not b.unit:
        return _base_kind(a) in _BARE_COMPATIBLE_KINDS
    return False


def _base_kind(q: Quantity) -> str:
    if q.kind == "range":
        return _UNIT_KIND.get(q.unit, "count")
    return q.kind


_UNIT_KIND = {u: k for _, u, k, _ in _UNITS}


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """The same value, a compatible unit and the same qualifier class (多≈余≈以上; 近≠余; exact≠approximate)."""
    if (a.weak or b.weak) and a.unit != b.unit:
        return False  # 一名 is too loose to stand in for a bare 1
    return (
        abs(a.low - b.low) <= 1e-6 * max(1.0, abs(a.low))
        and abs(a.high - b.high) <= 1e-6 * max(1.0, abs(a.high))
        and a.qualifier == b.qualifier
        and units_compatible(a, b)
    )

UNIT_INFO = _UNIT_INFO
DURATION_UNITS = _DURATION_UNITS
UNIT_ALT = _UNIT_ALT
unit_blocked = _unit_blocked

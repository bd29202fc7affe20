"""Reading Chinese numerals in context: one table of written forms, each with the value and unit a reader
must get (the classes of issue 18: mixed Arabic-Chinese compounds, 万亿, per mille, 百分之百, 成半,
financial numerals, 零 before 十), and words that must stay words."""

import pytest

from drafter.numbers.quantities import find_quantities, parse_number

# (sentence, the quantity as written, value, normalised unit)
READ = [
    # mixed Arabic and Chinese in one number
    ("辖区常住人口3万4000人。", "3万4000人", 34000, "人"),
    ("发放救助金25万6千元。", "25万6千元", 256000, "元"),
    ("每户补贴1千零20元。", "1千零20元", 1020, "元"),
    ("全年筹资1亿2000万元。", "1亿2000万元", 120_000_000, "元"),
    ("绿化面积2万5千平方米。", "2万5千平方米", 25000, "平方米"),
    ("累计服务1万零300人次。", "1万零300人次", 10300, "人次"),
    ("图书馆藏书4千5百册。", "4千5百册", 4500, "册"),
    # 万亿 and plain big numbers
    ("全国社会消费品零售总额达3万亿元。", "3万亿元", 3e12, "元"),
    ("地区生产总值一万二千亿元。", "一万二千亿元", 1.2e12, "元"),
    ("国内生产总值达到一百二十六万亿元。", "一百二十六万亿元", 1.26e14, "元"),
    # per mille, per ten thousand, 百分之百
    ("火灾发生率控制在千分之三以内。", "千分之三", 3, "‰"),
    ("投诉率仅为万分之二。", "万分之二", 2, "‱"),
    ("发生率控制在千分之三点五。", "千分之三点五", 3.5, "‰"),
    ("差错率低于千分之2.5。", "千分之2.5", 2.5, "‰"),
    ("返工率为万分之零点五。", "万分之零点五", 0.5, "‱"),
    ("矛盾纠纷调解成功率达百分之百。", "百分之百", 100, "%"),
    ("签约率为百分之九十五。", "百分之九十五", 95, "%"),
    # tenths written with 成
    ("参保率提高三成半。", "三成半", 35, "%"),
    ("空置率下降半成。", "半成", 5, "%"),
    ("回访满意度达九成五。", "九成五", 95, "%"),
    ("一成半的家庭参与了垃圾分类。", "一成半", 15, "%"),
    # financial numerals
    ("收到捐款壹佰伍拾元。", "壹佰伍拾元", 150, "元"),
    ("拨付专项资金贰万元。", "贰万元", 20000, "元"),
    ("退还押金叁仟肆佰元。", "叁仟肆佰元", 3400, "元"),
    ("奖励伍拾元。", "伍拾元", 50, "元"),
    ("合计人民币壹拾万零叁仟肆佰伍拾叁元。", "壹拾万零叁仟肆佰伍拾叁元", 103453, "元"),
    ("补助玖佰捌拾圆。", "玖佰捌拾圆", 980, "元"),
    # 零 before 十
    ("辖区居民一万零十二人。", "一万零十二人", 10012, "人"),
    ("共有党员一千零十五名。", "一千零十五名", 1015, "人"),
    ("全年走访三百零十户。", "三百零十户", 310, "户"),
    # measure words for wells, doors, eyes of springs
    ("新打机井3口。", "3口", 3, "口"),
    ("改造消防门12扇。", "12扇", 12, "扇"),
    ("疏通泉眼两眼。", "两眼", 2, "眼"),
]


@pytest.mark.parametrize(("sentence", "written", "value", "unit"), READ, ids=[r[1] for r in READ])
def test_each_form_is_read_as_one_number(sentence, written, value, unit):
    qs = find_quantities(sentence)
    assert [q.text for q in qs] == [written]
    assert qs[0].low == qs[0].high == pytest.approx(value)
    assert qs[0].unit == unit


# words that hold a numeral-like character but count nothing
WORDS = ["加强队伍建设", "半成品加工车间", "大陆居民", "收拾房间", "三口之家"]


@pytest.mark.parametrize("sentence", WORDS)
def test_words_stay_words(sentence):
    assert [q.text for q in find_quantities(sentence) if q.unit != "口"] == []


@pytest.mark.parametrize(
    ("written", "value"),
    [("3万4000", 34000), ("25万6千", 256000), ("1千零20", 1020), ("1亿2000万", 1.2e8), ("3万亿", 3e12),
     ("100万", 1e6), ("10.1万", 101000), ("16.4亿", 1.64e9), ("1万600", 10600), ("一万零十二", 10012),
     ("十万零一千", 101000), ("一亿五千万零六千三百五十五", 150006355), ("一百九十万零三千九百七十一", 1903971)],
)  # fmt: skip
def test_parse_number(written, value):
    assert parse_number(written)[0] == pytest.approx(value)


def test_a_part_larger_than_its_multiplier_is_no_number():
    assert parse_number("3万40000") is None
    assert parse_number("2千3000") is None


def test_peer_suite_cases_that_fit_the_genre():
    """cn2an's own test table (the peer suite), on the forms a summary uses (no negatives, no digit-by-digit
    strings), each read inside a sentence with a measure word: at least 90% read to the right value."""
    cn2an_test = pytest.importorskip("cn2an.cn2an_test")
    t = cn2an_test.Cn2anTest()
    t.setUp()
    right = total = 0
    for written, value in t.smart_data_dict.items():
        if written.startswith(("负", "-")) or not any(ch in written for ch in "十百千万亿拾佰仟萬億.") and len(written) > 1:
            continue
        text = written if written.endswith(("元", "圆", "整", "正", "角", "分")) else written + "人"
        qs = find_quantities("共有" + text)
        total += 1
        right += len(qs) == 1 and qs[0].low == pytest.approx(value)
    assert total > 80
    assert right / total >= 0.9, (right, total)

"""The plain-text reader: notes as people have them (pasted Word text, numbered lines, WeChat messages,
prose paragraphs, GBK text with CRLF, full-width digits) read into the sections a person means.

Each case: the text, then the sections expected as (kind, title, [quantities that must be in its facts]).
"""

from __future__ import annotations

import pytest

from drafter.errors import InputError
from drafter.notes import load_notes, parse_notes, understanding

W, S, N = "work", "shortcomings", "next"

CASES = [
    pytest.param(
        "五里墩社区2024年禁毒工作总结\n一、宣传教育\n（一）进校园\n1. 开展禁毒课堂9场，覆盖学生1100人。\n（二）进家庭\n1. 入户发放禁毒手册600份\n二、存在的问题\n1. 宣传形式单一\n三、下一步打算\n1. 计划组建禁毒志愿队1支\n",
        [(W, "宣传教育", ["9场", "1100人", "600份"]), (S, "存在的问题", []), (N, "下一步打算", ["1支"])],
        id="word-paste-three-levels",
    ),
    pytest.param(
        "一、主要工作\n（一）进校园\n1. 开展禁毒课堂9场\n（二）进家庭\n1. 入户发放禁毒手册600份\n二、下一步打算\n1. 组建禁毒志愿队1支\n",
        [(W, "进校园", ["9场"]), (W, "进家庭", ["600份"]), (N, "下一步打算", ["1支"])],
        id="generic-top-heading-gives-way-to-its-sub-headings",
    ),
    pytest.param(
        "一、居家养老\n（一）助餐\n1. 日均服务55人\n（二）上门服务\n① 上门理发120人次\n② 助浴30人次\n二、存在问题和下步打算\n（一）存在问题\n1. 护理员仅4名\n（二）下步打算\n1. 新招护理员6名\n",
        [(W, "居家养老", ["55人", "120人次", "30人次"]), (S, "存在问题", ["4名"]), (N, "下步打算", ["6名"])],
        id="four-levels-merge-into-the-topic-heading",
    ),
    pytest.param(
        "一、老年教育\n1、老年大学开课32节\n2、学员140人\n二、短板弱项\n1、师资只有3名\n",
        [(W, "老年教育", ["32节", "140人"]), (S, "短板弱项", ["3名"])],
        id="numbered-1-dun",
    ),
    pytest.param(
        "【卫生健康】\n①签约家庭医生1500户\n②义诊4次\n【下步打算】\n①再签约300户\n",
        [(W, "卫生健康", ["1500户", "4次"]), (N, "下步打算", ["300户"])],
        id="labels-and-circled",
    ),
    pytest.param(
        "文体活动\n- 举办广场舞比赛2场\n- 组建书法班1个\n差距和不足\n- 场地仅200平方米\n",
        [(W, "文体活动", ["2场", "1个"]), (S, "差距和不足", ["200平方米"])],
        id="short-line-headings-bullets",
    ),
    pytest.param(
        "## 一、垃圾分类\n### （一）宣传\n- 入户宣传900户\n### （二）设施\n- 新建投放点7个\n## 二、下一步\n- 增设督导员4名\n",
        [(W, "垃圾分类", ["900户", "7个"]), (N, "下一步", ["4名"])],
        id="markdown-headings-with-chinese-numbering",
    ),
    pytest.param(
        "社区今年开展消防演练3次，参与居民210人次。排查隐患17处；整改15处。\n但也存在不足：一是消防通道占用仍有4处；二是宣传不够。\n下一步将新增微型消防站1个。\n",
        [(W, "", ["3次", "210人次", "17处", "15处"]), (S, "存在不足", ["4处"]), (N, "下一步", ["1个"])],
        id="prose-paragraphs",
    ),
    pytest.param(
        "本月情况：\n1. 慰问老党员16人\n2. 发放慰问金0.8万元\n问题：活动经费不足；场地紧张\n下步：争取经费2万元；协调场地1处\n",
        [(W, "", ["16人", "0.8万元"]), (S, "问题", []), (N, "下步", ["2万元", "1处"])],
        id="inline-closing-lists",
    ),
    pytest.param(
        "[聊天记录]\n刘芳 14:05\n各位领导好\n① 走访独居老人52户\n② 安装烟感报警器52个\n刘芳 14:06\n[图片]\n",
        [(W, "", ["52户", "52个"])],
        id="wechat-forward",
    ),
    pytest.param(
        "党员教育：一是开展集中学习12次；二是组织红色观影3场；三是参学党员180人次\n",
        [(W, "党员教育", ["12次", "3场", "180人次"])],
        id="yishi-runs-in-an-inline-section",
    ),
    pytest.param(
        "就业服务\n1. 开展招聘会3场，包括：\n   (1) 春风行动专场1场\n   (2) 高校毕业生专场2场\n2. 推荐就业35人\n",
        [(W, "就业服务", ["3场", "1场", "2场", "35人"])],
        id="indented-sub-items-joined",
    ),
    pytest.param(
        "绿化美化\n１．补植树木２６０棵\n２．新增绿地１２００平方米\n",
        [(W, "绿化美化", ["２６０棵", "１２００平方米"])],
        id="full-width-digits",
    ),
    pytest.param(
        "清河社区2024年安全工作总结\n一、全年开展安全检查24次，发现隐患31处。\n二、组织应急演练3次。\n三、下一步打算\n1. 更新灭火器80具\n",
        [(W, "", ["24次", "31处", "3次"]), (N, "下一步打算", ["80具"])],
        id="numbered-sentences-are-facts-not-headings",
    ),
    pytest.param(
        "一、主要工作\n（一）助残服务\n1. 为残疾人适配辅具18件\n（二）存在问题和困难\n1. 康复站只有1个\n二、2025年工作思路\n1. 新建康复站1个\n",
        [(W, "助残服务", ["18件"]), (S, "存在问题和困难", ["1个"]), (N, "2025年工作思路", ["1个"])],
        id="closing-by-words-at-any-level",
    ),
    pytest.param(
        "清风社区2025年工作要点\n一、党建引领\n1. 计划开展主题党日活动12次\n2. 力争发展党员3名\n二、民生服务\n1. 计划新建助餐点1个\n",
        [(W, "党建引领", ["12次", "3名"]), (W, "民生服务", ["1个"])],
        id="a-plan-document-keeps-its-plans-in-their-sections",
    ),
    pytest.param(
        "@所有人 把本周情况发一下\n网格员小周：\n走访独居老人21户\n收到\n网格员小陈：\n清理楼道堆物9处\n下周计划：组织消防演练1次\n",
        [(W, "", ["21户", "9处"]), (N, "下周计划", ["1次"])],
        id="chat-speakers-and-replies",
    ),
    pytest.param(
        "文化方面，举办广场演出5场，观众900余人。\n\n服务方面，为老人理发60人次。\n\n存在问题主要是场地只有150平方米。\n",
        [(W, "文化", ["5场", "900余人"]), (W, "服务", ["60人次"]), (S, "存在问题", ["150平方米"])],
        id="prose-paragraphs-led-by-their-topic",
    ),
    pytest.param(
        "一、主要做法\n（一）健全机制，压实责任。成立工作专班2个，签订责任书46份。\n（二）强化宣传。发放资料800份。\n二、下一步打算\n1. 开展培训2期\n",
        [(W, "健全机制，压实责任", ["2个", "46份"]), (W, "强化宣传", ["800份"]), (N, "下一步打算", ["2期"])],
        id="numbered-lead-sentences-are-headings",
    ),
    pytest.param(
        "1. 组织建设\n(1) 召开党员大会4次\n(2) 发展党员1名\n2. 存在的不足\n(1) 党员老龄化，60岁以上占七成\n",
        [(W, "组织建设", ["4次", "1名"]), (S, "存在的不足", ["七成"])],
        id="numbered-headings-over-paren-items",
    ),
]


def _sections(u: dict) -> list[tuple[str, str]]:
    return [(s["kind"], s["title"]) for s in u["sections"]]


@pytest.mark.parametrize("text,expected", CASES)
def test_plain_notes_are_read_into_the_sections_a_person_means(text, expected):
    u = understanding(parse_notes(text, path="n.txt"))
    assert _sections(u) == [(k, t) for k, t, _ in expected]
    for (_kind, title, quantities), section in zip(expected, u["sections"]):
        facts = " ".join(f["text"] for f in section["facts"])
        for q in quantities:
            assert q in facts, f"{q} not in {title}: {facts}"


@pytest.mark.parametrize(
    "line,reason",
    [
        ("各位领导好：", "问候语"),
        ("王主任：", "称呼"),
        ("现将有关情况汇报如下：", "引导语"),
        ("以上，请审阅。", "结束语"),
        ("2024年12月20日", "落款日期"),
        ("李明 2024年12月", "落款（署名和日期）"),
        ("[聊天记录]", "转发消息的抬头"),
        ("张三 10:32", "转发消息的发送人和时间"),
        ("[图片]", "非文字消息"),
        ("联系人：王丽 电话：13800000000", "联系和报送信息"),
    ],
    ids=["greeting", "salutation", "lead-in", "sign-off", "date", "name-and-date", "chat-header", "sender-time", "image", "contact"],
)
def test_frame_lines_are_ignored_with_a_chinese_reason(line, reason):
    notes = parse_notes(f"1. 开展活动5场\n{line}\n2. 走访30户\n", path="n.txt")
    assert [(i.line, i.text, i.reason) for i in notes.ignored] == [(2, line, reason)]
    assert [f.text for f in notes.facts] == ["开展活动5场", "走访30户"]


def test_title_line_gives_community_period_and_kind_and_front_matter_wins():
    notes = parse_notes("关于南湖社区2024年上半年文明实践工作情况的汇报\n1. 开展活动8场\n", path="n.txt")
    assert (notes.title, notes.community, notes.period, notes.kind) == ("关于南湖社区2024年上半年文明实践工作情况的汇报", "南湖社区", "2024年上半年", "文明实践工作情况")
    notes = parse_notes("---\ncommunity: 北湖社区\n---\n南湖社区2024年文明实践工作总结\n1. 开展活动8场\n", path="n.txt")
    assert notes.community == "北湖社区" and notes.period == "2024年"


def test_every_non_empty_line_is_title_heading_fact_or_ignored():
    text = "西湖社区2024年工作总结\n\n各位领导：\n一、平安建设\n1. 巡逻120次\n   其中夜间巡逻40次\n二、存在问题\n停车难\n以上，请审阅。\n西湖社区居委会\n"
    notes = parse_notes(text, path="n.txt")
    fact_lines = {f.line for f in notes.facts}
    ignored = {i.line: i.reason for i in notes.ignored}
    assert fact_lines == {5, 8} and "其中夜间巡逻40次" in notes.facts[0].text
    assert ignored == {3: "问候语", 9: "结束语", 10: "落款单位"}
    assert notes.title == "西湖社区2024年工作总结"
    assert [s.title for s in notes.sections] == ["平安建设", "存在问题"]


def test_gbk_text_with_crlf_reads_like_utf8(tmp_path):
    text = "东风社区2024年就业工作总结\r\n一、就业帮扶\r\n1.推荐岗位80个\r\n二、下一步计划\r\n1.举办招聘会2场\r\n"
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode("gbk"))
    u = understanding(load_notes(path))
    assert _sections(u) == [("work", "就业帮扶"), ("next", "下一步计划")]
    assert u["sections"][0]["facts"][0] == {"id": "f1", "text": "推荐岗位80个", "line": 3}
    assert u["community"] == "东风社区"


def test_markdown_dialect_is_read_exactly_as_before():
    text = "---\ncommunity: 迎宾路社区\n---\n## 理论学习\n- 全年安排学习课程20节 [f2]\n- 开展学习1次\n## 下一步打算\n- 加强信息报送\n"
    notes = parse_notes(text, path="n.md")
    assert [(s.title, s.closing) for s in notes.sections] == [("理论学习", None), ("下一步打算", "plans")]
    assert [f.id for f in notes.facts] == ["f2", "f1", "f3"] and notes.ignored == []


@pytest.mark.parametrize(
    "text",
    ["今年社区开展了很多工作，取得了一定成效。\n", "各位领导好：\n以上，请审阅。\n", "一、主要工作\n二、下一步打算\n"],
    ids=["prose-without-figures", "only-greetings", "only-headings"],
)
def test_text_without_any_fact_is_refused(text):
    with pytest.raises(InputError, match="no bullet facts"):
        parse_notes(text, path="n.txt")


def test_a_title_line_follows_the_community_the_page_or_command_line_gives(tmp_path):
    text = "桂园社区2024年助残工作总结\n1. 适配辅具18件\n"
    notes = parse_notes("---\ncommunity: 金桂社区\n---\n" + text, path="n.txt")
    assert notes.title == "金桂社区2024年助残工作总结" and notes.community == "金桂社区"
    from typer.testing import CliRunner

    from drafter.cli import app

    path = tmp_path / "n.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["outline", str(path), "--no-examples", "--community", "银桂社区"])
    assert result.exit_code == 0 and result.stdout.startswith("# 银桂社区2024年助残工作总结")


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("存在的困难", "shortcomings"), ("问题与不足", "shortcomings"), ("短板弱项", "shortcomings"), ("差距", "shortcomings"),
        ("下一步打算", "plans"), ("下步", "plans"), ("2025年工作思路", "plans"), ("下月", "plans"), ("工作计划", "plans"),
        ("问题整改", None), ("困难群众帮扶", None), ("解决群众急难愁盼问题", None), ("计划生育", None), ("年度计划完成情况", None),
    ],
)
def test_closing_headings_by_their_words(heading, kind):
    from drafter.notes.hierarchy import closing_of_heading

    assert closing_of_heading(heading) == kind


# Issue 17, held-out failures: each a class, with topics and wording of our own.

_LAYOUTS = [
    ("（一）环境整治。全年组织大扫除24次，清理卫生死角380处。\n（二）志愿服务。新注册志愿者420名，开展活动96场。\n"),
    ("（一）环境整治\n全年组织大扫除24次，清理卫生死角380处。\n（二）志愿服务\n新注册志愿者420名，开展活动96场。\n"),
]


@pytest.mark.parametrize(
    "parent,expected",
    [
        ("一、主要工作开展情况", [(W, "环境整治", ["24次", "380处"]), (W, "志愿服务", ["420名", "96场"])]),
        ("一、全力推进平安创建", [(W, "全力推进平安创建", ["24次", "380处", "420名", "96场"])]),
        ("一、今年的主要做法", [(W, "环境整治", ["24次", "380处"]), (W, "志愿服务", ["420名", "96场"])]),
    ],
    ids=["generic-parent", "topic-parent", "generic-parent-other-words"],
)
@pytest.mark.parametrize("layout", _LAYOUTS, ids=["inline-sub-headings", "sub-headings-on-own-line"])
def test_inline_and_own_line_sub_headings_give_the_same_sections(parent, expected, layout):
    text = f"{parent}\n{layout}二、存在的问题\n停车位仅缺口60个，矛盾突出。\n"
    u = understanding(parse_notes(text, path="n.txt"))
    assert _sections(u) == [(k, t) for k, t, _ in expected] + [(S, "存在的问题")]
    for (_kind, title, quantities), section in zip(expected, u["sections"]):
        facts = " ".join(f["text"] for f in section["facts"])
        assert all(q in facts for q in quantities), f"{title}: {facts}"


@pytest.mark.parametrize(
    "line,reason",
    [
        ("书记，托育这块的数我先汇了一下，您过目：", "称呼和引导语"),
        ("各位，这是今年助残工作的情况，写材料时参考：", "称呼和引导语"),
        ("刘主任好，垃圾分类的情况整理好了，请看：", "称呼"),
        ("【转发】周海燕 2025年11月30日 20:05", "转发消息的发送人和时间"),
        ("[转发]孙丽 2024-12-02 8:41", "转发消息的发送人和时间"),
        ("【转发】赵敏：", "转发消息的发送人"),
    ],
    ids=["chat-address-lead-in", "chat-address-to-all", "chat-address-with-greeting", "forward-header-cn-date", "forward-header-iso-date", "forward-sender"],
)
def test_chat_preambles_and_forward_headers_are_ignored_not_sections(line, reason):
    notes = parse_notes(f"{line}\n1. 开展助残活动5场\n2. 走访残疾人家庭30户\n", path="n.txt")
    assert [(i.line, i.text, i.reason) for i in notes.ignored] == [(1, line, reason)]
    u = understanding(notes)
    assert _sections(u) == [(W, "")]
    assert [f["text"] for f in u["sections"][0]["facts"]] == ["开展助残活动5场", "走访残疾人家庭30户"]


def test_an_address_line_naming_the_closing_part_is_its_heading():
    u = understanding(parse_notes("1. 开展助残活动5场\n书记，存在的问题：\n1. 康复场地仅1处\n", path="n.txt"))
    assert [s["kind"] for s in u["sections"]] == [W, S]
    assert "1处" in u["sections"][1]["facts"][0]["text"]


def test_an_address_line_that_holds_a_figure_is_kept():
    notes = parse_notes("主任，本月入户走访共86户：\n1. 发放慰问品40份\n", path="n.txt")
    assert not notes.ignored
    assert "86户" in " ".join(f.text for f in notes.facts)


@pytest.mark.parametrize(
    "title,period,community",
    [
        ("南岭社区２０２４—２０２５年度冬季防火工作总结", "2024—2025年度", "南岭社区"),
        ("柳湾村2023至2024年度护林防火工作小结", "2023至2024年度", "柳湾村"),
        ("青石社区2024年-2025年老年协会工作汇报", "2024年-2025年", "青石社区"),
    ],
    ids=["fullwidth-digits-dash-range", "zhi-range", "ascii-dash-range"],
)
def test_a_title_with_a_year_range_is_the_title(title, period, community):
    notes = parse_notes(f"{title}\n一、宣传教育\n1. 开展培训6场\n", path="n.txt")
    assert (notes.title, notes.period, notes.community) == (title, period, community)
    assert _sections(understanding(notes)) == [(W, "宣传教育")]


@pytest.mark.parametrize(
    "paragraph,short_q,next_q",
    [
        ("目前社区会手语的志愿者仅3人，与听障居民沟通仍有困难。下一步将开展手语培训2期。", "3人", "2期"),
        ("工作中发现，部分老人不会使用智能手机，约有40人难以自助预约。今后将每月组织1次手机课堂。", "40人", "1次"),
        ("辖区停车位缺口约120个，依然面临较大困难。明年计划新增停车位50个。", "120个", "50个"),
    ],
    ids=["still-difficult-then-next-step", "found-in-work-then-from-now-on", "faces-difficulty-then-next-year"],
)
def test_a_paragraph_mixing_a_shortcoming_and_a_next_step_goes_to_the_closing(paragraph, short_q, next_q):
    text = f"社区今年开展敬老活动12场，服务老人560人次。\n{paragraph}\n"
    u = understanding(parse_notes(text, path="n.txt"))
    kinds = {s["kind"]: " ".join(f["text"] for f in s["facts"]) for s in u["sections"]}
    assert "12场" in kinds[W] and "560人次" in kinds[W]
    assert short_q in kinds[S] and short_q not in kinds[W]
    assert next_q in kinds[N] and next_q not in kinds[W]


@pytest.mark.parametrize("fact", ["为困难群众发放慰问金2万元", "帮助困难家庭12户解决就业", "为2户困难老人申请临时救助"])
def test_work_for_people_in_difficulty_stays_in_the_work(fact):
    u = understanding(parse_notes(f"社区今年开展敬老活动12场。\n{fact}。\n", path="n.txt"))
    assert [s["kind"] for s in u["sections"]] == [W]

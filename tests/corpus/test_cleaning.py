"""Cleaning scraped pages: noise gone, pages split into every summary, headings found at the right level."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.corpus.cleaning import (
    clean_page,
    derive_kind,
    normalise_punctuation,
    strip_title_decoration,
)

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _docs(prefix: str):
    return clean_page(_seed(prefix), f"seeds/{prefix}.txt")


def _headings(doc) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in doc.blocks if b.level]


NOISE = [
    "您的位置",
    "快淘范文网",
    "找总结网",
    "下载文档前请自行甄别",
    "仅部分预览",
    "如文档侵犯您的权益",
    "人工客服",
    "小编",
    "欢迎大家借鉴与参考",
    "以下是网友为您整理分享",
    "供您参考",
    "更新时间",
    "发布时间",
    "2022-05-03",
    "云海 分享",
    "投诉建议",
    "会员上传",
    "下载docx",
    "总结是在某一特定时间段",
    "推荐阅读",
    "相关文章",
    "猜你喜欢",
    "大家正在看",
    "换一换",
    "3731041",
    '");',
    "3452",
    "精选5篇",
    "20_最新",
    "高一月考学生总结反思",
    "社区医院工作总结",
]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_site_noise_is_gone(prefix):
    text = "\n".join(d.title + "\n" + d.markdown() for d in _docs(prefix))
    left = [n for n in NOISE if n in text]
    assert left == []


@pytest.mark.parametrize("prefix,count", [("000", 1), ("001", 5), ("002", 1), ("003", 6), ("004", 1)])
def test_every_summary_on_a_page_becomes_a_document(prefix, count):
    docs = _docs(prefix)
    assert len(docs) == count
    assert [d.part for d in docs] == list(range(1, count + 1))
    assert len({d.title for d in docs}) == count


@pytest.mark.parametrize(
    "prefix,part,opening",
    [
        ("001", 1, "x年上半年__社区文明创建工作"),
        ("001", 2, "为确保圆满完成创建迎检工作任务"),
        ("001", 3, "镇妇联把创建文明城市作为当前一项首要工作"),
        ("001", 4, "社区内设社区服务、治安调解"),
        ("001", 5, "一年来，__社区开展了大量宣传思想政治工作"),
        ("003", 1, "今年来，孝义桥社区精神文明建设工作"),
        ("003", 2, "为了切实评选出创建工作成效显著"),
        ("003", 3, "一年来，新民社区在中和街道党工委"),
        ("003", 4, "为加快科学发展、共建和谐社区营造良好的社会环境"),
        ("003", 5, "社区位于许长城际快速通道以东"),
        ("003", 6, "一、南阳社区基本状况"),
    ],
)
def test_each_part_starts_with_its_own_text(prefix, part, opening):
    doc = _docs(prefix)[part - 1]
    assert doc.blocks[0].text.startswith(opening)


@pytest.mark.parametrize(
    "prefix,part,level,heading",
    [
        ("002", 1, 1, "一、抓实理论武装工程"),
        ("002", 1, 2, "1、理论学习"),
        ("002", 1, 2, "5.开设“百姓大讲堂”"),
        ("002", 1, 1, "四、创新主题宣传，全面展示安图县社区改革和社会管理创新成果"),
        ("004", 1, 1, '一、坚持党建赋能，在政治引领中奏响基层治理"最强音"'),
        ("004", 1, 2, '（一）"党建+思想政治"，统一思想聚合力'),
        ("004", 1, 2, "（三）丰富社区文化活动"),
        ("001", 1, 1, "一加强组织建设，提升管理水平"),
        ("001", 1, 1, "二推进“双创”工作，提升社区品位"),
        ("001", 1, 2, "1、保洁共抓，美化生活环境"),
        ("001", 1, 1, "下一步工作打算"),
        ("001", 2, 2, "2、注重实效，狠抓各类专项整治"),
        ("001", 2, 3, "⑴是整治占道经营"),
        ("001", 2, 3, "⑹是整治乱搭乱建"),
        ("001", 3, 1, "一、加强组织宣传，营造创建的良好氛围"),
        ("001", 5, 2, "2、加强舆情信息管理"),
        ("003", 3, 1, "三、开展丰富多彩的文化活动"),
        ("003", 6, 2, "1、社区状况简介"),
        ("003", 6, 2, "5、活化载体、构筑和谐，强化工作效果"),
        ("000", 1, 1, "一是突出“学习型班子”这个关键"),
        ("000", 1, 1, "三要突出“学习型党员”这个主体"),
        ("003", 2, 1, "二是考察中集中听取汇报，从形式上实现互学互评"),
    ],
)
def test_headings_are_found_with_numbering_as_written(prefix, part, level, heading):
    assert (level, heading) in _headings(_docs(prefix)[part - 1])


@pytest.mark.parametrize(
    "prefix,part,not_heading",
    [
        # Long numbered paragraphs stay paragraphs.
        ("001", 2, "1、对照标准，全面排查找准问题，针对各中队排查出来的问题"),
        ("001", 5, "1、社区坚持以党委中心组和领导干部为重点"),
        # 一是 inside a document structured by 一、 is running text, not a heading.
        ("001", 3, "一是制定了实施方案"),
        ("001", 1, "一是以棚户区改造为切入点"),
    ],
)
def test_numbered_paragraphs_stay_paragraphs(prefix, part, not_heading):
    doc = _docs(prefix)[part - 1]
    assert not any(text.startswith(not_heading) for _, text in _headings(doc))
    assert any(b.level == 0 and b.text.startswith(not_heading) for b in doc.blocks)


def test_yishi_paragraphs_become_sections_with_their_first_clause_as_heading():
    (doc,) = _docs("000")
    blocks = doc.blocks
    i = blocks.index(next(b for b in blocks if b.text == "一是突出“学习型班子”这个关键"))
    assert blocks[i + 1].level == 0
    assert blocks[i + 1].text.startswith("我们在建设学习型党组织活动中")
    assert [lvl for lvl, _ in _headings(doc)] == [1] * 13


def test_numbered_heading_levels_follow_the_nesting():
    text = (
        "社区工作总结\n一年来，社区各项工作稳步推进，现总结如下。\n"
        "一、党建工作\n（一）组织建设\n1、支部建设。全年召开支部会议12次。\n"
        "（二）队伍建设\n二、民生服务\n1、困难帮扶。走访困难家庭30户。\n"
    )
    (doc,) = clean_page(text, "t.txt")
    assert _headings(doc) == [
        (1, "一、党建工作"),
        (2, "（一）组织建设"),
        (3, "1、支部建设"),
        (2, "（二）队伍建设"),
        (1, "二、民生服务"),
        (2, "1、困难帮扶"),
    ]
    assert "全年召开支部会议12次。" in doc.markdown()
    assert "#### 1、支部建设" in doc.markdown()


def test_hard_line_breaks_are_joined_and_leading_spaces_stripped():
    (doc,) = _docs("000")
    md = doc.markdown()
    assert "进一步丰富和完善建设学习型党组织的具体措施。" in md
    assert "羽毛球、登山等系列活动" in md
    parts = _docs("003")
    assert "邻里守望、互助互动的好风气" in parts[4].markdown()
    assert all(not b.text.startswith((" ", "\u3000")) for d in parts for b in d.blocks)
    assert "\n\n\n" not in parts[0].markdown()


@pytest.mark.parametrize(
    "prefix,part,kept",
    [("000", 1, "20xx年，迎宾路社区"), ("001", 1, "__社区以每月2期道德讲堂为标准"), ("001", 4, "社区在x年被评为")],
)
def test_template_leftovers_are_kept_as_written(prefix, part, kept):
    assert kept in _docs(prefix)[part - 1].markdown()


@pytest.mark.parametrize(
    "prefix,part,title,kind,year",
    [
        ("000", 1, "社区宣讲团工作总结", "宣传思想文化工作总结", None),
        ("001", 2, "创建文明城市活动总结（篇2）", "文明创建工作总结", 2023),
        ("002", 1, "宣传思想文化工作总结2020", "宣传思想文化工作总结", 2020),
        ("003", 6, "社区精神文明建设工作总结（篇6）", "精神文明建设工作总结", None),
        ("004", 1, "社区关于思想政治工作情况的报告", "思想政治工作报告", None),
    ],
)
def test_title_kind_and_year(prefix, part, title, kind, year):
    doc = _docs(prefix)[part - 1]
    assert (doc.title, doc.kind, doc.year) == (title, kind, year)


@pytest.mark.parametrize(
    "marker",
    ["社区工作总结【篇{n}】", "社区工作总结{n}", "社区工作总结 篇{n}", "【篇{cn}】", "社区工作总结（篇{n}）"],
)
def test_split_marker_styles(marker):
    cn = "一二三"
    body = "\n".join(
        marker.format(n=n, cn=cn[n - 1]) + f"\n一、第{n}项工作\n今年我们开展了第{n}项工作，覆盖居民{n}00户，取得明显成效。"
        for n in (1, 2, 3)
    )
    docs = clean_page("社区工作总结范文（精选3篇）\n以下是小编整理的范文，欢迎阅读。\n" + body, "p.txt")
    assert len(docs) == 3
    assert docs[1].outline == ["一、第2项工作"]


def test_a_title_with_a_year_is_not_a_split_marker():
    docs = clean_page("宣传思想文化工作总结2020\n一、理论学习\n全年安排学习课程20节，其中自学课程5节。", "p.txt")
    assert len(docs) == 1 and docs[0].year == 2020


def test_a_page_of_noise_only_gives_no_document():
    page = "您的位置:范文网>总结>工作总结\n更新时间:2023-08-03 15:41:20\n以下是小编整理的总结，欢迎阅读！\n3452\n推荐阅读:\n中考总结"
    assert clean_page(page, "noise.txt") == []


@pytest.mark.parametrize(
    "raw,clean",
    [
        ('(一)"党建+思想政治",统一思想聚合力', '（一）"党建+思想政治"，统一思想聚合力'),
        ("开展丰富多彩的.文化活动", "开展丰富多彩的文化活动"),
        ("捐助者的`感情与交流", "捐助者的感情与交流"),
        ("下一步工作打算:", "下一步工作打算："),
        ("人工时间9:00-18:30,课程2.14G", "人工时间9:00-18:30，课程2.14G"),
        ("弘扬“安图精神” 主题座谈会", "弘扬“安图精神”主题座谈会"),
    ],
)
def test_punctuation_is_normalised_beside_chinese_text(raw, clean):
    assert normalise_punctuation(raw) == clean


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("20_最新创建文明城市活动总结(精选5篇)", "创建文明城市活动总结"),
        ("2023最新创建文明城市活动总结", "创建文明城市活动总结"),
        ("宣传思想文化工作总结2020", "宣传思想文化工作总结2020"),
        ("社区工作总结范文", "社区工作总结"),
    ],
)
def test_title_decoration(raw, clean):
    assert strip_title_decoration(raw) == clean


@pytest.mark.parametrize(
    "title,kind",
    [("社区党建工作总结", "党建工作总结"), ("街道志愿服务工作汇报", "志愿服务工作报告"), ("社区环境卫生整治工作总结", "环境卫生整治工作总结")],
)
def test_kind_from_title(title, kind):
    assert derive_kind(title) == kind

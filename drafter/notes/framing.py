"""What frames the notes without being a fact: the title line (…社区2024年养老服务工作总结, which gives
the community, period and kind), greetings, lead-ins, sign-offs, dates and names under the text,
contact lines, and the wrappers of a forwarded WeChat message ([聊天记录], "张三 10:32", [图片]).

Each frame line gets a Chinese reason, shown to the person beside the line it left out.
"""

from __future__ import annotations

import re

from .hierarchy import closing_of_heading, has_count, normalise

__all__ = ["TitleFields", "read_title", "frame_reason", "tail_reason"]

_KIND_END = r"(工作总结|工作要点|情况汇报|工作汇报|汇报材料|工作报告|述职报告|工作情况|总结报告|工作计划|工作小结|完成情况|总结|小结|汇报|报告|要点|简报|月报|周报)"
_TITLE = re.compile(rf"^(关于)?(?P<body>.{{2,60}}?{_KIND_END})(的(报告|汇报))?$")
_PERIOD = re.compile(
    r"((?:(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*)?(?:(?:19|20)\d{2}|[二〇一二三四五六七八九零]{4})\s*年(?:度)?(?:上半年|下半年|前三季度|第?[一二三四1-4]季度|\d{1,2}\s*[-—至~]\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*月(?:份)?)?"
    r"|(?:上半年|下半年|全年|第?[一二三四]季度|前三季度))"
)
_COMMUNITY = re.compile(r"^(.{1,20}?(?:社区|村|街道|小区|嘎查|居委会|居民委员会))")
_COMMUNITY_LAST = re.compile(r"^(.{1,20}(?:社区|村|街道|小区|嘎查|居委会|居民委员会))")


class TitleFields(dict):
    """title, community, period and kind read from a title line (the keys that were found)."""


def read_title(text: str) -> TitleFields | None:
    """The fields of a title line, or None when the line is not a title."""
    t = text.strip().lstrip("#").strip().strip("《》")
    norm = normalise(t)
    if not t or len(t) > 60 or re.search(r"[。；;！!？?]$", t) or has_count(re.sub(_PERIOD, "", norm), words=False):
        return None
    m = _TITLE.match(norm)
    if not m:
        return None
    fields = TitleFields(title=t)
    body = t[m.start("body") : m.end("body")]
    rest = body
    period = _PERIOD.search(normalise(body))
    if period:
        before, rest = body[: period.start()], body[period.end() :]
        fields["period"] = period.group(1).replace(" ", "")
        community = _COMMUNITY_LAST.match(before.strip())
        if community:
            fields["community"] = community.group(1)
        if community is None:  # 2024年春华社区消防安全工作总结: the community after the period
            community = _COMMUNITY.match(rest.strip())
            if community:
                fields["community"] = community.group(1)
                rest = rest.strip()[community.end() :]
    else:
        community = _COMMUNITY.match(body)
        if community:
            fields["community"] = community.group(1)
            rest = body[community.end() :]
    kind = re.sub(r"的(?=(情况)?(汇报|报告)$)|[【】\[\]]", "", rest.strip().lstrip("的").strip())
    if kind:
        fields["kind"] = kind
    return fields


# Whole-line frames, anywhere in the text.
_FRAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[\[【(（]?(聊天记录|转发的?聊天记录|群聊的?聊天记录|合并转发)[\]】)）]?[:：]?$"), "转发消息的抬头"),
    (re.compile(r"^.{1,20}的聊天记录$"), "转发消息的抬头"),
    (re.compile(r"^(转发|转发自|以下为转发|以下是转发|来自)[^。；;，,]{0,16}[：:]?$"), "转发消息的抬头"),
    (re.compile(r"^[\[【](图片|语音|视频|文件|表情|动画表情|链接|位置|名片|撤回了一条消息)[\]】]$"), "非文字消息"),
    (re.compile(r"^.{0,12}撤回了一条消息$"), "非文字消息"),
    (re.compile(r"^([\[【(（]?(转发|转|群聊|聊天记录)[\]】)）]?[:：]?\s*)?[\u4e00-\u9fffA-Za-z（）()·]{1,16}\s+((19|20)\d{2}\s*[-/年.]\s*\d{1,2}\s*[-/月.]\s*\d{1,2}\s*日?\s*)?\d{1,2}:\d{2}(:\d{2})?$"), "转发消息的发送人和时间"),
    (re.compile(r"^[\[【(（](转发|转)[\]】)）]\s*[\u4e00-\u9fffA-Za-z·]{1,16}[:：]?$"), "转发消息的发送人"),
    (re.compile(r"^((19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?\s*)?\d{1,2}:\d{2}(:\d{2})?$"), "消息时间"),
    (re.compile(r"^(尊敬的|各位|大家|亲爱的)[^。；]{0,16}(好|：|:|，|,)?[！!。]?$"), "问候语"),
    (re.compile(r"^[\u4e00-\u9fff]{1,4}(书记|主任|部长|局长|镇长|街道|领导|同志|老师|科长|站长)(您好|你好|好)?[：:，,！!]?$"), "称呼"),
    (re.compile(r"^[\u4e00-\u9fff]{0,4}(书记|主任|委员|网格员|社工|站长|组长|楼栋长|志愿者)[\u4e00-\u9fff]{1,3}[:：]$"), "发言人"),
    (re.compile(r"^[\u4e00-\u9fff]{1,4}(书记|主任|部长|局长|镇长|领导|科长|站长)(您好|你好|好)?[，,！!][^。；;]{0,24}[：:。]?$"), "称呼"),
    # 主任，…这块我先理了一下，您看看： / 各位，这是…的情况，汇总材料时用： — words to someone before the notes
    (re.compile(r"^([\u4e00-\u9fff]{0,4}(书记|主任|部长|局长|镇长|领导|科长|站长|组长|老师|同志|姐|哥)|各位[\u4e00-\u9fff]{0,4}|大家)(您好|你好|好)?[，,！!][^。；;]{0,48}[：:]$"), "称呼和引导语"),
    (re.compile(r"^@\S+"), "群消息提醒"),
    (re.compile(r"^(现将|现把|现就|下面|以下|下面我|我现在|今天)[^。]{0,50}(汇报|报告|总结|说明)(如下|一下)?[：:。]?$"), "引导语"),
    (re.compile(r"^(具体|主要|有关)?(情况|内容|工作)?(汇报|报告|总结)?如下[：:。]?$"), "引导语"),
    (re.compile(r"^[^；;]{0,60}(如下|汇报一下|报告一下|说一下|说说|总结一下|简单汇报|梳理如下|汇总了?一下|整理了?一下)[：:。！!]?$"), "引导语"),
    (re.compile(r"^[^；;。]{0,30}(以下是|下面是|这是)[^；;。]{0,30}(情况|汇报|总结|工作)[：:。]?$"), "引导语"),
    (re.compile(r"^(汇报一下|报告一下|说一下)[^。；;]{0,30}$"), "引导语"),
    (re.compile(r"^[-—=~～_]{2,}\s*((19|20)\d{2}[-/年.]\d{1,2}[-/月.]\d{1,2}日?)(\s+\d{1,2}:\d{2})?\s*[-—=~～_]{2,}$"), "消息日期"),
    (re.compile(r"^(以上|特此|妥否|当否|请审阅|请审示|请批示|请审核|请领导|请各位|谢谢|此致|敬礼|盼复|专此)[^。]{0,30}[。！!]?$"), "结束语"),
    (re.compile(r"^(收到|好的|好|辛苦了|辛苦|OK|ok|嗯|👍|赞)[！!。~]*$"), "聊天回复"),
    (re.compile(r"^(联系人|联系电话|电话|手机|报送人|填报人|审核人|撰稿人?|审稿|签发人?|报送单位|填报单位|附件|汇报人|报告人|执笔人?|撰写人?|整理人?)[:：]"), "联系和报送信息"),
    (re.compile(r"^(备注|注)[:：]"), "备注"),
    (re.compile(r"^[（(]\s*(19|20)\d{2}\s*年[^）)]{0,16}[-—~至到][^）)]{0,16}[)）]$"), "时间范围说明"),
    (re.compile(r"^[-—=_*·.~～#]{3,}$"), "分隔线"),
    (re.compile(r"^[（(]?\s*((19|20)\d{2}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|(19|20)\d{2}[-/.]\d{1,2}([-/.]\d{1,2})?)\s*[)）]?$"), "落款日期"),
    (re.compile(r"^[\u4e00-\u9fff（）()·]{2,24}\s*((19|20)\d{2}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|(19|20)\d{2}[-/.]\d{1,2}([-/.]\d{1,2})?)$"), "落款（署名和日期）"),
)
# Frames made of words: a line of this shape that holds a count is content ("以上活动共服务120人次").
_WORDS_ONLY = frozenset({"问候语", "称呼", "称呼和引导语", "引导语", "结束语", "聊天回复"})
# Lines that are a sign-off only after the last fact: an organisation's or a person's name alone.
_SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()·]{2,30}(社区|居委会|居民委员会|村委会|村民委员会|党支部|党委|党总支|工作站|服务中心|办事处|办公室)$")
_NAME = re.compile(r"^(执笔|撰写|整理|报告人|汇报人)?[:：]?\s*[\u4e00-\u9fff]{2,4}$")


def frame_reason(text: str) -> str | None:
    """Why a line frames the notes (a Chinese reason), or None when it may hold content."""
    t = text.strip()
    norm = normalise(t)
    for pattern, reason in _FRAMES:
        if pattern.match(norm) and not (reason in _WORDS_ONLY and has_count(t)):
            if reason == "称呼和引导语" and closing_of_heading(re.split(r"[，,！!]", t, maxsplit=1)[1]):
                return None  # 主任，存在的问题：… names the closing part that follows
            return reason
    return None


def tail_reason(text: str) -> str | None:
    """Why a line after the last fact is a signature, or None."""
    t = normalise(text.strip())
    if _SIGNATURE.match(t):
        return "落款单位"
    if _NAME.match(t):
        return "落款署名"
    return None

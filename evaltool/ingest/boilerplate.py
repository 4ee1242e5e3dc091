"""Web furniture (share buttons, bylines, credits, footers, menus) kept out of alignment.

Such lines have no counterpart in the other language, so aligning or scoring them would
only produce false omissions; they are listed in the report instead. All patterns live in
one table, tried in order against the stripped line; each row names the languages it
applies to ("*" for any, including lines with no letters).

The patterns are anchored and narrow on purpose: headlines and quotes look like furniture
to loose rules (short, no full stop), and losing content is worse than keeping a menu item.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_AGENCIES_EN = r"(?:AP|AFP|Reuters|Getty Images|Xinhua|Sputnik|TASS|EPA|EPA-EFE|Bloomberg|Shutterstock|Pool|UPI)"
_AGENCIES_ZH = r"(?:美联社|法新社|路透社|新华社|彭博社|欧新社|卫星通讯社|俄新社|塔斯社|盖蒂图片社|盖蒂图像|视觉中国)"
_SOCIAL = (
    r"(?:facebook|twitter|x|email|e-mail|whatsapp|linkedin|pinterest|reddit|wechat|weibo|print"
    r"|telegram|messenger|tumblr|flipboard|copy link)"
)
_PLACE = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*"
_NAME = r"[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"  # up to four capitalised words
_CAPS_CREDIT = r"[A-Z][A-Z.’' -]{1,60}/[A-Z][A-Z.’' /-]{1,60}"  # "ALEXEY VITVITSKY/SPUTNIK"
_NAME_LIST = r"[A-Z][\w.’'-]*(?:,?\s+(?:and\s+)?[A-Z][\w.’'-]*)*"

# (pattern, reason, languages) — first full match wins. Repeats are bounded or sit in
# lookaheads so that a long content line costs linear time.
_TABLE: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # Share buttons: "Share", "Share - WeChat", "Share this:", "Facebook Twitter Email".
    (re.compile(r"share(?:\s+this)?(?:\s*[-–:|]\s*\w+)?\s*:?", _I), "share-buttons", "en"),
    (re.compile(rf"(?:(?:share\s+(?:on|via)\s+)?{_SOCIAL}\s*[|,•·/]?\s*)+", _I), "share-buttons", "en"),
    (re.compile(r"(?:分享|分享到|分享至)[:：]?(?:\s*(?:微信|微博|朋友圈|QQ空间|QQ))*"), "share-buttons", "zh"),
    # Bylines: "By REN QI in Moscow | China Daily | Updated: …", "in Washington and in New York".
    (re.compile(r"by\s+[^|]{2,60}\|.*", _I), "byline", "en"),
    (re.compile(rf"By\s+{_NAME}(?:\s*(?:,|and)\s+{_NAME})*"), "byline", "en"),
    (re.compile(rf"in\s+{_PLACE}(?:\s*(?:,|and)\s+in\s+{_PLACE})*"), "byline", "en"),
    (re.compile(r"(?:updated|published|posted)\s*:?\s*\d{4}-\d{2}-\d{2}.*", _I), "byline", "en"),
    (re.compile(r"(?:作者|记者|来源|编辑|责任编辑|责编)[:：].{0,40}"), "byline", "zh"),
    # Links out and page chrome.
    (re.compile(r"source(?:\s+link)?\s*:?", _I), "source-link", "en"),
    (
        re.compile(
            r"(?:read more|read the full (?:story|article)|continue reading|see also|related(?: stories)?)(?:\s*:.*)?", _I
        ),
        "read-more",
        "en",
    ),
    (re.compile(r"(?:阅读更多|閱讀更多|更多阅读|相关阅读|相关新闻|延伸阅读|阅读原文)(?:[:：].*)?"), "read-more", "zh"),
    (
        re.compile(
            r"(?:comments are closed|leave a (?:reply|comment)|your email address will not be published"
            r"|required fields are marked|cancel reply|\d+ comments?)\b.*",
            _I,
        ),
        "comments",
        "en",
    ),
    (re.compile(r"(?:发表评论|评论|网友评论|我要评论)"), "comments", "zh"),
    # Photo credits and captions.
    (re.compile(r"(?:photo(?:graph)?s?|image|picture|credit|photo credit)\s*:\s*.{2,80}", _I), "photo-credit", "en"),
    (re.compile(rf"[^.!?]{{2,60}}(?:/|\bvia\s+){_AGENCIES_EN}(?:\s+via\s+{_AGENCIES_EN})?"), "photo-credit", "en"),
    (re.compile(rf"{_CAPS_CREDIT}"), "photo-credit", "en"),
    (re.compile(r".+[.!?]\s*(?:Photo(?:graph)?|Image)\s*:.{2,80}", _I), "caption", "en"),
    (re.compile(rf".+[.!?]\s*{_CAPS_CREDIT}"), "caption", "en"),
    (re.compile(rf"[^。！？\s]{{1,30}}/[^。！？\s]{{0,20}}{_AGENCIES_ZH}"), "photo-credit", "zh"),
    (re.compile(r"(?:图|图片|摄影|供图|图源|图片来源)[:：/].{1,40}"), "photo-credit", "zh"),
    (re.compile(r"(?=.*[(（](?:左|右|中|前|后|左一|右一|左二|右二)[)）]).*(?:\.{3}|…)"), "caption", "zh"),
    (re.compile(r"(?=.*\((?:left|right|centre|center|second left|second right)\)).*(?:\.{3}|…)", _I), "caption", "en"),
    # Copyright footers: the notice is in the line's first sentence, so a content paragraph that
    # ends with a copyright sentence stays content (dropping it would turn its translation into an addition).
    (re.compile(r"copyright\s*(?:©\s*)?\d{4}.*|[^.!?]*\ball rights reserved\b.*|[^.!?]*©.*", _I), "copyright", "*"),
    (re.compile(r"[^。！？.!?]*(?:版权所有|版權所有|未经授权.{0,10}转载).*"), "copyright", "*"),
    # Navigation: menus, skip links, section names, site registration lines.
    (re.compile(r"(?:press\s+[\"“]?enter[\"”]?\s+to\s+)?skip to (?:main )?content", _I), "navigation", "en"),
    (re.compile(r"global edition.*", _I), "navigation", "*"),
    (re.compile(r"(?:registration number|license for publishing|icp)\b.*\d+.*", _I), "navigation", "*"),
    (re.compile(r".*ICP备\d+号.*"), "navigation", "*"),
    (re.compile(r"(?:follow us|subscribe|sign in|log in|advertisement|menu|search)(?:\s+on\s+.+)?", _I), "navigation", "en"),
    (re.compile(r"(?:首页|返回顶部|回到顶部|关注我们|广告|订阅)"), "navigation", "zh"),
    # Newsroom tails: "___", "Lee reported from Washington. … contributed.", "Agencies … contributed to this story."
    (re.compile(r"[-_=*~#•·]{3,}"), "separator", "*"),
    (re.compile(rf"{_NAME_LIST}\s+reported from\s+{_PLACE}\..*"), "credit-line", "en"),
    (re.compile(r".{0,120}\bcontributed (?:to this (?:story|report|article)|reporting)\b.*", _I), "credit-line", "en"),
    (re.compile(r"[(（](?:责任)?编辑[:：][^)）]{1,20}[)）]"), "credit-line", "zh"),
)

# Whole-line menu entries and section names (compared lower-cased, straight apostrophes).
_MENU_ITEMS = frozenset(
    {
        "world", "top", "home", "news", "china", "business", "opinion", "sports", "culture",
        "lifestyle", "travel", "video", "videos", "photos", "asia", "europe", "americas",
        "back to the top", "back to top", "today's top news", "top news", "editor's picks",
        "most viewed", "most popular", "most read", "trending", "latest", "latest news",
        "english", "中文", "français", "more", "next", "previous", "print",
        "新闻", "国际", "国内", "财经", "体育", "更多",
    }
)


def boilerplate_reason(line: str, lang: str) -> str | None:
    """Return why ``line`` (in ``lang``: "zh", "en" or "other") is web furniture, or None for content."""
    text = line.strip()
    if not text:
        return None
    if text.lower().replace("’", "'").rstrip(":：") in _MENU_ITEMS:
        return "navigation"
    for pattern, reason, langs in _TABLE:
        if (langs == "*" or lang == langs) and pattern.fullmatch(text):
            return reason
    return None

"""General rules that recognise the parts of a scraped news page, one line at a time.

Scraped text mixes the article with page furniture. These predicates say what
a single stripped line looks like; `text_loader` decides, from a line's
position, which of them apply. Every rule describes a *shape* seen across news
sites, never a particular article:

- debris: player times ("0:00", "1:02 / 3:45"), timestamps and datelines made
  only of date and time words ("Updated: Dec. 3, 2021 10:14 a.m. ET"), a lone
  label ending with ':' ("Updated:", "Listen to this article:"), lone
  interface labels ("Share", "Advertisement", "Read more"), reading-time and
  "3 hours ago" notes, bylines ("By Jane Roe and John Doe");
- caption: a line ending with a photo credit: "Firstname Lastname/Agency",
  "AGENCY/Firstname Lastname", "(AP Photo/Name)", "(Photo: ...)",
  "Photograph: ...", "Photo by ...", or a stock agency such as Getty Images;
- sub-heading: a short line (at most 10 words) without final punctuation;
- standfirst: a single sentence of summary length (6 to 60 words).
"""

from __future__ import annotations

import re

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    "august|september|october|november|december"
)
_WEEKDAYS = "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday"

#: One whitespace-separated token of a timestamp line. Named groups mark the
#: tokens that make a line a timestamp; the others may only accompany them.
_DATE_TOKEN = re.compile(
    rf"""(?x)^(?:
        (?P<time>\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:[aApP][mM])?,?)
      | (?P<month>(?i:{_MONTHS})\.?,?)
      | (?P<weekday>(?i:{_WEEKDAYS})\.?,?)
      | (?P<numeric>\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}},?|\d{{4}}-\d{{2}}-\d{{2}}T[\d:.+-]+Z?)
      | \d{{1,4}}(?:st|nd|rd|th)?,?
      | [aApP]\.?[mM]\.?,?
      | (?:UTC|GMT)(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?
      | [A-Z]{{2,4}}
      | [+-]\d{{2}}:?\d{{2}}
      | at | on | [|/·•,–—-]
    )$""",
)
_TIMESTAMP_TOKENS = ("time", "month", "weekday", "numeric")
_LEADING_LABEL = re.compile(r"^[A-Za-z][A-Za-z ]{0,30}:\s+")
_LONE_LABEL = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,3}:$")
_RELATIVE_TIME = re.compile(
    r"(?i)^(?:\d+\s*(?:min|mins|minute|minutes)\s+read"
    r"|\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago"
    r"|\d+\s+comments?|(?:image|photo|picture|slide)\s+\d+\s+of\s+\d+)$"
)
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:(?:\s+|,\s*|\s+and\s+)[A-Z][\w.'’-]*){0,7}$")

#: Interface labels a page shows on a line of their own (compared case-folded, trailing marks dropped).
_UI_LABELS = frozenset((
    "advertisement", "advertisements", "ad", "sponsored", "sponsored content", "paid content",
    "share", "share this", "share this article", "share this story", "share on facebook",
    "share on twitter", "share via", "tweet", "email", "e-mail", "print", "comments", "comment",
    "view comments", "show comments", "listen", "listen to this article", "listen to article",
    "play", "pause", "mute", "unmute", "read more", "read next", "see more", "show more",
    "load more", "continue reading", "related", "related articles", "related stories",
    "related coverage", "recommended", "recommended stories", "trending", "most read",
    "top stories", "subscribe", "sign up", "log in", "sign in", "close", "menu", "search",
    "skip to content", "skip to main content", "back to top", "copy link", "link copied",
    "facebook", "twitter", "x", "whatsapp", "linkedin", "reddit", "telegram", "pinterest",
    "font size", "text size", "loading", "enlarge", "expand", "zoom", "toggle caption",
    "hide caption", "download", "follow", "follow us", "open in app", "gallery", "photos",
    "story continues below advertisement", "article continues below advertisement",
    "scroll to continue",
))

_SENTENCE_END = r"(?:^|(?<=[.!?”\"’)])\s+|\s+[-–—|]\s+)"
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de|da|del|van|von|la|le|di)?\s*[A-Z][\w'’.-]*){0,3}"
_AGENCY = r"[A-Z][\w&'’.-]*(?:\s+(?:via\s+)?[A-Z][\w&'’.-]*){0,3}"
_STOCK_AGENCIES = r"Getty Images|Shutterstock|Alamy|iStock|EPA-EFE|Pexels|Unsplash|Wikimedia Commons"

#: Shapes of a photo credit at the end of a line.
_CREDITS = tuple(re.compile(pattern) for pattern in (
    rf"{_SENTENCE_END}\(?{_NAME}\s*/\s*{_AGENCY}(?:,\s*File)?\)?$",                # Jane Roe/Agency, AGENCY/Jane Roe
    r"\(?\b[A-Z]{2,}\s+Photos?(?:\s*/\s*[^/()]{2,60})?\)?$",                       # (AP Photo/Jane Roe)
    r"\((?:Photo|Photograph|Picture|Image|Credit|Photo credit)s?\s*(?::|by)\s*[^()]{2,80}\)$",
    rf"{_SENTENCE_END}(?:Photo|Photograph|Picture|Image|Credit|Photo credit)s?\s*(?::|by)\s*[^:]{{2,80}}$",
    rf"(?:{_SENTENCE_END}|/\s*|\(|\bvia\s+)(?:{_STOCK_AGENCIES})(?:\s+Plus)?\)?$",   # ... via Getty Images
))

_FINAL_PUNCTUATION = ".,;:!?…\"'”’)]»"
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"'“‘(]?[A-Z]")
_SENTENCE_CLOSE = re.compile(r"[.!?][\"'”’)]*$")


def _is_timestamp(line: str) -> bool:
    tokens = _LEADING_LABEL.sub("", line, count=1).split()
    if not tokens or len(tokens) > 10:
        return False
    matches = [_DATE_TOKEN.match(token) for token in tokens]
    if not all(matches):
        return False
    return any(m.lastgroup in _TIMESTAMP_TOKENS for m in matches if m)


def _is_ui_label(line: str) -> bool:
    return line.rstrip(" :›»>|").casefold() in _UI_LABELS


def is_debris(line: str) -> bool:
    """Page furniture: player times, timestamps, lone labels, interface words, bylines."""
    if not line or len(line) > 120:
        return False
    return bool(
        _is_timestamp(line)
        or _LONE_LABEL.match(line)
        or _is_ui_label(line)
        or _RELATIVE_TIME.match(line)
        or _BYLINE.match(line)
    )


def has_photo_credit(line: str) -> bool:
    """Whether a line ends with a photo credit (the mark of a caption)."""
    return any(pattern.search(line) for pattern in _CREDITS)


def is_subheading_shape(line: str) -> bool:
    """A short line without final punctuation that starts like a title."""
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 80
        and line[-1] not in _FINAL_PUNCTUATION
        and (line[0].isupper() or line[0].isdigit())
    )


def is_standfirst_shape(line: str) -> bool:
    """One complete sentence of summary length."""
    words = len(line.split())
    return (
        6 <= words <= 60
        and bool(_SENTENCE_CLOSE.search(line))
        and not _SENTENCE_BREAK.search(line)
    )



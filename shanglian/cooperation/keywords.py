"""Keywords of a posting's Chinese text: character bigrams (no segmentation dictionary needed: 冷链物流
gives 冷链 链物 物流, and two texts about 冷链 share 冷链), without stop words and function characters."""

from __future__ import annotations

import re

STOP = {"有限", "限公", "公司", "青岛", "需要", "提供", "寻求", "企业", "我们", "合作"}
# Function characters: a bigram holding one (与冷, 的生) says nothing about the subject.
FUNCTION_CHARS = set("与和的及或等在为对是了需要供提求有可能我们日均")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
MAX_WORDS = 200  # a 2,000-character description gives at most this many distinct keywords kept


def keywords(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _HAN.findall(text or ""):
        grams.update(
            run[i : i + 2] for i in range(len(run) - 1) if not (set(run[i : i + 2]) & FUNCTION_CHARS)
        )
    grams.update(w.lower() for w in re.findall(r"[A-Za-z0-9]{2,}", text or ""))
    return grams - STOP


def match_text(text: str) -> str:
    """The keywords as space-separated words: pg_trgm then turns each bigram 冷链 into the trigrams
    "  冷", " 冷链", "冷链 ", so trigram similarity between two postings measures their shared keywords,
    and a GIN trigram index finds them (a bare two-character fragment holds no trigram of its own)."""
    return " ".join(sorted(keywords(text))[:MAX_WORDS])

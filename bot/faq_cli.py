"""`tutor-sensus faq`: questions on standard input, one per line; one JSON object per line out.

    {"question": "...", "topic": "<topic id>" or null, "score": 0.734}

null means the matcher is not confident (the bot would offer the closest topics and a person).
Used for evaluation; nothing is logged, so questions (which may hold a NIK) stay on the pipe.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from conversations.core.campaign import load_campaign
from conversations.core.i18n import LANGUAGES
from conversations.resident.faq_matcher import FaqDataError, FaqMatcher


def run(
    stdin: TextIO, stdout: TextIO, lang: str = "id", campaign_path: str | Path | None = None
) -> int:
    if lang not in LANGUAGES:
        print(
            f"tutor-sensus faq: unknown language {lang!r} ({', '.join(LANGUAGES)})",
            file=sys.stderr,
        )
        return 2
    campaign = load_campaign(campaign_path)
    try:
        matcher = FaqMatcher.load(lang, campaign.messages, campaign.faq.topics)
    except FaqDataError as exc:
        print(f"tutor-sensus faq: {exc}", file=sys.stderr)
        return 2
    for line in stdin:
        question = line.rstrip("\r\n")
        if not question.strip():
            continue
        match = matcher.match(question)
        record = {"question": question, "topic": match.topic, "score": round(match.score, 4)}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()  # one answer per question, even when a person types them one by one
    return 0

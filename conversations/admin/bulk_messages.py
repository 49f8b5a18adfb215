"""What a broadcast's or reminder's recipients get, and the broadcast's progress message in
the admin's chat: pure helpers shared by the /siaran flow (broadcast.py) and the bulk lane
(bot/services/bulk.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from conversations.core import segments
from conversations.core.campaign import Campaign
from conversations.core.i18n import (
    Translator,
    campaign_variables,
    format_day,
    format_number,
    format_share,
)
from conversations.core.models import Choice, Reply, Template
from conversations.core.segments import SegmentError

PROGRESS_BAR = 8
TEMPLATE_PARAM_MAX = 1024


# --- what the recipients get ------------------------------------------------------------------
def message_args(campaign: Campaign, today: date, lang: str) -> dict[str, Any]:
    """Variables every bulk message may use besides the campaign's facts."""
    calendar = campaign.on(today)
    if calendar.online != "open":
        return {"days": 0, "deadline": ""}
    return {"days": calendar.days_left, "deadline": format_day(calendar.closes, lang)}


def render(t: Translator, campaign: Campaign, today: date, key: str | None, text: str | None,
           args: dict[str, Any] | None = None) -> str:
    """A bulk message in the recipient's language (a composed text is sent as typed)."""
    if key is None:
        return text or ""
    return t(key, **message_args(campaign, today, t.lang), **(args or {}))


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())[:TEMPLATE_PARAM_MAX]


def template_for(campaign: Campaign, today: date, lang: str, key: str | None, text: str,
                 args: dict[str, Any] | None = None) -> Template | None:
    """The WhatsApp template that stands in for this message outside the 24-hour window,
    with its parameters filled in; None when the campaign has none for it."""
    template = campaign.whatsapp_template(key)
    if template is None:
        return None
    values: dict[str, Any] = {**campaign_variables(campaign, lang, today),
                              **message_args(campaign, today, lang), **(args or {}),
                              "text": text}
    if "days" in template.parameters and values["days"] == 0:
        # A fixed body ("tinggal {{2}} hari lagi") cannot say "hari ini hari terakhir": the
        # general template carries the message's own text instead.
        template = campaign.whatsapp_template(None)
        if template is None:
            return None
    return Template(name=template.name, language=template.language,
                    params=[_one_line(values.get(name, "")) for name in template.parameters])


def buttons(t: Translator, key: str | None, args: dict[str, Any] | None) -> list[Choice]:
    """Buttons under a bulk message. They carry version 0: only choices that work from any
    old message (the engine's timeless ones) are used."""
    if key == "reminder-stopped" and args and args.get("step"):
        return [Choice(id="0|tut.resume", label=t("menu-resume", step=args["step"])),
                Choice(id="0|menu", label=t("nav-menu"))]
    return [Choice(id="0|menu", label=t("nav-menu"))]


# --- the progress message ---------------------------------------------------------------------
def segment_label(t: Translator, campaign: Campaign, segment_id: str) -> str:
    try:
        segment = segments.parse(segment_id)
    except SegmentError:
        return segment_id
    if segment.name == "kecamatan":
        found = campaign.region.kecamatan_by_id(segment.argument or "")
        return t("segment-kecamatan-of", name=found.name if found else segment.argument)
    if segment.name in ("inactive", "stopped_in_tutorial"):
        return t(f"segment-{segment.name}-of", days=segment.days)
    return t(f"segment-{segment.name}-label")


def progress_reply(t: Translator, campaign: Campaign, broadcast: dict[str, Any],
                   counts: dict[str, int], *, quiet_until: str | None = None,
                   edit: bool = True) -> Reply:
    total = int(broadcast["total"])
    processed = sum(counts[k] for k in ("sent", "failed", "blocked", "skipped", "cancelled"))
    ratio = processed / total if total else 1.0
    filled = max(0, min(PROGRESS_BAR, int(ratio * PROGRESS_BAR)))
    lang = t.lang
    lines = [
        t("bc-progress-title", id=broadcast["id"],
          segment=segment_label(t, campaign, broadcast["segment"])),
        t("bc-progress", sent=format_number(counts["sent"], lang),
          total=format_number(total, lang),
          bar="▓" * filled + "░" * (PROGRESS_BAR - filled),
          percent=format_share(int(ratio * 100) / 100, lang),
          failed=format_number(counts["failed"], lang),
          blocked=format_number(counts["blocked"], lang)),
    ]
    if counts["skipped"]:
        lines.append(t("bc-progress-skipped", count=format_number(counts["skipped"], lang)))
    status = broadcast["status"]
    choices: list[Choice] = []
    bid = broadcast["id"]
    if status == "running":
        if quiet_until:
            lines.append(t("bc-progress-quiet", until=quiet_until))
        choices = [Choice(id=f"bc.pause.{bid}", label=t("bc-pause")),
                   Choice(id=f"bc.cancel.{bid}", label=t("bc-cancel"))]
    elif status == "paused":
        lines.append(t("bc-progress-paused"))
        choices = [Choice(id=f"bc.resume.{bid}", label=t("bc-resume")),
                   Choice(id=f"bc.cancel.{bid}", label=t("bc-cancel"))]
    elif status == "done":
        lines.append(t("bc-progress-done"))
    elif status == "cancelled":
        lines.append(t("bc-progress-cancelled",
                       count=format_number(counts["cancelled"] + counts["pending"], lang)))
    return Reply(text="\n".join(lines), choices=choices, ref=f"bc{bid}", edit=edit)


def milestone(counts: dict[str, int], total: int) -> int:
    """25, 50, 75 or 100: the last quarter passed (for channels that cannot edit)."""
    processed = sum(counts[k] for k in ("sent", "failed", "blocked", "skipped", "cancelled"))
    if total <= 0:
        return 100
    return min(100, int(processed * 4 / total) * 25)

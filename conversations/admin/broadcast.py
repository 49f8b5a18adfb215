"""/siaran: an admin composes a broadcast (or picks a ready message), picks who gets it, sees
how many people that is per platform, and confirms.

Confirming writes the broadcast and every recipient in the update's transaction (one
`INSERT ... SELECT`); bot/services/bulk.py then sends it in the background, in the bulk lane
(replies to people always go first), and keeps ONE progress message in the admin's chat up
to date, with pause and cancel buttons ("bc.<action>.<id>", checked for the admin role on
every press, usable from that old message). Only one broadcast runs at a time: a second
admin who confirms meanwhile is told so, and nothing is sent twice by mistake.

Pure helpers here render what the bulk lane sends (`render`, `template_for`) and the progress
message (`progress_reply`), so the flow and the background job share them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from conversations.core import segments
from conversations.core.campaign import Campaign
from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import (
    Translator,
    campaign_variables,
    format_day,
    format_number,
    format_share,
)
from conversations.core.models import Choice, Reply, Screen, Template
from conversations.core.roles import Role
from conversations.core.segments import SegmentError

BROADCAST = "broadcast"
MENU = "menu"
TEXT_MIN = 3
# A broadcast is read on a small phone: at most 800 characters (the engine reads at most
# 1,000 as one message; a WhatsApp template parameter takes 1,024).
TEXT_MAX = 800
READY = ("deadline", "visit", "thanks")  # bc-ready-<name>, with a -label each
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


# --- the flow -----------------------------------------------------------------------------------
def _admin(ctx: Context) -> bool:
    return ctx.role >= Role.ADMIN


def _back_to_menu(ctx: Context) -> Go:
    return Go(MENU, "main")


async def cmd_broadcast(ctx: Context, args: str) -> Go:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    text = args.strip()
    if text:
        return _with_text(ctx, text) or Go(BROADCAST, "compose")
    return Go(BROADCAST, "compose")


def _with_text(ctx: Context, text: str) -> Go | None:
    if len(text) < TEXT_MIN:
        return Go(BROADCAST, "compose", say=[ctx.reply("bc-text-short")])
    if len(text) > TEXT_MAX:
        return Go(BROADCAST, "compose", say=[ctx.reply("bc-text-long",
                                                        max=format_number(TEXT_MAX, ctx.t.lang),
                                                        count=format_number(len(text),
                                                                            ctx.t.lang))])
    return Go(BROADCAST, "segment", {"text": text})


def ready_messages(ctx: Context) -> list[str]:
    """The ready messages that fit today: a deadline reminder only while the online form is
    open, the officer-visit notice only while the field stage is ahead or running."""
    calendar = ctx.calendar
    return [name for name in READY
            if (name != "deadline" or calendar.online == "open")
            and (name != "visit" or calendar.visits_open)]


async def show_compose(ctx: Context) -> Screen:
    items = [ctx.choice(f"ad.bc.ready.{name}", f"bc-ready-{name}-label")
             for name in ready_messages(ctx)]
    return Screen(text=ctx.t("bc-compose", max=format_number(TEXT_MAX, ctx.t.lang)),
                  items=items, nav=[ctx.choice("menu", "bc-cancel-compose")])


async def on_compose_choice(ctx: Context, choice_id: str) -> Go | None:
    name = choice_id.removeprefix("ad.bc.ready.")
    if not _admin(ctx) or name not in ready_messages(ctx):
        return None
    return Go(BROADCAST, "segment", {"key": f"bc-ready-{name}"})


async def on_compose_text(ctx: Context, text: str) -> Go | None:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    if text.strip().isdigit() and len(text.strip()) <= 2:
        return None  # the number of a shown choice (a ready message), not a broadcast
    return _with_text(ctx, text.strip())


def _message(ctx: Context) -> dict[str, Any]:
    return {k: ctx.state.data[k] for k in ("key", "text") if k in ctx.state.data}


def _preview_text(ctx: Context) -> str:
    data = ctx.state.data
    return render(ctx.t, ctx.campaign, ctx.today, data.get("key"), data.get("text"))


async def show_segment(ctx: Context) -> Screen:
    items = [ctx.choice(f"ad.bc.seg.{name}", f"segment-{name}-label")
             for name in (*segments.SIMPLE, *segments.WITH_ARGUMENT)]
    return Screen(text=ctx.t("bc-segment-prompt", message=_preview_text(ctx)), items=items,
                  nav=[ctx.choice("menu", "bc-cancel-compose")])


async def on_segment_choice(ctx: Context, choice_id: str) -> Go | None:
    name = choice_id.removeprefix("ad.bc.seg.")
    if not _admin(ctx) or not choice_id.startswith("ad.bc.seg."):
        return None
    message = _message(ctx)
    if name == "kecamatan":
        return Go(BROADCAST, "kecamatan", message)
    if name == "inactive":
        return Go(BROADCAST, "inactive", message)
    if name in segments.SIMPLE:
        return Go(BROADCAST, "preview", {**message, "segment": name})
    return None


async def show_kecamatan(ctx: Context) -> Screen:
    items = [Choice(id=f"ad.bc.kec.{k.id}", label=k.name) for k in ctx.campaign.region.kecamatan]
    return Screen(text=ctx.t("bc-kecamatan-prompt"), items=items,
                  nav=[ctx.choice("menu", "bc-cancel-compose")])


async def on_kecamatan_choice(ctx: Context, choice_id: str) -> Go | None:
    kecamatan = ctx.campaign.region.kecamatan_by_id(choice_id.removeprefix("ad.bc.kec."))
    if not _admin(ctx) or kecamatan is None:
        return None
    return Go(BROADCAST, "preview", {**_message(ctx), "segment": f"kecamatan:{kecamatan.id}"})


async def show_inactive(ctx: Context) -> Screen:
    return Screen(text=ctx.t("bc-inactive-prompt", max=segments.INACTIVE_DAYS_MAX),
                  nav=[ctx.choice("menu", "bc-cancel-compose")])


async def on_inactive_text(ctx: Context, text: str) -> Go | None:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    days = text.strip()
    if not days.isdigit() or not 1 <= int(days) <= segments.INACTIVE_DAYS_MAX:
        return Go(BROADCAST, "inactive", _message(ctx), say=[ctx.reply(
            "bc-inactive-invalid", max=segments.INACTIVE_DAYS_MAX)])
    return Go(BROADCAST, "preview", {**_message(ctx), "segment": f"inactive:{int(days)}"})


async def show_preview(ctx: Context) -> Screen:
    data = ctx.state.data
    segment = segments.parse(data["segment"])
    counts = await ctx.tx.bulk.segment_counts(segment, ctx.now)
    lang = ctx.t.lang
    n = {k: format_number(v, lang) for k, v in counts.items()}
    lines = [ctx.t("bc-preview", message=_preview_text(ctx),
                   segment=segment_label(ctx.t, ctx.campaign, segment.id), total=n["total"]),
             ctx.t("bc-preview-split", telegram=n["telegram"], whatsapp=n["whatsapp_window"],
                   template=n["whatsapp_template"], console=n["console"])]
    if counts["opted_out"]:
        lines.append(ctx.t("bc-preview-opted-out", count=n["opted_out"]))
    if counts["whatsapp_template"]:
        template = ctx.campaign.whatsapp_template(data.get("key"))
        if template is None:
            lines.append(ctx.t("bc-preview-no-template", count=n["whatsapp_template"]))
        else:
            lines.append(ctx.t("bc-preview-template", name=template.name))
            limit = ctx.config.whatsapp_daily_limit
            already = await ctx.tx.bulk.whatsapp_initiated(ctx.now)
            if already + counts["whatsapp_template"] > limit:
                lines.append(ctx.t("bc-preview-limit", limit=format_number(limit, lang),
                                   already=format_number(already, lang)))
    if ctx.config.quiet_hours.is_quiet(ctx.now):
        lines.append(ctx.t("bc-preview-quiet", until=f"{ctx.config.quiet_hours.end:%H.%M}"))
    nav: list[Choice] = []
    if counts["total"]:
        nav.append(ctx.choice("ad.bc.send", "bc-send"))
    else:
        lines.append(ctx.t("bc-preview-nobody"))
    nav += [ctx.choice("ad.bc.resegment", "bc-change-segment"),
            ctx.choice("menu", "bc-cancel-compose")]
    return Screen(text="\n".join(lines), nav=nav)


async def on_preview_choice(ctx: Context, choice_id: str) -> Go | None:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    if choice_id == "ad.bc.resegment":
        return Go(BROADCAST, "segment", _message(ctx))
    if choice_id != "ad.bc.send":
        return None
    active = await ctx.tx.bulk.broadcast_active()
    if active is not None:
        return Go(BROADCAST, "preview", dict(ctx.state.data), say=[ctx.reply(
            "bc-busy", id=active["id"])])
    data = ctx.state.data
    segment = segments.parse(data["segment"])
    broadcast_id = await ctx.tx.bulk.broadcast_create(
        admin_channel=ctx.person.channel,
        admin_chat=ctx.incoming.chat_id or ctx.person.user,
        admin_lang=ctx.t.lang, message_key=data.get("key"), text=data.get("text"),
        segment=segment, now=ctx.now,
    )
    broadcast = await ctx.tx.bulk.broadcast_get(broadcast_id)
    assert broadcast is not None  # created just now, in this transaction
    if not broadcast["total"]:  # everyone left the segment since the preview
        await ctx.tx.bulk.broadcast_set_status(broadcast_id, ("running",), "done", ctx.now)
        return Go(BROADCAST, "preview", dict(data), say=[ctx.reply("bc-preview-nobody")])
    ctx.emit("broadcast", f"{broadcast_id}:{segment.id}")
    counts = await ctx.tx.bulk.broadcast_progress(broadcast_id)
    progress = progress_reply(ctx.t, ctx.campaign, broadcast, counts, edit=False)
    await ctx.tx.bulk.broadcast_progress_shown(broadcast_id, progress.text, 0, None)
    started = ctx.reply("bc-started", id=broadcast_id,
                        total=format_number(broadcast["total"], ctx.t.lang))
    return Go(MENU, "main", say=[started, progress])


# --- pause, resume, cancel (from the progress message) ------------------------------------------
async def on_control(ctx: Context, choice_id: str) -> Go | None:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    _, action, number = [*choice_id.split("."), "", ""][:3]
    if not number.isdigit():
        return None
    broadcast_id = int(number)
    broadcast = await ctx.tx.bulk.broadcast_get(broadcast_id)
    if broadcast is None:
        return None
    here = Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data))
    if action == "pause":
        changed = await ctx.tx.bulk.broadcast_set_status(broadcast_id, ("running",), "paused",
                                                    ctx.now)
        key = "bc-paused" if changed else "bc-not-running"
    elif action == "resume":
        changed = await ctx.tx.bulk.broadcast_set_status(broadcast_id, ("paused",), "running",
                                                    ctx.now)
        key = "bc-resumed" if changed else "bc-not-running"
    elif action == "cancel":
        if broadcast["status"] not in ("running", "paused"):
            key = "bc-not-running"
        else:
            return Go(BROADCAST, "cancel", {"id": broadcast_id})
    else:
        return None
    if key != "bc-not-running":
        ctx.emit(f"broadcast_{action}", str(broadcast_id))
    here.say.append(ctx.reply(key, id=broadcast_id))
    return here


async def show_cancel(ctx: Context) -> Screen:
    broadcast = await ctx.tx.bulk.broadcast_get(int(ctx.state.data["id"]))
    assert broadcast is not None  # broadcasts are never deleted (only detached)
    counts = await ctx.tx.bulk.broadcast_progress(broadcast["id"])
    return Screen(
        text=ctx.t("bc-cancel-confirm", id=broadcast["id"],
                   left=format_number(counts["pending"], ctx.t.lang)),
        nav=[ctx.choice("ad.bc.cancel", "bc-cancel-yes"), ctx.choice("menu", "bc-cancel-no")],
    )


async def on_cancel_choice(ctx: Context, choice_id: str) -> Go | None:
    if not _admin(ctx):
        return _back_to_menu(ctx)
    if choice_id != "ad.bc.cancel":
        return None
    broadcast_id = int(ctx.state.data["id"])
    if not await ctx.tx.bulk.broadcast_cancel(broadcast_id, ctx.now):
        return Go(MENU, "main", say=[ctx.reply("bc-not-running", id=broadcast_id)])
    ctx.emit("broadcast_cancel", str(broadcast_id))
    return Go(MENU, "main", say=[ctx.reply("bc-cancelled", id=broadcast_id)])


FLOW = Flow(
    BROADCAST,
    {
        "compose": Step(show_compose, on_choice=on_compose_choice, on_text=on_compose_text,
                        text_first=True),
        "segment": Step(show_segment, on_choice=on_segment_choice),
        "kecamatan": Step(show_kecamatan, on_choice=on_kecamatan_choice),
        "inactive": Step(show_inactive, on_text=on_inactive_text, text_first=True,
                         takes_number=lambda n: True),  # days
        "preview": Step(show_preview, on_choice=on_preview_choice),
        "cancel": Step(show_cancel, on_choice=on_cancel_choice),
    },
)

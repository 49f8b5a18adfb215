"""/siaran: an admin composes a broadcast (or picks a ready message), picks who gets it, sees
how many people that is per platform, and confirms.

Confirming writes the broadcast and every recipient in the update's transaction (one
`INSERT ... SELECT`); bot/services/bulk.py then sends it in the background, in the bulk lane
(replies to people always go first), and keeps ONE progress message in the admin's chat up
to date, with pause and cancel buttons ("bc.<action>.<id>", checked for the admin role on
every press, usable from that old message). Only one broadcast runs at a time: a second
admin who confirms meanwhile is told so, and nothing is sent twice by mistake.

The pure helpers that render what the bulk lane sends (`render`, `template_for`) and the
progress message (`progress_reply`) live in bulk_messages.py, shared by the flow and the
background job.
"""

from __future__ import annotations

from typing import Any

from conversations.admin.bulk_messages import progress_reply, render, segment_label
from conversations.core import segments
from conversations.core.flow import Context, Flow, Go, Step
from conversations.core.i18n import format_number
from conversations.core.models import Choice, Screen
from conversations.core.roles import Role

BROADCAST = "broadcast"
MENU = "menu"
TEXT_MIN = 3
# A broadcast is read on a small phone: at most 800 characters (the engine reads at most
# 1,000 as one message; a WhatsApp template parameter takes 1,024).
TEXT_MAX = 800
READY = ("deadline", "visit", "thanks")  # bc-ready-<name>, with a -label each


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
                        text_first=True, takes_prose=True),
        "segment": Step(show_segment, on_choice=on_segment_choice),
        "kecamatan": Step(show_kecamatan, on_choice=on_kecamatan_choice),
        "inactive": Step(show_inactive, on_text=on_inactive_text, text_first=True,
                         takes_number=lambda n: True),  # days
        "preview": Step(show_preview, on_choice=on_preview_choice),
        "cancel": Step(show_cancel, on_choice=on_cancel_choice),
    },
)

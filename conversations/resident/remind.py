""""Ingatkan saya besok": a resident who does not have the Kartu Keluarga at hand asks to be
reminded; the reminder comes at the same hour the next day (if that hour is in the quiet
hours: tomorrow when they end in the morning, or an hour before they begin at night), once,
through the bulk lane (bot/services/bulk.py). It is a due row in the reminders table, so a
restart neither loses nor repeats it; someone who opted out is told to opt back in first,
and a household that reports completion meanwhile gets none.

Reminders follow the calendar: "besok" is offered only while tomorrow the online form is
still open (on the last day the person is told to fill in today), and before the opening the
bot offers a reminder on the opening day instead ("Ingatkan saya 15 Februari").
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from conversations.core.flow import Context, Go
from conversations.core.i18n import format_day
from conversations.core.segments import Segment

CHOICE = "rm.tomorrow"
OPENING = "rm.opening"
MESSAGE = "reminder-tomorrow"
OPENING_MESSAGE = "reminder-opening"
OPENING_AT = time(9, 0)  # the opening-day reminder's hour (campaign time zone)


def tomorrow_possible(ctx: Context) -> bool:
    """The online form is open today and still open tomorrow."""
    return ctx.calendar.online == "open" and ctx.calendar.days_left >= 1


async def on_choice(ctx: Context, choice_id: str) -> Go:
    if choice_id == OPENING:
        return await opening(ctx)
    return await tomorrow(ctx)


async def opening(ctx: Context) -> Go:
    """Before the opening: one reminder on the opening day, in the morning."""
    here = Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data))
    person = ctx.person
    calendar = ctx.calendar
    if calendar.online != "before":  # an old button: the form is open (or closed) already
        here.say.append(ctx.reply(f"phase-{calendar.phase.id}"))
        return here
    if await ctx.tx.bulk.opted_out(person.channel, person.user):
        here.say.append(ctx.reply("remind-tomorrow-opted-out"))
        return here
    due = datetime.combine(calendar.opens, OPENING_AT, tzinfo=ctx.now.tzinfo)
    added = await ctx.tx.bulk.reminder_add(
        key=f"buka:{calendar.opens.isoformat()}", channel=person.channel, user_id=person.user,
        message_key=OPENING_MESSAGE, segment=Segment("not_completed"), args={}, due_at=due,
    )
    if added:
        ctx.emit("remind_opening")
        here.say.append(ctx.reply("remind-opening-set", at=_clock(ctx, due)))
    else:
        here.say.append(ctx.reply("remind-tomorrow-already"))
    return here


def _clock(ctx: Context, due: datetime) -> str:
    return f"{due:%H.%M}" if ctx.t.lang == "id" else f"{due:%H:%M}"


async def tomorrow(ctx: Context) -> Go:
    here = Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data))
    person = ctx.person
    if not tomorrow_possible(ctx):  # the last day, or an old button after the close
        here.say.append(ctx.reply("remind-tomorrow-too-late"))
        return here
    if await ctx.tx.bulk.opted_out(person.channel, person.user):
        here.say.append(ctx.reply("remind-tomorrow-opted-out"))
        return here
    due = ctx.now + timedelta(days=1)
    quiet = ctx.config.quiet_hours
    if quiet.is_quiet(due) and quiet.start is not None:
        after = quiet.next_end(due)
        if after.date() == due.date():  # early morning: when the quiet hours end
            due = after
        else:  # late evening: still tomorrow, an hour before the quiet hours begin
            due = due.replace(hour=quiet.start.hour, minute=quiet.start.minute, second=0,
                              microsecond=0) - timedelta(hours=1)
    added = await ctx.tx.bulk.reminder_add(
        key=f"besok:{ctx.today.isoformat()}", channel=person.channel, user_id=person.user,
        message_key=MESSAGE, segment=Segment("not_completed"), args={}, due_at=due,
    )
    clock = _clock(ctx, due)
    if added:
        ctx.emit("remind_tomorrow")
        here.say.append(ctx.reply("remind-tomorrow-set", day=format_day(due.date(), ctx.t.lang),
                                  at=clock))
    else:
        here.say.append(ctx.reply("remind-tomorrow-already"))
    return here

""""Ingatkan saya besok": a resident who does not have the Kartu Keluarga at hand asks to be
reminded; the reminder comes at the same hour the next day (if that hour is in the quiet
hours: tomorrow when they end in the morning, or an hour before they begin at night), once,
through the bulk lane (bot/services/bulk.py). It is a due row in the reminders table, so a
restart neither loses nor repeats it; someone who opted out is told to opt back in first,
and a household that reports completion meanwhile gets none.
"""

from __future__ import annotations

from datetime import timedelta

from conversations.core.flow import Context, Go
from conversations.core.i18n import format_day
from conversations.core.segments import Segment

CHOICE = "rm.tomorrow"
MESSAGE = "reminder-tomorrow"


async def tomorrow(ctx: Context) -> Go:
    here = Go(ctx.state.flow, ctx.state.step, dict(ctx.state.data))
    person = ctx.person
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
    clock = f"{due:%H.%M}" if ctx.t.lang == "id" else f"{due:%H:%M}"
    if added:
        ctx.emit("remind_tomorrow")
        here.say.append(ctx.reply("remind-tomorrow-set", day=format_day(due.date(), ctx.t.lang),
                                  at=clock))
    else:
        here.say.append(ctx.reply("remind-tomorrow-already"))
    return here

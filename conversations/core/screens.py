"""Screens on every channel: paging long lists, version stamps, typed choices.

A screen has `items` (a list of any length) and `nav` (fixed buttons). At most PAGE_ROWS rows
are shown (WhatsApp's list limit), with "Lainnya ›" and "‹ Sebelumnya" between pages. Every
shown choice carries the state's version, so a press on an older screen is recognised. A
typed number picks a shown choice; a typed name (exact, close, or the start of one label)
picks any item of the screen, on any page; a short answer ("iya", "gak", words.toml) picks the
one shown choice whose label starts with a yes or a no ("Ya, terima kasih", "Belum").

On a paged screen every number means the same on every page: the items take 1 to the page's
size, "Lainnya ›" the next number, the fixed buttons the ones after it, "‹ Sebelumnya" the
last (PAGE_ROWS). A short last page leaves gaps ("6. …", "9. Menu", "10. ‹ Sebelumnya"), so
typing the number of "Lainnya ›" or "Batal" again never does something else.
"""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz, process

from conversations.core.flow import Context, Option
from conversations.core.models import Choice, Reply, Screen
from conversations.core.text import normalise
from conversations.core.words import Words

PAGE_ROWS = 10  # WhatsApp lists show at most 10 rows; every channel pages the same way
# Fixed buttons beside a paged list: one item and both paging buttons must still fit.
MAX_FIXED_NAV = PAGE_ROWS - 3


def render(ctx: Context, screen: Screen) -> Reply:
    """Page long lists, stamp every choice with the state version, remember what is shown."""
    state = ctx.state
    state.version += 1
    items, nav = screen.items, screen.nav
    page_items, more, back = items, [], []
    per_page = 0  # not paged: every choice is numbered by its position
    if len(items) + len(nav) > PAGE_ROWS:
        if len(nav) > MAX_FIXED_NAV:  # too many fixed buttons to page beside: they page too
            items, nav = [*items, *nav], []
        per_page = PAGE_ROWS - len(nav) - 2  # at least 1 (MAX_FIXED_NAV)
        pages = max(1, -(-len(items) // per_page))
        state.page = min(max(state.page, 0), pages - 1)
        start = state.page * per_page
        page_items = items[start : start + per_page]
        if state.page > 0:
            back.append(ctx.choice(f"page.{state.page - 1}", "nav-previous"))
        if state.page < pages - 1:
            more.append(ctx.choice(f"page.{state.page + 1}", "nav-more"))
    shown = [*page_items, *more, *nav, *back]
    if per_page:  # fixed numbers (see the module's docstring)
        numbers = [*range(1, len(page_items) + 1), *([per_page + 1] if more else []),
                   *range(per_page + 2, per_page + 2 + len(nav)), *([PAGE_ROWS] if back else [])]
    else:
        numbers = list(range(1, len(shown) + 1))
    state.shown = [Option(id=c.id, label=c.label, number=n)
                   for c, n in zip(shown, numbers, strict=True)]
    state.options = [Option(id=c.id, label=c.label) for c in items]
    stamped = [
        Choice(id=f"{state.version}|{c.id}", label=c.label, description=c.description, number=n)
        for c, n in zip(shown, numbers, strict=True)
    ]
    return Reply(text=screen.text, choices=stamped)


def numbered(ctx: Context, number: int) -> Option | None:
    """The shown choice that typed `number` picks, if any (a gap on a short last page: none)."""
    for position, option in enumerate(ctx.state.shown, start=1):
        if (option.number or position) == number:
            return option
    return None


def highest_number(ctx: Context) -> int:
    """The largest number on screen (0 with nothing shown)."""
    return max(((o.number or i) for i, o in enumerate(ctx.state.shown, start=1)), default=0)


def typed_choice(ctx: Context, text: str) -> str | None:
    """A typed number ("2") or name ("pecalungan", "lanjut") of a choice on screen."""
    shown = ctx.state.shown
    if text.isdigit():
        option = numbered(ctx, int(text))
        return option.id if option is not None else None
    typed = normalise(text)
    if not typed:
        return None
    labels = {i: normalise(o.label) for i, o in enumerate([*shown, *ctx.state.options])}
    by_index = [*shown, *ctx.state.options]
    for i, label in labels.items():
        if label and label == typed:
            return by_index[i].id
    best = process.extractOne(typed, labels, scorer=fuzz.ratio, score_cutoff=85)
    if best:
        return by_index[best[2]].id
    # The start of one label only ("lanjut" for "Lanjutkan langkah 3", "daftar").
    if len(typed) >= 4:
        starts = {by_index[i].id for i, label in labels.items() if label.startswith(typed)}
        if len(starts) == 1:
            return starts.pop()
    # A short answer ("iya", "nggih kak", "gak") to the one "Ya, …" or "Tidak"/"Belum" shown.
    if (kind := _words().answer_kind(text)) is not None:
        kinds = {o.id for o in shown if _words().label_kind(o.label) == kind}
        if len(kinds) == 1:
            return kinds.pop()
    return None


@cache
def _words() -> Words:
    return Words.load()

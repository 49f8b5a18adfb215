"""Screens on every channel: paging long lists, version stamps, typed choices.

A screen has `items` (a list of any length) and `nav` (fixed buttons). At most PAGE_ROWS rows
are shown (WhatsApp's list limit), with "Lainnya ›" and "‹ Sebelumnya" between pages. Every
shown choice carries the state's version, so a press on an older screen is recognised. A
typed number picks a shown choice; a typed name (exact, close, or the start of one label)
picks any item of the screen, on any page.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from conversations.core.flow import Context, Option
from conversations.core.models import Choice, Reply, Screen
from conversations.core.text import normalise

PAGE_ROWS = 10  # WhatsApp lists show at most 10 rows; every channel pages the same way
# Fixed buttons beside a paged list: one item and both paging buttons must still fit.
MAX_FIXED_NAV = PAGE_ROWS - 3


def render(ctx: Context, screen: Screen) -> Reply:
    """Page long lists, stamp every choice with the state version, remember what is shown."""
    state = ctx.state
    state.version += 1
    items, nav = screen.items, screen.nav
    page_items, more, back = items, [], []
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
    # Numbers stay put from page to page: "Lainnya ›" right after the items (typing its
    # number again goes on, never back), the fixed buttons next, "‹ Sebelumnya" last.
    shown = [*page_items, *more, *nav, *back]
    state.shown = [Option(id=c.id, label=c.label) for c in shown]
    state.options = [Option(id=c.id, label=c.label) for c in items]
    stamped = [
        Choice(id=f"{state.version}|{c.id}", label=c.label, description=c.description)
        for c in shown
    ]
    return Reply(text=screen.text, choices=stamped)


def typed_choice(ctx: Context, text: str) -> str | None:
    """A typed number ("2") or name ("pecalungan", "lanjut") of a choice on screen."""
    shown = ctx.state.shown
    if text.isdigit():
        number = int(text)
        return shown[number - 1].id if 1 <= number <= len(shown) else None
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
    return None

"""The web dashboard for the BPS office, under /admin/ on the bot's own HTTP server.

Server-rendered pages (Jinja2 templates and static files in this package, nothing from a
CDN), sign-in by a one-time `/dasbor` link, roles checked on every request, CSRF on every
form, and every action through the flows' own code (see `acting.py`).
"""

from bot.web.routes import add_dashboard

__all__ = ["add_dashboard"]

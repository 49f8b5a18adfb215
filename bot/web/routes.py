"""The dashboard's routes: sign-in and out, the role guard, pages, static files, live counts.

Every page handler is wrapped by `guarded(role)`: the session, the role now (from the
settings) and, for a POST, the CSRF token are checked before the handler runs. A refusal is a
page that says why and what to do (send /dasbor again), never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from aiohttp import web

from bot.web import auth
from bot.web.auth import Denied, Who
from conversations.core.i18n import Translator, format_number
from conversations.core.roles import Role

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)

APP = web.AppKey("dashboard_app", object)
ENV = web.AppKey("dashboard_env", jinja2.Environment)
# Notices for the next page: those a handler adds (saved in the session's row once it has
# run), and those this request's page showed (then cleared from the row).
ADDED = web.RequestKey("dashboard_notices_added", list)
SHOWN = web.RequestKey("dashboard_notices_shown", str)
CLOSING = web.AppKey("dashboard_closing", asyncio.Event)  # set at shutdown: live streams end

# (path, message key of its name, role needed), in the order of the menu
PAGES = (
    ("/admin/", "web-nav-overview", Role.ADMIN),
    ("/admin/funnel", "web-nav-funnel", Role.ADMIN),
    ("/admin/kunjungan", "web-nav-visits", Role.STAFF),
    ("/admin/suvenir", "web-nav-souvenirs", Role.STAFF),
    ("/admin/tutor", "web-nav-tutors", Role.ADMIN),
    ("/admin/siaran", "web-nav-broadcasts", Role.ADMIN),
    ("/admin/pertanyaan", "web-nav-questions", Role.STAFF),
    ("/admin/audit", "web-nav-audit", Role.ADMIN),
)
SECURITY_HEADERS = {
    # Everything comes from this server; no inline script, no framing, no referrer leaks
    # (a sign-in link must never travel in a Referer header).
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self';"
        " style-src-attr 'unsafe-inline'; script-src 'self'; connect-src 'self';"
        " frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Page = Callable[["App", web.Request, Who], Awaitable[web.StreamResponse]]


def app_of(request: web.Request) -> App:
    return request.app[APP]  # type: ignore[return-value]


def render(request: web.Request, who: Who | None, template: str, *, status: int = 200,
           lang: str | None = None, **values: Any) -> web.Response:
    app = app_of(request)
    language = lang or (who.lang if who else "id")
    t = Translator(language, app.campaign, app.clock.today())
    nav = [] if who is None else [
        {"path": path, "label": t(key), "current": request.path == path}
        for path, key, needed in PAGES if who.role >= needed
    ]
    flash: list[str] = []
    if who is not None:  # those waiting, then those of this request (shown here, not kept)
        flash = [json.loads(line) for line in who.notices.splitlines()]
        if flash:
            request[SHOWN] = who.notices
        flash += request.pop(ADDED, [])
    html = request.app[ENV].get_template(template).render(
        t=t, who=who, nav=nav, lang=language, flash=flash, path=request.path,
        n=partial(format_number, lang=language), campaign=app.campaign, **values,
    )
    return web.Response(text=html, status=status, content_type="text/html",
                         headers=SECURITY_HEADERS)


def flash(request: web.Request, who: Who, *messages: str) -> None:
    """Messages shown once on the next page (after the redirect of a form).

    They wait in the session's row (`web_sessions.notices`), not in this worker's memory:
    with several workers behind a load balancer the next page may come from another one.
    (A signed cookie could carry them too, but a broadcast's preview is longer than a
    cookie may be, and the row is read on every request anyway.) `guarded` saves them
    once the handler has run, and clears the ones a page has shown."""
    request.setdefault(ADDED, []).extend(messages)


async def _keep_notices(app: App, request: web.Request, who: Who) -> None:
    added, shown = request.get(ADDED), request.get(SHOWN)
    if not added and not shown:
        return
    async with app.store.transaction() as tx:
        if shown:
            await tx.web.web_notices_shown(who.session, shown)
        if added:
            await tx.web.web_notices_add(
                who.session, "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in added))


def back(path: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(path)


def guarded(needed: Role, handler: Page) -> Callable[[web.Request], Awaitable[Any]]:
    async def wrapper(request: web.Request) -> web.StreamResponse:
        app = app_of(request)
        try:
            who = await auth.check(app, request, needed)
        except Denied as denied:
            if request.headers.get("Accept") == "text/event-stream":
                return web.Response(status=denied.status)
            return render(request, None, "denied.html", status=denied.status,
                          message=denied.key)
        try:
            response = await handler(app, request, who)
        except web.HTTPException:  # (a redirect: the notices wait for the next page)
            await _keep_notices(app, request, who)
            raise
        except Exception:  # a bug in one page must not show a traceback or lose the click
            log.exception("dashboard page %s %s failed", request.method, request.path)
            response = render(request, who, "denied.html", status=500, message="web-error")
        await _keep_notices(app, request, who)
        return response
    return wrapper


async def to_home(request: web.Request) -> web.StreamResponse:
    raise back("/admin/")


async def sign_in_page(request: web.Request) -> web.Response:
    return render(request, None, "signin.html", token=request.match_info["token"])


async def sign_in(request: web.Request) -> web.StreamResponse:
    app = app_of(request)
    started = await auth.sign_in(app, request.match_info["token"])
    if started is None:
        return render(request, None, "denied.html", status=403, message="web-link-invalid")
    cookie, who = started
    response = web.HTTPSeeOther("/admin/" if who.role >= Role.ADMIN else "/admin/suvenir")
    auth.set_cookie(app, response, cookie)
    raise response


async def sign_out(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    async with app.store.transaction() as tx:
        await tx.web.web_session_end(who.session, app.clock.now())
    response = render(request, None, "denied.html", lang=who.lang, message="web-signed-off")
    auth.clear_cookie(response)
    return response


async def language(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    form = await request.post()
    lang = "en" if form.get("lang") == "en" else "id"
    async with app.store.transaction() as tx:
        await tx.web.web_session_lang(who.session, lang)
    target = str(form.get("next", "/admin/"))
    raise back(target if target.startswith("/admin/") and "//" not in target else "/admin/")


async def home(app: App, request: web.Request, who: Who) -> web.StreamResponse:
    if who.role < Role.ADMIN:
        raise back("/admin/suvenir")
    from bot.web.overview import overview

    return await overview(app, request, who)


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    types = {"css": "text/css", "js": "text/javascript"}
    kind = name.rsplit(".", 1)[-1]
    if "/" in name or kind not in types:
        raise web.HTTPNotFound()
    try:
        body = resources.files("bot.web").joinpath("static", name).read_bytes()
    except FileNotFoundError:
        raise web.HTTPNotFound() from None
    return web.Response(body=body, content_type=types[kind],
                        headers={"Cache-Control": "max-age=300",
                                 "X-Content-Type-Options": "nosniff"})


def add_dashboard(http: web.Application, app: App) -> None:
    from bot.web import desk, overview, siaran

    http[APP] = app
    http[ENV] = jinja2.Environment(
        loader=jinja2.PackageLoader("bot.web", "templates"),
        autoescape=jinja2.select_autoescape(default=True), undefined=jinja2.StrictUndefined,
    )
    http[CLOSING] = asyncio.Event()
    router = http.router
    router.add_get("/admin", to_home)
    router.add_get("/admin/masuk/{token}", sign_in_page)
    router.add_post("/admin/masuk/{token}", sign_in)
    router.add_get("/admin/static/{name}", static)
    router.add_post("/admin/keluar", guarded(Role.STAFF, sign_out))
    router.add_post("/admin/bahasa", guarded(Role.STAFF, language))
    router.add_get("/admin/", guarded(Role.STAFF, home))
    overview.add_routes(router)
    desk.add_routes(router)
    siaran.add_routes(router)
    http.on_shutdown.append(overview.stop_streams)

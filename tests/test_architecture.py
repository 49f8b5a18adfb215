"""The shape of conversations/: a channel-agnostic core, feature packages that declare
themselves, and an engine that names none of them. These guards keep it so."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from conftest import CAMPAIGN_OPEN, Chat, RecordingConsole

from bot.app import FEATURES, build_app
from bot.settings import Settings
from conversations.core.campaign import load_campaign
from conversations.core.clock import FakeClock
from conversations.core.i18n import Translator
from conversations.core.ports import PeopleStore, Stores

ROOT = Path(__file__).resolve().parents[1] / "conversations"
FEATURE_PACKAGES = sorted(
    p.name for p in ROOT.iterdir()
    if p.is_dir() and (p / "__init__.py").exists() and p.name not in ("core", "reporting")
)
# Libraries the conversations never touch: the store, the channels and the renderers of
# images and files live in bot/.
FORBIDDEN = {"bot", "telegram", "pywa", "pywa_async", "aiohttp", "aiosqlite",
             "matplotlib", "openpyxl", "PIL", "segno", "os", "shutil", "tempfile", "pathlib"}
# Reading the campaign file at start-up is the one file the conversations open (its model and
# its checks live beside it); their own catalogues come through importlib.resources.
MAY_READ_FILES = {"core/campaign.py"}
# (read_text stays: importlib.resources reads the package's catalogues with it.)
FILE_CALLS = {"open", "read_bytes", "write_bytes", "write_text", "unlink", "mkdir", "rmdir",
              "touch", "chmod"}
T = Translator("id", load_campaign(), CAMPAIGN_OPEN.date())


def _imports(path: Path) -> set[str]:
    """Every module a file imports, by full dotted name (function-level imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _modules(package: str = "") -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_the_feature_packages_are_there() -> None:
    assert {"resident", "households", "tutors", "admin"} <= set(FEATURE_PACKAGES)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_conversations_import_no_channel_store_server_or_renderer(path: Path) -> None:
    where = str(path.relative_to(ROOT))
    bad = {name for name in _imports(path) if name.split(".")[0] in FORBIDDEN}
    if where in MAY_READ_FILES:
        bad -= {"pathlib", "pathlib.Path"}
    assert not bad, f"{where} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_conversations_do_no_file_io(path: Path) -> None:
    """Files are the application's: it renders images, reads stored proofs and deletes them
    after the commit (bot/renderers/, bot/store/)."""
    calls = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in FILE_CALLS:
                calls.add(name)
    assert not calls, f"{path.relative_to(ROOT)} calls {sorted(calls)}"


def _conversation_packages(path: Path) -> set[str]:
    return {
        name.split(".")[1] for name in _imports(path)
        if name.startswith("conversations.") and len(name.split(".")) > 1
    }


@pytest.mark.parametrize("path", _modules("core"), ids=lambda p: p.name)
def test_the_core_imports_no_feature(path: Path) -> None:
    assert _conversation_packages(path) <= {"core"}


@pytest.mark.parametrize("path", _modules("reporting"), ids=lambda p: p.name)
def test_reporting_reads_only_the_core(path: Path) -> None:
    assert _conversation_packages(path) <= {"core", "reporting"}


@pytest.mark.parametrize(
    "path", [p for f in FEATURE_PACKAGES for p in _modules(f)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_a_feature_never_imports_another_feature(path: Path) -> None:
    """Features talk through the core (hooks, entries) and the store, never to each other."""
    own = path.relative_to(ROOT).parts[0]
    assert _conversation_packages(path) <= {"core", "reporting", own}


@pytest.mark.parametrize("feature", FEATURES, ids=lambda f: f.name)
def test_a_feature_reaches_only_the_store_ports_it_declares(feature) -> None:
    """`ctx.tx.<port>`: each feature's code uses only the ports in its declaration (the
    shared reporting/ code is checked with the admin feature that calls it)."""
    used: set[str] = set()
    packages = [feature.name] + (["reporting"] if feature.name == "admin" else [])
    for path in [p for package in packages for p in _modules(package)]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (
                (isinstance(node.value, ast.Attribute) and node.value.attr == "tx")
                or (isinstance(node.value, ast.Name) and node.value.id == "tx")
            ):
                used.add(node.attr)
    used -= set(PeopleStore.__dict__)  # the engine's own calls, open to every feature
    assert used, "a feature that uses no store would not need this test"
    assert used <= feature.stores, f"{feature.name} reaches {sorted(used - feature.stores)}"
    assert feature.stores <= set(Stores.__dict__), "every declared port exists"


# Modules stay readable: at most 400 lines, in conversations/ and bot/ alike (tests/ and
# bench/ are exempt: a test file reads as a list of cases). No exceptions: a module that
# grows past it is split where it has two subjects.
MAX_LINES = 400
APP_ROOT = ROOT.parent / "bot"


@pytest.mark.parametrize("path", [*_modules(), *sorted(APP_ROOT.rglob("*.py"))],
                         ids=lambda p: str(p.relative_to(ROOT.parent)))
def test_no_module_is_longer_than_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT.parent)}: {lines} lines"


def test_the_engine_names_no_feature() -> None:
    source = (ROOT / "core" / "engine.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    flows = {flow.name for feature in FEATURES for flow in feature.flows}
    home = next(f.home for f in FEATURES if f.home is not None)
    # The home flow shares its name with the "menu" button and /menu, the engine's own
    # navigation; every other flow name is a feature's and must not appear.
    assert not (flows - {home.flow}) & literals
    assert not {f"conversations.{p}" for p in FEATURE_PACKAGES} & {
        ".".join(n.split(".")[:2]) for n in _imports(ROOT / "core" / "engine.py")
    }


@pytest.fixture
def hello_settings(tmp_path: Path) -> Settings:
    return Settings(TUTOR_SENSUS_DATA_DIR=tmp_path / "data", TUTOR_SENSUS_ADMINS="console:900",
                    _env_file=None)


async def _chat(settings: Settings, features):
    app = await build_app(settings, clock=FakeClock(CAMPAIGN_OPEN), features=features)
    console = RecordingConsole()
    app.add_channel(console)
    return app, console


async def test_a_new_feature_registers_without_touching_the_engine(hello_settings) -> None:
    import hello_feature

    app, console = await _chat(hello_settings, [*FEATURES, hello_feature.FEATURE])
    try:
        resident = Chat(app, console)
        await resident.send("/ping hi")
        assert resident.text == "hello: hi"  # its command, its flow, its screen
        await resident.press("Bantuan")  # its admin-only button: a resident gets the menu
        assert "hello:" not in resident.text and "Mulai panduan" in resident.labels
        admin = Chat(app, console, user="900")
        await admin.send("/ping")
        await admin.press("Bantuan")
        assert admin.text == "hello: admin pressed"
        await resident.send("/menu")
        assert "Mulai panduan" in resident.labels  # the rest of the bot is unchanged
    finally:
        await app.close()
    app, console = await _chat(hello_settings, FEATURES)
    try:
        resident = Chat(app, console, user="2")  # a new person (update ids are kept)
        await resident.send("/ping")  # without the feature, the command does not exist
        assert T("command-unknown") in resident.text
    finally:
        await app.close()


async def test_free_text_nobody_understands_still_gets_the_menu(hello_settings) -> None:
    """A fallback that returns None must not leave the person without an answer."""
    import hello_feature

    silent = [dataclasses.replace(f, fallback=hello_feature.on_free_text) if f.fallback else f
              for f in FEATURES]
    app, console = await _chat(hello_settings, silent)
    try:
        resident = Chat(app, console)
        await resident.send("/start")
        await resident.send("qwertyuiop zxcv")
        assert "Mulai panduan" in resident.labels
    finally:
        await app.close()

"""Every message exists in every language, formats without errors, and fits small screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from conversations.core.campaign import load_campaign
from conversations.core.i18n import LANGUAGES, Translator, catalogue_files, read_catalogue

ROOT = Path(__file__).resolve().parents[1]
CAMPAIGN = load_campaign()
PARSER = FluentParser()


def message_ids(lang: str) -> dict[str, set[str]]:
    """Message ids per catalogue file, failing on any syntax error (Junk)."""
    result: dict[str, set[str]] = {}
    for file_name in catalogue_files(lang, CAMPAIGN.messages):
        resource = PARSER.parse(read_catalogue(lang, file_name))
        junk = [e.content[:80] for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"locales/{lang}/{file_name}: syntax error near {junk}"
        result[file_name] = {e.id.name for e in resource.body if isinstance(e, ast.Message)}
    return result


def keys_used_in_code() -> set[str]:
    """Static message ids referenced from Python: t("..."), reply("..."), choice(id, "...")."""
    pattern = re.compile(
        r"""(?:\bt|\.reply|Translator\([^)]*\))\(\s*"([a-z][a-z0-9_-]+)"|"""
        r"""\.choice\(\s*[^,]+,\s*"([a-z][a-z0-9_-]+)\""""
    )
    keys: set[str] = set()
    for path in [*ROOT.glob("conversations/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            keys.add(match.group(1) or match.group(2))
    return keys


def keys_from_campaign() -> set[str]:
    keys: set[str] = {f"phase-{p.id}" for p in CAMPAIGN.timeline.phases}
    keys |= {f"news-{a.id}" for a in CAMPAIGN.timeline.announcements}
    for step in CAMPAIGN.tutorial.steps:
        keys |= {f"step-{step.id}-title", f"step-{step.id}-body"}
        for problem in step.problems:
            keys |= {f"problem-{problem}-label", f"problem-{problem}-body"}
    for item in CAMPAIGN.checklist.items:
        keys |= {f"checklist-{item}-label", f"checklist-{item}-hint"}
    for topic in CAMPAIGN.faq.topics:
        keys |= {f"faq-{topic}-label", f"faq-{topic}-answer"}
    return keys


def test_every_language_has_the_same_messages() -> None:
    indonesian = message_ids("id")
    for lang in LANGUAGES:
        other = message_ids(lang)
        for file_name, ids in indonesian.items():
            missing = ids - other[file_name]
            extra = other[file_name] - ids
            assert not missing, f"locales/{lang}/{file_name} lacks {sorted(missing)}"
            assert not extra, f"locales/{lang}/{file_name} has unknown {sorted(extra)}"


def test_code_and_campaign_keys_exist() -> None:
    known = set().union(*message_ids("id").values())
    used = keys_used_in_code() | keys_from_campaign()
    assert len(used) > 50  # the scan found the code's keys
    assert not used - known, f"used but missing in locales/id: {sorted(used - known)}"


def message_variables(lang: str) -> dict[str, set[str]]:
    """The $variables each message uses, read from the Fluent syntax tree."""

    class Collector(Visitor):
        def __init__(self) -> None:
            super().__init__()
            self.names: set[str] = set()

        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            self.names.add(node.id.name)

    result: dict[str, set[str]] = {}
    for file_name in catalogue_files(lang, CAMPAIGN.messages):
        for entry in PARSER.parse(read_catalogue(lang, file_name)).body:
            if isinstance(entry, ast.Message):
                collector = Collector()
                collector.visit(entry)
                result[entry.id.name] = collector.names
    return result


def test_translations_use_the_same_variables() -> None:
    """A translation that drops $count or invents $name would show a wrong or empty value."""
    indonesian = message_variables("id")
    for lang in LANGUAGES:
        other = message_variables(lang)
        differ = {k: (v, other.get(k)) for k, v in indonesian.items() if other.get(k, v) != v}
        assert not differ, f"locales/{lang}: variables differ from id: {differ}"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_message_formats_without_errors(lang: str, caplog: pytest.LogCaptureFixture) -> None:
    t = Translator(lang, CAMPAIGN)
    numbers = {"step", "n", "total", "count", "id", "persons", "left", "done"}
    for key, names in message_variables(lang).items():
        sample = {name: (3 if name in numbers else "Blado") for name in names}
        text = t(key, **sample)
        assert text and text != key
        assert "{" not in text and "$" not in text, f"{lang}/{key}: unfilled variable"
    errors = [r.getMessage() for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert not errors, errors  # e.g. a selector on a variable of the wrong kind


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_button_labels_fit_one_line_on_a_phone(lang: str) -> None:
    """List items fit a WhatsApp list row (24); navigation buttons stay on one short line."""
    t = Translator(lang, CAMPAIGN)
    ids = set().union(*message_ids(lang).values())
    items = {k: t(k) for k in ids if k.endswith("-label")}
    nav = {k: t(k, step=9, n=9) for k in ids if k.startswith(("nav-", "menu-"))}
    assert not {k: v for k, v in items.items() if len(v) > 24}, "list labels over 24 chars"
    assert not {k: v for k, v in nav.items() if len(v) > 28}, "buttons over 28 chars"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_tutorial_steps_fit_a_small_phone_screen(lang: str) -> None:
    t = Translator(lang, CAMPAIGN)
    for step in CAMPAIGN.tutorial.steps:
        lines = t(f"step-{step.id}-body").splitlines()
        assert len(lines) <= 10, f"{lang}/step-{step.id}-body has {len(lines)} lines"

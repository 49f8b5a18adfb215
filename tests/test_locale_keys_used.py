"""Every message of the catalogues is used (issue 15): a key nobody reads is a sentence nobody
checks ("chart-share-axis" described a chart unit that was no longer drawn). A key counts as
used when the code, a template or another message names it, or when it belongs to a family
the code builds from data ("audit-" + the event's kind, "faq-" + topic + "-answer": an
f-string or a Jinja `~` that starts with the family's prefix)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY = re.compile(r"^(-?[a-zA-Z][\w-]*)\s*=", re.MULTILINE)
# `t(f"audit-{kind}")`, `key = f"segment-{name}-label"`, Jinja's `t("audit-" ~ k)`.
FAMILY = re.compile(r"(.{0,16})f[\"']([a-z][\w-]*-)\{|[\"']([a-z][\w-]*-)[\"']\s*~")
# f-strings that name other things than messages (task names, update ids, file names).
NOT_MESSAGES = re.compile(r"\b(?:name|update_id|file_name)\s*=\s*$")


def sources() -> str:
    paths = [*ROOT.glob("conversations/**/*.py"), *ROOT.glob("bot/**/*.py"),
             *ROOT.glob("bot/**/*.html"), *ROOT.glob("campaigns/*.toml"),
             *ROOT.glob("locales/*/*.toml")]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def families(source: str) -> set[str]:
    found = set()
    for match in FAMILY.finditer(source):
        before, in_code, in_template = match.groups()
        if in_code and not NOT_MESSAGES.search(before or ""):
            found.add(in_code)
        if in_template:
            found.add(in_template)
    return found


def unused(lang: str) -> list[str]:
    catalogues = {p.name: p.read_text(encoding="utf-8")
                  for p in (ROOT / "locales" / lang).glob("*.ftl")}
    source, messages = sources(), "\n".join(catalogues.values())
    prefixes = families(source)
    out = []
    for name, text in sorted(catalogues.items()):
        for key in KEY.findall(text):
            quoted = re.search(rf"[\"'`]{re.escape(key)}[\"'`]", source)
            referenced = re.search(rf"\{{\s*{re.escape(key)}[\s}}.(]", messages)
            if not (quoted or referenced or key.startswith(tuple(prefixes))):
                out.append(f"{name}: {key}")
    return out


def test_every_message_is_used() -> None:
    for lang in ("id", "en"):
        assert unused(lang) == [], f"messages in locales/{lang} that nothing uses"


def test_the_check_would_see_an_unused_message() -> None:
    """The check itself: a family prefix does not hide a key of another family, and the
    prefixes of task names and update ids ("web-", "lead-") are not taken for families."""
    prefixes = families(sources())
    assert "audit-" in prefixes and "faq-" in prefixes and "segment-" in prefixes
    assert "web-" not in prefixes and "lead-" not in prefixes
    assert not "chart-share-axis".startswith(tuple(prefixes))

"""The conversations: a channel-agnostic core (`core/`) and one package per feature, each
exporting a `FEATURE` declaration (conversations/core/feature.py)."""

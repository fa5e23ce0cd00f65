"""Babel extractor for form files (forms/**.yaml): every title, text, help, label,
intro, message and placeholder of forms, and the labels and rule texts of indicator
and rule sets, become gettext messages of the forms catalog.

A form's texts carry the gettext context of their form version (`msgctxt
"identification 1.1"`, see `screening_app.i18n.form_context`): each version keeps
its own translation, so a case recorded with 1.0 shows the words it was asked in
after 1.1 corrects them. Indicator and rule texts have no context.

Registered in pyproject.toml as the `screening_forms` extraction method; babel.cfg
maps forms/**.yaml to it. Each message carries a translator comment saying where it
comes from (e.g. "question urgent_medical, help").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from screening_app.i18n import form_context

TRANSLATABLE_KEYS = frozenset({"title", "text", "help", "label", "intro", "message",
                               "item_label", "placeholder", "child_text", "officer_label"})
LABEL_BLOCKS = frozenset({"dimensions", "indicators"})   # in `kind: labels` files
# (line, keyword, message or (context, message), comments): "pgettext" tells Babel
# that the first of the pair is the context.
Message = tuple[int, str | None, str | tuple[str, str], list[str]]


def _scalar(node: yaml.Node) -> str | None:
    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        return node.value
    return None


def _pairs(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _walk(node: yaml.Node, context: str, in_labels: bool) -> Iterator[Message]:
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(item, context, in_labels)
        return
    if not isinstance(node, yaml.MappingNode):
        return
    pairs = _pairs(node)
    ident = _scalar(pairs["id"]) if "id" in pairs else None
    value = _scalar(pairs["value"]) if "value" in pairs else None
    if ident:
        context = ident
    elif value:
        context = f"{context}, option {value}"
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None:
            continue
        text = _scalar(value_node)
        if in_labels and text is not None:
            yield (value_node.start_mark.line + 1, None, text.strip(), [f"{context} {key}"])
        elif key in TRANSLATABLE_KEYS and text is not None and text.strip():
            where = f"{context}, {key}" if context else key
            yield (value_node.start_mark.line + 1, None, " ".join(text.split()), [where])
        elif not in_labels:
            # The form's own yes/no answers are named by their block, not by the form.
            yield from _walk(value_node, key if key == "yes_no_options" else context, False)


def extract_messages(text: str) -> list[Message]:
    root = yaml.compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    pairs = _pairs(root)
    kind = _scalar(pairs.get("kind", yaml.ScalarNode("tag:yaml.org,2002:str", "")))
    out: list[Message] = []
    if kind == "labels":
        for block in LABEL_BLOCKS:
            if block in pairs:
                out.extend(_walk(pairs[block], block[:-1], True))
        return sorted(out, key=lambda m: m[0])
    messages = list(_walk(root, str(kind or ""), False))
    if kind == "form":
        form_id, version = (_scalar(pairs[k]) if k in pairs else None for k in ("id", "version"))
        context = form_context(str(form_id or ""), str(version or ""))
        return [(line, "pgettext", (context, str(text)), comments)
                for line, _keyword, text, comments in messages]
    return messages


def extract_form(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                 options: Any) -> Iterator[Message]:
    """Babel extraction method: (lineno, funcname, message, comments) per text."""
    yield from extract_messages(fileobj.read().decode("utf-8"))

"""A report's title in its language, from the catalogue (``title.<notebook>`` in text.yml) and
its parameters: '通辽市强度轨迹与预测' / 'Tongliao: R&D intensity, trajectory and forecast'.
Used where a suite entry gives no title of its own (a suite's own title is the user's words,
shown as written) and for one-off reports (``rdanalysis report --notebook ...``)."""

from __future__ import annotations

import ast
from pathlib import Path

from rdanalysis import reference
from rdanalysis.text.i18n import region, t


def _value(text: object) -> object:
    """A notebook default as declared in its parameters cell ('"通辽市"' -> 通辽市)."""
    try:
        return ast.literal_eval(str(text))
    except (ValueError, SyntaxError):
        return text


def _shown(name: str, value: object, lang: str) -> str:
    if name in ("region", "county", "parent") and isinstance(value, str):
        return region(reference.resolve_region(value) or value, lang)
    if name == "plan":
        return Path(str(value)).stem
    return str(value)


def title(notebook: Path | str, parameters: dict, defaults: dict | None = None) -> str:
    """The title of ``notebook`` run with ``parameters`` (``defaults``: the notebook's declared
    parameters, name -> {'default': ...}), in the report's ``lang`` parameter."""
    stem = Path(notebook).stem
    values = {k: _value(v.get("default")) for k, v in (defaults or {}).items()}
    values.update(parameters)
    lang = str(values.get("lang", "zh"))
    key = f"title.{stem}"
    if key not in reference.messages() or lang not in ("zh", "en"):
        return stem
    shown = {k: _shown(k, v, lang) for k, v in values.items() if k != "lang"}
    try:
        return str(t(key, lang, **shown))
    except KeyError:  # a title names a parameter the notebook does not declare
        return stem

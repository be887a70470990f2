"""Front matter: the YAML block at the top of a Markdown article, read into string fields.

Most front matter is a few `name: value` lines, as `caravan-tui add` writes it
and as people type it. Those are read by a small exact reader
(`simple_front_matter`) that accepts only lines whose YAML meaning is
unambiguous: an unquoted value that YAML would read as a string, a plain ISO
date, or a one-line quoted string without escapes. Anything else (comments,
nesting, lists, escapes, numbers, yes/no, several lines...) goes to PyYAML, so
the result is always what YAML says; a property test checks the two agree.
The point is start-up time: importing PyYAML costs more than parsing a whole
folder of simple front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from caravan_tui.corpus.parsed import ParseError

FRONT_MATTER_FIELDS = ("title", "source", "url", "published", "language", "story", "author")


class FrontMatterError(ParseError):
    """The front matter is not valid YAML, or not a mapping of simple values."""


_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)' *")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Characters PyYAML refuses or reads as line breaks, tabs, and the byte-order mark: left to PyYAML.
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: Plain words YAML 1.1 reads as booleans or null.
_TYPED_WORDS = frozenset(
    word for base in ("yes", "no", "true", "false", "on", "off", "null")
    for word in (base, base.capitalize(), base.upper())
) | {"~", "=", "<<"}
#: A plain value may not start with these (YAML indicators), nor with a digit, sign or dot (numbers, dates).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`+.0123456789")


def parse_front_matter(text: str) -> dict[str, str]:
    """The known fields of a YAML front matter, as strings (empty values left out)."""
    fields = simple_front_matter(text)
    return fields if fields is not None else _parse_with_yaml(text)


def simple_front_matter(text: str) -> dict[str, str] | None:
    """The fields, when every line is a simple `name: value`; None when PyYAML must decide."""
    if _NOT_SIMPLE.search(text):
        return None
    values: dict[str, str] = {}
    for line in text.split("\n"):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        value = _simple_value(match.group(2) or "")
        if value is None:
            return None
        values[match.group(1)] = value
    return {name: values[name] for name in FRONT_MATTER_FIELDS if values.get(name)}


def _simple_value(raw: str) -> str | None:
    """The string YAML reads from a one-line value, or None when it is not simply a string."""
    raw = raw.rstrip(" ")
    if not raw:
        return ""  # YAML null: the field is left out
    if raw[0] == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(raw)
        return quoted.group(1).strip() if quoted else None
    if raw[0] == "'":
        quoted = _SINGLE_QUOTED.fullmatch(raw)
        return quoted.group(1).replace("''", "'").strip() if quoted else None
    if _ISO_DATE.fullmatch(raw):
        try:
            return dt.date.fromisoformat(raw).isoformat()
        except ValueError:
            return None
    if raw[0] in _INDICATORS or raw in _TYPED_WORDS or " #" in raw or ": " in raw or raw.endswith(":"):
        return None
    return raw.strip()  # as the field is read from YAML: surrounding white space of any kind goes


@lru_cache(maxsize=1)
def _yaml_loader() -> Any:
    """PyYAML's safe loader, with values Python cannot build (impossible dates, huge numbers) as YAML errors."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader: Any = type("_CheckedLoader", (base,), {})
    for tag, construct in base.yaml_constructors.items():
        if tag is not None:
            loader.add_constructor(tag, _checked(construct))
    return loader


def _checked(construct: Callable[[Any, Any], object]) -> Callable[[Any, Any], object]:
    """`construct`, raising a YAML ConstructorError (with the value's line) for whatever else it raises.

    PyYAML builds some values it has recognised without checking them: `2024-02-30`, an integer of
    more digits than Python converts, `!!timestamp x`, `!!bool x` end in ValueError, AttributeError or KeyError.
    """

    def construct_checked(loader: Any, node: Any) -> object:
        from yaml import YAMLError
        from yaml.constructor import ConstructorError

        try:
            return construct(loader, node)
        except YAMLError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure to build a value is the value's problem
            raise ConstructorError(None, None, _unreadable(node, error), node.start_mark) from None

    return construct_checked


def _unreadable(node: Any, error: Exception) -> str:
    """What is wrong with a scalar PyYAML could not build."""
    value = _preview(node.value)
    kind = node.tag.rsplit(":", 1)[-1]
    if "digits" in str(error):
        return f"{value} is a number too long to read"
    if kind == "timestamp" and isinstance(error, ValueError):
        return f"{value} is not a possible date ({error})"
    return f"{value} cannot be read as {kind}"


def _preview(value: object, limit: int = 40) -> str:
    """A short quoted form of a scalar for messages: long values are cut."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _parse_with_yaml(text: str) -> dict[str, str]:
    """The known fields as YAML reads them; FrontMatterError (with the line) for anything that is not plain data."""
    import yaml

    try:
        data = yaml.load(text, Loader=_yaml_loader())  # noqa: S506 (a safe loader)
    except UnicodeError:  # lone surrogates: no decoded file holds them, but a caller's string may
        raise FrontMatterError("front matter holds characters that are not text (lone surrogates)") from None
    except yaml.YAMLError as error:
        # The file line of the construct that failed (front matter starts on line 2).
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise FrontMatterError(f"malformed YAML front matter{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter must be a mapping of fields, not {type(data).__name__}")
    fields: dict[str, str] = {}
    for name in FRONT_MATTER_FIELDS:
        value = _field_value(name, data.get(name))
        if value:
            fields[name] = value
    return fields


def _field_value(name: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        try:
            return str(value).strip()
        except ValueError:  # an integer with more digits than Python converts (sys.get_int_max_str_digits)
            raise FrontMatterError(f"front matter field '{name}' is a number too long to read") from None
    raise FrontMatterError(f"front matter field '{name}' must be a single value, not {type(value).__name__}")

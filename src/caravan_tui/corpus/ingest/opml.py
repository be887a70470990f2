"""OPML 2.0 subscription lists: reading the feeds (with their nested folders) and writing them.

Reading uses the standard library's expat parser directly, with the
protections defusedxml applies: a document type declaration (and so any
entity definition, internal or external) is refused outright, so neither an
entity bomb nor an external entity can be expanded; nesting deeper than
MAX_DEPTH and more than MAX_OUTLINES outlines are refused too. An outline
with an `xmlUrl` is a feed; an outline without one is a folder whose
`text`/`title` names it, and its feeds are given the folder path
("News/World"). Writing builds the tree back with xml.etree, which escapes
every attribute; characters XML cannot carry are dropped.

No OPML package is used: the format is a handful of attributes, and the
packages on PyPI (`opml`, `listparser`) are small and unmaintained, or (listparser)
bring their own parsing of many formats where one is needed.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass
from xml.etree import ElementTree

MAX_DEPTH = 32
MAX_OUTLINES = 20_000
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class OpmlError(ValueError):
    """A file that is not a usable OPML list; the message says why."""


@dataclass(frozen=True)
class OpmlFeed:
    """One feed of a list: its address, name and folder path ("" at the top)."""

    url: str
    name: str = ""
    folder: str = ""


def read_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds listed in an OPML document, in order; raises OpmlError."""
    reader = _Reader()
    parser = xml.parsers.expat.ParserCreate()
    parser.StartDoctypeDeclHandler = reader.refuse_doctype
    parser.EntityDeclHandler = reader.refuse_entity
    parser.ExternalEntityRefHandler = reader.refuse_external
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise OpmlError(f"not well-formed XML: {xml.parsers.expat.ErrorString(error.code)} "
                        f"(line {error.lineno})") from None
    except RecursionError:
        raise OpmlError("nested too deeply") from None
    if not reader.saw_opml:
        raise OpmlError("not an OPML document (no <opml> element)")
    return reader.feeds


class _Reader:
    """Expat callbacks: the stack of folder names and the feeds found."""

    def __init__(self) -> None:
        self.stack: list[str | None] = []  # per open outline: its folder name, or None for a feed or non-outline
        self.feeds: list[OpmlFeed] = []
        self.outlines = 0
        self.saw_opml = False

    def refuse_doctype(self, *args: object) -> None:
        raise OpmlError("a document type declaration is not allowed in an OPML list (entities are refused)")

    def refuse_entity(self, *args: object) -> None:
        raise OpmlError("entity declarations are not allowed in an OPML list")

    def refuse_external(self, *args: object) -> int:
        raise OpmlError("external entities are not allowed in an OPML list")

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise OpmlError(f"nested more than {MAX_DEPTH} levels deep")
        self.saw_opml = self.saw_opml or tag == "opml"
        if tag != "outline":
            self.stack.append(None)
            return
        self.outlines += 1
        if self.outlines > MAX_OUTLINES:
            raise OpmlError(f"more than {MAX_OUTLINES:,} outlines")
        url = _one_line(attributes.get("xmlUrl") or attributes.get("xmlurl") or "")
        name = _one_line(attributes.get("text") or attributes.get("title") or "")
        if url:
            folder = "/".join(part for part in self.stack if part)
            self.feeds.append(OpmlFeed(url=url, name=name, folder=folder))
            self.stack.append(None)
        else:
            self.stack.append(name.replace("/", "-") or None)

    def end(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()


def write_opml(feeds: list[OpmlFeed], title: str = "caravan-tui subscriptions") -> str:
    """An OPML 2.0 document of `feeds`, folders as nested outlines (in the order first met)."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = _xml_text(title)
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {"": body}
    for feed in feeds:
        parent = _folder_element(folders, feed.folder)
        name = _xml_text(feed.name or feed.url)
        ElementTree.SubElement(parent, "outline", type="rss", text=name, title=name, xmlUrl=_xml_text(feed.url))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _folder_element(folders: dict[str, ElementTree.Element], folder: str) -> ElementTree.Element:
    path = ""
    element = folders[""]
    for part in (p for p in folder.split("/") if p):
        path = f"{path}/{part}" if path else part
        if path not in folders:
            text = _xml_text(part)
            folders[path] = ElementTree.SubElement(element, "outline", text=text, title=text)
        element = folders[path]
    return element


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)

"""OPML: a round trip through `feeds import` and `feeds export` with nested folders, and hostile lists refused."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caravan_tui.cli import main
from caravan_tui.corpus.ingest.opml import MAX_DEPTH, OpmlError, OpmlFeed, read_opml, write_opml
from caravan_tui.storage.subscriptions import SubscriptionStore

NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>mine</title></head>
  <body>
    <outline text="News">
      <outline text="World">
        <outline type="rss" text="Harbour &amp; Hills" xmlUrl="https://one.example/feed.xml"/>
        <outline type="rss" title="Two" xmlUrl="https://two.example/rss"/>
      </outline>
      <outline type="rss" text="Three" xmlUrl="https://three.example/atom"/>
    </outline>
    <outline type="rss" text="Top" xmlUrl="https://top.example/feed"/>
    <outline type="rss" text="Not the web" xmlUrl="ftp://files.example/feed"/>
  </body>
</opml>
"""


def test_round_trip_through_the_commands_keeps_names_and_nested_folders(tmp_path, capsys):
    source = tmp_path / "in.opml"
    source.write_text(NESTED, encoding="utf-8")
    assert main(["feeds", "import", str(source)]) == 0
    assert "imported 4 feed(s), 0 already subscribed, 1 skipped" in capsys.readouterr().out
    assert main(["feeds", "import", str(source)]) == 0
    assert "imported 0 feed(s), 4 already subscribed" in capsys.readouterr().out
    exported = tmp_path / "out.opml"
    assert main(["feeds", "export", str(exported)]) == 0
    root = ElementTree.parse(exported).getroot()  # noqa: S314 - our own export, just written
    assert root.get("version") == "2.0"
    [news] = [o for o in root.find("body") if o.get("text") == "News"]
    [world] = [o for o in news if o.get("text") == "World"]
    assert {o.get("xmlUrl") for o in world} == {"https://one.example/feed.xml", "https://two.example/rss"}
    again = set(read_opml(exported.read_bytes()))
    assert again == {f for f in read_opml(NESTED.encode()) if f.url.startswith("https")}
    assert OpmlFeed("https://one.example/feed.xml", "Harbour & Hills", "News/World") in again


def test_export_to_stdout_is_well_formed(capsys):
    with SubscriptionStore() as store:
        store.add("https://x.example/feed", "Odd \x1b[31m <name> & \"quotes\"", "A/B")
    assert main(["feeds", "export"]) == 0
    [feed] = read_opml(capsys.readouterr().out.encode())
    assert feed == OpmlFeed("https://x.example/feed", 'Odd [31m <name> & "quotes"', "A/B")


@pytest.mark.parametrize("document, reason", [
    ((b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>'), "document type"),
    (b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "file:///etc/passwd"><opml/>', "document type"),
    (b"<opml><body>" + b"<outline text='x'>" * (MAX_DEPTH + 5) + b"</outline>" * (MAX_DEPTH + 5) + b"</body></opml>",
     "nested more than"),
    (b"<rss><channel/></rss>", "not an OPML document"),
    (b"<opml><body><outline", "not well-formed"),
])
def test_hostile_or_wrong_lists_are_refused_with_the_reason(document, reason):
    with pytest.raises(OpmlError, match=reason):
        read_opml(document)


def test_import_of_a_bad_file_says_why(tmp_path, capsys):
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"<html>no</html>")
    assert main(["feeds", "import", str(bad)]) == 1
    assert "not an OPML document" in capsys.readouterr().err
    assert main(["feeds", "import", str(tmp_path / "missing.opml")]) == 1


@given(st.binary(max_size=400))
def test_any_bytes_give_feeds_or_an_opml_error(data):
    try:
        feeds = read_opml(data)
    except OpmlError:
        return
    assert all(isinstance(feed, OpmlFeed) for feed in feeds)


def _norm(text: str) -> str:
    return " ".join(text.split())


@given(st.lists(st.tuples(st.text(max_size=20), st.lists(st.text(max_size=8), max_size=3)), max_size=6))
def test_write_then_read_gives_the_feeds_back(rows):
    feeds = [OpmlFeed(f"https://h.example/{n}", name, "/".join(parts)) for n, (name, parts) in enumerate(rows)]
    back = {f.url: f for f in read_opml(write_opml(feeds).encode())}
    assert set(back) == {f.url for f in feeds}
    for feed in feeds:
        clean = [_norm(_xml(part)) for part in feed.folder.split("/") if part]
        assert back[feed.url].folder == "/".join(part for part in clean if part)
        assert back[feed.url].name == _norm(_xml(feed.name or feed.url))


def _xml(text: str) -> str:
    return "".join(c for c in text if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff"
                                                           and not "\ud800" <= c <= "\udfff"))

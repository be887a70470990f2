"""Word lists the entity recogniser relies on: shipped gazetteers and general vocabulary.

The shipped data (src/caravan_tui/data/gazetteers/gazetteers.json.gz, built by
scripts/build_gazetteers.py, and places.txt.gz) is loaded lazily, once, by
`lexicons()`, from its keyed form when that is shipped too (`keyed_gazetteer`). The small
hand-written lists below are general English and news vocabulary (titles,
role nouns, organisation words, world regions, landforms, calendar words);
none of it comes from any particular article.

Every key is in "folded" form (`key()`): accents removed, case folded, dots
dropped, so "U.S." and "US", "Comaltitlán" and "Comaltitlan" meet.
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import methodcaller
from typing import Any

from caravan_tui.analysis.entities.keyed_gazetteer import KeyedTables, read_shipped
from caravan_tui.analysis.text import normalise_punctuation, strip_accents


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The matching key of a name: accents, case, dots and apostrophe forms folded."""
    if text.isascii():  # nothing to normalise or strip: the same result, much faster (most names)
        return " ".join(text.casefold().replace(".", "").split())
    text = strip_accents(normalise_punctuation(text)).casefold().replace(".", "")
    return " ".join(text.split())


def _keys(words: Iterable[str]) -> frozenset[str]:
    return frozenset(key(w) for w in words)


# --- titles and roles -------------------------------------------------------------

#: Honorifics and titles that stand right before a name ("Mr. Smith", "President Ruto").
TITLES = _keys("""
Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Rev Reverend Fr Father Sister Brother
President Vice-President Premier Chancellor Minister Secretary Senator Sen Rep Representative Congressman
Congresswoman Governor Gov Mayor Ambassador Judge Justice King Queen Prince Princess Emperor Empress Pope
Cardinal Archbishop Bishop Imam Rabbi Sheikh Sheik Ayatollah Emir Sultan General Gen Lt Lieutenant Colonel
Col Major Maj Captain Capt Sergeant Sgt Admiral Adm Commander Cmdr Marshal Officer Detective Inspector
Chief Director Chairman Chairwoman Chair CEO Commissioner Prosecutor Attorney Speaker Deputy Councillor
Councilman Councilwoman Alderman Superintendent Coach Pastor Saint St
""".split())

#: Role nouns that introduce a name ("spokesman Jane Doe", "activist Juan Perez").
ROLE_NOUNS = _keys("""
spokesman spokeswoman spokesperson activist leader chief head official officer analyst lawyer attorney
economist researcher scientist professor journalist reporter photographer correspondent editor author writer
founder co-founder director coordinator advocate envoy negotiator candidate lawmaker legislator diplomat
minister secretary president chairman chairwoman executive manager owner student teacher doctor nurse
worker priest pastor imam rabbi coach player striker captain commander general colonel governor mayor
senator representative ambassador judge prosecutor expert adviser advisor consultant resident farmer
migrant refugee survivor witness victim mother father son daughter wife husband brother sister
singer actor actress artist musician director producer entrepreneur businessman businesswoman
investor banker trader strategist historian physician surgeon commissioner deputy inspector detective
sergeant lieutenant soldier veteran organiser organizer volunteer priest bishop cardinal pope king queen
prince princess spokesmen fellow colleague member chair
""".split())

#: Verbs of saying that mark a person ("said Smith", "Smith told reporters").
REPORTING_VERBS = _keys("""
said says say told tells added adds asked asks explained explains noted notes stated states wrote writes
argued argues warned warns claimed claims insisted insists recalled recalls replied replies continued
continues acknowledged acknowledges admitted admits announced announces declared declares commented
comments urged urges stressed stresses emphasised emphasized cautioned suggested suggests believes believed
thinks thought hopes hoped complained complains lamented laments tweeted posted
""".split())

# --- organisations ----------------------------------------------------------------

#: A capitalised run ending in one of these names an organisation ("State Department").
ORG_SUFFIXES = _keys("""
Department Ministry Party Inc Incorporated Corp Corporation Company Co Ltd Limited LLC PLC GmbH AG SA
University College Institute Institution Agency Council Commission Committee Bank Court Army Navy
Police Office Bureau Association Union Foundation Organization Organisation Group Authority Service Services
Senate Congress Parliament Assembly Administration Network Federation Fund Programme Program Alliance Coalition
Movement Forces Force Guard Patrol Church School Hospital Airlines Airways Cabinet Board Club League Society
Trust Centre Center Laboratory Laboratories Times Post Herald Tribune Journal Gazette Press News Media
Television Radio Broadcasting Agency Cartel Brigade Brigades Front Militia Corps Tribunal Bureau Secretariat
Industries Holdings Partners Technologies Systems Motors Petroleum Energy Pharmaceuticals
Ministries Charities Aid Relief Rescue Watch Communications Entertainment Studios Records Pictures Films
Mining Resources Bancorp Financial Insurance Investments Telecom Airline Railways Railway Foods Brands
Stores Group Labs Broadcasting Network Networks Channel Club FC
""".split())

#: Words that open an organisation name before "of" ("Ministry of Health", "Bank of Japan").
ORG_HEADS = _keys("""
Ministry Department University Bank Institute Council Commission Committee Court Office Bureau Federation
Association Organization Organisation Union League Church College School Secretariat Board Agency
""".split())

#: Well-known news agencies, broadcasters and international bodies (general knowledge).
KNOWN_ORGANIZATIONS = {
    key(name): name
    for name in (
        "Reuters", "Associated Press", "The Associated Press", "AP", "AFP", "Agence France-Presse",
        "Bloomberg", "Xinhua", "TASS", "Interfax", "EFE", "ANSA", "dpa", "Kyodo", "Yonhap", "UPI",
        "BBC", "CNN", "NPR", "PBS", "Al Jazeera", "Anadolu", "Anadolu Agency", "Sky News", "Fox News",
        "United Nations", "UN", "U.N.", "NATO", "European Union", "EU", "World Bank", "IMF",
        "International Monetary Fund", "WHO", "World Health Organization", "UNICEF", "UNHCR", "UNESCO",
        "Red Cross", "Red Crescent", "Amnesty International", "Human Rights Watch", "OPEC", "African Union",
        "ASEAN", "Interpol", "Europol", "FBI", "CIA", "NASA", "Pentagon", "Kremlin", "White House",
        "Homeland Security", "Border Patrol", "Medecins Sans Frontieres", "Doctors Without Borders",
        "International Organization for Migration", "IOM", "World Food Programme", "WFP", "G7", "G20",
        "Supreme Court", "Security Council", "Federal Reserve", "European Commission", "Hamas", "Hezbollah",
        "Taliban", "Google", "Apple", "Microsoft", "Amazon", "Meta", "Facebook", "Twitter", "Tesla",
    )
}

# --- places -----------------------------------------------------------------------

#: World regions and other multi-country areas (general geography).
REGIONS = {
    key(name): name
    for name in (
        "Africa", "Asia", "Europe", "Oceania", "Antarctica", "Arctic", "Antarctic", "North America",
        "South America", "Latin America", "Central America", "Middle East", "Near East", "Far East",
        "Western Hemisphere", "Eastern Hemisphere", "Northern Hemisphere", "Southern Hemisphere",
        "Southeast Asia", "South Asia", "East Asia", "Central Asia", "West Asia", "Western Europe",
        "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe", "Balkans", "Baltics",
        "Scandinavia", "Caucasus", "Caribbean", "Sahel", "Sahara", "Maghreb", "Horn of Africa",
        "West Africa", "East Africa", "North Africa", "Southern Africa", "Central Africa",
        "Sub-Saharan Africa", "Gulf", "Persian Gulf", "Mediterranean", "Pacific", "Atlantic",
        "Indian Ocean", "Andes", "Amazon", "Himalayas", "Levant", "Patagonia", "Siberia", "Mesoamerica",
        "Indo-Pacific", "Asia-Pacific", "Global South", "Americas",
    )
}

#: Landform and place-type words: "X Gap", "X River", "Lake X" are places.
LANDFORM_SUFFIXES = _keys("""
Gap River Valley Hemisphere Mountains Mountain Mount Mt Hills Hill Lake Sea Ocean Gulf Bay Strait Straits
Desert Island Islands Peninsula Canal Coast Basin Plateau Highlands Lowlands Delta Jungle Forest Range
Falls Glacier Volcano Cape Isthmus Pass Channel Sound Reef Archipelago Province Region District County
Municipality Prefecture Governorate Oblast Territory Territories Street St Avenue Ave Road Square Plaza
Boulevard Bridge Airport Port Harbour Harbor Park Border Crossing Corridor Strip Heights Beach
""".split())
LANDFORM_PREFIXES = _keys("Lake Mount Mt Cape Gulf Isle Port Fort San Santa Santo Sao Saint St Ciudad Villa".split())

#: Words before a name that say it is a place ("the city of X", "in X").
PLACE_CUE_NOUNS = _keys("city town village municipality state province region district county capital port".split())

# --- calendar ---------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
HOLIDAYS = (
    "Christmas Eve", "Christmas Day", "Christmas", "New Year's Eve", "New Year's Day", "New Year",
    "Easter Sunday", "Easter Monday", "Easter", "Good Friday", "Holy Week", "Thanksgiving", "Thanksgiving Day",
    "Independence Day", "Labor Day", "Labour Day", "Memorial Day", "Halloween", "Ramadan", "Eid al-Fitr",
    "Eid al-Adha", "Eid", "Hanukkah", "Passover", "Yom Kippur", "Rosh Hashanah", "Diwali",
    "Lunar New Year", "Chinese New Year", "Valentine's Day", "Boxing Day", "May Day", "Epiphany",
    "Day of the Dead", "All Saints' Day", "Lent", "Carnival",
)

# --- numbers ----------------------------------------------------------------------

UNITS_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
               "fifteen sixteen seventeen eighteen nineteen").split()
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")


# --- shipped gazetteers -----------------------------------------------------------

class SortedWords:
    """Strings kept sorted, membership by bisection: loads without hashing every one (the 150,000 towns took
    a fifth of the gazetteer load as a frozenset), and a few thousand lookups per run cost less than that."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words = sorted(words)  # the shipped file is sorted already: one pass

    @classmethod
    def from_sorted(cls, words: list[str]) -> SortedWords:
        """Words known to be sorted (the keyed gazetteer's towns; a test checks them), kept as they are."""
        found = cls()
        found._words = words
        return found

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        words = self._words
        n = bisect_left(words, word)
        return n < len(words) and words[n] == word

    def __len__(self) -> int:
        return len(self._words)

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)


#: A bound on the memo of `Lexicons.is_common`.
COMMON_MEMO_LIMIT = 200_000


@dataclass(frozen=True)
class Lexicons:
    """The shipped gazetteers, keyed for matching."""

    places: dict[str, str]          # key -> canonical display name
    place_kinds: dict[str, str]     # key -> "country" | "subdivision" | "city" | "region"
    given_names: frozenset[str]
    surnames: frozenset[str]
    common_words: frozenset[str]
    max_place_words: int
    towns: SortedWords = field(default_factory=SortedWords)  # folded names of smaller populated places (weak evidence)
    #: is_common's answers so far (bounded: a page of made-up words cannot grow it without end)
    _common_memo: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_common(self, word: str) -> bool:
        """True for an ordinary English word ("Updated", "Migrants"), whatever its case."""
        found = self._common_memo.get(word)
        if found is None:
            found = self._is_common(word)
            if len(self._common_memo) < COMMON_MEMO_LIMIT:
                self._common_memo[word] = found
        return found

    def _is_common(self, word: str) -> bool:
        folded = key(word)
        if folded in self.common_words:
            return True
        for ending, stem in (("ies", "y"), ("es", ""), ("s", ""), ("'s", ""), ("ed", ""), ("ed", "e")):
            if folded.endswith(ending) and folded[: -len(ending)] + stem in self.common_words:
                return True
        return False


def _gazetteer_data() -> dict[str, Any]:
    source = resources.files("caravan_tui.data").joinpath("gazetteers/gazetteers.json.gz")
    with source.open("rb") as handle:
        data: dict[str, Any] = json.loads(gzip.decompress(handle.read()))
    return data


def fold_all(names: Sequence[str]) -> list[str]:
    """`key` of each name, not through its cache; the names that are not ASCII normalised all in one call (the
    normalising works character by character and joins nothing across a line break: a test checks it on
    every shipped name). Tens of thousands of names are folded at load."""
    fold = key.__wrapped__
    folded = [fold(name) if name.isascii() else "" for name in names]
    others = [n for n, name in enumerate(names) if not name.isascii()]
    if not others:
        return folded
    joined = "\n".join(names[n] for n in others)
    pieces = strip_accents(normalise_punctuation(joined)).casefold().replace(".", "").split("\n")
    if any("\n" in names[n] for n in others) or len(pieces) != len(others):
        pieces = [fold(names[n]) for n in others]  # a name with a line break of its own: one at a time
    for n, piece in zip(others, pieces):
        folded[n] = " ".join(piece.split())
    return folded


def _place_table(data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    places: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def add(names: Sequence[str], canonical: str | None, kind: str) -> None:
        for name, folded in zip(names, fold_all(names)):
            if folded and folded not in places:
                places[folded], kinds[folded] = canonical or name, kind

    for aliases in data["countries"]:
        add(aliases, aliases[0], "country")
    add(list(REGIONS.values()), None, "region")
    add(data["subdivisions"], None, "subdivision")
    add(data["cities"], None, "city")
    return places, kinds


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load the shipped gazetteers (once; about 0.07 s keyed, 0.12 s from the sources, see
    bench/entities_speed.py)."""
    tables = read_shipped() or folded_tables()
    places = tables.places
    return Lexicons(
        places=places,
        place_kinds=tables.kinds,
        given_names=frozenset(tables.given_names),
        surnames=frozenset(tables.surnames),
        common_words=frozenset(tables.common_words),
        max_place_words=max(k.count(" ") for k in places) + 1,  # keys are folded: words apart by one space
        towns=SortedWords.from_sorted(tables.towns),
    )


def folded_tables(with_places_file: bool = True) -> KeyedTables:
    """The shipped sources keyed here, name by name: what data/gazetteers/keyed.txt holds
    (scripts/build_keyed_gazetteer.py). `with_places_file=False`: the main gazetteer alone."""
    data = _gazetteer_data()
    places, kinds = _place_table(data)
    towns = _add_places_file(places, kinds) if with_places_file else SortedWords()
    return KeyedTables(places, kinds, given_names=sorted(set(map(key.__wrapped__, data["given_names"]))),
                       surnames=sorted(set(map(key.__wrapped__, data["surnames"]))),
                       common_words=sorted(set(data["common_words"])), towns=list(towns))


#: In places.txt.gz (scripts/build_places.py): the line between other spellings of cities and the towns.
TOWNS_MARK = "--towns--"


def _add_places_file(places: dict[str, str], kinds: dict[str, str]) -> SortedWords:
    """Other spellings of cities go into `places`; the towns (already folded) are returned."""
    source = resources.files("caravan_tui.data").joinpath("gazetteers/places.txt.gz")
    try:
        with source.open("rb") as handle:
            text = gzip.decompress(handle.read()).decode("utf-8")
    except (FileNotFoundError, OSError):
        return SortedWords()
    aliases, _, towns = text.partition(f"\n{TOWNS_MARK}\n")
    lines = aliases.split("\n")
    fields = aliases.replace("\t", "\n").split("\n")  # folded name, spelling, folded name, spelling...
    spellings = dict(zip(fields[0::2], fields[1::2]))
    if set(map(methodcaller("count", "\t"), lines)) != {1} or len(spellings) != len(lines):
        spellings = {}  # not one tab a line, or a name twice: line by line, the first spelling of a name kept
        for line in lines:
            folded, _, name = line.partition("\t")
            if name:
                spellings.setdefault(folded, name)
    added = {folded: name for folded, name in spellings.items() if name and folded not in places}
    places.update(added)
    kinds.update(dict.fromkeys(added, "city"))
    return SortedWords(towns.split("\n"))

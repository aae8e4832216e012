"""Canonical names: template filters for pattern rules and the alias tables of the gazetteers."""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from pipeline.entities.data import gazetteer, lexicon

# Which gazetteer holds the aliases for each label.
ALIAS_FILES: dict[str, str] = {"WET": "laws.yaml", "ORG": "orgs.yaml", "LOCATIE": "places.yaml"}


@cache
def _portfolios() -> dict[str, str]:
    table: dict[str, str] = {}
    file = lexicon("portfolios.yaml")
    portfolios = file.get("portfolios", dict)
    for canonical, variants in portfolios.items():
        line = portfolios.key_lines.get(canonical)
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise file.error(line, f"portfolio {canonical!r} must list its variants as strings")
        table[str(canonical).casefold()] = str(canonical)
        for variant in variants:
            table[variant.casefold()] = str(canonical)
    return table


def portfolio(text: str) -> str:
    """The full portfolio for an abbreviation or variant ("A&M" -> "Asiel en Migratie")."""
    return _portfolios().get(text.casefold(), text)


def _role(text: str) -> str:
    lowered = text.casefold()
    return "minister-president" if lowered == "premier" else lowered


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


FILTERS: dict[str, Callable[[str], str]] = {
    "cap": _cap,
    "lower": str.casefold,
    "portfolio": portfolio,
    "role": _role,
}


@cache
def _aliases(label: str) -> dict[str, str]:
    name = ALIAS_FILES.get(label)
    return gazetteer(name).aliases() if name else {}


def canonical_name(label: str, name: str) -> str:
    """The canonical form of a name of this label: the gazetteer's, else the name itself."""
    name = " ".join(name.split())
    return _aliases(label).get(name.casefold(), name)

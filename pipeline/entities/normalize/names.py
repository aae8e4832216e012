"""Canonical names: template filters for pattern rules and the alias tables of the gazetteers."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from pipeline.entities.data import LeaveOut, gazetteer, left_out, lexicon

# Which gazetteer holds the aliases for each label.
ALIAS_FILES: dict[str, str] = {"WET": "laws.yaml", "ORG": "orgs.yaml", "LOCATIE": "places.yaml"}


@cache
def _portfolios(leave: LeaveOut = ()) -> dict[str, str]:
    table: dict[str, str] = {}
    file = lexicon("portfolios.yaml")
    portfolios = file.get("portfolios", dict)
    leave_out = left_out(leave, "portfolios.yaml")
    for canonical, variants in portfolios.items():
        line = portfolios.key_lines.get(canonical)
        if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
            raise file.error(line, f"portfolio {canonical!r} must list its variants as strings")
        if str(canonical) not in leave_out:
            table[str(canonical).casefold()] = str(canonical)
        for variant in variants:
            if variant not in leave_out:
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
def _aliases(label: str, leave: LeaveOut = ()) -> dict[str, str]:
    name = ALIAS_FILES.get(label)
    return gazetteer(name, leave).aliases() if name else {}


def canonical_name(label: str, name: str) -> str:
    """The canonical form of a name of this label: the gazetteer's, else the name itself."""
    name = " ".join(name.split())
    return _aliases(label).get(name.casefold(), name)


@dataclass(frozen=True)
class NameTables:
    """The alias and portfolio tables as they were when a component was made.

    Components keep one, built from the lexicons less what their `leave_out` config leaves out
    (leave-one-letter-out evaluation).
    """

    aliases: Mapping[str, Mapping[str, str]]
    portfolios: Mapping[str, str]
    filters: Mapping[str, Callable[[str], str]] = field(default_factory=dict)

    def canonical(self, label: str, name: str) -> str:
        name = " ".join(name.split())
        return self.aliases.get(label, {}).get(name.casefold(), name)


@cache
def name_tables(leave: LeaveOut = ()) -> NameTables:
    portfolios = dict(_portfolios(leave))
    filters = dict(FILTERS)
    filters["portfolio"] = lambda text: portfolios.get(text.casefold(), text)
    return NameTables({label: dict(_aliases(label, leave)) for label in ALIAS_FILES}, portfolios, filters)

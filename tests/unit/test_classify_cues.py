"""The hand-written cue rules (pipeline/classify/cues.py) as case tables, and cues.yaml validation.

All example sentences are invented for these tests."""
from __future__ import annotations

import pytest

from pipeline.classify.cues import (
    CUES_FILE,
    load_cues,
    parse_cues,
    request_cues,
    request_rule,
    sentences,
    stance_rule,
    theme_rule,
)
from pipeline.datafiles import package_file, parse_yaml
from pipeline.errors import DataFileError
from pipeline.types import THEMES


@pytest.mark.parametrize(("text", "bullet"), [
    ("Wij vragen u de minister te verzoeken de regeling met een jaar te verlengen.", "➢"),
    ("We verzoeken het kabinet om snel duidelijkheid te geven over de financiering.", None),
    ("Wij willen u vragen bij het kabinet aan te dringen op handhaving van de wet.", "➢"),
    ("De VNG roept het kabinet op om de middelen structureel beschikbaar te stellen.", None),
    ("Zo roept de VNG al jaren op tot een stabiele financiering van de opvang.", None),
    ("Namens gemeenten dringt de VNG erop aan om de regeling nog voor de zomer te publiceren.", None),
    ("Wij pleiten voor een meerjarige bekostiging van de opvanglocaties.", None),
    ("Daarom vraagt de VNG het Rijk om de kosten volledig te vergoeden.", None),
    ("De VNG heeft tijdens het overleg aandacht gevraagd voor de positie van kleine gemeenten.", None),
    ("Wij stellen voor dat de Kamer de staatssecretaris hierover bevraagt.", "➢"),
    ("Vraag de minister om een reactie op het advies.", "➢"),
    ("Graag vraagt de VNG uw aandacht voor drie punten:", None),
    ("Ten slotte herhaalt de VNG haar verzoek om een landelijk kader.", None),
    ("Gemeenten hebben het zwaar. Wij vragen het kabinet daarom om extra middelen.", None),
])
def test_requests_by_the_vng(text: str, bullet: str | None) -> None:
    assert request_rule(text, bullet) is True


@pytest.mark.parametrize("text", [
    "Het kabinet vraagt de provincies om het toezicht op gemeenten te versterken.",
    "Gemeenten worden gevraagd om extra opvangplekken te realiseren.",
    "Het COA roept gemeenten op om locaties aan te bieden.",
    "Terwijl de provincies oproepen tot spoed, ziet de VNG dat de regeling vertraagt.",
    "De VNG ziet dat de nieuwe opgave heel veel vraagt van kleine gemeenten.",
    "Vorige maand informeerde de VNG de senaat schriftelijk over haar bezwaren.",
    "Er zijn nog veel vragen over de uitvoering van de regeling.",
    "Wij vrezen dat de wachttijden voor een woning verder oplopen.",
    "De regeling wordt op 1 maart gepubliceerd.",
])
def test_not_vng_requests(text: str) -> None:
    assert request_rule(text) is False


def test_request_by_others_is_counted_as_such() -> None:
    cues = request_cues("Het kabinet vraagt de provincies om het toezicht te versterken.")
    assert cues.other_requests == 1 and cues.vng_requests == 0 and not cues.rule


def test_request_glyph_in_the_text_counts_like_a_bullet() -> None:
    assert request_cues("➢ Vraag de minister om een reactie.").request_bullet


@pytest.mark.parametrize(("text", "stance"), [
    ("De VNG steunt deze oproep, maar plaatst er kanttekeningen bij over de uitvoering.", "steunend"),
    ("Wij steunen het voorstel, maar de financiering is onvoldoende geregeld.", "steunend"),
    ("De VNG is positief over de nieuwe regeling voor gemeenten.", "steunend"),
    ("Wij verwelkomen het besluit van het kabinet.", "steunend"),
    ("De VNG onderschrijft de conclusies van de commissie.", "steunend"),
    ("De VNG vindt deze ontwikkeling zeer zorgelijk.", "kritisch"),
    ("Wij vrezen dat de wachtlijsten verder oplopen.", "kritisch"),
    ("Het budget is onvoldoende om deze taken uit te voeren.", "kritisch"),
    ("De planning van het ministerie is niet realistisch.", "kritisch"),
    ("De VNG heeft grote bezwaren tegen het wetsvoorstel.", "kritisch"),
    ("Wij zijn tegen een dergelijk verbod.", "kritisch"),
    ("De VNG geeft geen steun aan dit voorstel.", "kritisch"),
    ("Het grootste knelpunt is de onduidelijkheid over de bekostiging.", "kritisch"),
    ("De regeling wordt op 1 maart gepubliceerd.", "neutraal"),
    ("Hieronder leest u hoe het ervoor staat met de regeling.", "neutraal"),
])
def test_stance_rule(text: str, stance: str) -> None:
    assert stance_rule(text) == stance


@pytest.mark.parametrize(("text", "theme"), [
    ("De bezetting van het aanmeldcentrum in Ter Apel is te hoog.", "opvang"),
    ("Gemeenten zoeken woningen voor statushouders.", "huisvesting"),
    ("De inburgering begint pas als iemand in de gemeente woont.", "integratie"),
    ("De vergoeding per opvangplek is nog niet bekend.", "financien"),
    ("Het wetsvoorstel ligt bij de Eerste Kamer.", "wetgeving"),
    ("Ongedocumenteerden krijgen geen begeleiding naar terugkeer.", "terugkeer"),
    ("Gemeenten vangen ontheemden uit Oekraïne op.", "oekraine"),
    ("Rond de locatie is de overlast toegenomen.", "veiligheid"),
    ("De provincie houdt toezicht op gemeenten die achterblijven.", "bestuur"),
    ("Bewoners hebben moeite een huisarts te vinden.", "zorg"),
    ("Het Europese Migratiepact gaat in 2026 in.", "eu"),
])
def test_theme_keywords(text: str, theme: str) -> None:
    assert theme in theme_rule(text)


def test_sentences_keep_abbreviations_together() -> None:
    assert sentences("Op 3 juli jl. is besloten. De brief d.d. 16 december volgt.") == [
        "Op 3 juli jl. is besloten.", "De brief d.d. 16 december volgt."]


# --- cues.yaml validation -----------------------------------------------------------------------
def _shipped_text() -> str:
    return package_file("pipeline.classify", CUES_FILE).read_text(encoding="utf-8")


def test_shipped_cues_load_and_cover_every_theme() -> None:
    cues = load_cues()
    assert [theme for theme, _ in cues.themes] == list(THEMES)
    assert len(cues.sha256) == 64


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_bad_regex_is_reported_with_file_and_line() -> None:
    text = _shipped_text().replace("'\\bonvoldoende\\b'", "'\\bonvoldoende(\\b'")
    line = _line_of(text, "onvoldoende(")
    with pytest.raises(DataFileError, match=rf"cues-test\.yaml:{line}: invalid regular expression"):
        parse_cues(parse_yaml(text, "cues-test.yaml"))


def test_unknown_theme_is_reported() -> None:
    text = _shipped_text().replace("\n  eu:\n", "\n  europa:\n")
    with pytest.raises(DataFileError, match=r"cues-test\.yaml:\d+: unknown theme 'europa'"):
        parse_cues(parse_yaml(text, "cues-test.yaml"))


def test_unknown_key_is_reported() -> None:
    text = _shipped_text().replace("\n  window_after:", "\n  window_aftr:")
    with pytest.raises(DataFileError, match=r"cues-test\.yaml:\d+: unknown key 'window_aftr'"):
        parse_cues(parse_yaml(text, "cues-test.yaml"))


def test_window_must_be_a_number() -> None:
    text = _shipped_text().replace("window_before: 10", "window_before: ten")
    with pytest.raises(DataFileError, match=r"'window_before' must be a whole number"):
        parse_cues(parse_yaml(text, "cues-test.yaml"))


def test_invalid_yaml_is_reported_with_line() -> None:
    with pytest.raises(DataFileError, match=r"broken\.yaml:\d+: invalid YAML"):
        parse_cues(parse_yaml("request:\n  - [unclosed\n", "broken.yaml"))


def test_empty_list_is_reported() -> None:
    text = _shipped_text()
    start = text.index("  negators:\n")
    end = text.index("  # \"De VNG steunt X, maar")
    with pytest.raises(DataFileError, match=r"'stance.negators'|negators"):
        parse_cues(parse_yaml(text[:start] + "  negators: []\n" + text[end:], "cues-test.yaml"))

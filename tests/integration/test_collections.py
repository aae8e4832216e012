"""An OUT folder is a collection: folders analysed into it add up, letters stay until taken out, and
nothing but the letters named (or pruned) is ever deleted."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.analyze import AnalyzeOptions, analyze
from pipeline.cli import app
from tests.conftest import write_fictional_letters
from tests.snapshots import snapshot


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _doc_ids(out: Path) -> set[str]:
    return {p.stem for p in (out / "letters").glob("*.json")}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "eerste", tmp_path / "tweede"
    write_fictional_letters(first, 4, start=0, prefix="a")
    write_fictional_letters(second, 3, start=10, prefix="b")
    return first, second


def test_a_second_folder_adds_its_letters_and_the_outputs_cover_both(folders: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    summary = analyze(second, out)
    assert summary.count("ok") == 3 and summary.letters == 7 and summary.other_letters == 4
    assert _doc_ids(out) == {p.stem for p in [*first.iterdir(), *second.iterdir()]}
    manifest = _manifest(out)
    assert manifest["corpora"] == sorted([str(first.resolve()), str(second.resolve())])
    assert {f["corpus"] for f in manifest["files"]} == set(manifest["corpora"]) and len(manifest["files"]) == 7
    # The same letters analysed as one folder give the same bytes: the corpus outputs cover both folders.
    together = tmp_path / "samen"
    together.mkdir()
    for path in [*first.iterdir(), *second.iterdir()]:
        shutil.copy(path, together / path.name)
    full = tmp_path / "full"
    analyze(together, full)
    assert snapshot(out) == snapshot(full)
    # Analysing the first folder again re-uses its letters and keeps the second folder's.
    again = analyze(first, out)
    assert sum(o.cached for o in again.outcomes) == 4 and snapshot(out) == snapshot(full)


def test_a_removed_source_is_kept_until_prune_and_other_folders_are_untouched(folders: tuple[Path, Path],
                                                                              tmp_path: Path) -> None:
    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    analyze(second, out)
    before = {p.name: p.read_bytes() for p in (out / "letters").iterdir()}
    (first / "a0001.txt").unlink()
    summary = analyze(first, out)
    assert any(n.startswith("1 letter(s) no longer in") and "kept; use --prune to drop them (a0001.txt)" in n
               for n in summary.notes), summary.notes
    assert {p.name: p.read_bytes() for p in (out / "letters").iterdir()} == before
    assert "a0001" in (out / "passages.csv").read_text(encoding="utf-8")
    entry = next(f for f in _manifest(out)["files"] if f["doc_id"] == "a0001")
    assert entry["source_missing"] is True and entry["status"] == "ok"
    analyze(first, out, AnalyzeOptions(prune=True))
    after = {p.name: p.read_bytes() for p in (out / "letters").iterdir()}
    assert set(before) - set(after) == {"a0001.json"}
    assert all(after[name] == before[name] for name in after)
    assert "a0001" not in (out / "passages.csv").read_text(encoding="utf-8")


def test_same_bytes_in_two_folders_are_analysed_once_and_same_names_stay_apart(folders: tuple[Path, Path],
                                                                               tmp_path: Path) -> None:
    first, second = folders
    shutil.copy(first / "a0002.txt", second / "kopie.txt")  # the same letter in the second folder
    (second / "a0003.txt").write_text((first / "a0000.txt").read_text(encoding="utf-8").replace("Fictieve", "Andere fictieve"),
                                      encoding="utf-8")  # another letter under a name the first folder has
    out = tmp_path / "out"
    analyze(first, out)
    summary = analyze(second, out)
    copy = next(o for o in summary.outcomes if o.source == "kopie.txt")
    assert copy.status == "skipped" and "duplicate of a0002.txt in" in (copy.error or "")
    namesake = next(o for o in summary.outcomes if o.source == "a0003.txt")
    assert namesake.status == "ok" and namesake.doc_id.startswith("a0003-")  # its own id: the first one's stays
    first_letter = json.loads((out / "letters" / "a0003.json").read_text(encoding="utf-8"))
    assert first_letter["source"] == "a0003.txt" and first_letter["sha256"] != namesake.sha256
    assert len(_doc_ids(out)) == 4 + 4  # the copy is not a letter of its own


def test_vng_list_and_vng_remove(folders: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    analyze(second, out)
    (out / "mijn-notities.txt").write_text("van de gebruiker\n", encoding="utf-8")  # a user's own files in OUT
    (out / "letters" / "LEESMIJ.md").write_text("ook van de gebruiker\n", encoding="utf-8")
    runner = CliRunner()
    listed = runner.invoke(app, ["list", str(out)], terminal_width=250)
    assert listed.exit_code == 0, listed.output
    for doc_id in _doc_ids(out):
        assert doc_id in listed.stdout
    assert str(second.resolve()) in listed.stdout and "2025-03-" in listed.stdout
    before = {p.name: p.read_bytes() for p in (out / "letters").iterdir()}
    unknown = runner.invoke(app, ["remove", str(out), "a0000", "bestaat-niet"])
    assert unknown.exit_code == 2 and "bestaat-niet" in unknown.output
    assert {p.name: p.read_bytes() for p in (out / "letters").iterdir()} == before  # nothing changed
    removed = runner.invoke(app, ["remove", str(out), "a0000", "b0011"])
    assert removed.exit_code == 0, removed.output
    after = {p.name: p.read_bytes() for p in (out / "letters").iterdir()}
    assert set(before) - set(after) == {"a0000.json", "b0011.json"}
    assert all(after[name] == before[name] for name in after)
    assert (out / "mijn-notities.txt").read_text(encoding="utf-8") == "van de gebruiker\n"
    passages = (out / "passages.csv").read_text(encoding="utf-8")
    assert "a0000" not in passages and "b0011" not in passages and "a0001" in passages and "b0010" in passages
    assert {f["doc_id"] for f in _manifest(out)["files"]} == {p.removesuffix(".json") for p in after if p.endswith(".json")}
    relisted = runner.invoke(app, ["list", str(out)], terminal_width=250)
    assert "a0000" not in relisted.stdout and "b0012" in relisted.stdout
    # The report equals one built from the remaining letters' files.
    from pipeline.report import build_report
    report = (out / "report.html").read_bytes()
    assert build_report(out).read_bytes() == report
    # A later run of the second folder adds the removed letter again (its file is still there).
    analyze(second, out)
    assert (out / "letters" / "b0011.json").exists() and (out / "letters" / "LEESMIJ.md").exists()


def test_an_out_made_before_collections_is_adopted(folders: tuple[Path, Path], tmp_path: Path) -> None:
    """The old single-corpus index (`.vng-index.json`) and manifest still count as the collection."""
    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    index = [json.loads(line) for line in (out / ".vng-index.jsonl").read_text(encoding="utf-8").splitlines()]
    (out / ".vng-index.json").write_text(json.dumps({r["doc_id"]: [r["sha256"], r["pipeline"], r["source"]]
                                                     for r in index}), encoding="utf-8")
    (out / ".vng-index.jsonl").unlink()
    manifest = _manifest(out)
    for entry in manifest["files"]:
        del entry["corpus"]
    del manifest["corpora"]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    summary = analyze(second, out)
    assert summary.letters == 7 and _doc_ids(out) >= {"a0000", "a0003", "b0010"}
    assert not (out / ".vng-index.json").exists() and (out / ".vng-index.jsonl").exists()


def test_only_our_own_temp_files_are_cleaned_up(folders: tuple[Path, Path], tmp_path: Path) -> None:
    first, _ = folders
    out = tmp_path / "out"
    analyze(first, out)
    ours = [out / ".graph.json.k3j5x9_a.tmp", out / "letters" / ".a0000.json.0rpftxal.tmp",  # as a kill leaves them
            out / ".vng-sheet-letters.ts7le2lp.tmp"]  # a vng.xlsx sheet spooled while the workbook was written
    theirs = [out / ".notities.txt.abcdefgh.tmp", out / ".mijn.tmp", out / "letters" / ".klad.tmp"]
    for path in [*ours, *theirs]:
        path.write_text("x", encoding="utf-8")
    analyze(first, out)
    assert not any(p.exists() for p in ours)
    assert all(p.read_text(encoding="utf-8") == "x" for p in theirs)


def test_a_new_pipeline_refreshes_other_folders_letters_whose_files_are_unchanged(
        folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.analyze as composer

    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    analyze(second, out)
    old = json.loads((out / "letters" / "a0000.json").read_text(encoding="utf-8"))["pipeline"]
    (first / "a0001.txt").unlink()  # gone: its letter is kept as it was, never lost to a refresh
    monkeypatch.setattr(composer, "pipeline_fingerprint", lambda model=None: "nieuwe-pijplijn")
    summary = analyze(second, out)
    assert summary.letters == 7
    pipelines = {p.stem: json.loads(p.read_text(encoding="utf-8"))["pipeline"] for p in (out / "letters").glob("*.json")}
    assert pipelines.pop("a0001") == old
    assert set(pipelines.values()) == {"nieuwe-pijplijn"}
    refreshed = [f for f in _manifest(out)["files"] if f["corpus"] == str(first.resolve()) and not f["cached"]]
    assert sorted(f["source"] for f in refreshed) == ["a0000.txt", "a0002.txt", "a0003.txt"]


def test_without_its_index_the_collection_is_read_from_the_manifest(folders: tuple[Path, Path], tmp_path: Path) -> None:
    first, second = folders
    out = tmp_path / "out"
    analyze(first, out)
    analyze(second, out)
    before = snapshot(out)
    (out / ".vng-index.jsonl").unlink()
    summary = analyze(second, out)
    assert summary.letters == 7 and snapshot(out) == before

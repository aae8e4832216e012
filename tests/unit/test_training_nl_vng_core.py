"""training/nl_vng_core: CoNLL-U reading, the release mappings, and `make model` without the data."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from training.nl_vng_core.conllu import (
    Sentence,
    Token,
    learn_old_pos_map,
    map_old_pos,
    map_old_token,
    map_old_tree,
    read_conllu,
    strip_compounds,
    text_key,
    to_doc,
)
from training.nl_vng_core.evaluate import parse_chunks
from training.nl_vng_core.prepare import check_data

CONLLU = """# sent_id = s1
# text = De gemeenteraad stemde.
1\tDe\tde\tDET\tLID|bep|stan|rest\tDefinite=Def\t2\tdet\t_\t_
2\tgemeenteraad\tgemeente_raad\tNOUN\tN|soort|ev|basis|zijd|stan\tGender=Com|Number=Sing\t3\tnsubj\t_\t_
3\tstemde\tstemmen\tVERB\tWW|pv|verl|ev\tNumber=Sing|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\tLET\t_\t3\tpunct\t_\t_

# wiki-1.p.1.s.1.xml
1\tOnze\tOns\tPRON\t_\tPerson=1\t2\tnmod\t_\t_
2\tleden\tlid\tNOUN\t_\tNumber=Plur\t0\troot\t_\t_
"""


def test_read_and_convert(tmp_path: Path) -> None:
    path = tmp_path / "x.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    first, old = list(read_conllu(path))
    assert first.sent_id == "s1" and first.text == "De gemeenteraad stemde."
    assert old.sent_id == "wiki-1.p.1.s.1.xml" and old.text == "Onze leden"
    doc = to_doc(spacy.blank("nl").vocab, first)
    assert doc.text == "De gemeenteraad stemde." and [t.lemma_ for t in doc][1] == "gemeenteraad"
    assert [t.head.i for t in doc] == [1, 2, 2, 2] and doc[2].dep_.lower() == "root"
    bare = to_doc(spacy.blank("nl").vocab, old, with_tags=False, with_deps=False)
    assert not bare.has_annotation("DEP") and not bare.has_annotation("TAG")


def test_old_release_mapping() -> None:
    mapped = map_old_token(Token("Onze", "Ons", "PRON", "_", "Person=1", 2, "nmod", True))
    assert mapped.lemma == "ons" and "Poss=Yes" in mapped.feats.split("|")
    name = map_old_token(Token("Gent", "Gent", "PROPN", "_", "_", 0, "root", True))
    assert name.lemma == "Gent"
    assert strip_compounds("gemeente_raad") == "gemeenteraad" and strip_compounds("_") == "_"
    assert text_key("De  partij ,") == text_key("de partij,")


def _old(rows: list[tuple[str, str, int, str]]) -> Sentence:
    toks = tuple(Token(form, lemma, "X", "_", "_", head, rel, True) for form, lemma, head, rel in rows)
    return Sentence("old", " ".join(t.form for t in toks), toks)


def test_old_release_trees_in_todays_conventions() -> None:
    # fictional: "Zijn brief en haar motie werden door Jan Smit gesteund ."
    old = _old([("Zijn", "zijn", 2, "det"), ("brief", "brief", 9, "nsubj"), ("en", "en", 2, "cc"),
                ("haar", "haar", 5, "det"), ("motie", "motie", 2, "conj"), ("werden", "worden", 10, "aux:pass"),
                ("door", "door", 8, "case"), ("Jan", "Jan", 10, "obl"), ("Smit", "Smit", 8, "flat:name"),
                ("gesteund", "steunen", 0, "root"), (".", ".", 10, "punct")])
    old = Sentence(old.sent_id, old.text, tuple(
        Token(t.form, t.lemma, "PRON" if t.form in ("Zijn", "haar") else t.upos, t.xpos, t.feats,
              10 if t.form == "brief" else t.head, t.deprel, t.space_after) for t in old.tokens))
    tree = map_old_tree(old)
    assert tree is not None
    arcs = [(t.head, t.deprel) for t in tree.tokens]
    assert arcs[0] == (2, "nmod:poss") and arcs[3] == (5, "nmod:poss")  # possessives
    assert arcs[1] == (10, "nsubj:pass")  # beside aux:pass
    assert arcs[2] == (5, "cc")  # on the conjunct it introduces (UD v2), not on the first one
    assert arcs[7] == (10, "obl:agent") and arcs[8] == (8, "flat")
    assert arcs[10] == (-1, "")  # punctuation attached by other rules: missing
    doc = to_doc(spacy.blank("nl").vocab, tree, with_tags=False)
    assert not doc[10].has_head() and doc[1].has_head() and doc[1].head.i == 9
    assert len(list(doc.sents)) == 1  # a missing head is no sentence start
    # a copula today's treebanks analyse as a main verb with xcomp: the tree is not used
    werd = _old([("Het", "het", 3, "nsubj"), ("werd", "worden", 3, "cop"), ("niets", "niets", 0, "root")])
    assert map_old_tree(werd) is None
    # obl without 'door' + passive: obl or obl:arg today -> missing
    obl = _old([("Ik", "ik", 2, "nsubj"), ("denk", "denken", 0, "root"), ("aan", "aan", 4, "case"),
                ("haar", "haar", 2, "obl")])
    assert [t.head for t in map_old_tree(obl).tokens] == [2, 0, 4, -1]
    assert map_old_tree(obl, complete=True) is None  # an arc other than punctuation's is missing
    assert map_old_tree(old, complete=True) == tree  # only its punctuation is missing


def test_noun_chunk_ids() -> None:
    assert parse_chunks("1-2|5-5| 7-9") == {(0, 2), (4, 5), (6, 9)} and parse_chunks("") == set()


def test_make_model_without_the_data_says_what_it_needs(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as stop:
        check_data(tmp_path)
    assert "needs the UD Dutch treebank files" in str(stop.value)
    assert "LassySmall_nl_lassysmall-ud-train.older-release.conllu" in str(stop.value)


GOLD = """# sent_id = g-1
# text = De gemeenten vangen asielzoekers op.
# noun_chunks = 1-2|4-4
1\tDe\tde\tDET\t_\t_\t_\t_\t_\t_
2\tgemeenten\tgemeente\tNOUN\t_\t_\t_\t_\t_\t_
3\tvangen\topvangen\tVERB\t_\t_\t_\t_\t_\t_
4\tasielzoekers\tasielzoeker\tNOUN\t_\t_\t_\t_\t_\t_
5\top\top\tADP\t_\t_\t_\t_\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t_\t_\t_\t_
"""
SHIPPED = Path(__file__).resolve().parents[2] / "models" / "nl_vng_core"
needs_model = pytest.mark.skipif(not (SHIPPED / "config.cfg").is_file(), reason="models/nl_vng_core absent")


@needs_model
def test_finetune_gold_docs_only_use_labels_the_model_knows(tmp_path: Path) -> None:
    from training.nl_vng_core.finetune import _label, gold_docs

    path = tmp_path / "gold.conllu"
    path.write_text(GOLD, encoding="utf-8")
    nlp = spacy.load(SHIPPED)
    (doc,) = gold_docs(nlp, [path], [])
    assert [t.pos_ for t in doc] == ["DET", "NOUN", "VERB", "NOUN", "ADP", "PUNCT"]
    morph_labels = set(nlp.get_pipe("morphologizer").labels)
    for t in doc:  # every POS+FEATS label is one the morphologizer has (else spaCy cannot train on it)
        assert not t.pos_ or _label(str(t.morph), t.pos_) in morph_labels
    lemmas = [t.lemma_ for t in doc]
    assert lemmas[1] == "gemeente" and lemmas[3] == "asielzoeker"
    known = set(nlp.get_pipe("trainable_lemmatizer").cfg["labels"])
    trees = nlp.get_pipe("trainable_lemmatizer").trees
    assert lemmas[2] == ("opvangen" if trees.add("vangen", "opvangen") in known else "")  # unknown tree: missing


@needs_model
def test_finetune_restores_the_lemmatizer_labels_of_a_loaded_model() -> None:
    from training.nl_vng_core.finetune import restore_lemma_labels

    nlp = spacy.load(SHIPPED)
    lem = nlp.get_pipe("trainable_lemmatizer")
    assert not lem.tree2label  # spaCy 3.8 leaves it empty on load: training on would map every lemma to label 0
    restore_lemma_labels()(nlp)
    assert len(lem.tree2label) == len(lem.cfg["labels"]) and lem.tree2label[lem.cfg["labels"][5]] == 5


DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


@pytest.mark.skipif(not (DATA / "ud-dutch").is_dir(), reason="../shared/data/ud-dutch absent")
def test_old_release_arcs_kept_agree_with_todays_annotation() -> None:
    from training.nl_vng_core.agreement import agreement

    got = agreement(DATA)
    assert got["shared_sentences"] > 1500 and got["raw_uas"] < 0.9  # the releases do differ as released
    assert got["kept_uas"] >= 0.97 and got["kept_las"] >= 0.95 and got["kept_arcs"] > 0.6 * got["shared_tokens"]
    # UPOS: the map learned on the dev-shared sentences, measured on the test-shared ones (held out)
    assert got["upos_raw"] < 0.95 and got["upos_mapped"] >= 0.96
    assert got["upos_feats_mapped"] >= got["upos_feats_raw"] + 0.02


def test_old_release_pos_map_learns_todays_convention() -> None:
    def sent(upos: str, feats: str) -> Sentence:
        return Sentence("s", "zijn huis", (Token("zijn", "zijn", upos, "_", feats, 2, "det", True),
                                           Token("huis", "huis", "NOUN", "_", "Number=Sing", 0, "root", False)))

    old, new = sent("DET", "Poss=Yes"), sent("PRON", "Person=3|Poss=Yes|PronType=Prs")
    table = learn_old_pos_map([(old, new), (old, new), (old, sent("DET", "Poss=Yes"))])
    mapped = map_old_pos(old, table)
    assert (mapped.tokens[0].upos, mapped.tokens[0].feats) == ("PRON", "Person=3|Poss=Yes|PronType=Prs")
    assert mapped.tokens[1] == old.tokens[1]
    # a key seen too rarely, or without a clear majority, keeps the old token (old "yes" values capitalised)
    lone = Sentence("t", "X", (Token("X", "x", "X", "_", "Foreign=yes", 0, "root", False),))
    assert map_old_pos(lone, table).tokens[0].feats == "Foreign=Yes"


@needs_model
def test_dev_slice_scores_per_treebank(tmp_path: Path) -> None:
    """Variants are chosen on the held-out slice: each sentence is scored under the treebank whose current
    dev file holds it, and 'all' pools them."""
    from spacy.tokens import DocBin

    from training.nl_vng_core.evaluate import dev_slice_scores
    from training.nl_vng_core.prepare import TREEBANKS, UD

    data = tmp_path / "data"
    (data / UD).mkdir(parents=True)
    first, _ = list(read_conllu(_write(tmp_path / "x.conllu", CONLLU)))
    (data / UD / f"{TREEBANKS[0]}-dev.conllu").write_text(CONLLU.split("\n\n")[0] + "\n\n", encoding="utf-8")
    (data / UD / f"{TREEBANKS[1]}-dev.conllu").write_text("", encoding="utf-8")
    nlp = spacy.load(SHIPPED)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    DocBin(docs=[to_doc(nlp.vocab, first)]).to_disk(corpus / "dev.spacy")
    scores = dev_slice_scores(nlp, data, corpus)
    assert set(scores) == {"Alpino", "all"}
    assert scores["Alpino"] == scores["all"] and scores["all"]["sents"] == 1 and scores["all"]["tokens"] == 4
    assert 0.0 <= scores["all"]["las"] <= 1.0 and 0.0 <= scores["all"]["pos"] <= 1.0


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_base_options_reach_spacy_train_and_are_off_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--base-steps / --tok2vec-width / --tok2vec-depth / --parser-hidden-width / --base-seed become spaCy config
    overrides; without them config.cfg is used as it is."""
    import spacy.cli.train

    from training.nl_vng_core.build import train

    seen: list[dict] = []
    monkeypatch.setattr(spacy.cli.train, "train", lambda config, out, overrides: seen.append(overrides))
    train(Path("config.cfg"), tmp_path, tmp_path / "runs")
    train(Path("config.cfg"), tmp_path, tmp_path / "runs", steps=300, width=128)
    assert set(seen[0]) == {"paths.train", "paths.dev"}
    assert seen[1]["components.tok2vec.model.encode.width"] == 128
    assert seen[1]["training.max_steps"] == seen[1]["training.patience"] == 300
    assert "components.tok2vec.model.encode.depth" not in seen[1] and "system.seed" not in seen[1]
    train(Path("config.cfg"), tmp_path, tmp_path / "runs", depth=3, seed=18)
    assert seen[2]["components.tok2vec.model.encode.depth"] == 3 and seen[2]["system.seed"] == 18
    assert "components.tok2vec.model.encode.width" not in seen[2]
    assert "components.parser.model.hidden_width" not in seen[2]
    train(Path("config.cfg"), tmp_path, tmp_path / "runs", width=112, parser_hidden=64)
    assert seen[3]["components.parser.model.hidden_width"] == 64
    assert seen[3]["components.tok2vec.model.encode.width"] == 112


def test_base_restart_cuts_the_schedule_and_continues_where_it_stood(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """--base-restart N: the base's schedule (config.cfg: 4,000 steps, warm-up 250, rate 0.001, batches 100 ->
    1,000 words) cut at N, then its model-best trained on for the steps left from the rate and batch size
    the schedule had at N (round 8's continuation of round 7's G, cut at 2,800)."""
    import spacy.cli.train

    from training.nl_vng_core.build import train
    from training.nl_vng_core.finetune import CONFIG as FINETUNE_CONFIG
    from training.nl_vng_core.prepare import HERE

    seen: list[tuple[Path, dict]] = []
    monkeypatch.setattr(spacy.cli.train, "train", lambda config, out, overrides: seen.append((config, overrides)))
    runs = tmp_path / "runs"
    best = train(HERE / "config.cfg", tmp_path, runs, restart=2800)
    assert best == runs / "continued" / "model-best"
    (cut_cfg, cut), (cont_cfg, cont) = seen
    assert cut_cfg == HERE / "config.cfg" and cut["training.max_steps"] == cut["training.patience"] == 2800
    assert cut["training.optimizer.learn_rate.total_steps"] == 4000
    assert cont_cfg == FINETUNE_CONFIG and cont["paths.base"] == str(runs / "model-best")
    assert cont["training.max_steps"] == 1200 and cont["training.optimizer.learn_rate.warmup_steps"] == 0
    assert cont["training.optimizer.learn_rate.initial_rate"] == pytest.approx(0.00032)
    assert cont["training.batcher.size.start"] == cont["training.batcher.size.stop"] == 1000
    assert cont["system.seed"] == 17
    with pytest.raises(ValueError, match="inside the base"):
        train(HERE / "config.cfg", tmp_path, runs, restart=4000)


def test_gold_repeat_reaches_every_fine_tuning_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--gold-repeat N (round 9): the two cross-validation runs and the final one get the gold repeated N
    times, and meta.json says so; without it finetune.py's GOLD_REPEAT (4)."""
    import spacy

    import training.nl_vng_core.evaluate as evaluate_mod
    from training.nl_vng_core import build
    from training.nl_vng_core.finetune import GOLD_REPEAT

    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("gold_a", "gold_b"):
        _write(gold / f"{name}.conllu", "# sent_id = 1\n1\tJa\tja\tINTJ\t_\t_\t0\troot\t_\t_\n\n")
    calls: list[int] = []
    packaged: list[dict] = []
    monkeypatch.setattr(build, "check_data", lambda data: None)
    monkeypatch.setattr(build, "prepare", lambda *a, **k: {})
    monkeypatch.setattr(build, "finetune", lambda base, out, files, **k: calls.append(k["repeat"]) or out)
    monkeypatch.setattr(spacy, "load", lambda path: object())
    monkeypatch.setattr(evaluate_mod, "evaluate", lambda nlp, data, files: {"ud_test": {}})
    monkeypatch.setattr(evaluate_mod, "cross_validated", lambda folds: {})
    monkeypatch.setattr(build, "package", lambda model, scores, info, out, **k: packaged.append(info))
    for extra, want in (([], GOLD_REPEAT), (["--gold-repeat", "2"], 2)):
        calls.clear()
        monkeypatch.setattr("sys.argv", ["build", "--base", str(tmp_path / "base"), "--gold", str(gold),
                                         "--work", str(tmp_path / "work"), "--out", str(tmp_path / "out"), *extra])
        (tmp_path / "work" / "runs").mkdir(parents=True, exist_ok=True)
        build.main()
        assert calls == [want, want, want]
        assert packaged[-1]["finetune"]["gold_repeat"] == want


def _ud(sents: list[str]) -> str:
    """A CoNLL-U file of whitespace-tokenised sentences (only the text matters to the pretraining filter)."""
    blocks = []
    for n, text in enumerate(sents, 1):
        rows = [f"{i}\t{w}\t{w}\tX\t_\t_\t0\troot\t_\t_" for i, w in enumerate(text.split(), 1)]
        blocks.append(f"# sent_id = {n}\n# text = {text}\n" + "\n".join(rows) + "\n")
    return "\n".join(blocks) + "\n"


def test_pretrain_text_leaves_out_every_ud_dev_and_test_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Round 10's raw text for spacy pretrain: no sentence of a current dev or test file, nor a text that holds
    one or lies inside one, from any source; no fictional paragraph that overlaps the in-domain gold."""
    import json

    import training.nl_vng_core.silver as silver
    from training.nl_vng_core.prepare import OLD, TREEBANKS, UD
    from training.nl_vng_core.pretrain import EUROPEANA, held_out_keys, prepare_text

    test_sent = "De burgemeester opende gisteren het nieuwe zwembad ."
    dev_sent = "Het waterschap verhoogde de dijk bij de sluis ."
    data = tmp_path / "data"
    (data / UD).mkdir(parents=True)
    _write(data / UD / f"{TREEBANKS[0]}-test.conllu", _ud([test_sent]))
    _write(data / UD / f"{TREEBANKS[1]}-dev.conllu", _ud([dev_sent]))
    for name in (f"{TREEBANKS[0]}-dev.conllu", f"{TREEBANKS[1]}-test.conllu"):
        _write(data / UD / name, "")
    _write(data / UD / OLD, _ud([test_sent, "Toen zei hij : " + dev_sent, "De veerpont vaart elk uur naar de overkant ."]))
    (data / EUROPEANA).parent.mkdir(parents=True)
    eur = "De burgemeester opende gisteren het nieuwe zwembad . Men verwacht J. Pietersz morgen in de haven ."
    _write(data / EUROPEANA, "\n".join(f"{w} O" for w in eur.split()) + "\n")
    gold = tmp_path / "gold"
    gold.mkdir()
    _write(gold / "gold_a.conllu", _ud(["Wij verzoeken u vriendelijk om een spoedige reactie ."]))
    monkeypatch.setattr(silver, "fictional_paragraphs", lambda: [
        "Geachte heer, wij verzoeken u vriendelijk om een spoedige reactie . Met groet",
        "Het waterschap verhoogde de dijk",  # inside a dev sentence
        "Het waterschap",  # inside one too, but shorter than the 20-character window: a fragment, kept
        "In de brief staat: het waterschap verhoogde de dijk bij de sluis .",
        "De gemeente stuurt de beschikking binnen acht weken ."])
    out = tmp_path / "text.jsonl"
    info = prepare_text(data, out, gold=gold)
    texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    prepare_text(data, tmp_path / "few.jsonl", gold=gold, limit=1)
    assert len((tmp_path / "few.jsonl").read_text(encoding="utf-8").splitlines()) == 3  # one text of each source
    assert texts == ["De veerpont vaart elk uur naar de overkant .",
                     "Men verwacht J. Pietersz morgen in de haven .",
                     "Het waterschap",
                     "De gemeente stuurt de beschikking binnen acht weken ."]
    keys = held_out_keys(data)
    assert not any(k in text_key(t) for k in keys for t in texts)
    assert info["sources"]["old"] == {"kept": 1, "dropped_in_ud_dev_or_test": 2, "dropped_in_gold": 0, "words": 9}
    assert info["sources"]["europeana"]["dropped_in_ud_dev_or_test"] == 1
    assert info["sources"]["fictional"]["dropped_in_gold"] == 1
    assert info["sources"]["fictional"]["dropped_in_ud_dev_or_test"] == 2


def test_europeana_sentences_cut_at_sentence_ends_not_initials(tmp_path: Path) -> None:
    from training.nl_vng_core.pretrain import MAX_TOKENS, europeana_sentences

    path = _write(tmp_path / "x.bio", "Mr. O\nJ. B-PER\nJansen I-PER\nkwam. O\nWie O\nweet ? O\n"
                  + "".join("woord O\n" for _ in range(MAX_TOKENS + 1)))
    pieces = list(europeana_sentences(path))
    assert pieces[:2] == ["Mr. J. Jansen kwam.", "Wie weet ?"]
    assert [len(p.split()) for p in pieces[2:]] == [MAX_TOKENS, 1]


def test_pretrain_option_initialises_the_base_and_is_off_by_default(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """--pretrain-epochs N: the base trains from config.cfg merged with pretrain.cfg (the characters objective on
    the tok2vec) and starts from the pretrained weights, pretrained with the base's own network options;
    without it config.cfg and no weights."""
    import spacy
    from spacy.util import load_config

    import training.nl_vng_core.evaluate as evaluate_mod
    import training.nl_vng_core.pretrain as pretrain_mod
    from training.nl_vng_core import build
    from training.nl_vng_core.prepare import HERE

    trained: list[tuple[Path, Path | None]] = []
    pretrained: list[dict] = []
    packaged: list[dict] = []
    monkeypatch.setattr(build, "check_data", lambda data: None)
    monkeypatch.setattr(build, "prepare", lambda *a, **k: {})
    monkeypatch.setattr(build, "train", lambda config, corpus, runs, **k: trained.append((config, k["init_tok2vec"])) or runs)
    monkeypatch.setattr(pretrain_mod, "prepare_text", lambda data, out, **k: {"sources": {}, "limit": k["limit"]})
    monkeypatch.setattr(pretrain_mod, "pretrain_tok2vec",
                        lambda config, text, out, **k: pretrained.append(k) or out / "model-last.bin")
    monkeypatch.setattr(spacy, "load", lambda path: object())
    monkeypatch.setattr(evaluate_mod, "evaluate", lambda nlp, data, files: {})
    monkeypatch.setattr(build, "package", lambda model, scores, info, out, **k: packaged.append(info))
    work = tmp_path / "work"
    (work / "runs").mkdir(parents=True)
    common = ["build", "--no-finetune", "--work", str(work), "--out", str(tmp_path / "out"), "--gold", str(tmp_path)]
    monkeypatch.setattr("sys.argv", common)
    build.main()
    assert trained == [(HERE / "config.cfg", None)] and "pretrain" not in packaged[-1]
    monkeypatch.setattr("sys.argv", [*common, "--pretrain-epochs", "3", "--tok2vec-width", "112", "--base-seed", "18"])
    build.main()
    config, weights = trained[-1]
    assert weights == work / "pretrain" / "weights" / "model-last.bin" and config == work / "pretrain" / "train.cfg"
    assert pretrained[-1]["epochs"] == 3 and packaged[-1]["pretrain"]["limit"] == 0
    assert pretrained[-1]["overrides"]["components.tok2vec.model.encode.width"] == 112
    assert pretrained[-1]["overrides"]["system.seed"] == 18
    cfg, base = load_config(config, interpolate=False), load_config(HERE / "config.cfg", interpolate=False)
    assert cfg["pretraining"]["component"] == "tok2vec" and cfg["pretraining"]["layer"] == ""
    assert cfg["pretraining"]["objective"]["@architectures"] == "spacy.PretrainCharacters.v1"
    assert cfg["training"] == base["training"] and cfg["components"] == base["components"]
    assert packaged[-1]["pretrain"]["epochs"] == 3


def test_init_tok2vec_reaches_spacy_train(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import spacy.cli.train

    from training.nl_vng_core.build import train

    seen: list[dict] = []
    monkeypatch.setattr(spacy.cli.train, "train", lambda config, out, overrides: seen.append(overrides))
    train(Path("config.cfg"), tmp_path, tmp_path / "runs", init_tok2vec=tmp_path / "w.bin")
    assert seen[0]["paths.init_tok2vec"] == str(tmp_path / "w.bin")

"""`make model`: prepare the data, train, evaluate and package models/nl_vng_core.

    python -m training.nl_vng_core.build [--data DIR] [--no-old] [--skip-train | --base DIR] [--no-finetune]
                                         [--tok2vec-width N] [--tok2vec-depth N] [--parser-hidden-width N]
                                         [--base-seed N] [--seed N] [--gold-repeat N] [--work DIR]
                                         [--pretrain-epochs N [--pretrain-sources S,..] [--pretrain-limit N]]

Steps: prepare.py (corpus/), `spacy train config.cfg` with seed 17 (runs/model-best, the base: the best
score on the held-out dev slice), then in-domain supervision (finetune.py, finetune.cfg, seed 17):
  1. 2-fold cross-validation: the base trained on with gold file A added, scored on gold file B, and
     vice versa (runs/cv-<held-out file>); the in-domain figures in meta.json are these pooled
     held-out scores, never scores on sentences trained on;
  2. the shipped model: the base trained on with every gold file added (runs/final), scored on the
     current UD test files;
then the model is written to models/nl_vng_core with meta.json (versions, data sha256, scores, licence).
Without ../shared/data it says which files it needs and stops.
With --pretrain-epochs N (off by default, round 10) the base's tok2vec is first pretrained N epochs on raw
Dutch text (pretrain.py: characters objective; the older release, Europeana, our fictional texts, less every
UD dev/test sentence) and the base starts from those weights (work/pretrain/).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from spacy.util import load_config

from training.nl_vng_core.conllu import sha256
from training.nl_vng_core.finetune import GOLD_REPEAT, STEPS, finetune
from training.nl_vng_core.prepare import DEFAULT_GOLD, HERE, REPO, add_data_options, check_data, prepare
from training.nl_vng_core.pretrain import SOURCES as PRETRAIN_SOURCES

MODEL_OUT = REPO / "models" / "nl_vng_core"
PUBLISHED_SM = {"name": "nl_core_news_sm 3.8.0 (published, UD v2.8 Alpino+LassySmall test)",
                "pos": 0.958, "lemma": 0.950, "uas": 0.857, "las": 0.805}
LICENSE = "CC BY-SA 4.0"
SOURCES = [
    {"name": "UD_Dutch-Alpino (current release: dev split for training, test for evaluation)",
     "url": "https://github.com/UniversalDependencies/UD_Dutch-Alpino", "license": "CC BY-SA 4.0",
     "author": "Gosse Bouma, Gertjan van Noord (University of Groningen)"},
    {"name": "UD_Dutch-LassySmall (current release dev/test; an older release of its train file)",
     "url": "https://github.com/UniversalDependencies/UD_Dutch-LassySmall", "license": "CC BY-SA 4.0",
     "author": "Gosse Bouma, Gertjan van Noord (University of Groningen); Lassy Small corpus (Dutch Language Institute)"},
]


def train(config: Path, corpus: Path, out: Path, *, steps: int | None = None, width: int | None = None,
          depth: int | None = None, parser_hidden: int | None = None, seed: int | None = None,
          restart: int | None = None, init_tok2vec: Path | None = None) -> Path:
    """spaCy train; steps: the base's max_steps (the learning rate still decays to 0 at the last step,
    and patience is as long as the run) instead of config.cfg's; width / depth: the tok2vec's encoder
    (config.cfg: 96 / 4); parser_hidden: the parser's hidden_width (config.cfg: 128; a narrower one buys
    back the speed a wider encoder costs); seed: the base's seed (config.cfg: 17); restart: see
    continue_base (the base is then out/continued/model-best); init_tok2vec: pretrained weights of the
    tok2vec (config must then be a pretrain.merged_config, whose [pretraining] says where they go)."""
    from spacy.cli.train import train as spacy_train

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    overrides: dict[str, object] = {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")}
    if steps is not None:
        overrides.update({"training.max_steps": steps, "training.patience": steps})
    if width is not None:
        overrides["components.tok2vec.model.encode.width"] = width
    if depth is not None:
        overrides["components.tok2vec.model.encode.depth"] = depth
    if parser_hidden is not None:
        overrides["components.parser.model.hidden_width"] = parser_hidden
    if seed is not None:
        overrides["system.seed"] = seed
    if init_tok2vec is not None:
        overrides["paths.init_tok2vec"] = str(init_tok2vec)
    if restart is not None:
        total = steps if steps is not None else int(load_config(config)["training"]["max_steps"])
        if not 0 < restart < total:
            raise ValueError(f"--base-restart {restart} must lie inside the base's {total} steps")
        # the same schedule (learning rate towards 0 at `total`), cut at `restart`
        overrides.update({"training.max_steps": restart, "training.patience": restart,
                          "training.optimizer.learn_rate.total_steps": total})
    spacy_train(config, out, overrides=overrides)
    if restart is not None:
        return continue_base(config, corpus, out, restart=restart, total=total, seed=seed)
    return out / "model-best"


def continue_base(config: Path, corpus: Path, out: Path, *, restart: int, total: int, seed: int | None) -> Path:
    """Round 8's base: the model-best of a base cut at step `restart` of its `total`-step schedule, trained
    on (every component sourced, finetune.cfg's hook) for the steps the schedule had left, with the
    learning rate and batch size where the schedule stood at `restart`, decayed linearly to 0, and a new
    optimizer; the model-best of this continuation on the dev slice is the base. (Round 7's bases were
    stopped by the time gate at two-thirds of their schedule; this finishes one without retraining it.)"""
    from spacy.cli.train import train as spacy_train

    from training.nl_vng_core.finetune import CONFIG as FINETUNE_CONFIG

    cfg = load_config(config)
    rate, size = cfg["training"]["optimizer"]["learn_rate"], cfg["training"]["batcher"]["size"]
    warmup = int(rate["warmup_steps"])
    if restart < warmup:
        lr = float(rate["initial_rate"]) * restart / warmup
    else:
        lr = float(rate["initial_rate"]) * (total - restart) / (total - warmup)
    batch = min(float(size["stop"]), float(size["start"]) * float(size["compound"]) ** restart)
    batch = int(batch) if batch.is_integer() else batch
    steps = total - restart
    overrides: dict[str, object] = {
        "paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy"),
        "paths.base": str(out / "model-best"), "training.max_steps": steps, "training.patience": steps,
        "training.eval_frequency": int(cfg["training"]["eval_frequency"]),
        "training.optimizer.learn_rate.initial_rate": lr, "training.optimizer.learn_rate.warmup_steps": 0,
        "training.batcher.size.start": batch, "training.batcher.size.stop": batch,
        "system.seed": seed if seed is not None else int(cfg["system"]["seed"])}
    spacy_train(FINETUNE_CONFIG, out / "continued", overrides=overrides)
    return out / "continued" / "model-best"


def package(model_dir: Path, scores: dict, data_info: dict, out: Path, *, lemmatizer: str) -> None:
    import spacy

    from training.nl_vng_core.evaluate import with_rule_lemmatizer

    nlp = spacy.load(model_dir)
    if lemmatizer != "trained":
        nlp = with_rule_lemmatizer(nlp, lemmatizer)
    nlp.meta.update({
        "name": "vng_core", "lang": "nl", "version": "0.1.0",
        "description": "Dutch tagger, morphologizer, lemmatizer and parser for vng-brieven (efficiency config, "
                       "no vectors), trained by `make model` on UD Dutch; see models/README.md",
        "spacy_version": f">={spacy.__version__.rsplit('.', 1)[0]}.0,<3.9.0",
        "trained_with_spacy": spacy.__version__,
        "license": LICENSE, "sources": SOURCES, "author": "vng-brieven",
        "vng": {"data": data_info, "lemmatizer": lemmatizer, "scores": scores, "published_reference": PUBLISHED_SM,
                "ud_lemma_note": "lemma: UD gold with compound '_' removed (how the model is trained); "
                                 "lemma_ud_compound: against the gold lemma as written"},
    })
    nlp.meta.pop("performance", None)  # dev-slice scores of training; the test scores are under vng.scores
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    # the training paths and the fine-tuning hook say nothing about the model: no checkout paths in it
    from spacy.util import load_config

    cfg = load_config(out / "config.cfg", interpolate=False)
    cfg["paths"].update({"train": None, "dev": None})
    for key in ("init_tok2vec", "raw_text"):  # a pretrained base's (round 10), when it is packaged unfine-tuned
        if key in cfg["paths"]:
            cfg["paths"][key] = None
    cfg["paths"].pop("base", None)
    cfg["initialize"]["after_init"] = None
    cfg.to_disk(out / "config.cfg")


def pretrain(args: argparse.Namespace, corpus: Path) -> tuple[Path, Path, dict]:
    """--pretrain-epochs: the raw text, the merged config and the pretrained weights, under work/pretrain/;
    the base's network options reach the pretraining so the weights fit it."""
    from training.nl_vng_core.pretrain import merged_config, prepare_text, pretrain_tok2vec

    folder = args.work / "pretrain"
    text = folder / "text.jsonl"
    info = prepare_text(args.data, text, sources=args.pretrain_sources.split(","), gold=args.gold or DEFAULT_GOLD,
                        limit=args.pretrain_limit)
    config = merged_config(HERE / "config.cfg", folder / "train.cfg")
    overrides: dict[str, object] = {"paths.train": str(corpus / "train.spacy"), "paths.dev": str(corpus / "dev.spacy")}
    for key, value in (("components.tok2vec.model.encode.width", args.tok2vec_width),
                       ("components.tok2vec.model.encode.depth", args.tok2vec_depth),
                       ("components.parser.model.hidden_width", args.parser_hidden_width),
                       ("system.seed", args.base_seed)):
        if value is not None:
            overrides[key] = value
    weights = pretrain_tok2vec(config, text, folder / "weights", epochs=args.pretrain_epochs, overrides=overrides)
    info.update({"epochs": args.pretrain_epochs, "limit": args.pretrain_limit, "objective": "characters"})
    return config, weights, info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_options(ap)
    ap.add_argument("--silver", action=argparse.BooleanOptionalAction, default=True,
                    help="add Frog silver data on our fictional texts (silver/; needs the in-domain gold)")
    ap.add_argument("--lemmatizer", choices=["trained", "rule", "lookup"], default="trained")
    ap.add_argument("--skip-train", action="store_true", help="use the existing runs/model-best as the base")
    ap.add_argument("--base", type=Path, help="use this base pipeline (a model-best of config.cfg) instead of training one")
    ap.add_argument("--finetune", action=argparse.BooleanOptionalAction, default=True,
                    help="in-domain supervision: 2-fold cross-validation on the gold, then train with all of it")
    ap.add_argument("--steps", type=int, default=STEPS, help="fine-tuning steps")
    ap.add_argument("--gold-repeat", type=int, default=GOLD_REPEAT,
                    help=f"times the gold sentences are repeated in the fine-tuning data (default {GOLD_REPEAT}; "
                         "fewer leave the UD/older/silver data a larger share, round 9)")
    ap.add_argument("--base-steps", type=int, default=None,
                    help="steps of the base training (default: config.cfg's max_steps, 4000)")
    ap.add_argument("--base-restart", type=int, default=None, metavar="STEP",
                    help="cut the base's schedule at this step and train its model-best on for the steps left, "
                         "with a new optimizer (round 8; default: no cut)")
    ap.add_argument("--tok2vec-width", type=int, default=None,
                    help="width of the base's tok2vec (default: config.cfg's 96)")
    ap.add_argument("--tok2vec-depth", type=int, default=None,
                    help="depth of the base's tok2vec encoder (default: config.cfg's 4)")
    ap.add_argument("--parser-hidden-width", type=int, default=None,
                    help="hidden width of the base's parser (default: config.cfg's 128)")
    ap.add_argument("--base-seed", type=int, default=None,
                    help="seed of the base training (default: config.cfg's 17)")
    ap.add_argument("--seed", type=int, default=None,
                    help="seed of the fine-tuning runs (default: finetune.cfg's 17; another only to measure the draw)")
    ap.add_argument("--pretrain-epochs", type=int, default=0,
                    help="pretrain the base's tok2vec this many epochs on raw Dutch text first (pretrain.py; "
                         "default 0: no pretraining)")
    ap.add_argument("--pretrain-sources", default=",".join(PRETRAIN_SOURCES),
                    help="raw text sources of --pretrain-epochs (default: all of old, europeana, fictional)")
    ap.add_argument("--pretrain-limit", type=int, default=0,
                    help="at most this many texts of each pretraining source (default 0: all; a smoke run)")
    ap.add_argument("--work", type=Path, default=HERE,
                    help="folder for corpus/ and runs/ (default: training/nl_vng_core), so variants can train side by side")
    ap.add_argument("--out", type=Path, default=MODEL_OUT)
    ap.add_argument("--gold", type=Path, default=None, help="in-domain gold folder (corpora/annotations/dutch_gold)")
    args = ap.parse_args()
    check_data(args.data)
    corpus = args.work / "corpus"
    runs = args.work / "runs"
    gold = args.gold or DEFAULT_GOLD
    data_info = prepare(args.data, corpus, old=args.old, old_heads=args.old_heads, old_complete=args.old_complete,
                        old_pos=args.old_pos, silver=args.silver, gold=gold)
    if not (args.base or args.skip_train):
        if args.base_steps is not None:
            data_info["base_steps"] = args.base_steps
        if args.tok2vec_width is not None:
            data_info["tok2vec_width"] = args.tok2vec_width
        if args.tok2vec_depth is not None:
            data_info["tok2vec_depth"] = args.tok2vec_depth
        if args.parser_hidden_width is not None:
            data_info["parser_hidden_width"] = args.parser_hidden_width
        if args.base_seed is not None:
            data_info["base_seed"] = args.base_seed
        if args.base_restart is not None:
            data_info["base_restart"] = args.base_restart
    config, weights = HERE / "config.cfg", None
    if args.pretrain_epochs and not (args.base or args.skip_train):
        config, weights, data_info["pretrain"] = pretrain(args, corpus)
    best = args.base or (runs / "model-best" if args.skip_train else train(config, corpus, runs,
                                                                              steps=args.base_steps,
                                                                              width=args.tok2vec_width,
                                                                              depth=args.tok2vec_depth,
                                                                              parser_hidden=args.parser_hidden_width,
                                                                              seed=args.base_seed,
                                                                              restart=args.base_restart,
                                                                              init_tok2vec=weights))

    import spacy

    from training.nl_vng_core.evaluate import cross_validated, evaluate, with_rule_lemmatizer

    def load(path: Path):
        nlp = spacy.load(path)
        return with_rule_lemmatizer(nlp, args.lemmatizer) if args.lemmatizer != "trained" else nlp

    gold_files = sorted(gold.glob("*.conllu"))
    if args.finetune:
        if len(gold_files) < 2:
            sys.exit(f"--finetune needs at least two gold files in {gold} (cross-validation); use --no-finetune")
        folds, fold_ud = [], {}
        for held in gold_files:
            rest = [g for g in gold_files if g != held]
            model = finetune(best, runs / f"cv-{held.stem}", rest, corpus=corpus, steps=args.steps, seed=args.seed,
                             repeat=args.gold_repeat)
            nlp = load(model)
            folds.append((nlp, held))
            fold_ud[f"trained_without_{held.stem}"] = evaluate(nlp, args.data, [])["ud_test"]
        cv = cross_validated(folds)
        final = finetune(best, runs / "final", gold_files, corpus=corpus, steps=args.steps, seed=args.seed,
                         repeat=args.gold_repeat)
        scores = evaluate(load(final), args.data, [])
        scores["in_domain"] = cv
        scores["in_domain_method"] = (
            f"{len(gold_files)}-fold cross-validation over the gold files ({', '.join(g.name for g in gold_files)}): "
            "the base model trained on with all gold files but one, scored on that one, pooled; the shipped "
            "model is trained with every gold file, so its own in-domain score is not measured")
        scores["cv_folds_ud_test"] = fold_ud
        data_info["finetune"] = {"steps": args.steps, "gold_repeat": args.gold_repeat,
                                 **({"seed": args.seed} if args.seed is not None else {}),
                                 "gold_files": [g.name for g in gold_files],
                                 "sha256": {g.name: sha256(g) for g in gold_files}}
    else:
        final = best
        scores = evaluate(load(final), args.data, gold)
    (runs / "scores.json").write_text(json.dumps(scores, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    package(final, scores, data_info, args.out, lemmatizer=args.lemmatizer)
    print(json.dumps(scores, indent=2, sort_keys=True))
    print(f"packaged {args.out}")


if __name__ == "__main__":
    main()

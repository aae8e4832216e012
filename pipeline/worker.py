"""What a worker runs for one task: the per-letter function, then the letter's table rows.

The rows (pipeline/table_rows.py) are made here, where the letter is analysed, so that the parent only
writes them; they are kept out of `pipeline.letter` because its imports define the results' fingerprint
(pipeline/fingerprint.py), and a change to the table code must not send every letter back for analysis
(the rows carry their own key).
"""
from __future__ import annotations

import time
from dataclasses import replace
from functools import cache

from pipeline.classify import InferenceModels, predict_letter
from pipeline.classify.linear import load_inference_models
from pipeline.errors import ModelError
from pipeline.letter import get_engine, process_file, read_letter
from pipeline.table_rows import encoded_rows, for_corpus
from pipeline.tasks import AnalyzeOptions, FileOutcome, ReadLetter, Task


def run_task(task: Task, options: AnalyzeOptions) -> FileOutcome:
    get_engine(options.model)  # built (or inherited) before the letter's CPU clock starts, as process_file does
    began = time.process_time()  # this process's CPU so far: a forked worker's own start-up (since its fork)
    outcome = process_file(task, options)
    if outcome.status != "ok" or outcome.result is None:
        return replace(outcome, process_cpu=(began, time.process_time()))
    started = time.process_time()
    rows = encoded_rows(outcome.result, task.fingerprint)
    ended = time.process_time()
    stages = {**outcome.stages, "table_rows": round(ended - started, 4)}
    # The parent writes the document and the rows; for the corpus outputs it needs less than the result.
    return replace(outcome, result=for_corpus(outcome.result), rows=rows, stages=dict(sorted(stages.items())),
                   process_cpu=(began, ended))


def read_ahead(task: Task) -> Task:
    """The task with its letter's stages 1-2 done (extract, clean, segment, metadata), for a task that
    carries its bytes; `pipeline.executors` runs this for the first letters while the engine is built.
    Raises what `read_letter` raises (the worker then reads the letter again and reports why it fails)."""
    if task.data is None or task.read is not None:
        return task
    clock: dict[str, float] = {}
    started = time.perf_counter()
    letter = read_letter(task.item.path, source=task.item.source, doc_id=task.item.doc_id, data=task.data,
                         clock=clock)
    return replace(task, read=ReadLetter(letter, clock, time.perf_counter() - started))


@cache
def _models_ahead() -> InferenceModels | None:
    """The shipped passage classifiers as the engine loads them; None when they must be retrained (the engine
    then trains its own in memory: no prediction is made ahead with other models)."""
    try:
        return load_inference_models()
    except ModelError:
        return None


def classify_ahead(task: Task) -> Task:
    """The task with the passage classifiers' outputs for its letter read ahead (`predict_letter`: they read the
    passages' text, not the spaCy engine's annotations), so that the first letter's classify stage is done on
    the core that is otherwise idle while the engine is built; `pipeline.executors` runs this after `read_ahead`.
    The CPU and wall time count as the letter's (clock["classify"], the read's seconds)."""
    if task.read is None or task.read.predictions is not None:
        return task
    models = _models_ahead()
    if models is None:
        return task
    cpu, started = time.process_time(), time.perf_counter()
    predictions = predict_letter(task.read.letter.passages, models)
    clock = dict(task.read.clock)
    clock["classify"] = clock.get("classify", 0.0) + time.process_time() - cpu
    return replace(task, read=replace(task.read, predictions=predictions, clock=clock,
                                      seconds=task.read.seconds + time.perf_counter() - started))

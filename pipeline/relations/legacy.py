"""The closed-vocabulary extractor of issue 6 (concepts from the lexicons, cues around them): the
fallback without a parser and the baseline `vng evaluate --part relations` prints (issue 19)."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pipeline.relations.context import _Context, _unique
from pipeline.relations.nodes import _nodes
from pipeline.relations.sentence import _opens_with, _sentence
from pipeline.relations.vocabulary import RELATION_BY_KINDS, Vocabulary, default_vocabulary
from pipeline.types import Claim, Passage

# ----------------------------------------------------------------------------- claims

def extract_legacy_claims(doc_id: str, passages: Sequence[Passage], sentences: Mapping[str, Sequence[tuple[int, int]]],
                   vocabulary: Vocabulary | None = None) -> tuple[Claim, ...]:
    """Claims of one letter; `sentences` maps a passage id to its sentence (start, end) offsets."""
    vocabulary = vocabulary or default_vocabulary()
    claims: dict[tuple[str, str, str, str, str], Claim] = {}
    context = _Context(vocabulary)
    section: object = object()
    for passage in passages:
        if passage.section != section:
            section = passage.section
            context.history = []
            context.topic_tasks = _unique(e for n in _nodes(passage.section or "", vocabulary)
                                          if (e := n.as_effect()) and e.kind == "gemeentetaak")
        request_item = passage.kind == "list_item" and passage.request
        for start, end in sentences.get(passage.id, [(0, len(passage.text))]):
            sentence = passage.text[start:end].strip()
            if not sentence:
                continue
            record = _sentence(sentence, context)
            if request_item or _opens_with(sentence, vocabulary.cues.markers("request")):
                record.pairs = []
            for cause, effect, cue in record.pairs:
                relation = RELATION_BY_KINDS[(cause.kind, effect.kind)]
                key = (cause.name, effect.name, relation, passage.id, sentence)
                claims.setdefault(key, Claim(cause.kind, cause.name, relation, effect.kind, effect.name,
                                             doc_id, passage.id, sentence, cue.text.lower(), passage.stance))
            context.history.append(record)
            context.letter_measures.append([n for n in record.nodes if n.kind == "maatregel"])
            context.names.extend((n.kind, n.name) for n in record.nodes)
    return tuple(claims.values())  # reading order


def passage_order(passage_id: str) -> int:
    match = re.search(r"#p(\d+)$", passage_id)
    return int(match.group(1)) if match else 0

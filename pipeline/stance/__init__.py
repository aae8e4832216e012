"""Stage: statements, the VNG's stance toward each measure, as statements with evidence (DNA's model:
actor, concept, agreement, with the sentence).

    from pipeline.stance.statements import letter_statements
    statements = letter_statements(doc_id, date, classified_passages)

Modules: rules.py + rules.yaml (cue lexicon, clauses, negation, removals, others' voices),
evidence.py (what a passage says about each target; the model's target-marked features),
model.py (logistic regression exported as plain weights, models/statements.json), training.py,
data.py (gold and training files), statements.py (the stage).
"""

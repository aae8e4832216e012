"""Experiments on training learned components (issue 19: a learned claim model)."""

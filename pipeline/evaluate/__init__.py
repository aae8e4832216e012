"""Scoring against the gold annotations in corpora/annotations (`vng evaluate`)."""

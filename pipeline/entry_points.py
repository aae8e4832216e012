"""catalogue's entry-point look-ups, answered once per group.

spaCy, thinc and srsly keep their registries in `catalogue`, which reads the installed packages' entry
points once, at its import (`catalogue.AVAILABLE_ENTRY_POINTS`), and then selects a registry's group from
all of them at every look-up: ~140 times while the pipeline is built (every msgpack load asks for the
decoders, every factory registration for the factories), about 0.04 CPU s of every process's start-up.
`memoise()` (called by `pipeline/__init__.py`) keeps each group's selection: the same entry points, since
the ones they are selected from never change after catalogue's import. Should catalogue's entry points be
replaced (a test may), the memo is bypassed; a catalogue without these internals is left alone.
"""
from __future__ import annotations

from typing import Any

_ORIGINAL = "_vng_original_get_entry_points"


def memoise() -> None:
    """From now on, a registry's entry points are selected once per group (idempotent)."""
    import catalogue  # noqa: PLC0415 - imported here, with spaCy's own imports, not by every pipeline module

    registry = getattr(catalogue, "Registry", None)
    original = getattr(registry, "_get_entry_points", None)
    points = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if registry is None or original is None or points is None or hasattr(registry, _ORIGINAL):
        return
    by_group: dict[str, tuple[Any, ...]] = {}  # kept as tuples: catalogue only iterates over them

    def _get_entry_points(self: Any) -> Any:
        if catalogue.AVAILABLE_ENTRY_POINTS is not points:
            return original(self)
        group = self.entry_point_namespace
        found = by_group.get(group)
        if found is None:
            found = by_group[group] = tuple(original(self))
        return found

    setattr(registry, _ORIGINAL, original)
    registry._get_entry_points = _get_entry_points  # noqa: SLF001 - the one method every look-up goes through

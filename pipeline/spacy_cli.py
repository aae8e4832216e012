"""spaCy's command-line package, imported only when something uses it.

`import spacy` runs `from .cli.info import info` (to offer `spacy.info()`), and so imports all of
`spacy.cli`: its ~30 commands with weasel, jinja2, requests, httpx and cryptography, about a third of
spaCy's import time (~0.25 CPU s of every process's start-up), although no stage uses any of it.
`defer()` (called by `pipeline/__init__.py`, before any module imports spaCy) puts stand-ins for
`spacy.cli` and `spacy.cli.info` in `sys.modules`: the first real use of either (an attribute such as
`spacy.cli.train`, a submodule import such as `from spacy.cli.train import train`, or a call of
`spacy.info()`) imports the real package, which then replaces the stand-ins. Nothing is deferred when
spaCy was imported before this package.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import Any

CLI = "spacy.cli"
INFO = "spacy.cli.info"


def _real(name: str) -> types.ModuleType:
    """Drop the stand-ins and import the real module (and so the real spacy.cli)."""
    for stand_in in (INFO, CLI):
        if isinstance(sys.modules.get(stand_in), _Deferred):
            del sys.modules[stand_in]
    module = importlib.import_module(name)
    spacy = sys.modules.get("spacy")
    if spacy is not None and isinstance(vars(spacy).get("cli"), _Deferred):
        spacy.cli = sys.modules[CLI]  # type: ignore[attr-defined]
    return module


class _Deferred(types.ModuleType):
    """A module that imports the real one on first use of any attribute it does not hold."""

    def __getattr__(self, name: str) -> Any:
        # Only a package has a __path__: the import system asks for it before importing a submodule
        # (then the real package is needed), and asks any module for it in `from m import x` (then
        # the info stand-in must say it has none, or every `import spacy` would load the real CLI).
        if name.startswith("__") and not (name == "__path__" and self.__name__ == CLI):
            raise AttributeError(name)
        spacy = sys.modules.get("spacy")
        if name == "info" and self.__name__ == INFO and spacy is not None and "cli" not in vars(spacy):
            # `import spacy` taking `info` (`from .cli.info import info`): the import system found the
            # stand-ins in sys.modules, so it did not bind `spacy.cli`; bind the stand-in.
            spacy.cli = sys.modules[CLI]  # type: ignore[attr-defined]
            return _info
        return getattr(_real(self.__name__), name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """spacy.info, from the real spacy.cli.info."""
    return _real(INFO).info(*args, **kwargs)


def defer() -> None:
    """Install the stand-ins, unless spaCy (or its CLI) is already imported."""
    if "spacy" in sys.modules or CLI in sys.modules or INFO in sys.modules:
        return
    sys.modules[CLI] = _Deferred(CLI)
    sys.modules[INFO] = _Deferred(INFO)

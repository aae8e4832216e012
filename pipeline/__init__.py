"""vng-brieven: VNG letters on asylum and migration turned into searchable, countable data."""
from __future__ import annotations

import time

STARTED = time.perf_counter()  # when the package was first imported: the benchmark's start-up clock

from pipeline import dataclass_code, entry_points, spacy_cli  # noqa: E402 - after the clock starts

dataclass_code.install()  # dataclasses' generated methods compiled once, kept between runs (start-up time)

__version__ = "0.1.0"

spacy_cli.defer()  # spaCy's CLI package is imported when used, not by `import spacy` (start-up time)
entry_points.memoise()  # spaCy's registries select their entry points once per group (start-up time)

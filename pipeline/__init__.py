"""vng-brieven: VNG letters on asylum and migration turned into searchable, countable data."""
from __future__ import annotations

import time

from pipeline import spacy_cli

__version__ = "0.1.0"
STARTED = time.perf_counter()  # when the package was first imported: the benchmark's start-up clock

spacy_cli.defer()  # spaCy's CLI package is imported when used, not by `import spacy` (start-up time)

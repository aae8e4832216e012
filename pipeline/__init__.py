"""vng-brieven: VNG letters on asylum and migration turned into searchable, countable data."""
from __future__ import annotations

import time

__version__ = "0.1.0"
STARTED = time.perf_counter()  # when the package was first imported: the benchmark's start-up clock

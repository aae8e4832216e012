"""vng-brieven: VNG letters on asylum and migration turned into searchable, countable data."""
from __future__ import annotations

__version__ = "0.1.0"

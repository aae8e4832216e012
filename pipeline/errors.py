"""The project's error hierarchy. Each error also inherits the matching builtin, and says what to do."""
from __future__ import annotations


class VngError(Exception):
    """Base of every error the pipeline raises on purpose."""


class InputError(VngError, ValueError):
    """An input file cannot be processed as a letter."""


class UnreadableFileError(InputError):
    """The file is damaged, truncated or not the format its name says."""


class EncryptedPdfError(InputError):
    """The PDF is encrypted and cannot be opened without its password."""


class NoTextLayerError(InputError):
    """The PDF has pages but no extractable text (a scan); OCR is not supported."""


class EmptyInputError(InputError):
    """The file holds no text."""


class EmptyContentError(InputError):
    """The file was read, but no content passage was found in it (an empty letter, or a layout misread)."""


class NotTextError(InputError):
    """A .txt file whose bytes are not text."""


class LimitExceededError(InputError):
    """A per-file size or time limit was hit."""


class DataFileError(VngError, ValueError):
    """A shipped pattern, lexicon or annotation file is invalid (file, line, what is wrong)."""


class ModelError(VngError, RuntimeError):
    """A trained model is missing or was built by other versions; run `make train`."""


class OutputError(VngError, OSError):
    """An output could not be written."""


class ModelNotFoundError(ModelError, OSError):
    """A named spaCy pipeline is neither an installed package nor a folder."""


class LocationError(VngError, FileNotFoundError):
    """A folder the command needs is not there (the corpora outside a checkout, ...)."""

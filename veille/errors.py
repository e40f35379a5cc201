"""Every error Veille raises on purpose.

One tree, so that callers can catch as broadly or as narrowly as they need::

    VeilleError
     ├── ConfigError             a setting is missing, misspelt or out of range
     ├── DataError               a data file (lexicon, knowledge base) is invalid
     ├── LanguageError           no pipeline for a language (names what to install)
     ├── PipelineError           stages are misordered or a stage is missing
     ├── InputError              a document cannot be read (names the input)
     │    ├── EmptyInputError         nothing in it
     │    ├── BinaryInputError        not text, HTML, JSONL, a feed or a WARC
     │    ├── EncodingError           no character encoding decodes it
     │    ├── TooLargeError           over the configured size limit
     │    ├── MalformedInputError     broken JSON, XML, gzip, WARC ...
     │    └── UnsafeInputError        e.g. an XML entity bomb
     ├── FetchError              a URL could not be fetched
     │    └── BlockedAddressError     private, loopback or link-local target
     ├── ExtractionError         no article could be extracted from a document
     ├── ExportError             an export could not be written
     ├── NotifyError             an alert could not be delivered (a webhook refused it)
     ├── StoreError              the database refused or is unreachable
     │    └── NotFoundError           no such article, document or event
     └── WorkerError             a worker process died, or a cluster job failed

Every message names the input it is about and says what to do about it.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "BlockedAddressError",
    "ConfigError",
    "DataError",
    "EmptyInputError",
    "EncodingError",
    "ExportError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "LanguageError",
    "MalformedInputError",
    "NotFoundError",
    "NotifyError",
    "PipelineError",
    "StoreError",
    "TooLargeError",
    "UnsafeInputError",
    "VeilleError",
    "WorkerError",
]


class VeilleError(Exception):
    """Base class of every error raised by Veille on purpose."""


class ConfigError(VeilleError):
    """A setting is missing, unknown or invalid."""


class DataError(VeilleError):
    """A bundled or user-supplied data file is missing or invalid."""


class LanguageError(VeilleError):
    """A language has no language folder or no installed spaCy pipeline."""


class PipelineError(VeilleError):
    """The stages of a pipeline do not fit together."""


class InputError(VeilleError):
    """A document or input cannot be read.

    ``source`` names the input (a path, a URL, ``file.jsonl:12``).
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not a format Veille reads."""


class EncodingError(InputError):
    """No character encoding decodes the input."""


class TooLargeError(InputError):
    """The input is over the configured size limit."""


class MalformedInputError(InputError):
    """The input is broken: bad JSON, XML, gzip or WARC."""


class UnsafeInputError(InputError):
    """The input tries something dangerous, such as an XML entity bomb."""


class FetchError(InputError):
    """A URL could not be fetched (network error, HTTP status, limits)."""


class BlockedAddressError(FetchError):
    """A URL points to a private, loopback or link-local address."""


class ExtractionError(InputError):
    """No article could be extracted from a document."""


class ExportError(VeilleError):
    """An export could not be written (an unknown format, a file that cannot be created)."""


class NotifyError(VeilleError):
    """A notifier could not deliver an alert (a webhook down or refusing it, a file that cannot be written)."""


class StoreError(VeilleError):
    """The database could not be opened, migrated or written."""


class NotFoundError(StoreError):
    """The store holds no record with the id asked for."""


class WorkerError(VeilleError):
    """A worker process died (often out of memory), or a distributed job could not run."""

"""From a file's bytes to an Outline: detect the format, decode, hand to one parser.

Every parser is a pure function (bytes or str in, Outline out). Anything wrong with the input
raises DocumentError with a message a user can act on; nothing is written anywhere.
"""

from __future__ import annotations

from .detect import detect_format, read_document
from .errors import DocumentError

__all__ = ["DocumentError", "detect_format", "read_document"]

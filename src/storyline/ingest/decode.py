"""Bytes to str: checks at the door (empty, binary, undecodable) and encoding detection.

UTF-8 is tried first and strictly, so a UTF-8 file is decoded with nothing changed (a BOM
stays in the text as U+FEFF: offsets into the file stay true). Anything else goes to
charset-normalizer, and the record says which encoding was used.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from storyline.errors import BinaryInputError, DecodeError, EmptyInputError

__all__ = ["decode_bytes"]

SNIFF_BYTES = 8192  # bytes looked at for binary signatures and NUL bytes
MAX_CHAOS = 0.3  # charset-normalizer "chaos" above which a guess is rejected (0 clean .. 1 noise)

# Magic numbers of formats people hand us by mistake (file(1)'s magic database).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ", "xz-compressed data"),
)


def decode_bytes(source: str, data: bytes) -> tuple[str, str]:
    """Decode the bytes of one input, refusing what is not text.

    Args:
        source: the input's name, for error messages.
        data: its bytes.

    Returns:
        The text and the name of the encoding used.

    Raises:
        EmptyInputError: no bytes, or only whitespace.
        BinaryInputError: a known binary format, or NUL bytes in text that is not UTF-16/32.
        DecodeError: no encoding decodes the bytes into plausible text.
    """
    if not data.strip():
        raise EmptyInputError(source)
    head = data[:SNIFF_BYTES]
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            raise BinaryInputError(source, f"binary data ({what}), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _detect(source, data)
    else:
        encoding = "utf-8"
    if "\x00" in text[:SNIFF_BYTES]:
        raise BinaryInputError(source)
    if not text.strip():
        raise EmptyInputError(source)
    return text, encoding


def _detect(source: str, data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        if b"\x00" in data[:SNIFF_BYTES]:
            raise BinaryInputError(source)
        raise DecodeError(source)
    return str(best), best.encoding

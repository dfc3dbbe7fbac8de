r"""Bytes to str: checks at the door (empty, binary, undecodable) and encoding detection.

UTF-8 is tried first and strictly, so a UTF-8 file is decoded with nothing changed (a BOM
stays in the text as U+FEFF: offsets into the file stay true). Anything else goes to
charset-normalizer, and the record says which encoding was used.

Two guards for what comes from hostile bytes: ``replace_surrogates`` (a lone surrogate, which
JSON's ``"\ud800"`` or a feed's character reference can smuggle in, cannot be written as
UTF-8 anywhere downstream) and ``inflate`` (gzip and deflate bodies are inflated with a bound,
so a few kilobytes cannot turn into gigabytes).
"""

from __future__ import annotations

import logging
import re
import zlib

from charset_normalizer import from_bytes

from storyline.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    TooLargeError,
    describe,
)

__all__ = ["declared_charset", "decode_bytes", "inflate", "replace_surrogates"]

log = logging.getLogger(__name__)

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
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ANY_ZLIB_HEADER = zlib.MAX_WBITS | 32  # zlib.decompressobj: gzip or zlib, told by the header
_RAW_DEFLATE = -zlib.MAX_WBITS  # "Content-Encoding: deflate" sent without its zlib header


def decode_bytes(source: str, data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of one input, refusing what is not text.

    Args:
        source: the input's name, for error messages.
        data: its bytes.
        declared: the charset its sender declared (an HTTP ``Content-Type``), tried first;
            a name Python does not know, or one the bytes do not decode in, is passed over.

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
    text, encoding = _decode_declared(data, declared) if declared else (None, "")
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(source, data)
    if "\x00" in text[:SNIFF_BYTES]:
        raise BinaryInputError(source)
    if not text.strip():
        raise EmptyInputError(source)
    return replace_surrogates(text), encoding


def declared_charset(content_type: str) -> str | None:
    """Return the charset named in a ``Content-Type`` value, if any (``text/html; charset=x``)."""
    if "charset=" not in content_type.lower():
        return None
    tail = content_type[content_type.lower().index("charset=") + len("charset=") :]
    return tail.split(";")[0].strip(" \t\"'") or None


def _decode_declared(data: bytes, charset: str) -> tuple[str | None, str]:
    try:
        return data.decode(charset), charset
    except (LookupError, UnicodeError, ValueError):  # unknown name, wrong bytes, not a text codec
        log.debug("declared charset %r does not decode the bytes; sniffing", charset)
        return None, ""


def replace_surrogates(text: str) -> str:
    """Return the text with every lone surrogate replaced by U+FFFD, one for one.

    One character for one keeps every offset into the text true, and the text can then be
    encoded as UTF-8 by anything downstream (the record, the store, stdout).
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def inflate(source: str, data: bytes, *, limit: int) -> bytes:
    """Return gzip or deflate data inflated, refusing it as soon as it passes ``limit`` bytes.

    Consecutive gzip members (a ``.warc.gz`` has one per record) are inflated one after the
    other. Data cut short gives what inflated before the cut; the reader of the result meets
    the truncation where it happens.

    Raises:
        TooLargeError: the data inflates past ``limit`` bytes (a decompression bomb).
        InputError: the data is not gzip or deflate.
    """
    out = bytearray()
    rest = data
    while rest.strip(b"\x00"):  # some writers pad the end with NUL bytes
        engine = _start(rest)
        pending = rest
        while pending and not engine.eof:
            try:
                out += engine.decompress(pending, limit + 1 - len(out))
            except zlib.error as exc:
                raise InputError(source, f"cannot inflate the data ({describe(exc)})") from exc
            if len(out) > limit:
                raise TooLargeError(source, len(out), limit, inflated=True)
            pending = engine.unconsumed_tail
        if not engine.eof:
            break  # cut short: keep what came out
        rest = engine.unused_data
    return bytes(out)


def _start(data: bytes) -> zlib._Decompress:
    """A decompressor for data with a gzip or zlib header, else for raw deflate."""
    is_zlib = len(data) > 1 and data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0
    if data[:2] == b"\x1f\x8b" or is_zlib:  # RFC 1952 magic; RFC 1950 CM=8 and FCHECK
        return zlib.decompressobj(_ANY_ZLIB_HEADER)
    return zlib.decompressobj(_RAW_DEFLATE)


def _detect(source: str, data: bytes) -> tuple[str, str]:
    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        if b"\x00" in data[:SNIFF_BYTES]:
            raise BinaryInputError(source)
        raise DecodeError(source)
    return str(best), best.encoding

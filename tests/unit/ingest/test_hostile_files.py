"""Hostile paths and folders: nothing skipped in silence, nothing special opened, reads bounded."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

from storyline.errors import (
    InputError,
    MissingInputError,
    TooLargeError,
    UnreadableInputError,
    UnsupportedInputError,
)
from storyline.ingest import Article
from storyline.ingest.sources import read_inputs

GOOD = "The council met on Monday and approved the budget, the mayor said.\n"

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types")


def _good(path: Path) -> Path:
    path.write_text(GOOD, encoding="utf-8")
    return path


def _printable(item: Article | InputError) -> None:
    line = str(item) if isinstance(item, InputError) else item.source
    assert line.isprintable(), line
    line.encode("utf-8")


@posix_only
def test_hostile_non_utf8_file_name_is_printable(tmp_path: Path) -> None:
    name = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff-report.txt"))
    name.write_bytes(GOOD.encode())
    binary = Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xfe-blob.txt"))
    binary.write_bytes(b"\x00\x01\x02\xff" * 64)
    article, error = read_inputs([name, binary])
    assert isinstance(article, Article)
    assert article.text == GOOD
    assert article.source.endswith("/\\xff-report.txt")
    assert isinstance(error, InputError)
    assert str(error).startswith(f"{tmp_path}/\\xfe-blob.txt: ")
    for item in (article, error):
        _printable(item)


@posix_only
def test_hostile_non_utf8_name_in_a_folder(tmp_path: Path) -> None:
    Path(os.fsdecode(os.fsencode(tmp_path) + b"/\xff.txt")).write_bytes(GOOD.encode())
    (item,) = read_inputs([tmp_path])
    assert isinstance(item, Article)
    _printable(item)


@posix_only
def test_hostile_fifo_is_refused_without_opening(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    items = list(read_inputs([fifo, _good(tmp_path / "z.txt")]))
    assert isinstance(items[0], UnsupportedInputError)
    assert str(items[0]) == f"{fifo}: not a regular file (a named pipe)"
    assert isinstance(items[1], Article)


@posix_only
def test_hostile_fifo_in_a_folder_is_one_line(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    _good(tmp_path / "report.txt")
    error, article = read_inputs([tmp_path])
    assert isinstance(error, UnsupportedInputError)
    assert isinstance(article, Article)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_hostile_char_device_is_refused() -> None:
    (item,) = read_inputs(["/dev/zero"], max_bytes=1000)
    assert isinstance(item, UnsupportedInputError)
    assert str(item) == "/dev/zero: not a regular file (a character device)"


@posix_only
def test_hostile_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    if len(str(path)) > 100:
        pytest.skip("the temporary path is too long for a UNIX socket")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        (item,) = read_inputs([path])
    assert isinstance(item, UnsupportedInputError)
    assert "a socket" in str(item)


def test_hostile_file_growing_past_its_stat_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size stat gives is not trusted: the read itself stops at max_bytes + 1."""
    path = tmp_path / "grows.txt"
    path.write_bytes(b"word " * 1000)
    real_stat, real_fstat = Path.stat, os.fstat

    def shrunk(info: os.stat_result) -> os.stat_result:
        fields = list(info)
        fields[6] = 10  # st_size: what a file that grows after the stat would report
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "stat", lambda self, **kw: shrunk(real_stat(self, **kw)))
    monkeypatch.setattr(os, "fstat", lambda fd: shrunk(real_fstat(fd)))
    (item,) = read_inputs([path], max_bytes=100)
    assert isinstance(item, TooLargeError)
    assert item.size == 101


def test_hostile_dangling_symlink_is_one_line(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    (item,) = read_inputs([link])
    assert isinstance(item, MissingInputError)
    assert str(item) == f"{link}: a broken symbolic link: its target does not exist"


def test_hostile_dangling_symlink_in_a_folder_is_not_skipped(tmp_path: Path) -> None:
    _good(tmp_path / "a.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "nowhere.txt")
    _good(tmp_path / "c.txt")
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "MissingInputError", "Article"]
    assert items[1].source == str(tmp_path / "b.txt")


def test_hostile_symlink_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    _good(tmp_path / "sub" / "a.txt")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)  # sub/back/sub/back/... forever
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    items = list(read_inputs([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    (error,) = [i for i in items if isinstance(i, InputError)]
    assert error.source == str(tmp_path / "self.txt")
    assert "symbolic links" in str(error)


def test_hostile_link_to_a_folder_elsewhere_is_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    _good(outside / "x.txt")
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(outside)
    (item,) = read_inputs([root])
    assert isinstance(item, Article)
    assert item.source == str(root / "linked" / "x.txt")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all")
def test_hostile_unreadable_subfolder_gives_an_error_line(tmp_path: Path) -> None:
    _good(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    _good(locked / "inside.txt")
    locked.chmod(0)
    try:
        items = list(read_inputs([tmp_path, locked / "inside.txt"]))
    finally:
        locked.chmod(0o755)
    assert isinstance(items[0], Article)
    assert isinstance(items[1], UnreadableInputError)
    assert str(items[1]) == f"{locked}: cannot read (Permission denied)"
    assert isinstance(items[2], UnreadableInputError)
    assert str(items[2]) == f"{locked / 'inside.txt'}: cannot read (Permission denied)"


def test_hostile_unlistable_subfolder_gives_an_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same without chmod, which root ignores: listing the folder is refused."""
    _good(tmp_path / "a.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    _good(locked / "inside.txt")
    _good(tmp_path / "z.txt")
    real_scandir = os.scandir

    def refusing(path: str | os.PathLike[str]) -> object:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Article", "UnreadableInputError", "Article"]
    assert str(items[1]) == f"{locked}: cannot read (Permission denied)"


@pytest.mark.parametrize("where", ["stat", "open"])
def test_hostile_permission_error_on_a_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = _good(tmp_path / "secret.txt")
    after = _good(tmp_path / "after.txt")
    real_stat, real_open = Path.stat, os.open

    def refusing_stat(self: Path, **kwargs: bool) -> os.stat_result:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kwargs)

    def refusing_open(file: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, flags, *args)

    if where == "stat":
        monkeypatch.setattr(Path, "stat", refusing_stat)
    else:
        monkeypatch.setattr(os, "open", refusing_open)
    items = list(read_inputs([path, after]))
    assert isinstance(items[0], UnreadableInputError)
    assert str(items[0]) == f"{path}: cannot read (Permission denied)"
    assert isinstance(items[1], Article)


def test_hostile_path_with_nul_is_one_line(tmp_path: Path) -> None:
    items = list(read_inputs([f"{tmp_path}/a\x00b.txt", _good(tmp_path / "ok.txt")]))
    assert isinstance(items[0], InputError)
    assert "\\x00" in str(items[0])
    _printable(items[0])
    assert isinstance(items[1], Article)


def test_hostile_folder_order_is_path_order(tmp_path: Path) -> None:
    for rel in ["b/two.txt", "b.txt", "a/z/deep.txt", "c.txt", "a.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        _good(tmp_path / rel)
    items = list(read_inputs([tmp_path]))
    expected = sorted(p for p in tmp_path.rglob("*.txt"))
    assert [i.source for i in items] == [str(p) for p in expected]


def test_hostile_other_url_scheme_is_refused_in_one_line() -> None:
    (item,) = read_inputs(["ftp://files.example/report.txt"])
    assert isinstance(item, UnsupportedInputError)
    assert str(item).startswith("ftp://files.example/report.txt: ftp: URLs are not read")

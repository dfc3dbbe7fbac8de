"""``storyline serve``: the story explorer in the browser, over a store opened read-only.

Binds to 127.0.0.1 unless told otherwise, and then answers only requests addressed to a
loopback name (a web page elsewhere cannot reach it through DNS rebinding). The web stack is
imported here, when the command runs, so ``storyline read`` never pays for it.
"""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from storyline import DEFAULT_DB, StorylineError
from storyline.cli.options import DbOption
from storyline.cli.output import print_error, print_note, setup_logging

__all__ = ["serve_command"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; other than loopback shares the store."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            help="Say more on stderr, a count: -v logs every request.",
        ),
    ] = 0,
) -> None:
    """Explore the story in the store in a browser: timeline, figures, speakers, reports.

    Example: storyline serve --db story.db   (then open http://127.0.0.1:8000)
    """
    setup_logging(verbose)
    import uvicorn

    from storyline.web import create_app

    allowed = None if host in _LOOPBACK else ["*"]
    try:
        app = create_app(db, allowed_hosts=allowed)
    except StorylineError as exc:
        print_error(str(exc))
        raise typer.Exit(1) from None
    try:
        listening = _listen(host, port)
    except OSError as exc:
        print_error(f"{host}:{port}: cannot listen ({exc.strerror or exc})")
        raise typer.Exit(1) from None
    shown = f"[{host}]" if ":" in host else host
    print_note(f"serving {db} read-only at http://{shown}:{port}/ (Ctrl-C stops)")
    if allowed is not None:
        print_note(f"listening on {host}: anyone who can reach this address can read the store")
    config = uvicorn.Config(
        app,
        log_level="info" if verbose else "warning",
        access_log=verbose > 0,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """Bind the address first, so a port in use is a one-line error, not a server's traceback."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock

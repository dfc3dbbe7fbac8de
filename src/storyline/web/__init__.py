"""The story explorer in the browser: ``storyline serve``."""

from storyline.web.app import create_app

__all__ = ["create_app"]

"""storyline: read news reports into a sourced record of a story."""

import logging

__version__ = "0.1.0"
logging.getLogger(__name__).addHandler(logging.NullHandler())

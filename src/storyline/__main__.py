"""``python -m storyline``: the command line, for when the script is not on PATH."""

from storyline.cli import main

main()

"""The engine: runs the pipeline over many inputs."""

from storyline.engine.run import Failure, process, run

__all__ = ["Failure", "process", "run"]

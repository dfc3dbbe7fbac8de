"""The engine: runs the pipeline over many inputs, in process, on N processes or on Dask."""

from storyline.engine.batch import Copy, Failure
from storyline.engine.parallel import n_workers
from storyline.engine.run import process, run

__all__ = ["Copy", "Failure", "n_workers", "process", "run"]

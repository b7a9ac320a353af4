"""Benchmarks of the vectorised path (``python bench/run.py``); not part of the package."""

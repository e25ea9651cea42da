"""Shared pytest settings: doctests of the package run as part of `make test`."""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("MPLBACKEND", "Agg")

# Running a package's __main__ would start its command line, not test it.
collect_ignore_glob = ["kerasnb/__main__.py", "kerasnb/*/__main__.py"]

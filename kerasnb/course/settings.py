"""The course's class settings, each written in this one place.

>>> from kerasnb.course import settings
>>> settings.MEMORY_LIMIT, settings.MEMORY_GUARANTEE
('2G', '1G')

``REPOSITORY`` is the address of the git repository the course is published in (the one
students pull from, Binder builds and Colab opens). It is not set in the course as shipped:
set it once, here, to your own copy (for example ``"https://github.com/<owner>/<repository>"``),
then regenerate the notebooks' Colab cell with ``python -m kerasnb.course colab-cell --write``.
The environment variable ``KERASNB_REPOSITORY`` overrides it (the links tool's ``--repo``
overrides both). Everything that needs the address reads it through :func:`repository`.
"""

from __future__ import annotations

import os

from kerasnb.errors import KerasnbError

#: The course repository's address. MUST be set (see the module docstring); None means unset.
REPOSITORY: str | None = None
#: The branch students pull, Binder builds and Colab opens.
BRANCH = "main"
#: The folder nbgitpuller clones the course into, in each student's home.
TARGET_DIR = "kerasnb"

# Memory per student server. The largest measured notebook peak is 915 MiB (README's course
# table, `make notebooks-bench`); the Jupyter server itself adds about 100 MiB. A guarantee of
# 1 GiB holds one running notebook; the limit of 2 GiB (what Binder gives) leaves room for a
# second open kernel. tests/test_deploy.py re-reads the README table and checks this holds.
MEMORY_GUARANTEE = "1G"
MEMORY_LIMIT = "2G"
#: Stop a student's server after this many seconds without activity (jupyterhub-idle-culler).
CULL_SERVER_TIMEOUT = 3600
#: How often the culler looks, in seconds.
CULL_EVERY = 300
#: Shut down a kernel idle for this many seconds (the Jupyter server's own culler), freeing
#: its memory while the student's server keeps running.
CULL_KERNEL_TIMEOUT = 1200
CULL_KERNEL_INTERVAL = 120
#: Environment of every kernel a student starts (the same as binder/start).
KERNEL_ENV = {"KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "2"}


class SettingError(KerasnbError):
    """A class setting is missing or malformed."""


def repository(override: str | None = None) -> str:
    """The course repository's address: ``override``, else $KERASNB_REPOSITORY, else REPOSITORY.

    >>> repository("https://github.com/someone/kerasnb/")
    'https://github.com/someone/kerasnb'
    """
    value = override or os.environ.get("KERASNB_REPOSITORY") or REPOSITORY
    if not value:
        raise SettingError(
            "The course repository's address is not set",
            received="no --repo, no $KERASNB_REPOSITORY, kerasnb.course.settings.REPOSITORY = None",
            expected="the address students pull from, e.g. https://github.com/<owner>/<repository> "
            "(set it once in kerasnb/course/settings.py, or pass --repo)",
        )
    value = value.strip().rstrip("/")
    if not value.startswith(("https://", "http://", "file://", "git@")):
        raise SettingError(
            "The repository address must be a git URL",
            received=value,
            expected="https://..., file://... or git@host:owner/repository",
        )
    return value

"""Running the course for a class: hub links, the Colab cell, graded releases, hub settings.

>>> from kerasnb.course import settings, links
>>> links.colab_link("https://github.com/me/kerasnb", "main", "notebooks/00_welcome.ipynb")[:38]
'https://colab.research.google.com/gith'

``python -m kerasnb.course --help`` lists the commands: ``links`` (nbgitpuller, Binder and
Colab links per notebook), ``colab-cell`` (the notebooks' first cell), ``z2jh-config``
(deploy/kubernetes/config.yaml) and ``nbgrader-source`` (the grader's source notebooks).
This package imports nothing heavy: the Colab cell runs part of it before the course's other
requirements are installed.
"""

from __future__ import annotations

from kerasnb.course import settings

__all__ = ["settings"]

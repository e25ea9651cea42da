# Added by `make hub-image` (jupyter-repo2docker --appendix) to the image Binder would build
# from binder/: the JupyterHub single-user server and nbgitpuller, with the same ranges as the
# `class` extra in pyproject.toml (tests/test_deploy.py checks it).
RUN ${NB_PYTHON_PREFIX}/bin/python -m pip install --no-cache-dir "jupyterhub>=5.0,<7" "nbgitpuller>=1.2,<2"

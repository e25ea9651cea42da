#!/usr/bin/env bash
# Create a virtual environment (if missing) and install the course into it.
#
#   requirements/install.sh VENV PYTHON lock|latest|floors [EXTRAS]
#
# EXTRAS are pyproject.toml's extras, comma separated (default: test); an empty string installs
# the course alone, which is what `make lab` needs.
#
#   lock    the exact versions of requirements/lock.txt, the ones `make test` passed with
#   latest  the newest versions pyproject.toml allows (to see drift before learners do)
#   floors  the lowest versions pyproject.toml allows (requirements/floors.txt)
#
# uv installs when it can be had: the one on PATH, else uv from PyPI installed into VENV with
# pip. If neither works, pip installs the same versions, more slowly, and says so.
# INSTALLER=pip forces pip, INSTALLER=uv-from-pypi ignores a uv on PATH (benchmarks/install.py
# measures each way).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=$1 python=$2 mode=$3 extras=${4-test}
target=.${extras:+[$extras]}
case $mode in
    lock) constraints=(-c requirements/lock.txt) ;;
    floors) constraints=(-c requirements/floors.txt) ;;
    latest) constraints=() ;;
    *) echo "install.sh: mode must be lock, latest or floors, not '$mode'" >&2; exit 2 ;;
esac

need_venv() {
    "$python" -m venv "$venv" || {
        rm -rf "$venv"
        echo "Could not create a virtual environment with $python." >&2
        echo "On Debian or Ubuntu: sudo apt-get install python3-venv (then run make again)." >&2
        exit 1
    }
}

uv=""
if [ "${INSTALLER:-uv}" != pip ]; then
    if [ "${INSTALLER:-uv}" = uv ] && command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then
        uv=$(command -v uv)
    elif [ -x "$venv/bin/uv" ]; then
        uv=$venv/bin/uv
    else
        [ -x "$venv/bin/python" ] || { echo "Creating $venv with $python"; need_venv; }
        echo "Installing uv from PyPI into $venv (it installs the course in seconds)"
        if "$venv/bin/python" -m pip install --quiet --disable-pip-version-check uv; then
            uv=$venv/bin/uv
        else
            echo "uv could not be installed from PyPI: installing with pip instead (slower)." >&2
        fi
    fi
fi

if [ -n "$uv" ]; then
    [ -x "$venv/bin/python" ] || { echo "Creating $venv with $python"; "$uv" venv --quiet -p "$python" "$venv"; }
    echo "Installing the course into $venv ($mode versions, uv)"
    # --compile-bytecode: write the .pyc files now, as pip does, not at each import. Without
    # them every new process compiles TensorFlow's Python sources again wherever .pyc files
    # cannot be written (PYTHONDONTWRITEBYTECODE, read-only environments): ~30 s per import.
    "$uv" pip install --quiet --compile-bytecode -p "$venv/bin/python" "${constraints[@]}" -e "$target"
else
    [ -x "$venv/bin/python" ] || { echo "Creating $venv with $python"; need_venv; }
    echo "Installing the course into $venv ($mode versions, pip)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${constraints[@]}" -e "$target"
fi

# The course's JupyterLab and Jupyter server settings (the same files Binder's postBuild copies)
cp -R binder/jupyter-prefix/. "$venv/"

"""The one-machine hub and the Kubernetes values agree: same limits, culling, image contents.

deploy/kubernetes/config.yaml cannot be run here (no Kubernetes cluster); these tests keep it
what the generator makes and consistent with deploy/one-machine/jupyterhub_config.py, which
tests/test_hub.py runs for real.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from traitlets.config.loader import PyFileConfigLoader

from kerasnb.course import settings, z2jh

ROOT = Path(__file__).resolve().parents[1]
VALUES = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "config.yaml").read_text())
ONE = PyFileConfigLoader("jupyterhub_config.py", str(ROOT / "deploy" / "one-machine")).load_config()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _bytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)", size).groups()
    return int(float(number) * 1024 ** " KMGT".index(unit or " "))


def test_config_yaml_is_what_the_generator_makes() -> None:
    assert (ROOT / "deploy" / "kubernetes" / "config.yaml").read_text() == z2jh.render(), (
        "run: python -m kerasnb.course z2jh-config --write"
    )


def test_same_memory_guarantee_and_limit() -> None:
    memory = VALUES["singleuser"]["memory"]
    assert memory["guarantee"] == ONE.Spawner.mem_guarantee == settings.MEMORY_GUARANTEE
    assert memory["limit"] == ONE.Spawner.mem_limit == settings.MEMORY_LIMIT


def test_memory_guidance_holds_the_largest_measured_notebook_peak() -> None:
    readme = (ROOT / "README.md").read_text()
    peaks = [float(m) for m in re.findall(r"\|\s*(\d+(?:\.\d+)?) MiB\s*\|\s*$", readme, re.M)]
    assert len(peaks) >= 10, "README's course table lists each notebook's peak memory"
    server = 100  # MiB: the Jupyter server itself (benchmarks/hub.py measures it)
    assert (max(peaks) + server) * 2**20 <= _bytes(settings.MEMORY_GUARANTEE)
    assert _bytes(settings.MEMORY_GUARANTEE) < _bytes(settings.MEMORY_LIMIT) <= 2 * 2**30
    # a notebook that starts worker processes (11) must fit under the limit with them
    with_workers = [float(m.replace(",", "")) for m in
                    re.findall(r"(\d[\d,]*) MiB with its worker processes", readme)]
    assert with_workers, "README gives 11_scaling_out's peak with its worker processes"
    assert (max(with_workers) + server) * 2**20 <= _bytes(settings.MEMORY_LIMIT)


def test_same_idle_server_and_idle_kernel_culling() -> None:
    assert VALUES["cull"]["enabled"] is True
    culler = next(s for s in ONE.JupyterHub.services if s["name"] == "idle-culler")
    assert f"--timeout={VALUES['cull']['timeout']}" in culler["command"]
    assert f"--cull-every={VALUES['cull']['every']}" in culler["command"]
    roles = next(r for r in ONE.JupyterHub.load_roles if r["name"] == "idle-culler")
    assert "delete:servers" in roles["scopes"] and roles["services"] == ["idle-culler"]
    assert VALUES["hub"]["config"]["Spawner"]["args"] == ONE.Spawner.args
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in ONE.Spawner.args)


def test_same_kernel_environment_as_binder() -> None:
    assert VALUES["singleuser"]["extraEnv"] == ONE.Spawner.environment == settings.KERNEL_ENV
    start = (ROOT / "binder" / "start").read_text()
    for key, value in settings.KERNEL_ENV.items():
        assert f"export {key}={value}" in start


def test_same_image_contents() -> None:
    # the image: binder/requirements.txt (the lock's versions of the course's dependencies),
    # binder/postBuild (the package), deploy/kubernetes/appendix.Dockerfile (hub, nbgitpuller)
    lines = (ROOT / "binder" / "requirements.txt").read_text().splitlines()
    binder_names = {Requirement(line).name.lower() for line in lines
                    if line.strip() and not line.startswith(("#", "-"))}
    runtime = {Requirement(r).name.lower() for r in PYPROJECT["project"]["dependencies"]
               if Requirement(r).marker is None
               or Requirement(r).marker.evaluate({"sys_platform": "linux",
                                                   "platform_machine": "x86_64"})}
    assert runtime <= binder_names
    assert "pip install --quiet --no-deps -e ." in (ROOT / "binder" / "postBuild").read_text()
    appendix = (ROOT / "deploy" / "kubernetes" / "appendix.Dockerfile").read_text()
    in_image = {Requirement(r).name: str(Requirement(r).specifier)
                for r in re.findall(r'"([^"]+)"', appendix)}
    extra = {Requirement(r).name: str(Requirement(r).specifier)
             for r in PYPROJECT["project"]["optional-dependencies"]["class"]}
    assert in_image == {name: extra[name] for name in ("jupyterhub", "nbgitpuller")}
    # the one-machine servers run jupyterhub-singleuser from the same shared environment
    assert ONE.Spawner.cmd[0].endswith("/bin/jupyterhub-singleuser")
    makefile = (ROOT / "Makefile").read_text()
    image = VALUES["singleuser"]["image"]
    assert f"IMAGE ?= {image['name']}:{image['tag']}" in makefile
    assert "deploy/kubernetes/appendix.Dockerfile" in makefile


def test_default_url_pulls_the_course_with_nbgitpuller() -> None:
    url = VALUES["singleuser"]["defaultUrl"]
    assert url.startswith("/git-pull?repo=") and "urlpath=lab%2Ftree%2Fkerasnb%2Fnotebooks" in url

"""A throwaway class hub on this machine, from deploy/one-machine, for tests and benchmarks.

>>> from kerasnb.course.trialhub import usable_by_everyone
>>> usable_by_everyone("/bin/sh")
True

:class:`TrialHub` does what a teacher does with ``deploy/``: one shared environment with the
course and its ``class`` extra, the proxy from ``npm ci --prefix deploy/node``, students made
by ``add-students.sh``, then ``jupyterhub -f deploy/one-machine/jupyterhub_config.py`` with
ports and state files moved to a temporary folder. Students log in through the hub's login
form (PAM), which starts their servers. Needs root (the hub runs each server as its
student) and removes everything it made when stopped.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kerasnb.errors import KerasnbError
from kerasnb.files import atomic_write_text

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROXY = DEPLOY / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
GROUP = "kerasnb-students"


class TrialHubError(KerasnbError):
    """The trial hub could not be set up or did not behave."""


def usable_by_everyone(path: str | os.PathLike[str]) -> bool:
    """True when any user can reach and run ``path`` (every folder above it searchable)."""
    real = Path(os.path.realpath(path))
    if not real.exists() or not real.stat().st_mode & stat.S_IXOTH:
        return False
    return all(p.stat().st_mode & stat.S_IXOTH for p in real.parents)


def shared_python() -> str:
    """A Python 3.11-3.13 that every student can run (the shared environment is built on it)."""
    candidates = [sys.executable] + [
        f"{d}/python3.{minor}" for minor in (11, 12, 13) for d in ("/usr/bin", "/usr/local/bin")
    ]
    for candidate in candidates:
        if usable_by_everyone(candidate):
            return os.path.realpath(candidate)
    raise TrialHubError(
        "No Python that students can run", received=", ".join(candidates),
        expected="a Python 3.11-3.13 outside a private folder (e.g. Debian's python3.11)",
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_proxy() -> Path:
    """configurable-http-proxy from deploy/node/package-lock.json (``npm ci``) when missing."""
    if not PROXY.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise TrialHubError("npm is needed to install JupyterHub's proxy",
                                received="no npm on PATH", expected="Node.js 20+ with npm")
        subprocess.run([npm, "ci", "--prefix", str(DEPLOY / "node"), "--no-audit", "--no-fund"],
                       check=True, capture_output=True)
    return PROXY


def source_digest() -> str:
    """A digest of what the shared environment installs from this checkout (package and metadata).

    >>> len(source_digest())
    64
    """
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "kerasnb").rglob("*"))]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def ensure_environment(prefix: Path | None = None) -> Path:
    """The shared environment: created once, the course package reinstalled when its source changed.

    Tests and benchmarks that start a trial hub share it, so it is built once per checkout.
    """
    if prefix is None:
        key = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
        prefix = Path(tempfile.gettempdir()) / f"kerasnb-hub-env-{key}"
    uv = shutil.which("uv")
    python = prefix / "bin" / "python"
    stamp = prefix / "kerasnb-source.sha256"
    digest = source_digest()
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return prefix
    if not python.exists():
        if uv:
            subprocess.run([uv, "venv", "-q", "-p", shared_python(), str(prefix)], check=True)
        else:
            subprocess.run([shared_python(), "-m", "venv", str(prefix)], check=True)
    # not editable: students need not read the repository, only the environment
    if uv:
        # --compile-bytecode: as pip does; each student's kernel then imports TensorFlow from
        # .pyc files instead of compiling its sources again (students cannot write there)
        subprocess.run([uv, "pip", "install", "-q", "--compile-bytecode", "-p", str(python),
                        "--refresh-package",
                        "kerasnb", "--reinstall-package", "kerasnb", f"{ROOT}[class]"], check=True)
    else:
        pip = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run(pip + [f"{ROOT}[class]"], check=True)
        subprocess.run(pip + ["--force-reinstall", "--no-deps", str(ROOT)], check=True)
    os.chmod(prefix, 0o755)
    atomic_write_text(stamp, digest)
    return prefix


class TrialHub:
    """JupyterHub from deploy/one-machine with ``students`` created for it (as root)."""

    def __init__(self, students: list[str], env: Path | None = None) -> None:
        if os.geteuid() != 0:
            raise TrialHubError("The trial hub runs as root", received=f"uid {os.geteuid()}",
                                expected="uid 0 (each student's server runs as that student)")
        self.students = {name: secrets.token_urlsafe(12) for name in students}
        self.env = ensure_environment(env)
        ensure_proxy()
        self.dir = Path(tempfile.mkdtemp(prefix="kerasnb-hub-"))
        self.home_base = self.dir / "home"
        self.home_base.mkdir()
        os.chmod(self.dir, 0o755)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin_token = secrets.token_hex(24)
        self.process: subprocess.Popen[bytes] | None = None
        self._made_group = False

    # ------------------------------------------------------------------ set up
    def start(self, timeout: float = 120) -> TrialHub:
        import requests

        self._made_group = subprocess.run(["getent", "group", GROUP],
                                          capture_output=True).returncode != 0
        lines = "".join(f"{name} {password}\n" for name, password in self.students.items())
        subprocess.run([str(DEPLOY / "one-machine" / "add-students.sh")], input=lines.encode(),
                       env={**os.environ, "HOME_BASE": str(self.home_base)},
                       check=True, capture_output=True)
        config = self.dir / "trial_config.py"
        config.write_text(
            "c = get_config()  # noqa: F821\n"
            f"load_subconfig({str(DEPLOY / 'one-machine' / 'jupyterhub_config.py')!r})  # noqa: F821\n"
            f"c.JupyterHub.bind_url = {self.url!r}\n"
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{_free_port()}'\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{_free_port()}'\n"
            f"c.ConfigurableHTTPProxy.pid_file = {str(self.dir / 'proxy.pid')!r}\n"
            f"c.JupyterHub.db_url = 'sqlite:///{self.dir}/jupyterhub.sqlite'\n"
            f"c.JupyterHub.cookie_secret_file = {str(self.dir / 'cookie_secret')!r}\n"
            "c.JupyterHub.load_roles.append({'name': 'trial-admin', 'scopes': ['admin:users',"
            " 'admin:servers', 'list:services', 'read:services'], 'services': ['trial-admin']})\n"
            f"c.JupyterHub.services.append({{'name': 'trial-admin', 'api_token': {self.admin_token!r}}})\n"
        )
        self.log = open(self.dir / "hub.log", "wb")  # noqa: SIM115 - closed in stop()
        env = {**os.environ, "PATH": f"{self.env / 'bin'}:{os.environ.get('PATH', '')}"}
        env.pop("VIRTUAL_ENV", None)
        self.process = subprocess.Popen(
            [str(self.env / "bin" / "jupyterhub"), "-f", str(config)], cwd=self.dir,
            stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TrialHubError("JupyterHub stopped while starting", received=self.tail(),
                                    expected="a running hub")
            try:
                if requests.get(self.url + "/hub/api", timeout=5).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise TrialHubError("JupyterHub did not answer", received=self.tail(),
                            expected=f"an answer on {self.url} within {timeout:.0f} s")

    def tail(self, lines: int = 40) -> str:
        """The end of the hub's log (for error messages)."""
        path = self.dir / "hub.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def api(self, method: str, path: str, **kwargs: object) -> object:
        """A hub API request with the trial's admin service token."""
        import requests

        return requests.request(method, self.url + "/hub/api" + path, timeout=60,
                                headers={"Authorization": f"token {self.admin_token}"}, **kwargs)

    # ------------------------------------------------------------------ students
    def login(self, name: str) -> object:
        """Log ``name`` in through the hub's login form; return the browser-like session."""
        import requests

        session = requests.Session()
        session.get(self.url + "/hub/login", timeout=60)
        reply = session.post(self.url + "/hub/login", timeout=120, allow_redirects=True, data={
            "username": name, "password": self.students[name],
            "_xsrf": session.cookies.get("_xsrf", ""),
        })
        if "jupyterhub-session-id" not in session.cookies and not any(
            c.name.startswith("jupyterhub-hub-login") for c in session.cookies
        ):
            raise TrialHubError(f"{name} could not log in",
                                received=f"HTTP {reply.status_code} at {reply.url}; hub log:\n{self.tail(15)}",
                                expected="a hub login cookie")
        return session

    def wait_ready(self, session: object, name: str, timeout: float = 300) -> None:
        """Wait until the student's server is ready (starting it if the login did not)."""
        xsrf = {"X-XSRFToken": session.cookies.get("_xsrf", "")}
        deadline = time.monotonic() + timeout
        started = False
        while time.monotonic() < deadline:
            model = session.get(self.url + f"/hub/api/users/{name}", timeout=60).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server and not started:
                session.post(self.url + f"/hub/api/users/{name}/server", headers=xsrf, timeout=60)
                started = True
            time.sleep(0.5)
        raise TrialHubError(f"{name}'s server did not start", received=self.tail(),
                            expected=f"a ready server within {timeout:.0f} s")

    def token(self, session: object, name: str) -> str:
        """An API token the student makes for themself (with the session's cookie)."""
        reply = session.post(self.url + f"/hub/api/users/{name}/tokens", timeout=60,
                             headers={"X-XSRFToken": session.cookies.get("_xsrf", "")},
                             json={"note": "trial", "expires_in": 3600})
        if reply.status_code != 201:
            raise TrialHubError(f"{name} could not make a token",
                                received=f"HTTP {reply.status_code}: {reply.text[:200]}",
                                expected="HTTP 201")
        return reply.json()["token"]

    def server_url(self, name: str) -> str:
        """The student's server, through the proxy."""
        return f"{self.url}/user/{name}/"

    def home(self, name: str) -> Path:
        return self.home_base / name

    def server_pids(self, name: str) -> list[int]:
        """The processes running as the student (their server and kernels)."""
        out = subprocess.run(["ps", "-o", "pid=", "-u", name], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    # ------------------------------------------------------------------ tear down
    def stop(self) -> None:
        """Stop the servers, the hub and its proxy; remove the students and the folder."""
        try:
            if self.process is not None and self.process.poll() is None:
                for name in self.students:
                    try:
                        self.api("DELETE", f"/users/{name}/server")
                    except Exception:  # noqa: BLE001 - best effort, the hub stops them too
                        pass
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(10)
        finally:
            for name in self.students:
                for pid in self.server_pids(name):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                subprocess.run(["userdel", "--remove", name], capture_output=True)
            if self._made_group:
                subprocess.run(["groupdel", GROUP], capture_output=True)
            if hasattr(self, "log"):
                self.log.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> TrialHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

"""Run a notebook's code cells in a kernel of a (remote) Jupyter server, through its API.

>>> from kerasnb.course.remote import execute_request
>>> execute_request("1 + 1")["content"]["code"]
'1 + 1'

This is the client side of the Jupyter server's REST API (``/api/contents``,
``/api/kernels``) and of its kernel WebSocket (``/api/kernels/<id>/channels``), what
JupyterLab itself does when a student runs a cell. The hub test and ``benchmarks/hub.py``
use it to run the course in each student's server.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from kerasnb.errors import KerasnbError


class RemoteError(KerasnbError):
    """The Jupyter server refused a request, or a cell failed or took too long."""


@dataclass
class CellResult:
    """What one executed cell produced: its status, printed text and error (if any)."""

    status: str
    stdout: str = ""
    error: str = ""
    seconds: float = 0.0
    outputs: list[dict[str, Any]] = field(default_factory=list)


def execute_request(code: str) -> dict[str, Any]:
    """A Jupyter messaging ``execute_request`` for ``code`` on the shell channel."""
    msg_id = uuid.uuid4().hex
    return {
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "kerasnb",
                   "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
        "parent_header": {},
        "metadata": {},
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        "channel": "shell",
        "buffers": [],
    }


class RemoteKernel:
    """A kernel started on a Jupyter server at ``base`` (``.../user/<name>/``) with ``token``."""

    def __init__(self, base: str, token: str, name: str = "python3", path: str = "") -> None:
        import requests

        self.base = base.rstrip("/") + "/"
        self.headers = {"Authorization": f"token {token}"}
        reply = requests.post(self.base + "api/kernels", headers=self.headers,
                              json={"name": name, "path": path}, timeout=60)
        if reply.status_code != 201:
            raise RemoteError("The server did not start a kernel",
                              received=f"HTTP {reply.status_code}: {reply.text[:200]}",
                              expected="HTTP 201 with the new kernel")
        self.id = reply.json()["id"]
        import websocket

        url = self.base.replace("http", "ws", 1) + f"api/kernels/{self.id}/channels"
        self.ws = websocket.create_connection(url, header=self.headers, timeout=30)

    def run(self, code: str, timeout: float = 600) -> CellResult:
        """Execute ``code``; return when the kernel has answered and gone idle."""
        import websocket

        request = execute_request(code)
        msg_id = request["header"]["msg_id"]
        start = time.monotonic()
        self.ws.send(json.dumps(request))
        result = CellResult(status="")
        idle = False
        while not (idle and result.status):
            if time.monotonic() - start > timeout:
                raise RemoteError("A cell took too long", received=f"{timeout:.0f} s",
                                  expected="a reply from the kernel")
            try:
                message = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "execute_reply":
                result.status = content["status"]
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream" and content.get("name") == "stdout":
                result.stdout += content["text"]
            elif kind == "error":
                result.error = f"{content['ename']}: {content['evalue']}"
            if kind in {"stream", "display_data", "execute_result", "error"}:
                result.outputs.append({"type": kind, **content})
        result.seconds = time.monotonic() - start
        return result

    def shutdown(self) -> None:
        """Close the WebSocket and shut the kernel down."""
        import requests

        try:
            self.ws.close()
        finally:
            requests.delete(self.base + f"api/kernels/{self.id}", headers=self.headers, timeout=60)


def upload_notebook(base: str, token: str, path: str, notebook: dict[str, Any]) -> None:
    """Save ``notebook`` (nbformat JSON) as ``path`` on the server, as JupyterLab does."""
    import requests

    reply = requests.put(base.rstrip("/") + f"/api/contents/{path}",
                         headers={"Authorization": f"token {token}"},
                         json={"type": "notebook", "format": "json", "content": notebook},
                         timeout=60)
    if reply.status_code not in (200, 201):
        raise RemoteError(f"Could not save {path}", received=f"HTTP {reply.status_code}",
                          expected="HTTP 200 or 201")


def run_notebook(base: str, token: str, notebook: dict[str, Any],
                 timeout: float = 600) -> list[CellResult]:
    """Run every code cell of ``notebook`` in a new kernel; stop at the first failing cell."""
    kernel = RemoteKernel(base, token)
    results = []
    try:
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            result = kernel.run(source, timeout)
            results.append(result)
            if result.status != "ok":
                raise RemoteError(f"Cell {index} failed", received=result.error or result.status,
                                  expected="the cell to run without error")
    finally:
        kernel.shutdown()
    return results

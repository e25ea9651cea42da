"""JupyterHub for a kerasnb class on one machine: every student a local system user.

Run as root from a folder that keeps the hub's database and cookie secret, with the Python of
the one shared environment that has the course installed (``pip install '<repo>[class]'``):

    cd /srv/kerasnb && /opt/kerasnb/bin/jupyterhub -f <repo>/deploy/one-machine/jupyterhub_config.py

Students: ``deploy/one-machine/add-students.sh`` creates them (private home folders, the
``kerasnb-students`` group this hub admits). Memory and culling come from
kerasnb/course/settings.py, the values deploy/kubernetes/config.yaml uses too.
"""

import grp
import os
import sys
from pathlib import Path

from kerasnb.course import settings
from kerasnb.course.z2jh import kernel_culling_args

c = get_config()  # noqa: F821

HERE = Path(__file__).resolve().parent
#: The group add-students.sh puts students in; teachers go in kerasnb-teachers (hub admins).
STUDENT_GROUP = "kerasnb-students"
TEACHER_GROUP = "kerasnb-teachers"

# Behind a TLS-terminating web server (nginx, Caddy) on this machine; change for a public port.
c.JupyterHub.bind_url = os.environ.get("KERASNB_HUB_BIND_URL", "http://127.0.0.1:8000")

# Log in with the machine's own accounts (PAM); only the class groups may log in.
c.JupyterHub.authenticator_class = "pam"
# (groupadd kerasnb-teachers, then usermod -aG kerasnb-teachers <teacher>, for hub admins)
_groups = {g.gr_name for g in grp.getgrall()}
c.LocalAuthenticator.allowed_groups = {STUDENT_GROUP, TEACHER_GROUP} & _groups
c.LocalAuthenticator.admin_groups = {TEACHER_GROUP} & _groups

# The proxy installed by `npm ci --prefix deploy/node` (make hub-proxy); else from PATH.
_proxy = HERE.parent / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_proxy) if _proxy.exists() else "configurable-http-proxy"]

# One server per student, run as the student's own user, from the same shared environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(sys.prefix, "bin", "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab"
c.Spawner.environment = dict(settings.KERNEL_ENV)
c.Spawner.args = kernel_culling_args()  # idle kernels are shut down, freeing their memory
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Memory per student (README's measured peaks; see kerasnb/course/settings.py). The local
# process spawner passes these to the server as MEM_GUARANTEE / MEM_LIMIT but cannot enforce
# them: size the machine as students x guarantee + 1 GiB for the system and the hub.
c.Spawner.mem_guarantee = settings.MEMORY_GUARANTEE
c.Spawner.mem_limit = settings.MEMORY_LIMIT

# Idle servers are stopped by jupyterhub-idle-culler, a hub service with only the rights it needs.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable, "-m", "jupyterhub_idle_culler",
            f"--timeout={settings.CULL_SERVER_TIMEOUT}",
            f"--cull-every={settings.CULL_EVERY}",
        ],
    }
]

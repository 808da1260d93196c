"""JupyterHub for the gutwidgets dashboards: many users, each with a small server of their own.

    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

Every user who logs in gets their own Jupyter Server (``jupyterhub-singleuser``) with Voila as a
server extension; it opens on the landing page as a dashboard, ``/user/<name>/voila/render/
index.ipynb``, and each chapter link opens the chapter the same way. Voila's look comes from this
repository's ``voila.json`` (its ``VoilaConfiguration``: the offline ``gutwidgets`` template, code
hidden, no tracebacks), found through ``JUPYTER_CONFIG_PATH``.

Limits (numbers from the README's measurements, see "### JupyterHub" there):

- kernels: each page has its own kernel (about 80-140 MB); a user's server keeps at most
  ``KERNELS_PER_USER`` (gutwidgets.serving.kernels.CappedKernelManager: past it a page is refused with a
  "server full" answer) and culls kernels left idle without a page after 5 minutes;
- servers: jupyterhub-idle-culler stops a user's server after ``IDLE_SERVER_SECONDS`` without
  activity; at most ``ACTIVE_SERVERS`` run at once and ``SPAWNS_AT_ONCE`` start at the same time;
- memory and CPU per user (``Spawner.mem_limit``, ``Spawner.cpu_limit``) are enforced only by
  spawners that can (SystemdSpawner, DockerSpawner, KubeSpawner); the default
  LocalProcessSpawner ignores them.

Set the authenticator (default: the machine's own accounts through PAM) and, for real use, a
spawner with limits, HTTPS and a public ``bind_url`` in a file of your own that loads this one
(``load_subconfig``), as tests/browser/test_jupyterhub.py does.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

REPO = Path(os.environ.get("GUTWIDGETS_REPO", Path(__file__).resolve().parents[2]))
NOTEBOOKS = REPO / "notebooks"

DASHBOARDS_ONLY = True  # False: users may also open JupyterLab (/user/<name>/lab) and terminals
KERNELS_PER_USER = 6  # pages open at once per user (landing page, a chapter or two, the glossary)
KERNEL_IDLE_SECONDS = 300  # a kernel with no page left is shut down after this
IDLE_SERVER_SECONDS = 1200  # a user's server with no activity is stopped after this
ACTIVE_SERVERS = 20  # user servers at once: about 3 per GB of memory (README), e.g. 20 on 8 GB
SPAWNS_AT_ONCE = 4  # a server start costs about 2.6 CPU-seconds; a class logging in queues here
MEM_LIMIT = "1G"  # per user, where the spawner enforces it: server ~170 MB + 6 kernels of up to ~140 MB
CPU_LIMIT = 1.0

# -- the user's server: Jupyter Server + Voila, opening on the landing page ----------------------
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(NOTEBOOKS)
c.Spawner.default_url = "/voila/render/index.ipynb"
c.Spawner.environment = {"JUPYTER_CONFIG_PATH": str(REPO)}  # voila.json's VoilaConfiguration
c.Spawner.args = [
    "--ServerApp.kernel_manager_class=gutwidgets.serving.kernels.CappedKernelManager",
    f"--CappedKernelManager.max_kernels={KERNELS_PER_USER}",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_SECONDS}",
    "--MappingKernelManager.cull_interval=60",
]
if DASHBOARDS_ONLY:  # no JupyterLab, no terminals: a smaller, quicker server that only shows pages
    c.Spawner.args += [
        f"--ServerApp.jpserver_extensions={name}=False"
        for name in ("jupyterlab", "jupyter_lsp", "jupyter_server_terminals", "notebook_shim")
    ]
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.cpu_limit = CPU_LIMIT
c.Spawner.start_timeout = 120  # a class logging in at once queues for CPU
c.Spawner.http_timeout = 60

# -- how many servers, how fast --------------------------------------------------------------------
c.JupyterHub.active_server_limit = ACTIVE_SERVERS
c.JupyterHub.concurrent_spawn_limit = SPAWNS_AT_ONCE

# -- stop idle servers (jupyterhub-idle-culler, a hub-managed service) -----------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_SERVER_SECONDS}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

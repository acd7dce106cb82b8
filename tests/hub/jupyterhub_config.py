# JupyterHub configuration for the local class test (tests/hub/): NOT for production.
#
# tests/hub/hub.py writes the run's settings (ports, secrets, paths, cull timeouts) to a JSON file
# readable only by its owner and points SERM_HUB_SETTINGS at it, so no secret appears on a command
# line or in the environment the learners' servers inherit. Everything listens on 127.0.0.1.
#
# DummyAuthenticator (one generated password for every learner) and SimpleLocalProcessSpawner (a
# temporary home per learner, no isolation between them) are JupyterHub's own test classes: they are
# fine for a throwaway hub on loopback and wrong for anything else. docs/deploy.md gives the
# production equivalent (Zero to JupyterHub, deploy/z2jh-config.yaml).

import json
import os
import sys

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)

with open(os.environ["SERM_HUB_SETTINGS"], encoding="utf-8") as handle:
    run = json.load(handle)

# --- network: loopback only -----------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://127.0.0.1:{run['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{run['hub_port']}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{run['proxy_api_port']}"
c.ConfigurableHTTPProxy.command = [run["proxy_command"]]
c.ConfigurableHTTPProxy.auth_token = run["proxy_token"]
c.ConfigurableHTTPProxy.pid_file = os.path.join(run["dir"], "proxy.pid")
c.JupyterHub.cookie_secret = bytes.fromhex(run["cookie_secret"])
c.JupyterHub.db_url = f"sqlite:///{os.path.join(run['dir'], 'jupyterhub.sqlite')}"
c.JupyterHub.pid_file = os.path.join(run["dir"], "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every learner's server
c.JupyterHub.cleanup_proxy = True

# --- learners -------------------------------------------------------------------------------------
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = run["password"]
c.Authenticator.allowed_users = set(run["learners"])

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(run["homes"], "{username}")
c.Spawner.cmd = [run["singleuser"]]
c.Spawner.ip = "127.0.0.1"
# As in deploy/z2jh-config.yaml: the course's nbgitpuller pull, so a plain login gets lesson 1.
c.Spawner.default_url = run["default_url"]
c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # CI containers run as root; still loopback only
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Report activity often, so that a short cull timeout never stops a learner who is working.
c.Spawner.environment = {"JUPYTERHUB_ACTIVITY_INTERVAL": str(run["activity_interval"])}
c.JupyterHub.last_activity_interval = run["activity_interval"]
c.JupyterHub.activity_resolution = 1

# --- services: the idle culler, and the test's own API client ------------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={run['cull_timeout']}",
            f"--cull-every={run['cull_every']}",
        ],
    },
    {"name": "hub-test", "api_token": run["api_token"]},
]
c.JupyterHub.load_roles = [
    {
        # The scopes jupyterhub-idle-culler's README asks for (it stops servers, not users).
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    },
    {
        # The test reads each server's state (its process id, to measure memory) and stops servers.
        "name": "hub-test",
        "scopes": ["list:users", "read:users", "read:servers", "admin:server_state", "servers"],
        "services": ["hub-test"],
    },
]

"""The local test hub's configuration, loaded as JupyterHub loads it (fast: no hub is started).

Loopback only, a fresh random secret of each kind per run, JupyterHub's own test authenticator
and spawner, the culler as a service with only the scopes it needs, and the course's nbgitpuller
pull as the default URL.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from tests.hub import hub

LEARNERS = ["learner-01", "learner-02"]


def load(tmp_path: Path, monkeypatch, default_url: str = "/lab"):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    settings = hub.hub_settings(run_dir, LEARNERS, Path("/x/chp"), 30, 10, default_url)
    path = hub.write_settings(run_dir, settings)
    monkeypatch.setenv("SERM_HUB_SETTINGS", str(path))
    config = PyFileConfigLoader(hub.CONFIG.name, path=str(hub.CONFIG.parent)).load_config()
    return config, settings, path


def test_everything_on_loopback(tmp_path, monkeypatch):
    config, _, _ = load(tmp_path, monkeypatch)
    for url in (
        config.JupyterHub.bind_url,
        config.JupyterHub.hub_bind_url,
        config.ConfigurableHTTPProxy.api_url,
    ):
        assert url.startswith("http://127.0.0.1:"), url
    assert config.Spawner.ip == "127.0.0.1"


def test_fresh_secrets_each_run_and_a_private_settings_file(tmp_path, monkeypatch):
    config, settings, path = load(tmp_path, monkeypatch)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    other = hub.hub_settings(tmp_path, LEARNERS, Path("/x/chp"), 30, 10)
    for key in ("proxy_token", "cookie_secret", "password", "api_token"):
        assert len(settings[key]) >= 16 and settings[key] != other[key], key
    assert config.ConfigurableHTTPProxy.auth_token == settings["proxy_token"]
    assert config.JupyterHub.cookie_secret == bytes.fromhex(settings["cookie_secret"])
    assert config.DummyAuthenticator.password == settings["password"]


def test_test_only_login_and_spawner_for_the_named_learners(tmp_path, monkeypatch):
    config, settings, _ = load(tmp_path, monkeypatch)
    assert config.JupyterHub.authenticator_class == "dummy"
    assert config.Authenticator.allowed_users == set(LEARNERS)
    assert config.JupyterHub.spawner_class == "simple"
    assert config.SimpleLocalProcessSpawner.home_dir_template.startswith(settings["homes"])


def test_culler_is_a_service_with_only_its_scopes(tmp_path, monkeypatch):
    config, _, _ = load(tmp_path, monkeypatch)
    culler = next(s for s in config.JupyterHub.services if s["name"] == "idle-culler")
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=30" in culler["command"] and "--cull-every=10" in culler["command"]
    role = next(r for r in config.JupyterHub.load_roles if r["name"] == "idle-culler")
    assert set(role["scopes"]) == {
        "list:users",
        "read:users:activity",
        "read:servers",
        "delete:servers",
    }
    # Activity reported often enough that a 30 s timeout never stops a learner at work.
    assert config.JupyterHub.last_activity_interval < 30
    assert int(config.Spawner.environment["JUPYTERHUB_ACTIVITY_INTERVAL"]) < 30


@pytest.mark.parametrize("default_url", ["/lab", "/git-pull?repo=file%3A%2F%2F%2Fx&branch=main"])
def test_default_url_is_passed_through(tmp_path, monkeypatch, default_url):
    config, _, _ = load(tmp_path, monkeypatch, default_url)
    assert config.Spawner.default_url == default_url

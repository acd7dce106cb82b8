"""deploy/z2jh-config.yaml: valid for the chart, consistent with the course and the measurements.

helm is not available here, so the check is a schema of the keys used (deploy/z2jh-config.schema.json,
with the chart's own types for them) plus what this project needs of the values: nbgitpuller as
the default URL, exactly as serm_lessons.authoring.links builds it; memory sized from deploy/sizing.json (the
figures `make hub-test` and the bench measured); culling on; a real authenticator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml

from serm_lessons.authoring import links

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "deploy" / "z2jh-config.yaml"
SCHEMA = REPO / "deploy" / "z2jh-config.schema.json"
SIZING = REPO / "deploy" / "sizing.json"
DOC = REPO / "docs" / "deploy.md"

# KubeSpawner reads memory as JupyterHub's ByteSpecification: K, M, G, T are powers of 1024.
UNITS = {"K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
MIB = 1024**2  # the measurements are in MiB (psutil and ru_maxrss count bytes and KiB)


def to_bytes(value: str | int | float) -> float:
    if isinstance(value, int | float):
        return float(value)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", value)
    assert match, f"memory value {value!r} is not a number with a K, M, G or T suffix"
    return float(match.group(1)) * UNITS[match.group(2)]


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sizing() -> dict:
    return json.loads(SIZING.read_text(encoding="utf-8"))


def test_config_matches_the_chart_schema_of_the_keys_used(config):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(config), key=str)
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.message}" for e in errors)


def test_schema_rejects_a_misspelt_key(config):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {**config, "singleuser": {**config["singleuser"], "memmory": {"limit": "1G"}}}
    assert not jsonschema.Draft7Validator(schema).is_valid(broken)


def test_byte_units_are_jupyterhubs():
    spec = pytest.importorskip("jupyterhub.traitlets", reason="the hub extra is not installed")
    for value in ("400M", "1G", "512K"):
        assert spec.ByteSpecification().validate(None, value) == to_bytes(value)


def test_default_url_is_the_courses_nbgitpuller_link(config):
    lesson = links.LESSONS[0].path
    link = links.nbgitpuller_url(links.EXAMPLE_HUB, links.EXAMPLE_REPO, "main", lesson)
    expected = "/" + link.split("/hub/user-redirect/", 1)[1]
    default_url = config["singleuser"]["defaultUrl"]
    assert default_url == expected
    query = parse_qs(urlsplit(default_url).query)
    assert urlsplit(default_url).path == "/git-pull"
    assert query["urlpath"] == [f"lab/tree/serm-lessons/{lesson}"]


def test_memory_is_sized_from_the_measurements(config, sizing):
    memory = config["singleuser"]["memory"]
    guarantee, limit = to_bytes(memory["guarantee"]), to_bytes(memory["limit"])
    lesson_1 = sizing["hub_test"]["peak_rss_mib"]["max"] * MIB
    assert guarantee >= 1.1 * lesson_1, "the guarantee must cover a lesson-1 learner's peak + 10%"
    kernels = sum(sizing["kernel_peak_mib"].values()) * MIB
    all_lessons = sizing["hub_test"]["server_rss_mib"]["max"] * MIB + kernels
    assert limit >= all_lessons, "the limit must fit the server and all three lessons' kernels"
    assert limit > guarantee


def test_culling_is_on_and_servers_are_stopped_not_deleted(config):
    cull = config["cull"]
    assert cull["enabled"] is True
    assert 600 <= cull["timeout"] <= 4 * 3600
    assert cull["every"] < cull["timeout"]
    assert cull.get("users") is False  # deleting users would delete nothing useful, keep homes


def test_a_real_authenticator(config):
    authenticator = config["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert authenticator not in {"dummy", "null", "jupyterhub.auth.DummyAuthenticator"}


def test_the_document_quotes_the_config_and_the_figures(config, sizing):
    text = DOC.read_text(encoding="utf-8")
    memory = config["singleuser"]["memory"]
    for key in ("guarantee", "limit"):
        quoted = f"singleuser.memory.{key}: {memory[key]}"
        assert quoted in text, f"docs/deploy.md does not give {quoted}"
    assert str(round(sizing["hub_test"]["peak_rss_mib"]["max"])) in text
    assert "make hub-test" in text
    assert str(config["cull"]["timeout"]) in text

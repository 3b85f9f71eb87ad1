"""The deployment files, linted: no container runtime or cluster is reachable here, so they are
checked, not run. hadolint for the Dockerfile, kubernetes-validate (strict, bundled schemas) for the
manifests, and the compose specification's schema (check-jsonschema's bundled copy) for compose.yaml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MANIFESTS = sorted((ROOT / "deploy" / "k8s").glob("*.yaml"))


def run(*command) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_dockerfile_passes_hadolint():
    linted = run(BIN / "hadolint", "Dockerfile")
    assert linted.returncode == 0, linted.stdout + linted.stderr


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m.name for m in MANIFESTS])
def test_each_kubernetes_manifest_is_valid_and_strict(manifest):
    validated = run(BIN / "kubernetes-validate", "--strict", manifest)
    assert validated.returncode == 0, validated.stdout + validated.stderr


def test_the_manifests_cover_what_a_deployment_needs():
    kinds = " ".join(m.read_text() for m in MANIFESTS)
    for kind in ("StatefulSet", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Job", "Secret"):
        assert f"kind: {kind}\n" in kinds, kind
    assert "readOnlyRootFilesystem: true" in kinds and "runAsNonRoot: true" in kinds


def test_compose_yaml_follows_the_compose_specification():
    checked = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", "compose.yaml")
    assert checked.returncode == 0, checked.stdout + checked.stderr

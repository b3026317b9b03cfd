"""What the Docker image does, without a Docker engine: build the wheel, install it with
the locked dependencies into a fresh virtualenv outside the checkout, and use it from
another directory. Also: the locked runtime set has wheels for every supported Python.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UV = str(Path(sys.executable).parent / "uv")
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")


def run(*args: str, cwd: Path, env: dict[str, str] | None = None,
        stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def locked_runtime_requirements(tmp_path: Path) -> Path:
    requirements = tmp_path / "requirements.txt"
    run(UV, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes",
        "--quiet", "--output-file", str(requirements), cwd=ROOT)
    return requirements


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv outside the checkout with the wheel and the locked runtime set."""
    tmp = tmp_path_factory.mktemp("wheel")
    # Built from a copy: the build backend writes build/ beside the sources.
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".uv", ".data", "build", "dist", "*.egg-info", "__pycache__",
        ".mypy_cache", ".ruff_cache", ".pytest_cache"))
    run(UV, "build", "--wheel", "--out-dir", str(tmp / "dist"), "--quiet", cwd=source)
    wheels = list((tmp / "dist").glob("igbot-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp / "venv"
    run(UV, "venv", "--quiet", "--python", sys.executable, str(venv), cwd=tmp)
    requirements = locked_runtime_requirements(tmp)
    run(UV, "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"),
        "--no-deps", "-r", str(requirements), str(wheels[0]), cwd=tmp)
    return venv


def outside_env(dsn: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["DATABASE_URL"] = dsn
    return env


def test_the_installed_wheel_works_from_another_directory(
    installed: Path, clean_dsn: str, tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = outside_env(clean_dsn)
    python = str(installed / "bin" / "python")
    # The code comes from the virtualenv, not from the checkout.
    where = run(python, "-c", "import bot, locales; from handlers import get_routers; "
                "get_routers(); print(bot.__file__, locales.__file__)",
                cwd=elsewhere, env=env).stdout
    assert str(ROOT) not in where and str(installed) in where

    igbot = str(installed / "bin" / "igbot")
    run(igbot, "migrate", cwd=elsewhere, env=env)
    project_id = run(igbot, "projects", "add", "Acme", cwd=elsewhere, env=env).stdout.strip()
    user = json.dumps({"user_pk": "1234567890", "username": "acme.shop"})
    done = run(igbot, "create-user", "-", "--project", project_id, cwd=elsewhere,
               env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, stdin=user)
    result = json.loads(done.stdout.splitlines()[0])
    # aiogram's import is most of a bot's start; the CLI does without it.
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "bot.cli" in imported
    assert not [name for name in imported if name.split(".")[0] == "aiogram"]
    assert (result["created"], result["user"]["username"]) == (True, "acme.shop")

    russian = run(python, "-c", "from bot.i18n import I18n; print(I18n().get('ru')('cancelled'))",
                  cwd=elsewhere, env=env).stdout
    assert russian.strip() == "Отменено. Отправьте /help, чтобы увидеть, что я умею."

    # The Mini App's page ships inside the package, beside the code that serves it.
    page = run(python, "-c", "import bot, pathlib; d = pathlib.Path(bot.__file__).parent / "
               "'webapp' / 'static'; print(sorted(p.name for p in d.iterdir()))",
               cwd=elsewhere, env=env).stdout
    assert page.strip() == str(["app.css", "app.js", "avatar.svg", "index.html", "rows.js",
                                "text.js"])


@pytest.mark.parametrize("python_version", SUPPORTED_PYTHONS)
def test_locked_runtime_set_has_wheels_for_every_supported_python(
    python_version: str, tmp_path: Path,
) -> None:
    """The README promises 3.11+: each locked runtime package must have a binary wheel for
    CPython 3.11-3.14 on Linux x86_64 (no source builds in the Docker image)."""
    requirements = locked_runtime_requirements(tmp_path)
    run(UV, "pip", "compile", str(requirements), "--quiet", "--no-header",
        "--python-version", python_version, "--python-platform", "x86_64-manylinux_2_28",
        "--only-binary", ":all:", "--output-file", str(tmp_path / "resolved.txt"), cwd=tmp_path)

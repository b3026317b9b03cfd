"""The one answer to "can this project be used?", for the service, the chat and the CLI.

A project takes new users only while it exists and is active; its list stays readable
while it is inactive (``inactive_ok``). The answer is the project or a ``Problem``
(``project_not_found`` / ``project_inactive``) that each caller words its own way.
"""

from __future__ import annotations

from bot.problems import Problem
from repository.instagram import InstagramRepository
from repository.preferences import PreferencesRepository
from repository.schemas import Project

# Project ids are PostgreSQL INTEGER (SERIAL): a larger number names no project.
PROJECT_ID_MAX = 2**31 - 1


def project_problem(project_id: int, project: Project | None, *,
                    inactive_ok: bool = False) -> Problem | None:
    """Why ``project`` (looked up by ``project_id``) cannot be used, or ``None``."""
    if project is None:
        return Problem("project_not_found", {"project_id": project_id})
    if not project.is_active and not inactive_ok:
        return Problem("project_inactive", {"project_id": project_id, "name": project.name})
    return None


async def usable_project(repo: InstagramRepository, project_id: int, *,
                         inactive_ok: bool = False) -> Project | Problem:
    """The project with this id if it can be used (read only: ``inactive_ok``)."""
    in_range = 0 < project_id <= PROJECT_ID_MAX
    project = await repo.get_project(project_id) if in_range else None
    problem = project_problem(project_id, project, inactive_ok=inactive_ok)
    if problem is not None or project is None:
        return problem or Problem("project_not_found", {"project_id": project_id})
    return project


async def current_project(repo: InstagramRepository, prefs: PreferencesRepository,
                          telegram_id: int) -> Project | None:
    """The admin's current project, if it is still there and active."""
    project_id = await prefs.get_current_project(telegram_id)
    if project_id is None:
        return None
    found = await usable_project(repo, project_id)
    return found if isinstance(found, Project) else None

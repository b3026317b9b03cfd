"""The create-user service: validate -> check the database -> check the project -> create.

Every create gets a request id that appears in its log lines and its result. At most
``concurrency`` creates (single users or batches) touch the database at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import asyncpg
from pydantic import ValidationError

from bot.i18n import I18n, Translator
from bot.metrics import Metrics
from bot.problems import Problem, problems_from_validation
from repository.instagram import CreateOutcome, InstagramRepository, Outcome
from repository.schemas import CreateInstagramUserEvent, CreateUserResult, Project

log = logging.getLogger("igbot.create")

BATCH_SIZE = 5000
DATABASE_ERRORS = (OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)

BatchCallback = Callable[[list[CreateUserResult]], Awaitable[None]]


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


def database_problem(exc: BaseException) -> Problem:
    reason = type(exc).__name__
    if isinstance(exc, asyncpg.PostgresError):
        return Problem("database_error", {"reason": getattr(exc, "sqlstate", None) or reason})
    return Problem("database_unavailable", {"reason": reason})


class CreateUserService:
    def __init__(
        self,
        repo: InstagramRepository,
        *,
        concurrency: int = 5,
        metrics: Metrics | None = None,
        i18n: I18n | None = None,
    ) -> None:
        self.repo = repo
        self.metrics = metrics or Metrics()
        self._limit = asyncio.Semaphore(concurrency)
        # Results carry English text; callers re-render error_code in the user's language.
        self._text: Translator = (i18n or I18n()).get("en")

    # --- results ------------------------------------------------------------------------
    # Plain construction validates in pydantic-core, which is faster than model_construct.
    def _failure(self, request_id: str, problem: Problem) -> CreateUserResult:
        return CreateUserResult(
            success=False, created=False, already_exists=False, user=None,
            error=self._text.problem(problem), error_code=problem.code,
            error_args=problem.args, request_id=request_id,
        )

    def _from_outcome(self, request_id: str, outcome: CreateOutcome,
                      event: CreateInstagramUserEvent) -> CreateUserResult:
        if outcome.outcome is Outcome.LEGACY_CONFLICT:
            other = outcome.user
            return self._failure(request_id, Problem("legacy_conflict", {
                "username": event.username, "pk": event.pk,
                "other_project": other.project_id if other else "?",
            }))
        created = outcome.outcome is Outcome.CREATED
        return CreateUserResult(
            success=True, created=created, already_exists=not created, user=outcome.user,
            error=None, error_code=None, error_args=None, request_id=request_id,
        )

    # --- validation ---------------------------------------------------------------------
    def validate(
        self, data: Mapping[str, Any], *, default_project: int | None,
        requester: str | None,
    ) -> CreateInstagramUserEvent | Problem:
        """The event, or the first problem with it (field named).

        A user's own ``project_id`` wins over ``default_project``; ``requester`` (the
        sender) always wins, so a pasted document cannot name somebody else.
        """
        fill_project = data.get("project_id") is None and default_project is not None
        if requester is not None or fill_project:
            data = dict(data)
            if requester is not None:
                data["requester_telegram_id"] = requester
            if fill_project:
                data["project_id"] = default_project
        try:
            return CreateInstagramUserEvent.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation(exc)
        project_missing = data.get("project_id") is None
        for problem in problems:
            if not (project_missing and problem.args.get("field") == "project_id"):
                return problem
        return Problem("project_missing")

    def _project_problem(self, project_id: int, project: Project | None) -> Problem | None:
        if project is None:
            return Problem("project_not_found", {"project_id": project_id})
        if not project.is_active:
            return Problem("project_inactive", {"project_id": project_id, "name": project.name})
        return None

    # --- single -------------------------------------------------------------------------
    async def create_instagram_user(
        self,
        data: Mapping[str, Any] | CreateInstagramUserEvent,
        *,
        default_project: int | None = None,
        requester: str | None = None,
    ) -> CreateUserResult:
        request_id = new_request_id()
        started = time.perf_counter()
        log.info("🚀 [%s] create user started", request_id)
        try:
            return await self._create_one(request_id, data, default_project, requester)
        finally:
            self.metrics.duration.observe(time.perf_counter() - started)
            log.info("🎉 [%s] create user finished", request_id)

    async def _create_one(
        self, request_id: str, data: Mapping[str, Any] | CreateInstagramUserEvent,
        default_project: int | None, requester: str | None,
    ) -> CreateUserResult:
        if isinstance(data, CreateInstagramUserEvent):
            data = data.model_dump()
        event = self.validate(data, default_project=default_project, requester=requester)
        if isinstance(event, Problem):
            self.metrics.validation_errors.inc()
            log.warning("❌ [%s] invalid input: %s", request_id, event.code)
            return self._failure(request_id, event)
        try:
            async with self._limit:
                project = await self.repo.get_project(event.project_id)
                problem = self._project_problem(event.project_id, project)
                if problem is not None:
                    self.metrics.validation_errors.inc()
                    log.warning("❌ [%s] %s: project %s", request_id, problem.code,
                                event.project_id)
                    return self._failure(request_id, problem)
                outcome = await self.repo.create_single_user(event)
        except DATABASE_ERRORS as exc:
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database error: %s", request_id, type(exc).__name__)
            return self._failure(request_id, database_problem(exc))
        result = self._from_outcome(request_id, outcome, event)
        self._count(result)
        if result.created:
            log.info("✅ [%s] created pk=%s in project %s", request_id, event.pk,
                     event.project_id)
        elif result.already_exists:
            log.info("👤 [%s] already exists pk=%s in project %s", request_id, event.pk,
                     event.project_id)
        else:
            log.warning("❌ [%s] %s", request_id, result.error_code)
        return result

    def _count(self, result: CreateUserResult) -> None:
        if result.created:
            self.metrics.created.inc()
        elif result.already_exists:
            self.metrics.already_existed.inc()
        elif result.error_code == "legacy_conflict":
            self.metrics.database_errors.inc()

    # --- many ---------------------------------------------------------------------------
    async def create_many(
        self,
        entries: Sequence[Mapping[str, Any] | Problem],
        *,
        default_project: int | None = None,
        requester: str | None = None,
        batch_size: int = BATCH_SIZE,
        on_batch: BatchCallback | None = None,
    ) -> list[CreateUserResult]:
        """Create many users set-based; one result per entry, in input order.

        Each user gets request id ``<batch id>-<position>``; the log has one line per
        step of the whole request (per-user lines at DEBUG).
        """
        batch_id = new_request_id()
        log.info("🚀 [%s] creating %d users", batch_id, len(entries))
        results: list[CreateUserResult] = []
        for start in range(0, len(entries), batch_size):
            chunk = entries[start:start + batch_size]
            results.extend(await self._create_chunk(batch_id, start, chunk, default_project,
                                                    requester))
            if on_batch is not None:
                await on_batch(results)
        created = sum(1 for r in results if r.created)
        existed = sum(1 for r in results if r.already_exists)
        log.info("🎉 [%s] finished: %d created, %d already existed, %d rejected", batch_id,
                 created, existed, len(results) - created - existed)
        return results

    async def _create_chunk(
        self, batch_id: str, offset: int, chunk: Sequence[Mapping[str, Any] | Problem],
        default_project: int | None, requester: str | None,
    ) -> list[CreateUserResult]:
        started = time.perf_counter()
        results: list[CreateUserResult | None] = [None] * len(chunk)
        valid: list[tuple[int, CreateInstagramUserEvent]] = []
        for i, entry in enumerate(chunk):
            event = entry if isinstance(entry, Problem) else self.validate(
                entry, default_project=default_project, requester=requester)
            if isinstance(event, Problem):
                results[i] = self._failure(f"{batch_id}-{offset + i + 1}", event)
            else:
                valid.append((i, event))
        rejected = len(chunk) - len(valid)
        if rejected:
            self.metrics.validation_errors.inc(rejected)
            log.warning("❌ [%s] %d invalid users in this batch", batch_id, rejected)
        try:
            async with self._limit:
                projects = await self.repo.get_projects(sorted({e.project_id for _, e in valid}))
                writable: list[tuple[int, CreateInstagramUserEvent]] = []
                for i, event in valid:
                    problem = self._project_problem(event.project_id,
                                                    projects.get(event.project_id))
                    if problem is None:
                        writable.append((i, event))
                    else:
                        self.metrics.validation_errors.inc()
                        results[i] = self._failure(f"{batch_id}-{offset + i + 1}", problem)
                outcomes = await self.repo.create_many([e for _, e in writable])
        except DATABASE_ERRORS as exc:
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database error: %s", batch_id, type(exc).__name__)
            problem = database_problem(exc)
            return [r if r is not None else self._failure(f"{batch_id}-{offset + i + 1}",
                                                          problem)
                    for i, r in enumerate(results)]
        debug = log.isEnabledFor(logging.DEBUG)
        for (i, event), outcome in zip(writable, outcomes, strict=True):
            result = self._from_outcome(f"{batch_id}-{offset + i + 1}", outcome, event)
            results[i] = result
            if debug:
                log.debug("[%s] %s pk=%s", result.request_id,
                          "created" if result.created else result.error_code or "exists",
                          event.pk)
        # The same counts as _count() per result, added once per batch.
        created = sum(1 for o in outcomes if o.outcome is Outcome.CREATED)
        conflicts = sum(1 for o in outcomes if o.outcome is Outcome.LEGACY_CONFLICT)
        self.metrics.created.inc(created)
        self.metrics.already_existed.inc(len(outcomes) - created - conflicts)
        self.metrics.database_errors.inc(conflicts)
        log.info("✅ [%s] batch at %d: %d created, 👤 %d already existed", batch_id, offset,
                 created, len(writable) - created)
        self.metrics.duration.observe(time.perf_counter() - started)
        return [r for r in results if r is not None]

"""The create-user service: validate -> check the database -> check the project -> create.

Every create gets a request id that appears in its log lines and its result. At most
``concurrency`` creates (single users or batches) touch the database at once. Batches
are validated by ``bot.validation`` and written by ``bot.batch_store``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from contextlib import aclosing
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot import validation
from bot.batch_store import BatchStore, RawResult, StoredUser, as_result
from bot.db_failures import UNKNOWN, database_problem, probe
from bot.metrics import Metrics
from bot.problems import Problem, safe_args, shown
from bot.projects import project_problem
from repository.bulk_create import WriteInterrupted
from repository.errors import DATABASE_ERRORS
from repository.instagram import CreateOutcome, InstagramRepository, Outcome
from repository.schemas import CreateInstagramUserEvent, CreateUserResult

if TYPE_CHECKING:
    from bot.i18n import I18n, Translator

log = logging.getLogger("igbot.create")

BATCH_SIZE = 5000

BatchCallback = Callable[[list[CreateUserResult]], Awaitable[None]]


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


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
        self._i18n = i18n
        self._store = BatchStore(repo, self.metrics, self._limit, self._failure)

    @cached_property
    def _text(self) -> Translator:
        # Results carry English text; callers re-render error_code in the user's language.
        # Loaded at the first failure: a clean import never needs it.
        if self._i18n is None:
            from bot.i18n import I18n  # Fluent is costly to load; a CLI import may not need it

            self._i18n = I18n()
        return self._i18n.get("en")

    # --- results ------------------------------------------------------------------------
    # Plain construction validates in pydantic-core, which is faster than model_construct.
    def _failure(self, request_id: str, problem: Problem) -> CreateUserResult:
        # User-given parts are cut short for the text (Fluent refuses long placeables) and
        # made printable everywhere (a lone surrogate cannot be written as UTF-8).
        return CreateUserResult(
            success=False, created=False, already_exists=False, user=None,
            error=self._text.problem(shown(problem)), error_code=problem.code,
            error_args=safe_args(problem.args) if problem.args else problem.args,
            request_id=request_id,
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
        return validation.validate(data, default_project=default_project,
                                   requester=requester)

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
                # One statement checks the project and inserts only into an active one.
                outcome = await self.repo.create_single_user(event, active_project_only=True)
        except WriteInterrupted as exc:
            # The statement was sent, then the connection failed: look before reporting.
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database failed during the write: %s", request_id,
                      type(exc.cause).__name__)
            found = await self._probe_user(event)
            if found is None:
                return self._failure(request_id, Problem("database_unknown"))
            if found is False:
                return self._failure(request_id, database_problem(exc.cause))
            return CreateUserResult(success=True, created=False, already_exists=True,
                                    user=found, request_id=request_id)
        except DATABASE_ERRORS as exc:
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database error: %s", request_id, type(exc).__name__)
            return self._failure(request_id, database_problem(exc))
        if outcome.outcome in (Outcome.PROJECT_NOT_FOUND, Outcome.PROJECT_INACTIVE):
            problem = project_problem(event.project_id, outcome.project)
            assert problem is not None
            self.metrics.validation_errors.inc()
            log.warning("❌ [%s] %s: project %s", request_id, problem.code, event.project_id)
            return self._failure(request_id, problem)
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

    async def _probe_user(self, event: CreateInstagramUserEvent) -> Any:
        """After an interrupted write: the stored row, False when there is none, None
        when the database cannot tell now."""
        found = await probe(lambda: self.repo.get_user(event.pk, event.project_id))
        if found is UNKNOWN:
            return None
        return False if found is None else found

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

        ``on_batch`` gets the results so far after each batch.
        """
        results: list[CreateUserResult] = []
        async with aclosing(self.create_many_raw(
                entries, default_project=default_project, requester=requester,
                batch_size=batch_size)) as batches:
            async for batch in batches:
                results.extend(as_result(r) for r in batch)
                if on_batch is not None:
                    await on_batch(results)
        return results

    async def create_many_raw(
        self,
        entries: Sequence[Mapping[str, Any] | Problem],
        *,
        default_project: int | None = None,
        requester: str | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> AsyncGenerator[list[RawResult], None]:
        """``create_many``'s results batch by batch, in input order, as ``RawResult``.

        Each user gets request id ``<batch id>-<position>``; the log has one line per
        step of the whole request (per-user lines at DEBUG). Batches overlap: batch k+1
        is validated (and batch k-1 used by the caller) while batch k is in the database.
        Batches are written one after the other, so of a file's copies of one user, the
        first is the one created. Close the iterator (``aclosing``) when stopping early.
        """
        batch_id = new_request_id()
        log.info("🚀 [%s] creating %d users", batch_id, len(entries))
        created = existed = total = 0
        pending: asyncio.Task[list[RawResult]] | None = None
        look_first = True
        try:
            for offset in range(0, len(entries), batch_size):
                started = time.perf_counter()
                results, valid = await self._validate_chunk(
                    batch_id, offset, entries[offset:offset + batch_size], default_project,
                    requester)
                done = await pending if pending is not None else None
                if done is not None:
                    look_first = self._mostly_there(done)
                pending = asyncio.ensure_future(self._store.store(
                    batch_id, offset, results, valid, started, look_first))
                if done is not None:
                    await asyncio.sleep(0)  # let the next batch's first query go out
                    created, existed, total = self._tally(done, created, existed, total)
                    yield done
            if pending is not None:
                done = await pending
                pending = None
                created, existed, total = self._tally(done, created, existed, total)
                yield done
        finally:
            if pending is not None and not pending.done():
                pending.cancel()
                await asyncio.wait([pending])
        log.info("🎉 [%s] finished: %d created, %d already existed, %d rejected", batch_id,
                 created, existed, total - created - existed)

    @staticmethod
    def _mostly_there(batch: list[RawResult]) -> bool:
        """A re-import finds nearly everything: then looking first is cheaper."""
        stored = sum(1 for r in batch if isinstance(r, StoredUser))
        return 2 * sum(1 for r in batch if isinstance(r, StoredUser) and not r.created) >= stored

    @staticmethod
    def _tally(batch: list[RawResult], created: int, existed: int,
               total: int) -> tuple[int, int, int]:
        for r in batch:
            if isinstance(r, StoredUser):
                if r.created:
                    created += 1
                else:
                    existed += 1
        return created, existed, total + len(batch)

    async def _validate_chunk(
        self, batch_id: str, offset: int, chunk: Sequence[Mapping[str, Any] | Problem],
        default_project: int | None, requester: str | None,
    ) -> tuple[list[RawResult | None], list[tuple[int, CreateInstagramUserEvent]]]:
        def fail(i: int, problem: Problem) -> RawResult:
            return self._failure(f"{batch_id}-{offset + i + 1}", problem)

        return await validation.validate_chunk(chunk, default_project, requester, fail)

"""Writing one validated batch of ``create_many_raw``: the projects checked, the users
written set-based, and every entry given its result, whatever the database does.

When PostgreSQL refuses a batch for its data, the batch is written in halves, and so on,
so that only the guilty entries are refused; when the connection fails mid-write, what
was written is found out before it is reported.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, NamedTuple

from bot.db_failures import UNKNOWN, database_problem, probe
from bot.metrics import Metrics
from bot.problems import Problem
from bot.projects import project_problem
from repository.bulk_create import WriteInterrupted
from repository.errors import DATABASE_ERRORS, WRITE_ERRORS, refused_by_data
from repository.instagram import InstagramRepository
from repository.rows import Outcome, StoredRow, user_model
from repository.schemas import CreateInstagramUserEvent, CreateUserResult

log = logging.getLogger("igbot.create")


class StoredUser(NamedTuple):
    """A successful create as plain values: ``user`` is the stored row, as a dict or as
    its JSON (``StoredRow``). The same result as ``as_result(self)``, much cheaper to
    build and to print in bulk."""

    created: bool
    user: StoredRow
    request_id: str


# What create_many_raw() yields per user: a success, or a failure's full result.
RawResult = StoredUser | CreateUserResult
Failure = Callable[[str, Problem], CreateUserResult]
Valid = list[tuple[int, CreateInstagramUserEvent]]

_DEBUG_WORDS = {Outcome.CREATED: "created", Outcome.ALREADY_EXISTS: "exists",
                Outcome.LEGACY_CONFLICT: "legacy_conflict"}


def as_result(raw: RawResult) -> CreateUserResult:
    if not isinstance(raw, StoredUser):
        return raw
    return CreateUserResult(
        success=True, created=raw.created, already_exists=not raw.created,
        user=user_model(raw.user), error=None, error_code=None, error_args=None,
        request_id=raw.request_id,
    )


class BatchStore:
    """Stores batches for one ``CreateUserService`` (its repository, metrics, limit of
    creates at once, and its way of building a failure's result)."""

    def __init__(self, repo: InstagramRepository, metrics: Metrics, limit: asyncio.Semaphore,
                 failure: Failure) -> None:
        self.repo = repo
        self.metrics = metrics
        self._limit = limit
        self._failure = failure

    async def store(
        self, batch_id: str, offset: int, results: list[RawResult | None], valid: Valid,
        started: float, look_first: bool,
    ) -> list[RawResult]:
        """Every entry's result, in order: ``results`` holds the rejected ones already,
        ``valid`` the events to write (with their positions)."""
        # Logged here, not when validated, to keep each batch's lines together.
        rejected = len(results) - len(valid)
        if rejected:
            self.metrics.validation_errors.inc(rejected)
            log.warning("❌ [%s] %d invalid users in this batch", batch_id, rejected)
        try:
            async with self._limit:
                writable = await self._in_usable_projects(batch_id, offset, results, valid)
                outcomes = await self._write(batch_id, [e for _, e in writable], look_first)
        except DATABASE_ERRORS as exc:
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database error: %s", batch_id, type(exc).__name__)
            problem = database_problem(exc)
            return [r if r is not None else self._failure(f"{batch_id}-{offset + i + 1}",
                                                          problem)
                    for i, r in enumerate(results)]
        writable, outcomes = self._drop_refused(batch_id, offset, results, writable, outcomes)
        self._record(batch_id, offset, results, writable, outcomes)
        self.metrics.duration.observe(time.perf_counter() - started)
        return [r for r in results if r is not None]

    async def _in_usable_projects(self, batch_id: str, offset: int,
                                  results: list[RawResult | None], valid: Valid) -> Valid:
        """The events whose project takes users; the others get their failure."""
        writable: Valid = []
        projects = await self.repo.get_projects(sorted({e.project_id for _, e in valid}))
        for i, event in valid:
            problem = project_problem(event.project_id, projects.get(event.project_id))
            if problem is None:
                writable.append((i, event))
            else:
                self.metrics.validation_errors.inc()
                results[i] = self._failure(f"{batch_id}-{offset + i + 1}", problem)
        return writable

    def _drop_refused(self, batch_id: str, offset: int, results: list[RawResult | None],
                      writable: Valid, outcomes: list[Any]) -> tuple[Valid, list[Any]]:
        """The written events and their outcomes; the refused ones get their failure."""
        refused = 0
        for (i, _), outcome_row in zip(writable, outcomes, strict=True):
            if isinstance(outcome_row, Problem):
                refused += 1
                results[i] = self._failure(f"{batch_id}-{offset + i + 1}", outcome_row)
        if not refused:
            return writable, outcomes
        self.metrics.database_errors.inc(refused)
        log.warning("❌ [%s] %d users not stored (refused or unknown)", batch_id, refused)
        kept = [(w, o) for w, o in zip(writable, outcomes, strict=True)
                if not isinstance(o, Problem)]
        return [w for w, _ in kept], [o for _, o in kept]

    def _record(self, batch_id: str, offset: int, results: list[RawResult | None],
                writable: Valid, outcomes: list[Any]) -> None:
        """Each written event's result, counted once per batch (as _count() per result)."""
        created = conflicts = 0
        for (i, event), (outcome, row) in zip(writable, outcomes, strict=True):
            if row is not None and outcome is not Outcome.LEGACY_CONFLICT:
                is_new = outcome is Outcome.CREATED
                created += is_new
                results[i] = StoredUser(is_new, row, f"{batch_id}-{offset + i + 1}")
            else:
                conflicts += 1
                results[i] = self._failure(
                    f"{batch_id}-{offset + i + 1}", Problem("legacy_conflict", {
                        "username": event.username, "pk": event.pk,
                        "other_project": user_model(row).project_id if row is not None else "?",
                    }))
        if log.isEnabledFor(logging.DEBUG):
            for (i, event), (outcome, _) in zip(writable, outcomes, strict=True):
                log.debug("[%s-%d] %s pk=%s", batch_id, offset + i + 1,
                          _DEBUG_WORDS.get(outcome, outcome.value), event.pk)
        self.metrics.created.inc(created)
        self.metrics.already_existed.inc(len(outcomes) - created - conflicts)
        self.metrics.database_errors.inc(conflicts)
        log.info("✅ [%s] batch at %d: %d created, 👤 %d already existed", batch_id, offset,
                 created, len(writable) - created)

    async def _write(self, batch_id: str, events: list[CreateInstagramUserEvent],
                     look_first: bool) -> list[Any]:
        """``create_many_rows``, never raising: per event its outcome, or a Problem."""
        try:
            return list(await self.repo.create_many_rows(events, look_first=look_first))
        except WriteInterrupted as exc:
            log.error("❌ [%s] the database failed during the write: %s", batch_id,
                      type(exc.cause).__name__)
            return await self._after_interruption(exc)
        except WRITE_ERRORS as exc:
            if not refused_by_data(exc):
                # Before the INSERT committed: nothing of these was written.
                log.error("❌ [%s] database error: %s", batch_id, type(exc).__name__)
                return [database_problem(exc)] * len(events)
            if len(events) == 1:
                log.warning("❌ [%s] the database refused one user: %s", batch_id,
                            getattr(exc, "sqlstate", "?"))
                return [database_problem(exc)]
        middle = len(events) // 2
        return (await self._write(batch_id, events[:middle], look_first)
                + await self._write(batch_id, events[middle:], look_first))

    async def _after_interruption(self, exc: WriteInterrupted) -> list[Any]:
        """The outcome of each event of an interrupted write, looked up when unsure:
        created (in the table), already there, or a Problem saying it is unknown."""
        committed = exc.committed
        if committed is None and exc.probe_id is not None:
            probe_id = exc.probe_id
            found = await probe(lambda: self.repo.row_exists(probe_id))
            committed = None if found is UNKNOWN else bool(found)
        outcomes: list[Any] = []
        for known in exc.outcomes(bool(committed)):
            if known is not None:
                outcomes.append(known)
            elif committed is False:
                outcomes.append(database_problem(exc.cause))  # nothing of it was written
            else:
                outcomes.append(Problem("database_unknown"))
        return outcomes

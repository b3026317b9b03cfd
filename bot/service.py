"""The create-user service: validate -> check the database -> check the project -> create.

Every create gets a request id that appears in its log lines and its result. At most
``concurrency`` creates (single users or batches) touch the database at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from contextlib import aclosing
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import asyncpg
from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json

from bot.metrics import Metrics
from bot.problems import Problem, problems_from_validation, safe_args, shown
from bot.projects import project_problem
from repository.instagram import (
    CLIENT_DATA_ERRORS,
    CreateOutcome,
    InstagramRepository,
    Outcome,
    StoredRow,
    WriteInterrupted,
    connection_failed,
    user_model,
)
from repository.schemas import CreateInstagramUserEvent, CreateUserResult

if TYPE_CHECKING:
    from bot.i18n import I18n, Translator

log = logging.getLogger("igbot.create")

BATCH_SIZE = 5000
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    OSError, asyncio.TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)

# Validation and result building hand the event loop back this often (entries), so that a
# batch's queries go out and come back while the next batch is validated or printed.
YIELD_EVERY = 64

# What a batch write may raise: the database failing, or refusing the data.
WRITE_ERRORS = DATABASE_ERRORS + CLIENT_DATA_ERRORS

BatchCallback = Callable[[list[CreateUserResult]], Awaitable[None]]


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


# A look-up after an interrupted write waits at most this long (seconds).
PROBE_TIMEOUT = 3.0


def database_problem(exc: BaseException) -> Problem:
    """What a database failure means to the user, in words (never an exception's name)."""
    if isinstance(exc, TimeoutError):
        return Problem("database_timeout")
    if connection_failed(exc):
        return Problem("database_unavailable")
    return Problem("database_error", {"reason": str(getattr(exc, "sqlstate", None) or "?")})


_UNKNOWN = object()


async def _probe(look: Callable[[], Awaitable[Any]]) -> Any:
    """``look()``'s answer, asked again every half second (a server restarting after a
    crash takes a moment) for up to PROBE_TIMEOUT seconds; ``_UNKNOWN`` if none came."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PROBE_TIMEOUT
    while True:
        left = deadline - loop.time()
        try:
            return await asyncio.wait_for(look(), max(left, 0.1))
        except DATABASE_ERRORS:
            if deadline - loop.time() <= 0.5:
                return _UNKNOWN
            await asyncio.sleep(0.5)


def refused_by_data(exc: BaseException) -> bool:
    """A refusal of the data itself (not of the connection): retrying the other entries
    of the batch without the guilty one can succeed."""
    return isinstance(exc, CLIENT_DATA_ERRORS) or (
        isinstance(exc, asyncpg.PostgresError) and not connection_failed(exc))


class StoredUser(NamedTuple):
    """A successful create as plain values: ``user`` is the stored row, as a dict or as
    its JSON (``StoredRow``). The same result as ``as_result(self)``, much cheaper to
    build and to print in bulk."""

    created: bool
    user: StoredRow
    request_id: str


# What create_many_raw() yields per user: a success, or a failure's full result.
RawResult = StoredUser | CreateUserResult


def as_result(raw: RawResult) -> CreateUserResult:
    if not isinstance(raw, StoredUser):
        return raw
    return CreateUserResult(
        success=True, created=raw.created, already_exists=not raw.created,
        user=user_model(raw.user), error=None, error_code=None, error_args=None,
        request_id=raw.request_id,
    )


def _line_frame(created: bool) -> tuple[bytes, bytes, bytes]:
    """The JSON of a success around its user and request id, taken from the model itself."""
    text = CreateUserResult(success=True, created=created, already_exists=not created,
                            request_id="\x00").model_dump_json().encode()
    head, rest = text.split(b'"user":null', 1)
    middle, tail = rest.split(b'"\\u0000"', 1)
    return head + b'"user":', middle, tail + b"\n"


_FRAMES = {True: _line_frame(True), False: _line_frame(False)}
_DEBUG_WORDS = {Outcome.CREATED: "created", Outcome.ALREADY_EXISTS: "exists",
                Outcome.LEGACY_CONFLICT: "legacy_conflict"}


def result_lines(batch: Sequence[RawResult]) -> bytes:
    """``as_result(r).model_dump_json()`` of each result, one a line, as UTF-8 JSON lines,
    without building the models (a stored row may already be JSON)."""
    frames = _FRAMES
    parts: list[bytes] = []
    add = parts.extend
    for raw in batch:
        if type(raw) is StoredUser:
            created, user, request_id = raw
            head, middle, tail = frames[created]
            add((head, user if type(user) is bytes else to_json(user), middle,
                 to_json(request_id), tail))
        else:
            add((raw.__pydantic_serializer__.to_json(raw), b"\n"))  # type: ignore[union-attr]
    return b"".join(parts)


def _with_defaults(data: Mapping[str, Any], default_project: int | None,
                   requester: str | None) -> Mapping[str, Any]:
    """``data`` with the project filled in (if it names none) and the requester set."""
    fill_project = default_project is not None and data.get("project_id") is None
    if requester is not None or fill_project:
        data = dict(data)
        if requester is not None:
            data["requester_telegram_id"] = requester
        if fill_project:
            data["project_id"] = default_project
    return data


@cache
def _events_adapter() -> TypeAdapter[list[CreateInstagramUserEvent]]:
    # One call validates a whole slice of users: about a third cheaper than one call each.
    return TypeAdapter(list[CreateInstagramUserEvent])


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
        data = _with_defaults(data, default_project, requester)
        try:
            return CreateInstagramUserEvent.model_validate(data)
        except ValidationError as exc:
            problems = problems_from_validation(exc)
        project_missing = data.get("project_id") is None
        for problem in problems:
            if not (project_missing and problem.args.get("field") == "project_id"):
                return problem
        return Problem("project_missing")

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
        found = await _probe(lambda: self.repo.get_user(event.pk, event.project_id))
        if found is _UNKNOWN:
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
                    # A re-import finds nearly everything: then looking first is cheaper.
                    stored = sum(1 for r in done if isinstance(r, StoredUser))
                    look_first = 2 * sum(
                        1 for r in done if isinstance(r, StoredUser) and not r.created
                    ) >= stored
                pending = asyncio.ensure_future(self._store_chunk(
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
        results: list[RawResult | None] = [None] * len(chunk)
        valid: list[tuple[int, CreateInstagramUserEvent]] = []
        adapter = _events_adapter()
        for start in range(0, len(chunk), YIELD_EVERY):
            if start:
                await asyncio.sleep(0)  # the batch in the database moves on meanwhile
            slots: list[int] = []
            given: list[Mapping[str, Any]] = []
            data: list[Mapping[str, Any]] = []
            for i in range(start, min(start + YIELD_EVERY, len(chunk))):
                entry = chunk[i]
                if isinstance(entry, Problem):
                    results[i] = self._failure(f"{batch_id}-{offset + i + 1}", entry)
                else:
                    slots.append(i)
                    given.append(entry)
                    data.append(_with_defaults(entry, default_project, requester))
            try:
                valid.extend(zip(slots, adapter.validate_python(data), strict=True))
                continue
            except ValidationError:
                pass  # somebody in this slice is invalid: validate one by one
            for i, entry in zip(slots, given, strict=True):
                event = self.validate(entry, default_project=default_project,
                                      requester=requester)
                if isinstance(event, Problem):
                    results[i] = self._failure(f"{batch_id}-{offset + i + 1}", event)
                else:
                    valid.append((i, event))
        return results, valid

    async def _store_chunk(
        self, batch_id: str, offset: int, results: list[RawResult | None],
        valid: list[tuple[int, CreateInstagramUserEvent]], started: float, look_first: bool,
    ) -> list[RawResult]:
        # Logged here, not when validated, to keep each batch's lines together.
        rejected = len(results) - len(valid)
        if rejected:
            self.metrics.validation_errors.inc(rejected)
            log.warning("❌ [%s] %d invalid users in this batch", batch_id, rejected)
        writable: list[tuple[int, CreateInstagramUserEvent]] = []
        try:
            async with self._limit:
                projects = await self.repo.get_projects(sorted({e.project_id for _, e in valid}))
                for i, event in valid:
                    problem = project_problem(event.project_id,
                                              projects.get(event.project_id))
                    if problem is None:
                        writable.append((i, event))
                    else:
                        self.metrics.validation_errors.inc()
                        results[i] = self._failure(f"{batch_id}-{offset + i + 1}", problem)
                outcomes = await self._write(batch_id, [e for _, e in writable], look_first)
        except DATABASE_ERRORS as exc:
            self.metrics.database_errors.inc()
            log.error("❌ [%s] database error: %s", batch_id, type(exc).__name__)
            problem = database_problem(exc)
            return [r if r is not None else self._failure(f"{batch_id}-{offset + i + 1}",
                                                          problem)
                    for i, r in enumerate(results)]
        refused = 0
        for (i, _), outcome_row in zip(writable, outcomes, strict=True):
            if isinstance(outcome_row, Problem):
                refused += 1
                results[i] = self._failure(f"{batch_id}-{offset + i + 1}", outcome_row)
        if refused:
            self.metrics.database_errors.inc(refused)
            log.warning("❌ [%s] %d users not stored (refused or unknown)", batch_id, refused)
            kept = [(w, o) for w, o in zip(writable, outcomes, strict=True)
                    if not isinstance(o, Problem)]
            writable = [w for w, _ in kept]
            stored_outcomes = [o for _, o in kept]
        else:
            stored_outcomes = outcomes
        outcomes = stored_outcomes
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
        # The same counts as _count() per result, added once per batch.
        self.metrics.created.inc(created)
        self.metrics.already_existed.inc(len(outcomes) - created - conflicts)
        self.metrics.database_errors.inc(conflicts)
        log.info("✅ [%s] batch at %d: %d created, 👤 %d already existed", batch_id, offset,
                 created, len(writable) - created)
        self.metrics.duration.observe(time.perf_counter() - started)
        return [r for r in results if r is not None]

    async def _write(self, batch_id: str, events: list[CreateInstagramUserEvent],
                     look_first: bool) -> list[Any]:
        """``create_many_rows``, never raising: per event its outcome, or a Problem.

        When PostgreSQL refuses the batch for its data, the batch is written in halves,
        and so on, so that only the guilty entries are refused. When the connection fails,
        what was written is found out (``_after_interruption``) before it is reported.
        """
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
            found = await _probe(lambda: self.repo.row_exists(probe_id))
            committed = None if found is _UNKNOWN else bool(found)
        outcomes: list[Any] = []
        for known in exc.outcomes(bool(committed)):
            if known is not None:
                outcomes.append(known)
            elif committed is False:
                outcomes.append(database_problem(exc.cause))  # nothing of it was written
            else:
                outcomes.append(Problem("database_unknown"))
        return outcomes

"""Running an import: create the pending users, report in one chat.

One user gets the wizard's reply; a list one summary message, edited as batches finish
(at most every ``progress_seconds``), then the rejected entries as a CSV.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message, ReplyParameters

from bot.heap import big_work_frozen
from bot.i18n import Translator
from bot.problems import ARG_MAX, Problem
from bot.service import CreateUserService
from handlers.import_report import rejected_csv, render_import_summary
from handlers.json_import.pending import Pending
from handlers.manage.offers import offer_update, undo_import_markup
from handlers.render import compose, problem_html, render_result
from repository.schemas import CreateUserResult

log = logging.getLogger("igbot.import")


@dataclass
class ImportJob:
    """Creates pending users for one requester and reports in one chat."""

    bot: Bot
    chat_id: int
    requester: int
    tr: Translator
    service: CreateUserService
    # Users created per batch of a list; the summary message is edited after each batch,
    # at most once per ``progress_seconds`` (settings IMPORT_BATCH_SIZE and
    # IMPORT_PROGRESS_SECONDS); the final edit is always made.
    batch_size: int = 1000
    progress_seconds: float = 2.0
    entries: list[dict[str, Any] | Problem] = field(default_factory=list)

    async def send(self, text: str, reply_to: int | None = None,
                   markup: InlineKeyboardMarkup | None = None) -> Message:
        reply = (ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
                 if reply_to is not None else None)
        return await self.bot.send_message(self.chat_id, text, reply_parameters=reply,
                                           reply_markup=markup)

    async def edit(self, message: Message, text: str, *, final: bool,
                   markup: InlineKeyboardMarkup | None = None) -> None:
        """Edit the summary. Flood waits are ``bot.retry``'s alone (bounded there): when
        Telegram still refuses, a progress edit is skipped and the final text is sent as
        a new message."""
        try:
            await self.bot.edit_message_text(text=text, chat_id=self.chat_id,
                                             message_id=message.message_id,
                                             reply_markup=markup)
            return
        except TelegramRetryAfter as exc:
            log.warning("flood control on the import summary (retry after %ss)",
                        exc.retry_after)
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return
            log.warning("could not edit the import summary: %s", exc.message)
        if final:
            await self.send(text, markup=markup)

    def summary(self, results: list[CreateUserResult], total: int, *, done: bool) -> str:
        return render_import_summary(self.tr, self.entries, results, total, done=done,
                                     clip=ARG_MAX)

    async def send_rejected(self, results: list[CreateUserResult]) -> None:
        """Every rejected entry with its reason, as a CSV document."""
        if all(r.success for r in results):
            return
        data = rejected_csv(self.tr, self.entries, results)
        await self.bot.send_document(self.chat_id, BufferedInputFile(
            data, filename="rejected.csv"), caption=self.tr("import-rejected-caption"))

    async def run(self, pending: Pending, *, project: int | None, header: str = "",
                  footer: str = "") -> None:
        """Create the users; ``project`` goes to those that name none."""
        if pending.single and len(pending.entries) == 1:
            await self._run_one(pending, project, header, footer)
        elif len(pending.entries) <= self.batch_size:
            await self._run_short(pending, project, header, footer)
        else:
            await self._run_long(pending, project, header, footer)

    async def _run_one(self, pending: Pending, project: int | None, header: str,
                       footer: str) -> None:
        """One user: the wizard's reply, with an offer to update a differing stored entry."""
        entry = pending.entries[0]
        if isinstance(entry, Problem):
            await self.send(compose(header, self.tr("result-rejected", reason=problem_html(
                self.tr, entry)), footer), pending.reply_to)
            return
        requester = str(self.requester)
        result = await self.service.create_instagram_user(
            entry, default_project=project, requester=requester)
        offer = await offer_update(self.tr, self.service, entry, result, project, requester)
        await self.send(compose(header, render_result(self.tr, result), offer.text, footer),
                        pending.reply_to, offer.markup)

    async def _run_short(self, pending: Pending, project: int | None, header: str,
                         footer: str) -> None:
        """A list of one batch: one summary when it is done."""
        self.entries = pending.entries
        total, requester = len(pending.entries), str(self.requester)
        results = await self.service.create_many(
            pending.entries, default_project=project, requester=requester,
            batch_size=self.batch_size)
        await self.send(compose(header, self.summary(results, total, done=True), footer),
                        pending.reply_to,
                        await undo_import_markup(self.tr, self.service, requester, results))
        await self.send_rejected(results)

    async def _run_long(self, pending: Pending, project: int | None, header: str,
                        footer: str) -> None:
        """A long list: a summary at once, edited as batches finish."""
        self.entries = pending.entries
        total, requester = len(pending.entries), str(self.requester)
        summary = await self.send(compose(header, self.summary([], total, done=False)),
                                  pending.reply_to)
        last_edit = time.monotonic()

        async def on_batch(results: list[CreateUserResult]) -> None:
            nonlocal last_edit
            if len(results) >= total or time.monotonic() - last_edit < self.progress_seconds:
                return  # the final edit follows, or the last one was a moment ago
            await self.edit(summary, compose(header, self.summary(results, total, done=False)),
                            final=False)
            last_edit = time.monotonic()

        # What is alive now (the parsed users, the libraries) is kept out of the garbage
        # collector's scans while the import runs: a full scan would pause every update.
        with big_work_frozen():
            results = await self.service.create_many(
                pending.entries, default_project=project, requester=requester,
                batch_size=self.batch_size, on_batch=on_batch)
        await self.edit(summary, compose(header, self.summary(results, total, done=True),
                                         footer), final=True,
                        markup=await undo_import_markup(self.tr, self.service, requester,
                                                        results))
        await self.send_rejected(results)

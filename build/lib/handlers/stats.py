"""/stats: the create-user counters since start, and totals from the database."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import Translator
from bot.service import CreateUserService
from repository.instagram import InstagramRepository


def create_router() -> Router:
    router = Router(name="stats")

    @router.message(Command("stats"))
    async def show_stats(message: Message, tr: Translator, service: CreateUserService,
                         repo: InstagramRepository) -> None:
        snapshot = service.metrics.snapshot()
        totals = await repo.totals()
        average_ms = (snapshot.duration_seconds / snapshot.creates * 1000
                      if snapshot.creates else 0.0)
        await message.answer(tr(
            "stats-text",
            created=snapshot.created,
            already_existed=snapshot.already_existed,
            validation_errors=snapshot.validation_errors,
            database_errors=snapshot.database_errors,
            creates=snapshot.creates,
            average_ms=f"{average_ms:.1f}",
            users=totals["users"],
            active_projects=totals["active_projects"],
            projects=totals["projects"],
        ))

    return router

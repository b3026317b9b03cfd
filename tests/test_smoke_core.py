from bot.service import CreateUserService
from repository.instagram import InstagramRepository


async def test_create_then_already_exists(service: CreateUserService, project_id: int,
                                          repo: InstagramRepository) -> None:
    first = await service.create_instagram_user(
        {"pk": "1234567890", "username": "@Test_User", "project_id": project_id})
    again = await service.create_instagram_user(
        {"pk": 1234567890, "username": "test_user", "project_id": project_id})
    assert first.created and not first.already_exists
    assert again.already_exists and not again.created
    assert again.user is not None and again.user.id == first.user.id  # type: ignore[union-attr]
    assert await repo.count_users(project_id) == 1

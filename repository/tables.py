"""The names every SQL module shares: tables, and the key expressions indexes are built on
(a query that should use an index must spell its expression the same way)."""

USERS = "instagram_similar_users"
ARCHIVE = "instagram_similar_users_archive"
# aiogram/aiogram-dialog state (``repository.dialog_storage``): one row per storage key.
DIALOG_STATE = "igbot_dialog_state"
# Issue 10 (find, card, edit, remove/undo, audit): migrations 6 and 7.
AUDIT = "igbot_audit"
REMOVED = "igbot_removed_users"
IMPORTS = "igbot_imports"
ADMIN_NAMES = "igbot_admin_names"
PROPOSALS = "igbot_proposed_updates"

# "A project's users, newest first"; rows without created_at sort as the oldest.
# An untyped 'epoch' takes the column's own type: legacy tables may use TIMESTAMP.
LIST_SORT_KEY = "coalesce(created_at, 'epoch')"
# Prefix search on usernames (/find acme), in byte order.
USERNAME_KEY = 'lower(username) COLLATE "C"'

"""Migration 6: the audit trail, removed rows, imports, admin names and proposed updates
(issue 10: find, card, edit, remove/undo). Plain SQL, run once by ``repository.migrations``.
"""

from __future__ import annotations

import asyncpg

from repository.tables import ADMIN_NAMES, AUDIT, IMPORTS, PROPOSALS, REMOVED, USERS

# Every change to a user row or a project writes audit rows in the same transaction, from
# statement-level triggers with transition tables: the create and import SQL need no
# edit, and one statement of N rows costs one INSERT ... SELECT. Who and why come from
# two transaction-local settings (``igbot.actor``, ``igbot.action``) that our own writes
# set; a create without them is its requester's (or the CLI's), an edit, move or remove
# by anything else (psql, a script) is recorded as ``cli``.
_AUDIT = f"""
CREATE TABLE IF NOT EXISTS {AUDIT} (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entry_id TEXT,
    project_id INTEGER,
    user_pk TEXT,
    username TEXT,
    before JSONB,
    after JSONB,
    undone_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS {AUDIT}_actor_idx ON {AUDIT} (actor, id DESC);
CREATE INDEX IF NOT EXISTS {AUDIT}_project_idx ON {AUDIT} (project_id, id DESC);
CREATE INDEX IF NOT EXISTS {AUDIT}_pk_idx ON {AUDIT} (user_pk, id DESC);
CREATE INDEX IF NOT EXISTS {AUDIT}_username_idx ON {AUDIT} (username, id DESC);

CREATE OR REPLACE FUNCTION igbot_audit_users() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who TEXT := nullif(current_setting('igbot.actor', true), '');
    what TEXT := nullif(current_setting('igbot.action', true), '');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, user_pk,
                             username, before, after)
        SELECT coalesce(who, n.requester_telegram_id, 'cli'), coalesce(what, 'create'),
               'user', n.id::text, n.project_id, n.user_pk, n.username, NULL, to_jsonb(n)
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, user_pk,
                             username, before, after)
        SELECT coalesce(who, 'cli'),
               coalesce(what, CASE WHEN o.project_id IS DISTINCT FROM n.project_id
                                     OR o.user_pk IS DISTINCT FROM n.user_pk
                                   THEN 'move' ELSE 'edit' END),
               'user', n.id::text, n.project_id, n.user_pk, n.username, to_jsonb(o),
               to_jsonb(n)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE to_jsonb(o) IS DISTINCT FROM to_jsonb(n);
    ELSE
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, user_pk,
                             username, before, after)
        SELECT coalesce(who, 'cli'), coalesce(what, 'remove'), 'user', o.id::text,
               o.project_id, o.user_pk, o.username, to_jsonb(o), NULL
        FROM old_rows o;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION igbot_audit_projects() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    who TEXT := coalesce(nullif(current_setting('igbot.actor', true), ''), 'cli');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, after)
        SELECT who, 'project_create', 'project', n.id::text, n.id, to_jsonb(n)
        FROM new_rows n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, before, after)
        SELECT who,
               CASE WHEN o.name IS DISTINCT FROM n.name THEN 'project_rename'
                    WHEN o.is_active IS DISTINCT FROM n.is_active AND n.is_active
                        THEN 'project_activate'
                    WHEN o.is_active IS DISTINCT FROM n.is_active THEN 'project_deactivate'
                    ELSE 'project_edit' END,
               'project', n.id::text, n.id, to_jsonb(o), to_jsonb(n)
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE to_jsonb(o) IS DISTINCT FROM to_jsonb(n);
    ELSE
        INSERT INTO {AUDIT} (actor, action, entity, entry_id, project_id, before)
        SELECT who, 'project_delete', 'project', o.id::text, o.id, to_jsonb(o)
        FROM old_rows o;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS igbot_audit_insert ON {USERS};
DROP TRIGGER IF EXISTS igbot_audit_update ON {USERS};
DROP TRIGGER IF EXISTS igbot_audit_delete ON {USERS};
CREATE TRIGGER igbot_audit_insert AFTER INSERT ON {USERS}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_users();
CREATE TRIGGER igbot_audit_update AFTER UPDATE ON {USERS}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_users();
CREATE TRIGGER igbot_audit_delete AFTER DELETE ON {USERS}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_users();
DROP TRIGGER IF EXISTS igbot_audit_insert ON projects;
DROP TRIGGER IF EXISTS igbot_audit_update ON projects;
DROP TRIGGER IF EXISTS igbot_audit_delete ON projects;
CREATE TRIGGER igbot_audit_insert AFTER INSERT ON projects
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_projects();
CREATE TRIGGER igbot_audit_update AFTER UPDATE ON projects
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_projects();
CREATE TRIGGER igbot_audit_delete AFTER DELETE ON projects
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION igbot_audit_projects();
"""

# Removed rows are kept whole (as JSON of the row, so that a restore gives back every
# column, whatever columns a legacy table has) in a table of their own: no query of the
# users table has to learn to skip them, and a removed account can be added again.
_REMOVED_AND_FRIENDS = f"""
CREATE TABLE IF NOT EXISTS {REMOVED} (
    removal_id BIGSERIAL PRIMARY KEY,
    entry_id TEXT NOT NULL,
    project_id INTEGER,
    user_pk TEXT,
    username TEXT,
    removed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    removed_by TEXT NOT NULL,
    import_id BIGINT,
    restored_at TIMESTAMPTZ,
    row_data JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS {REMOVED}_entry_idx ON {REMOVED} (entry_id, removal_id DESC);
CREATE TABLE IF NOT EXISTS {IMPORTS} (
    id BIGSERIAL PRIMARY KEY,
    requester TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    entry_ids UUID[] NOT NULL,
    undone_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS {ADMIN_NAMES} (
    telegram_id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    username TEXT,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {PROPOSALS} (
    id BIGSERIAL PRIMARY KEY,
    entry_id UUID NOT NULL,
    proposer TEXT NOT NULL,
    changes JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    used_at TIMESTAMPTZ
);
"""


async def apply(conn: asyncpg.Connection) -> int:
    await conn.execute(_AUDIT)
    await conn.execute(_REMOVED_AND_FRIENDS)
    return 0

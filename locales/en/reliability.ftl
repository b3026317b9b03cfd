## Faults and hostile input: the database down or slow, bad text, too much data.

problem-text-invalid = { $field }: contains a character that is not valid text (a lone UTF-16 surrogate such as \ud800); remove it.
problem-metadata-text = { $field }: the value at { $path } contains a character that is not valid text (a lone UTF-16 surrogate such as \ud800); remove it.
problem-metadata-number = { $field }: the value at { $path } is a number too large for JSON storage; write it as text or remove it.
problem-database-timeout = The database is not responding. Nothing was saved; try again in a minute.
problem-database-unknown = The database stopped answering while this was being saved, so it may or may not be stored. Send it again in a minute: if it was stored, you will be told it already exists.
problem-too-many-entries = The document holds { $count } entries; at most { $limit } are accepted at once. Split it into smaller documents.
problem-no-user-objects = The list holds { $count } entries and none is a user object. Send a list of profiles, like [{"{"}"pk": "1234567890", "username": "acme.shop"{"}"}].

database-down = ⚠️ The database is not responding right now, so this could not be done. Nothing was saved; try again in a minute.
button-invalid = This button is not valid. Use the buttons of the latest message, or start again with /help.
problem-json-too-many-values = The document is too big to read: it holds about { $values } values and { $containers } objects or lists, more than { $limit } users hold. Split it into smaller documents.

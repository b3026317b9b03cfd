## Rejections of user data: each names the field and says how to fix it.

field-pk = pk
field-username = username
field-full-name = full name
field-is-private = is_private
field-is-verified = is_verified
field-profile-pic-url = profile picture URL
field-profile-chaining-secondary-label = secondary label
field-social-context = social context
field-project-id = project_id
field-requester-telegram-id = requester_telegram_id
field-metadata = metadata

problem-pk-type = { $field }: must be a whole number written with digits, not { $kind ->
    [decimal] a decimal number
    [boolean] true/false
    [list] a list
    [object] an object
   *[other] { $kind }
} (write it like "1234567890").
problem-pk-format = { $field }: must contain digits only, like 1234567890.
problem-pk-empty = { $field }: is empty; give the account's numeric id (pk).
problem-pk-length = { $field }: has { $length } digits; at most { $limit } are allowed.
problem-pk-leading-zero = { $field }: must not start with 0.
problem-pk-conflict = The id fields of this profile disagree ({ $fields }); fix them so they name the same user.
problem-username-type = { $field }: must be text.
problem-username-empty = { $field }: is empty; give the account's username, like acme.shop.
problem-username-length = { $field }: has { $length } characters; at most { $limit } are allowed.
problem-username-chars = { $field }: may contain only letters a-z, digits, "." and "_" (found "{ $char }").
problem-username-dot-edge = { $field }: must not start or end with a dot.
problem-username-dots = { $field }: must not contain two dots in a row.
problem-text-nul = { $field }: contains a NUL character (\u0000), which cannot be stored; remove it.
problem-text-type = { $field }: must be text.
problem-text-length = { $field }: has { $length } characters; at most { $limit } are allowed. Shorten it.
problem-bool-type = { $field }: must be true or false.
problem-url-format = { $field }: must be empty or a link starting with http:// or https://.
problem-project-type = { $field }: must be a positive whole number, the id of a project.
problem-project-range = { $field }: must be a positive whole number, the id of a project.
problem-requester-type = { $field }: must be a Telegram user id (digits).
problem-metadata-type = { $field }: must be a JSON object, like {"{"}"source": "manual"{"}"}.
problem-metadata-size = { $field }: is { $size }; at most { $limit } is allowed.
problem-field-missing = { $field }: is required.
problem-field-object = { $field }: must be a JSON object.
problem-field-invalid = { $field }: { $detail }.

problem-project-missing = No project given: the user names no project_id, and none was chosen.
problem-project-not-found = Project { $project_id } does not exist; choose an existing, active project.
problem-project-inactive = Project { $project_id } ({ $name }) is deactivated: it takes no new users (its list stays readable). Choose an active project, or activate it again from /projects.
problem-legacy-conflict = The old unique rule (search_username, user_pk) already holds { $username } (pk { $pk }) in project { $other_project }; this database cannot store it again in another project.
problem-database-unavailable = The database is not reachable right now. Nothing was saved; try again in a moment.
problem-database-error = The database refused the request ({ $reason }). Nothing was saved.

problem-json-syntax = This is not valid JSON: { $reason } at line { $line }, column { $column }. Fix it there and send it again.
problem-json-duplicate-key = The JSON gives the key "{ $key }" twice in one object, so its meaning is ambiguous. Keep one of them.
problem-json-too-large = The document is { $size }; at most { $limit } is accepted. Send a trimmed profile or split the list.
problem-json-too-deep = The JSON is nested more than { $limit } levels deep; that is not a profile. Send the profile object itself.
problem-json-number = The JSON holds a number that cannot be read: it has thousands of digits.
problem-json-constant = The JSON holds { $name }, which is not valid JSON; write null or a number instead.
problem-json-empty = The document is empty; send a JSON object or list.
problem-json-encoding = The file is not UTF-8 text (bad byte at position { $position }). Save it as UTF-8 and send it again.
problem-ig-error = Instagram returned an error instead of a profile: { $message }
problem-ig-no-user = The response holds no profile (user is null): the account may not exist or is not visible.
problem-no-users = The document holds no users.
problem-not-a-profile = No Instagram user was found in this JSON ({ $found }). Send a profile, a list of users, or an object with pk and username.
problem-entry-not-object = Entry { $index } is not a JSON object.

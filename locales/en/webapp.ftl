## The Mini App (a web page inside Telegram). The page gets every webapp-* message from
## /api/session, without the "webapp-" prefix, and shows it as plain text: no HTML here.
## Variables reach the page as {name} placeholders that it fills in; so no plural forms.

# The chat's button that opens the page, and the bot's menu button.
webapp-open = 📋 Open the list
webapp-menu = Lists

# The page.
webapp-title = Lists
webapp-project = Project
webapp-project-inactive = { $name } (inactive)
webapp-no-projects = There are no projects yet. Create one in the chat: /newproject NAME
webapp-search = Search username or name
webapp-filter-private = Private
webapp-filter-verified = Verified
webapp-filter-mine = Added by me
webapp-filter-recent = Last 24 h
webapp-sort = Sort
webapp-sort-newest = Newest first
webapp-sort-oldest = Oldest first
webapp-sort-username = By username
webapp-total = Accounts: { $count }
webapp-loading = Loading…
webapp-end = End of the list.
webapp-empty = No accounts match.
webapp-private = Private
webapp-verified = Verified
webapp-added = Added { $when } by { $who }
webapp-added-when = Added { $when }
webapp-open-profile = Open on Instagram
webapp-selected = Selected: { $count }
webapp-select-all = Select all shown
webapp-clear-selection = Clear selection
webapp-remove = Remove
webapp-move = Move
webapp-copy = Copy
webapp-export = Export CSV
webapp-move-to = Move to which project?
webapp-copy-to = Copy to which project?
webapp-cancel = Cancel
webapp-close = Close
webapp-removed = Removed: { $count }.
webapp-undo = Undo
webapp-restored = Put back: { $count }.
webapp-moved = Moved: { $count }.
webapp-copied = Copied: { $count }.
webapp-clash = @{ $username } is already in that project: left where it was.
webapp-exported = Sent to your chat with the bot: { $count } rows.
webapp-retry = Try again
webapp-offline = Cannot reach the bot. Check the connection and try again.
webapp-export-caption = 📤 { $name } (#{ $project_id }): { $rows } selected rows, CSV.

# Answers of the page's API (shown by the page as they are).
webapp-error-unauthorized = This page works only when opened from the bot in Telegram. Close it and open it again from the chat.
webapp-error-stale = This page was opened more than 24 hours ago. Close it and open it again from the chat.
webapp-error-not-admin = Only the bot's admins may use this page. Your Telegram id is { $user_id }: an admin can add it to ADMIN_IDS.
webapp-error-rate-limit = Too many requests at once. Wait a few seconds and try again.
webapp-error-bad-project = "{ $value }" is not a project id: give the project's number.
webapp-error-no-project = There is no project #{ $project_id }. Pick one from the list of projects.
webapp-error-inactive-project = Project #{ $project_id } is inactive or gone: pick an active project.
webapp-error-bad-sort = "{ $value }" is not a sort: use newest, oldest or username.
webapp-error-bad-limit = The page size must be a number from 1 to { $max }.
webapp-error-bad-cursor = This list's place is no longer valid (the sort changed?). Reload the list from the top.
webapp-error-text-too-long = The search text is too long: at most { $max } characters.
webapp-error-bad-ids = Give the rows as a list of 1 to { $max } row ids.
webapp-error-bad-undo = Give what to undo as the list of numbers that Remove returned (at most { $max }).
webapp-error-bad-body = The request must be a JSON object with the fields of this action.
webapp-error-database = The database is not responding. Try again in a minute.
webapp-error-telegram = Telegram did not take the file. Open a chat with the bot (press Start), then export again.
webapp-error-too-big = The export is larger than the { $limit_mb } MB Telegram lets a bot send. Select fewer rows, or export on the server: igbot export ID

## General bot messages.

yes = yes
no = no
access-denied = ⛔ This bot is for its admins only. Your Telegram id is <code>{ $user_id }</code>; ask the owner to add it to ADMIN_IDS.
access-denied-alert = ⛔ This bot is for its admins only. Your Telegram id is { $user_id }; ask the owner to add it to ADMIN_IDS.
help-text =
    <b>Instagram users bot</b>
    Adds Instagram accounts to a project's list.

    /add — add a user step by step (<code>/add @handle</code>, a profile link or a pk fills it in)
    /list — a project's users, page by page
    /find acme — find accounts by username (its start), pk or profile link; or just send the username or pk
    /user, /edit, /delete NAME — open, edit or remove one account
    /undo — undo your last change
    /history [NAME] — recent changes (of one account, or of your current project)
    /projects — active projects and their user counts
    /project ID — choose your current project
    /newproject NAME — create a project (it becomes your current one)
    /renameproject ID NAME — rename a project (the /projects buttons also deactivate and activate)
    /export [ID] [json] — a project's users as a CSV (or JSON lines) file
    /stats — counters since start and database totals
    /cancel — stop what is going on
    /help — this message

    Or just send a JSON profile (paste it, forward it, or upload a .json file); a list adds many users. A profile link or @handle works too. Example:
    <pre>{"{"}"pk": "1234567890", "username": "acme.shop", "full_name": "Acme"{"}"}</pre>

    <b>The pk</b> is the account's permanent numeric id (a username can change, the pk never does). It is the "pk" or "id" field of the profile's JSON from a scraper or Instagram's API; that JSON can be pasted here as it is.

    <b>In a group</b> I answer only commands (<code>/add</code> or <code>/add@{ $bot }</code>), replies to my messages, JSON and .json files from admins, and my buttons; the rest of the talk is left alone. A step of /add in a group takes only a reply to my question. Telegram's privacy mode applies: with it on, I see only commands and replies to me.
cancelled = Cancelled. Send /help to see what I can do.
nothing-to-cancel = Nothing to cancel. Send /help to see what I can do.
unknown-command = I don't know that command. Send /help to see the ones I know.
not-understood = I didn't understand that. Send a JSON profile, a profile link or @handle, or use /add. /help lists everything.
stale-button = This button is from an old message.
stale-restart = That message is out of date (perhaps the bot restarted). Please start again: /add, /list or /help.
internal-error = Something went wrong on our side; nothing was changed. Please try again.

command-add = Add a user step by step
command-list = Users of a project
command-projects = Active projects
command-project = Choose the current project
command-newproject = Create a project
command-stats = Counters and totals
command-cancel = Cancel
command-help = Help

user-card =
    <a href="{ $profile_url }">@{ $username }</a> — { $full_name }
    pk: <code>{ $pk }</code>
    Private: { $private }, verified: { $verified }
    Project: #{ $project_id }
    Added: { $added } by { $requester }
result-created = ✅ <b>Created.</b>
result-exists = 👤 <b>Already exists</b> in this project:
result-rejected = ❌ Not saved: { $reason }
summary-progress = ⏳ Importing: { $processed } of { $total } users processed…
summary-done = 🎉 Import finished: { $total ->
    [one] { $total } user
   *[other] { $total } users
}.
summary-counts = ✅ created { $created }, 👤 already existed { $existed }, ❌ rejected { $rejected }
summary-reason = • #{ $index }: { $reason }
summary-more = … and { $count } more rejected.

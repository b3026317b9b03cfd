## Find, account cards, edit, move/copy, remove and undo, history.
## Values marked by name ($username, $project, $query, $fields...) arrive HTML-escaped.

manage-no-project = no project
manage-project-gone = (deleted project)
manage-by = { $name } (id { $id })
manage-by-id = id { $id }
manage-by-nobody = —
manage-by-cli = the command line

# The card
manage-card-pk = pk: <code>{ $pk }</code>
manage-card-flags = 🔒 Private: { $private } · ☑️ Verified: { $verified }
manage-card-picture = Picture: <a href="{ $url }">link</a>
manage-card-label = Label: { $label }
manage-card-social = Social context: { $social }
manage-card-project = Project: { $project }
manage-card-added = Added { $when } by { $by }
manage-card-updated = Changed { $when }
manage-btn-edit = ✏️ Edit
manage-btn-move = 📂 Move/Copy
manage-btn-remove = 🗑 Remove
manage-btn-history = 🕘 History
manage-btn-instagram = 🔗 Open on Instagram
manage-btn-remove-yes = 🗑 Yes, remove
manage-btn-keep = ✖️ Keep
manage-btn-undo = ↩️ Undo
manage-btn-undo-it = ↩️ Undo it
manage-btn-undo-import = ↩️ Undo this import
manage-btn-undo-import-yes = ↩️ Yes, remove { $count }
manage-btn-apply = 🔄 Update the stored entry with these values
manage-btn-back = ◀️ Back
manage-btn-done = ✅ Done
manage-btn-clear = 🧹 Clear
manage-btn-move-here = 📦 Move
manage-btn-copy-here = 📄 Copy

# /find, /user, /edit, /delete, a bare username or pk
manage-find-usage = Send what to look for: <code>/find acme</code> (the start of a username), a pk like <code>/find 1234567890</code>, or a profile link.
manage-edit-usage = Say which account to edit: <code>/edit acme.shop</code>, a pk, or a profile link.
manage-delete-usage = Say which account to remove: <code>/delete acme.shop</code>, a pk, or a profile link.
manage-find-bad = “{ $text }” is not a username, pk or profile link. Usernames have letters a-z, digits, dots and underscores; a pk has digits only.
manage-find-none = Nothing found for { $query }. Add it with /add, or send its JSON profile.
manage-find-title = 🔎 { $query }: { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
manage-find-line = pk <code>{ $pk }</code> · { $project } · added { $when } by { $by }
manage-find-more = … and { $count } more: type more of the username to narrow it down.
manage-find-more-capped = … and more than { $count } others: type more of the username to narrow it down.
manage-choose-one = Several accounts match; open the one you mean:
manage-gone = This account is no longer in the list (removed or changed meanwhile). Search again with /find.
manage-gone-alert = This account is no longer in the list (removed or changed meanwhile).

# Remove and undo
manage-remove-ask = Remove @{ $username } from { $project }?
manage-removed = 🗑 Removed @{ $username } from { $project }. It is kept in the archive: Undo puts it back as it was.
manage-restored = ↩️ Restored.
manage-restore-done = This removal was already undone.
manage-undo-none = You have no change to undo.
manage-undo-ask = Undo your last change? You { $what }.
manage-undone = ↩️ Undone: you had { $what }.
manage-undo-gone = That change was undone already, or the account has changed since.
manage-undo-failed = ❌ Could not undo: { $reason }
manage-kept = Nothing changed.
manage-import-ask = Remove the { $count ->
    [one] { $count } user
   *[other] { $count } users
} this import added? They are kept in the archive.
manage-import-undone = ↩️ Import undone: { $count ->
    [one] { $count } user
   *[other] { $count } users
} removed.
manage-import-expired = This import can no longer be undone (it was undone already, or is older than 24 hours).

# "Update the stored entry"
manage-proposal = These values differ from the stored entry:
manage-proposal-line = • { $field }: { $old } → { $new }
manage-proposal-used = These values were applied already (or the offer is out of date).
manage-updated = ✅ Updated.

# Edit, move, copy
manage-edit-title = ✏️ <b>Editing</b> @{ $username } in { $project }
manage-edit-hint = Choose what to change. Each change is saved at once; /undo takes the last one back.
manage-edit-saved = ✅ Saved.
manage-edit-ask-full-name = Send the new full name (at most 255 characters).
manage-edit-ask-profile-pic-url = Send the new profile picture URL (starting with http:// or https://).
manage-edit-ask-secondary-label = Send the new secondary label (at most 255 characters).
manage-edit-ask-social-context = Send the new social context (at most 255 characters).
manage-move-ask = Move or copy @{ $username } to which project?
manage-move-none = There is no other active project to move or copy to. Create one with <code>/newproject NAME</code>.
manage-move-choose = @{ $username } → { $target }: move it there, or copy it (keeping it here too)?
manage-moved = ✅ Moved to { $project }.
manage-copied = ✅ Copied to { $project }.
manage-clash = { $project } already holds pk { $pk } (@{ $username }); an account can be in a project only once.
manage-legacy-clash = The database's older unique rule (search_username, user_pk) refuses this change.
manage-project-unavailable = That project is not active any more; choose another.

# History
manage-history-line = { $when } · { $who }: { $what }
manage-history-account = 🕘 <b>Changes of { $query }</b>
manage-history-project = 🕘 <b>Last changes in { $project }</b> (#{ $project_id })
manage-history-all = 🕘 <b>Last changes</b>
manage-history-none = No changes recorded for { $query }.
manage-history-empty = No changes recorded yet.
manage-what-create = added @{ $username } to { $project }
manage-what-edit = changed { $fields } of @{ $username } in { $project }
manage-what-move = moved @{ $username } to { $project }
manage-what-remove = removed @{ $username } from { $project }
manage-what-copy = copied @{ $username } to { $project }
manage-what-restore = restored @{ $username } in { $project }
manage-what-undo = undid a change of @{ $username } in { $project }
manage-what-undo-import = removed @{ $username } from { $project } (import undone)
manage-what-project-create = created project { $project }
manage-what-project-rename = renamed project { $project }
manage-what-project-activate = reactivated project { $project }
manage-what-project-deactivate = deactivated project { $project }
manage-what-project-edit = changed project { $project }
manage-what-project-delete = deleted project { $project }

# Inline mode (plain text)
manage-inline-description = { $project } (#{ $project_id }) · pk { $pk }

command-find = Find an account
command-undo = Undo my last change
command-history = Recent changes

## The chat as admins live in it: fewer taps, nothing swallowed, nothing lost (issue 9).

# The /add wizard
wizard-btn-save-now = ✅ Save now
wizard-btn-keep = Keep ✔️
wizard-btn-clear = Clear 🗑
wizard-btn-change-project = 📁 Change project
wizard-btn-add-anyway = ➕ Add anyway
wizard-btn-add-another = ➕ Add another
wizard-pk-help = ℹ️ The pk is the account's permanent numeric id (a username can change, the pk never does): the "pk" or "id" field of the profile's JSON from a scraper or Instagram's API.
wizard-exists =
    👤 <b>Already in this project:</b>
    { $exists_card }

    Send another pk, or press Cancel.
wizard-exists-later =
    👤 <b>This pk is already in this project:</b>
    { $exists_later }

    Press “Change pk” to enter another one, or Cancel.
wizard-btn-change-pk = ✏️ Change pk
wizard-clash = ⚠️ @{ $clash_username } is already in this project with pk { $clash_pk }. Press “Add anyway” to add this pk too, or send another username.
wizard-unfinished = You have an unfinished user ({ $what }). Here it is again: carry on, or press Cancel on it to discard it.
wizard-unfinished-what-pk = pk { $pk }
wizard-unfinished-what-username = @{ $username }
wizard-unfinished-what-both = pk { $pk }, @{ $username }
wizard-question-closed = The open question about the earlier paste was closed; nothing of it was saved.
wizard-add-usage = /add takes a profile link, an @handle or a pk (digits), like <code>/add @acme.shop</code>; “{ $value }” is none of these.

# Answers to a second tap on something already done
done-saved = Already saved.
done-imported = Already imported.
done-cancelled = Already cancelled.

# When no form is open
form-closed = If you were filling in a form, it was closed; send /add again. Without a form, send a JSON profile, a profile link or @handle; /help lists everything.

# Lists are not forms
btn-close = ✖️ Close
list-closed = Closed.

# The import's project question: a project created right there
import-btn-new-project = ➕ New project
import-btn-back = ◀️ Back
import-ask-new-project = Send the new project's name (at most 255 characters). It becomes your current project, and what you sent goes into it.
import-project-created = 📁 Project { $name } (#{ $id }) created; it is your current project.

# JSON in a message
import-curly-quotes-hint = 💡 The text has curly quotes (“ ” ‘ ’), which JSON does not allow: your phone's smart punctuation changed them. Turn it off (iOS: Settings → General → Keyboard → Smart Punctuation), or send the JSON as a .json file.

# The reply to an imported list
import-summary = 🎉 { $read } read: { $created } created, { $existed } already there, { $rejected } rejected.
import-created-names = ✅ Created: { $names }
import-reason = • { $who }: { $reason }
import-more-rejected = … and { $count } more rejected.
import-rejected-file = 📎 Every rejected entry and its reason: the attached file.
import-rejected-caption = Rejected entries and why (CSV).
import-entry-pk = pk { $pk }
import-entry-number = entry { $index }

# A text field given only spaces
problem-text-blank = { $field }: is only spaces; send the value, or press Skip.

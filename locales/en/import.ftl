## JSON import: a pasted, forwarded or uploaded JSON profile or list, a profile link or @handle.

import-rejected = ❌ Nothing was imported: { $reason }
import-split-hint = Telegram cuts texts longer than 4096 characters into several messages, so a long profile arrives broken. Send it as a .json file instead.
import-doc-not-json = ❌ “{ $name }” ({ $mime }) is not a JSON document. Send a .json file (application/json) or a plain-text file holding JSON.
import-doc-too-big = ❌ “{ $name }” is { $size }; at most { $limit } is accepted, so it was not downloaded. Send a trimmed profile or split the list into smaller files.
import-doc-unnamed = the file
import-doc-unknown-type = unknown type
import-current-project = 📁 Users that name no project go to your current project #{ $id }.
import-still-open = ℹ️ The form you opened earlier is still waiting for your answer above; send /cancel to close it.
import-ask-pk =
    A link gives only the username, so I need the account's pk (its numeric id) too.
    What is the pk of <b>@{ $username }</b>? Send it as digits, like 1234567890.
    ℹ️ The pk is the account's permanent numeric id (a username can change, the pk never does): the "pk" or "id" field of the profile's JSON from a scraper or Instagram's API.
import-ask-project =
    📁 Which project should { $count ->
        [one] this user
       *[other] these { $count } users
    } go to? Your choice becomes your current project.
import-no-projects = There are no active projects yet. Press “New project” to create one here: what you sent is kept and imported into it.
import-project-gone = That project is no longer active; choose another one.
import-project-chosen = 📁 Project { $name } (#{ $id }) is now your current project.
import-btn-cancel = ✖️ Cancel
import-cancelled = Import cancelled; nothing was saved.

## Managing projects: /projects' buttons, a project's card, /renameproject, /newproject.
## Values marked "escaped" arrive HTML-escaped; the rest are numbers. Alerts are plain text.

projects-card = #{ $project_id } <b>{ $name }</b> — { $users }
projects-card-active = ✅ Active: takes new users.
projects-card-inactive = ⏸ Inactive: takes no new users; its list stays readable (<code>/list { $project_id }</code>).
projects-card-current = ⭐ Your current project.
projects-btn-rename = ✏️ Rename
projects-btn-deactivate = ⏸ Deactivate
projects-btn-activate = ▶️ Activate
projects-btn-current = ⭐ Make current
projects-btn-users = 📋 Users
projects-btn-export = 📤 Export CSV
projects-btn-cancel = ✖ Cancel
projects-btn-inactive = ⏸ Inactive projects ({ $count })
projects-buttons-hint = Press a project to rename, deactivate or export it.
projects-button-invalid = This button is not valid. Send /projects again.
projects-inactive-none = There are no inactive projects.
projects-inactive-title = <b>Inactive projects</b> ({ $count }): they take no new users; their lists stay readable.
# Alerts (plain text).
projects-activated = Project #{ $project_id } is active again.
projects-deactivated = Project #{ $project_id } is deactivated: it takes no new users.
projects-current-done = Project #{ $project_id } is now your current project.
projects-current-refused = Project #{ $project_id } is not active: activate it first.
# /renameproject
projects-rename-usage = Rename a project: <code>/renameproject ID NEW NAME</code> (see /projects for the ids).
projects-rename-ask = Send the new name for project #{ $project_id } <b>{ $name }</b>, or /cancel.
projects-rename-empty = The name is empty. Send the new name as text.
projects-renamed = ✅ Project #{ $project_id } is now called <b>{ $name }</b>.
projects-name-taken = Project #{ $project_id } is already called <b>{ $name }</b> (names are compared ignoring case). Choose another name, or use that project: <code>/project { $project_id }</code>
# /newproject
projects-created-current = ✅ Project #{ $project_id } <b>{ $name }</b> created; it is now your current project.
command-renameproject = Rename a project

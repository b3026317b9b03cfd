## /list, /projects, /newproject, /project and /stats.
## Values marked "escaped" arrive HTML-escaped; the rest are numbers.

# Shared by /list and /project.
projects-bad-id = “{ $value }” is not a project id: give the number, like <code>/{ $command } 3</code>. /projects lists them.
projects-not-found = Project #{ $project_id } does not exist. /projects lists the active ones.
projects-inactive = Project #{ $project_id } (<b>{ $name }</b>) is not active. /projects lists the active ones.
projects-users = { $count ->
    [one] { $count } user
   *[other] { $count } users
}

# /projects
projects-title = <b>Active projects</b> ({ $count }):
projects-line = #{ $project_id } <b>{ $name }</b> — { $users }
projects-current-mark = ⭐
projects-current-legend = ⭐ your current project.
projects-none = There are no active projects yet. Create one: <code>/newproject NAME</code>
projects-footer = Set your current project: <code>/project ID</code>; create a project: <code>/newproject NAME</code>; see a project's users: <code>/list ID</code>.

# /newproject
projects-new-usage = Give the new project a name: <code>/newproject NAME</code>
projects-new-too-long = The name has { $length } characters; at most { $limit } are allowed. Send a shorter name.

# /project
projects-current = Your current project: #{ $project_id } <b>{ $name }</b>. Change it: <code>/project ID</code> (see /projects).
projects-current-none = You have no current project. Choose one: <code>/project ID</code> (see /projects).
projects-current-gone = Your current project #{ $project_id } no longer exists. Choose another: <code>/project ID</code> (see /projects).
projects-current-inactive = Your current project #{ $project_id } (<b>{ $name }</b>) is not active any more. Choose another: <code>/project ID</code> (see /projects).
projects-current-set = ✅ Current project: #{ $project_id } <b>{ $name }</b>. New users go there unless they name another project.

# /list
list-pick = Whose users? Choose a project:
list-pick-current = Whose users? Choose a project (⭐ is your current one):
list-no-projects = There are no active projects yet. Create one: <code>/newproject NAME</code>
list-project-unavailable = That project is no longer available; choose another.
list-header = <b>{ $name }</b> (#{ $project_id }): { $users }
list-page = Page { $page } of { $pages } ({ $first }–{ $last })
list-empty = No users in this project yet. Add one with /add or send a JSON profile.
list-legend = 🔒 private · ☑️ verified
list-prev = ◀ Previous
list-next = Next ▶
list-other-project = 📂 Other project

# /stats
stats-text =
    <b>Since start</b>
    ✅ Created: { $created }
    👤 Already existed: { $already_existed }
    ❌ Validation errors: { $validation_errors }
    ❌ Database errors: { $database_errors }
    ⏱ Create calls: { $creates }, on average { $average_ms } ms

    <b>In the database</b>
    Users: { $users }
    Active projects: { $active_projects } of { $projects }

## /export [project] [json]. Values marked "escaped" arrive HTML-escaped; the rest are numbers.

export-usage = Export a project's users: <code>/export ID</code> for CSV, <code>/export ID json</code> for JSON lines; without an id, your current project.
export-no-current = You have no current project. Give one: <code>/export ID</code> (or choose one with <code>/project ID</code>).
export-caption = 📤 <b>{ $name }</b> (#{ $project_id }): { $users }, { $format }.
export-too-big = The export of project #{ $project_id } is larger than the { $limit_mb } MB Telegram lets a bot send. Export it on the server instead: <code>igbot export { $project_id } &gt; users.csv</code>
command-export = Export a project as CSV

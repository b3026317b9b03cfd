## /export [проект] [json]. Значения, помеченные «escaped», приходят экранированными для HTML; остальные — числа.

export-usage = Выгрузить пользователей проекта: <code>/export ID</code> — CSV, <code>/export ID json</code> — JSON lines; без id — ваш текущий проект.
export-no-current = Текущий проект не выбран. Укажите проект: <code>/export ID</code> (или выберите текущий: <code>/project ID</code>).
export-caption = 📤 <b>{ $name }</b> (#{ $project_id }): { $users }, { $format }.
export-too-big = Выгрузка проекта #{ $project_id } больше { $limit_mb } МБ — предела, который Telegram разрешает боту. Выгрузите на сервере: <code>igbot export { $project_id } &gt; users.csv</code>
command-export = Выгрузить проект в CSV

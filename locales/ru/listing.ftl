## /list, /projects, /newproject, /project и /stats.
## Значения, помеченные «escaped», приходят экранированными для HTML; остальные — числа.

# Общие для /list и /project.
projects-bad-id = «{ $value }» — не id проекта: укажите число, например <code>/{ $command } 3</code>. Список — /projects.
projects-not-found = Проекта #{ $project_id } нет. Активные проекты — /projects.
projects-inactive = Проект #{ $project_id } (<b>{ $name }</b>) не активен. Активные проекты — /projects.
projects-users = { $count ->
    [one] { $count } пользователь
    [few] { $count } пользователя
   *[many] { $count } пользователей
}

# /projects
projects-title = <b>Активные проекты</b> ({ $count }):
projects-line = #{ $project_id } <b>{ $name }</b> — { $users }
projects-current-mark = ⭐
projects-current-legend = ⭐ — ваш текущий проект.
projects-none = Активных проектов пока нет. Создайте проект: <code>/newproject НАЗВАНИЕ</code>
projects-footer = Выбрать текущий проект: <code>/project ID</code>; создать: <code>/newproject НАЗВАНИЕ</code>; пользователи: <code>/list ID</code>.

# /newproject
projects-new-usage = Укажите название нового проекта: <code>/newproject НАЗВАНИЕ</code>
projects-new-too-long = В названии { $length } { $length ->
    [one] символ
    [few] символа
   *[many] символов
}; допускается не больше { $limit }. Пришлите название короче.

# /project
projects-current = Ваш текущий проект: #{ $project_id } <b>{ $name }</b>. Сменить: <code>/project ID</code> (список — /projects).
projects-current-none = Текущий проект не выбран. Выберите: <code>/project ID</code> (список — /projects).
projects-current-gone = Вашего текущего проекта #{ $project_id } больше нет. Выберите другой: <code>/project ID</code> (список — /projects).
projects-current-inactive = Ваш текущий проект #{ $project_id } (<b>{ $name }</b>) больше не активен. Выберите другой: <code>/project ID</code> (список — /projects).
projects-current-set = ✅ Текущий проект: #{ $project_id } <b>{ $name }</b>. Новые пользователи попадут в него, если не указан другой проект.

# /list
list-pick = Чьих пользователей показать? Выберите проект:
list-pick-current = Чьих пользователей показать? Выберите проект (⭐ — ваш текущий):
list-no-projects = Активных проектов пока нет. Создайте проект: <code>/newproject НАЗВАНИЕ</code>
list-project-unavailable = Этот проект больше недоступен; выберите другой.
list-header = <b>{ $name }</b> (#{ $project_id }): { $users }
list-page = Страница { $page } из { $pages } ({ $first }–{ $last })
list-empty = В этом проекте пока нет пользователей. Добавьте через /add или пришлите JSON профиля.
list-legend = 🔒 закрытый · ☑️ подтверждённый
list-prev = ◀ Назад
list-next = Вперёд ▶
list-other-project = 📂 Другой проект

# /stats
stats-text =
    <b>С момента запуска</b>
    ✅ Создано: { $created }
    👤 Уже были: { $already_existed }
    ❌ Ошибки проверки: { $validation_errors }
    ❌ Ошибки базы данных: { $database_errors }
    ⏱ Вызовов создания: { $creates }, в среднем { $average_ms } мс

    <b>В базе данных</b>
    Пользователей: { $users }
    Активных проектов: { $active_projects } из { $projects }

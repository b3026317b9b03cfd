## Управление проектами: кнопки /projects, карточка проекта, /renameproject, /newproject.
## Значения, помеченные «escaped», приходят экранированными для HTML; остальные — числа. Всплывающие уведомления — простой текст.

projects-card = #{ $project_id } <b>{ $name }</b> — { $users }
projects-card-active = ✅ Активен: принимает новых пользователей.
projects-card-inactive = ⏸ Не активен: новых пользователей не принимает; список доступен для чтения (<code>/list { $project_id }</code>).
projects-card-current = ⭐ Ваш текущий проект.
projects-btn-rename = ✏️ Переименовать
projects-btn-deactivate = ⏸ Отключить
projects-btn-activate = ▶️ Включить
projects-btn-current = ⭐ Сделать текущим
projects-btn-users = 📋 Пользователи
projects-btn-export = 📤 Выгрузить CSV
projects-btn-cancel = ✖ Отмена
projects-btn-inactive = ⏸ Отключённые проекты ({ $count })
projects-buttons-hint = Нажмите на проект, чтобы переименовать, отключить или выгрузить его.
projects-button-invalid = Эта кнопка недействительна. Отправьте /projects ещё раз.
projects-inactive-none = Отключённых проектов нет.
projects-inactive-title = <b>Отключённые проекты</b> ({ $count }): новых пользователей не принимают; списки доступны для чтения.
# Всплывающие уведомления (простой текст).
projects-activated = Проект #{ $project_id } снова активен.
projects-deactivated = Проект #{ $project_id } отключён: новых пользователей не принимает.
projects-current-done = Проект #{ $project_id } теперь ваш текущий.
projects-current-refused = Проект #{ $project_id } не активен: сначала включите его.
# /renameproject
projects-rename-usage = Переименовать проект: <code>/renameproject ID НОВОЕ НАЗВАНИЕ</code> (id — в /projects).
projects-rename-ask = Пришлите новое название проекта #{ $project_id } <b>{ $name }</b> или /cancel.
projects-rename-empty = Название пустое. Пришлите новое название текстом.
projects-renamed = ✅ Проект #{ $project_id } теперь называется <b>{ $name }</b>.
projects-name-taken = Проект #{ $project_id } уже называется <b>{ $name }</b> (регистр букв не учитывается). Выберите другое название или используйте этот проект: <code>/project { $project_id }</code>
# /newproject
projects-created-current = ✅ Проект #{ $project_id } <b>{ $name }</b> создан и стал вашим текущим.
command-renameproject = Переименовать проект
